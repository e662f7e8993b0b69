from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innkeep.accounts"
    label = "accounts"
    verbose_name = "Staff"
    default_auto_field = "django.db.models.BigAutoField"
