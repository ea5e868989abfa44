from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "inburgering.portaal"
    label = "portaal"
    verbose_name = "Portaal Inburgering"
