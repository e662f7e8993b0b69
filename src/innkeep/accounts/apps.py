from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innkeep.accounts"
    verbose_name = "Staff"

    def ready(self) -> None:
        from innkeep.accounts import openapi  # noqa: F401  (registers the JWT scheme)
        from innkeep.accounts.signup import create_owner
        from innkeep.tenancy.signup_steps import register_signup_step

        register_signup_step(create_owner)
