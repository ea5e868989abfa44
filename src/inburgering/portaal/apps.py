from django.apps import AppConfig


class PortaalConfig(AppConfig):
    name = "inburgering.portaal"
    label = "portaal"
