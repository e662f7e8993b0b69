from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "innkeep.inventory"

    def ready(self) -> None:
        from innkeep.inventory.free_rooms import inventory_changed
        from innkeep.inventory.services import inventory_extend_horizon, inventory_sync_totals
        from innkeep.properties import room_supply
        from innkeep.tenancy.copies import register_hotel_copy

        register_hotel_copy(inventory_changed)
        # The calendar follows the catalogue: new room types get their nights, and totals
        # follow the rooms that can be sold.
        room_supply.on_room_types_created(inventory_extend_horizon)
        room_supply.on_rooms_changed(inventory_sync_totals)
