from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "innkeep.tenancy"
    label = "tenancy"
    verbose_name = "Hotels"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innkeep.tenancy.selectors import connect_signals

        connect_signals()
