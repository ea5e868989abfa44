from django.apps import AppConfig


class KetenConfig(AppConfig):
    name = "inburgering.keten"
    label = "keten"
    verbose_name = "Inburgeringsketen"
