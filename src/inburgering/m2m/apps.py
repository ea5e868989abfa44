from django.apps import AppConfig


class M2mConfig(AppConfig):
    name = "inburgering.m2m"
    label = "m2m"
