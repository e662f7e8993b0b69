from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "innkeep.rates"
    label = "rates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innkeep.rates.catalogue import connect_signals

        connect_signals()
