from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innkeep.notifications"
    label = "notifications"
    verbose_name = "Messages"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innkeep.notifications.consumer import register

        register()
