from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "innkeep.rates"
    label = "rates"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innkeep.rates.catalogue import catalogue_changed, connect_signals
        from innkeep.tenancy.copies import register_hotel_copy

        connect_signals()
        register_hotel_copy(catalogue_changed)
