"""Calendar rows written straight (hotel schema), behind the inventory services' back: no
stays stand behind `sold`. tests/inventory/factories.py has the helpers that keep calendar
and reservations agreeing."""

from __future__ import annotations

import factory

from innkeep.inventory.models import InventoryDay
from tests.factories.properties import RoomTypeFactory
from tests.factories.rates import NIGHT


class InventoryDayFactory(factory.django.DjangoModelFactory):
    """Two rooms of the type to sell on the night, none sold or blocked."""

    class Meta:
        model = InventoryDay

    room_type = factory.SubFactory(RoomTypeFactory)
    date = NIGHT
    total = 2
    sold = 0
    blocked = 0
