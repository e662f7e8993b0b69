from django.apps import AppConfig


class PropertiesConfig(AppConfig):
    name = "innkeep.properties"
    label = "properties"
    verbose_name = "Property"
    default_auto_field = "django.db.models.BigAutoField"
