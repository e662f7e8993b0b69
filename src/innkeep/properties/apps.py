from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "innkeep.properties"
    verbose_name = "Property"

    def ready(self) -> None:
        from innkeep.properties.signup import create_profile
        from innkeep.tenancy.signup_steps import register_signup_step

        register_signup_step(create_profile)
