"""Every endpoint of the hotel API x every kind of caller -> the expected answer.

The endpoints are read from the URL conf: a new endpoint without a line in EXPECTED fails
`test_every_endpoint_has_an_expectation`, one without its success status in SUCCESS
`test_every_endpoint_has_a_success_status`. A caller who is allowed gets exactly that
status (the bodies and the world are valid for every allowed role, so a 400 or a 409 fails
the test) and an allowed write changes the hotel's schema; a refused one changes nothing
in it (both checked with a digest of every table)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Invitation, Role
from innkeep.accounts.services import invitation_create
from innkeep.core import clock
from innkeep.inventory.models import InventoryDay
from innkeep.rates.models import DailyRate, Restriction
from tests.accounts.endpoints import (
    EXPECTED,
    FIRST_NIGHT,
    ON_SALE,
    PUBLIC,
    SUCCESS,
    api_endpoints,
    catalogue_paths,
    hotel_digest,
    put_on_sale,
    request_body,
    url_for,
)
from tests.properties.conftest import media_root  # noqa: F401 (fixture: photo uploads)
from tests.properties.world import catalogue_world

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", *sorted(Role.values), "other_hotel_owner"]
# Noon in Europe/Madrid (hotel A's time zone) on the first night the bodies name, so their
# dates stay ahead of the hotel's today whenever the suite runs.
NOW = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _hotel_today_is_the_first_night(monkeypatch: pytest.MonkeyPatch) -> None:
    assert NOW.date().isoformat() == FIRST_NIGHT
    monkeypatch.setattr(clock, "now", lambda: NOW)


def test_every_endpoint_has_an_expectation():
    assert api_endpoints() == set(EXPECTED)


def test_every_endpoint_has_a_success_status():
    assert set(SUCCESS) == set(EXPECTED)
    assert set(SUCCESS.values()) <= {200, 201, 202, 204}


@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("endpoint", sorted(EXPECTED), ids="{0[1]} {0[0]}".format)
def test_permission_matrix(api_for, hotel_a, world, endpoint, caller):
    name, method = endpoint
    rule = EXPECTED[endpoint]
    client = api_for(hotel_a)
    headers = {} if caller == "anonymous" else world["callers"][caller].auth
    if endpoint in ON_SALE:
        with tenant_context(hotel_a.hotel):
            put_on_sale(world)
    body, body_format = request_body(endpoint, world)
    before = hotel_digest(hotel_a.schema) if method != "GET" else None

    response = getattr(client, method.lower())(
        url_for(name, world), body, format=body_format, **headers
    )

    code = response.json()["error"]["code"] if response.status_code >= 400 else None
    # Public endpoints ignore credentials entirely: every caller is let through.
    if rule == PUBLIC or caller in rule:
        assert (response.status_code, code) == (SUCCESS[endpoint], None), response.content
        if before is not None:
            assert hotel_digest(hotel_a.schema) != before, "an allowed write changed nothing"
        return
    if caller == "anonymous":
        expected = (401, "NOT_AUTHENTICATED")
    elif caller == "other_hotel_owner":
        expected = (401, "TOKEN_WRONG_TENANT")
    else:
        expected = (403, "PERMISSION_DENIED")
    assert (response.status_code, code) == expected
    if before is not None:
        assert hotel_digest(hotel_a.schema) == before


def test_objects_of_another_hotel_are_404_like_missing_ones(api_for, owner_of, hotel_a, hotel_b):
    owner_b = owner_of(hotel_b)
    with tenant_context(hotel_a.hotel):
        invitation = invitation_create(
            actor=owner_of(hotel_a).user, email="only-in-a@alpine.test", role=Role.MANAGER
        )
    client = api_for(hotel_b)
    foreign = client.get(f"/api/v1/invitations/{invitation.pk}/", **owner_b.auth)
    missing = client.get("/api/v1/invitations/999999/", **owner_b.auth)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    with tenant_context(hotel_b.hotel):
        assert not Invitation.objects.filter(email="only-in-a@alpine.test").exists()


CATALOGUE_LISTS = [
    "room-type-list",
    "room-list",
    "extra-list",
    "rate-plan-list",
    "cancellation-policy-list",
    "tax-list",
    "promo-code-list",
    "rate-list",
    "restriction-list",
    "inventory-list",
]
CATALOGUE_DETAILS = [
    "room-type-detail",
    "room-detail",
    "extra-detail",
    "rate-plan-detail",
    "cancellation-policy-detail",
    "tax-detail",
    "promo-code-detail",
]


def test_every_catalogue_resource_of_another_hotel_is_invisible(
    api_for, hotel_a, hotel_b, owner_of
):
    """Hotel A has one of everything (prices, restrictions and calendar rows too); hotel B's
    owner, on hotel B, lists none of it and gets A's ids answered exactly like missing ones,
    for reads, changes and deletes alike; A's schema is untouched."""
    with tenant_context(hotel_a.hotel):
        objects = catalogue_world()
        DailyRate.objects.create(
            rate_plan=objects["rate_plan"],
            room_type=objects["room_type"],
            date=date(2027, 3, 1),
            price=Decimal("120.00"),
        )
        Restriction.objects.create(
            room_type=objects["room_type"], date=date(2027, 3, 1), closed=True
        )
        InventoryDay.objects.create(room_type=objects["room_type"], date=date(2027, 3, 1), total=1)
    paths = catalogue_paths(objects)
    owner_b = owner_of(hotel_b)
    client_b = api_for(hotel_b)
    before = hotel_digest(hotel_a.schema)

    for name in CATALOGUE_LISTS:
        listed = client_b.get(paths[name], **owner_b.auth)
        assert (listed.status_code, listed.json()["count"]) == (200, 0), name
    for name in CATALOGUE_DETAILS:
        missing_path = paths[name].rstrip("/").rsplit("/", 1)[0] + "/999999/"
        missing = client_b.get(missing_path, **owner_b.auth)
        for method in ("get", "patch", "delete"):
            foreign = getattr(client_b, method)(paths[name], {}, format="json", **owner_b.auth)
            assert (foreign.status_code, foreign.json()) == (404, missing.json()), (name, method)
    assert hotel_digest(hotel_a.schema) == before
