from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "innkeep.events"
    verbose_name = "Events"
