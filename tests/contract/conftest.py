"""The API contract: the OpenAPI documents against the server's behaviour (examples, request
rules, schemathesis). Staff and media fixtures come from the accounts and catalogue tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role
from innkeep.accounts.services import invitation_create
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.selectors import hotel_today
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.quotes import RoomRequest, quote_create
from tests.accounts.conftest import make_staff, owner_of, world  # noqa: F401 (fixtures)
from tests.properties.conftest import media_root  # noqa: F401 (fixture)
from tests.properties.world import catalogue_world


@pytest.fixture
def on_sale(hotel_a, make_staff, owner_of):  # type: ignore[no-untyped-def]  # noqa: F811
    """What valid ids point at, in hotel A: the owner's token, a clerk, a pending invitation,
    one of each catalogue object, MTX on sale with BAR prices for 60 days, and a quote."""
    owner = owner_of(hotel_a)
    clerk = make_staff(hotel_a, Role.FRONT_DESK, email="clerk@alpine.test")
    with tenant_context(hotel_a.hotel):
        invitation = invitation_create(
            actor=owner.user, email="pending@alpine.test", role=Role.HOUSEKEEPING
        )
        objects = catalogue_world()
        today = hotel_today()
        inventory_extend_horizon(days=60)
        rates_bulk_set(
            rate_plan=objects["rate_plan"],
            room_types=[objects["room_type"]],
            date_from=today,
            date_to=today + timedelta(days=60),
            weekdays=None,
            price=Decimal("100.00"),
        )
        quote = quote_create(
            check_in=today + timedelta(days=10),
            check_out=today + timedelta(days=12),
            promo_code=None,
            rooms=[RoomRequest(room_type="MTX", rate_plan="BAR", adults=2, children=0)],
        )
    ids = {
        "/users/": clerk.user.pk,
        "/invitations/": invitation.pk,
        "/room-types/": objects["room_type"].pk,
        "/rooms/": objects["room"].pk,
        "/extras/": objects["extra"].pk,
        "/rate-plans/": objects["rate_plan"].pk,
        "/cancellation-policies/": objects["policy"].pk,
        "/taxes/": objects["tax"].pk,
        "/promo-codes/": objects["promo"].pk,
    }
    return {
        "auth": {"Authorization": f"Bearer {owner.access}"},
        "ids": ids,
        "photo_id": objects["photo"].pk,
        "quote_id": str(quote.id),
        "stay": (str(today + timedelta(days=20)), str(today + timedelta(days=23))),
    }
