from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

from . import operatie

# The admin shows personal data too: only with a verified second factor, like the portal's DUO roles.
admin.site.__class__ = OTPAdminSite

urlpatterns = [
    path("gezond", operatie.gezond, name="gezond"),
    path("gereed", operatie.gereed, name="gereed"),
    path("metrics", operatie.metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("v1/", include("inburgering.m2m.urls")),
    path("", include("inburgering.portaal.urls")),
]
