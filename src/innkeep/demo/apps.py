from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "innkeep.demo"
    label = "demo"
    verbose_name = "Demo hotel"
