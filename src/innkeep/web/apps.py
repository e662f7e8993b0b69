from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "innkeep.web"
    verbose_name = "Web pages"
