from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("v1/", include("inburgering.m2m.urls")),
    path("", include("inburgering.portaal.urls")),
]
