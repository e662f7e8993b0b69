"""The answers the OpenAPI document shows for the staff API (sign-in, staff, catalogue,
rates, inventory) have the shape of real ones (tests/shapes.py), item by item in lists, as
an integrator's code would read them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from drf_spectacular.utils import OpenApiExample

from innkeep.accounts import api_examples as account_examples
from innkeep.inventory import api_examples as inventory_examples
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties import api_examples as catalogue_examples
from innkeep.properties.selectors import hotel_today
from innkeep.rates import api_examples as rates_examples
from innkeep.rates.services import rates_bulk_set, restrictions_bulk_set
from tests.shapes import shape, unify

pytestmark = pytest.mark.django_db

# path -> its documented answer (lists: the first item of the page)
DOCUMENTED: dict[str, OpenApiExample] = {
    "/api/v1/hotel-profile/": catalogue_examples.HOTEL_PROFILE,
    "/api/v1/room-types/": catalogue_examples.ROOM_TYPE,
    "/api/v1/rooms/": catalogue_examples.ROOM,
    "/api/v1/extras/": catalogue_examples.EXTRA,
    "/api/v1/rate-plans/": rates_examples.RATE_PLAN,
    "/api/v1/cancellation-policies/": rates_examples.CANCELLATION_POLICY,
    "/api/v1/taxes/": rates_examples.TAX_RULE,
    "/api/v1/promo-codes/": rates_examples.PROMO_CODE,
    "/api/v1/rates/": rates_examples.DAILY_RATE,
    "/api/v1/restrictions/": rates_examples.RESTRICTION,
    "/api/v1/inventory/": inventory_examples.INVENTORY_DAY,
}


@pytest.fixture
def answers(api_for, hotel_a, world) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """One real answer per path, from a hotel with one of everything."""
    objects = world["catalogue"]
    with tenant_context(hotel_a.hotel):
        today = hotel_today()
        inventory_extend_horizon(days=2)
        rates_bulk_set(
            rate_plan=objects["rate_plan"],
            room_types=[objects["room_type"]],
            date_from=today,
            date_to=today,
            weekdays=None,
            price=Decimal("120.00"),
        )
        restrictions_bulk_set(
            room_types=[objects["room_type"]],
            rate_plan=None,
            date_from=today,
            date_to=today,
            weekdays=None,
            changes={"min_stay": 2},
        )
    client, auth = api_for(hotel_a), world["callers"]["owner"].auth
    found = {}
    for path in DOCUMENTED:
        body = client.get(path, **auth).json()
        found[path] = body if path == "/api/v1/hotel-profile/" else body["results"][0]
    photo = objects["photo"]
    found["photo"] = client.get(f"/api/v1/room-types/{objects['room_type'].pk}/", **auth).json()[
        "photos"
    ][0]
    assert found["photo"]["id"] == photo.pk
    return found


@pytest.mark.parametrize("path", sorted(DOCUMENTED))
def test_each_documented_answer_reads_like_a_real_one(answers, path):
    unify(shape(DOCUMENTED[path].value), shape(answers[path]), path)


def test_the_documented_photo_reads_like_a_real_one(answers):
    unify(shape(catalogue_examples.ROOM_TYPE_PHOTO.value), shape(answers["photo"]), "photo")


def test_the_sign_in_and_staff_examples_read_like_real_answers(api_for, hotel_a, world):
    client = api_for(hotel_a)
    owner = world["callers"]["owner"]
    signed_in = client.post(
        "/api/v1/auth/token/",
        {"email": "caller-owner@alpine.test", "password": owner.password},
        format="json",
    )
    real = {
        "tokens": signed_in.json(),
        "me": client.get("/api/v1/me/", **owner.auth).json(),
        "staff": client.get("/api/v1/users/", **owner.auth).json()["results"][0],
        "invitation": client.get("/api/v1/invitations/", **owner.auth).json()["results"][0],
        "attempt": client.get("/api/v1/login-attempts/", **owner.auth).json()["results"][0],
        "accepted": client.post("/api/v1/me/verify-email/", **owner.auth).json(),
    }
    documented = {
        "tokens": account_examples.TOKEN_PAIR,
        "me": account_examples.ME,
        "staff": account_examples.STAFF,
        "invitation": account_examples.INVITATION,
        "attempt": account_examples.LOGIN_ATTEMPT,
        "accepted": account_examples.ACCEPTED,
    }
    for name, example in documented.items():
        unify(shape(example.value), shape(real[name]), name)
