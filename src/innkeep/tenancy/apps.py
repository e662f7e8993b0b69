from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "innkeep.tenancy"
    verbose_name = "Hotels"

    def ready(self) -> None:
        from innkeep.tenancy.selectors import connect_signals

        connect_signals()
