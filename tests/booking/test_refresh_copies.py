"""`innkeep refresh_copies` makes the processes read again what was changed behind the
application's back."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import tenant_context

from innkeep.inventory.free_rooms import INVENTORY
from innkeep.properties.models import RoomType
from innkeep.rates.catalogue import OFFER
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.selectors import HOSTS
from tests.booking.conftest import room_type_names as names

pytestmark = pytest.mark.django_db


def versions(hotel):  # type: ignore[no-untyped-def]
    with tenant_context(hotel):
        return OFFER.version(), INVENTORY.version()


def test_a_write_behind_the_application_s_back_is_seen_after_refresh(
    hotel_a, catalogue, as_if_committed
):
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with tenant_context(hotel_a.hotel):
        RoomType.objects.filter(code="SGL").update(name="Solo")  # as psql would
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with as_if_committed():
        call_command("refresh_copies", schema=hotel_a.schema)
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]


def test_one_hotel_or_every_hotel_and_the_hosts(hotel_a, hotel_b, capsys, as_if_committed):
    a, b, hosts = versions(hotel_a.hotel), versions(hotel_b.hotel), HOSTS.version()
    with as_if_committed():  # the versions move when the command's writes commit
        call_command("refresh_copies", schema=hotel_b.schema)
    assert versions(hotel_a.hotel) == a
    offer_b, inventory_b = versions(hotel_b.hotel)
    assert offer_b != b[0]
    assert inventory_b != b[1]
    assert HOSTS.version() == hosts
    with as_if_committed():
        call_command("refresh_copies")
    offer_a, inventory_a = versions(hotel_a.hotel)
    assert offer_a != a[0]
    assert inventory_a != a[1]
    assert HOSTS.version() != hosts
    every = Hotel.objects.count()
    assert every >= 2
    assert capsys.readouterr().out.splitlines() == [
        "refreshed 1 hotel(s)",
        f"refreshed {every} hotel(s)",
    ]


def test_an_unknown_schema_is_exit_code_2(db):
    with pytest.raises(CommandError) as caught:
        call_command("refresh_copies", schema="hotel_nowhere")
    assert caught.value.returncode == 2
