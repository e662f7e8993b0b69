from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "innkeep.inventory"
    label = "inventory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from innkeep.inventory.free_rooms import inventory_changed
        from innkeep.tenancy.copies import register_hotel_copy

        register_hotel_copy(inventory_changed)
