from django.apps import AppConfig


class RatesConfig(AppConfig):
    name = "innkeep.rates"

    def ready(self) -> None:
        from innkeep.rates.catalogue import catalogue_changed, connect_signals
        from innkeep.tenancy.copies import register_hotel_copy

        connect_signals()
        register_hotel_copy(catalogue_changed)
