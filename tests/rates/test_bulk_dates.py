"""Every write over a range of nights (bulk prices, restrictions, inventory blocks) keeps to
the nights on sale, as a search does: from the hotel's today (2027-03-01 here) to the last
night of the 730-day horizon. Year 1 and year 9999 among the refused; nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django_tenants.utils import tenant_context

from innkeep.inventory.services import HORIZON_DAYS, inventory_extend_horizon
from innkeep.rates.models import RatePlan
from tests.accounts.endpoints import hotel_digest
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)
LAST_NIGHT = TODAY + timedelta(days=HORIZON_DAYS)
WRITES = {
    "/api/v1/rates/bulk/": {"rate_plan": "BAR", "room_types": ["DBL"], "price": "99.00"},
    "/api/v1/restrictions/bulk/": {"room_types": ["DBL"], "min_stay": 2},
    "/api/v1/inventory/bulk/": {"room_types": ["DBL"], "blocked": 0},
}
IN_PAST = {
    "code": "DATE_IN_PAST",
    "message": "date_from is in the past (today is 2027-03-01 at the hotel).",
    "details": {"today": "2027-03-01"},
}
TOO_FAR = {
    "code": "DATE_TOO_FAR",
    "message": f"The hotel sells nights up to {LAST_NIGHT} ({HORIZON_DAYS} days ahead).",
    "details": {"last_night": str(LAST_NIGHT)},
}


@pytest.fixture
def on_sale(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        dbl = catalogue.room_type("DBL")
        RatePlan.objects.create(code="BAR", name="Best").room_types.set([dbl])
        inventory_extend_horizon()


@pytest.mark.parametrize("path", sorted(WRITES))
@pytest.mark.parametrize(
    ("first", "last", "error"),
    [
        (date(1, 1, 1), date(1, 1, 7), IN_PAST),
        (date(9999, 12, 25), date(9999, 12, 31), TOO_FAR),
        (TODAY - timedelta(days=1), TODAY + timedelta(days=1), IN_PAST),
        (LAST_NIGHT - timedelta(days=1), LAST_NIGHT + timedelta(days=1), TOO_FAR),
    ],
)
def test_a_range_off_the_nights_on_sale_is_refused_and_writes_nothing(
    owner_api, hotel_a, on_sale, path, first, last, error
):
    before = hotel_digest(hotel_a.schema)
    body = {**WRITES[path], "date_from": str(first), "date_to": str(last)}
    response = owner_api.post(path, body, format="json")

    assert (response.status_code, response.json()["error"]) == (400, error)
    assert hotel_digest(hotel_a.schema) == before


@pytest.mark.parametrize("path", sorted(WRITES))
@pytest.mark.parametrize(("first", "last"), [(TODAY, TODAY), (LAST_NIGHT, LAST_NIGHT)])
def test_the_first_and_last_nights_on_sale_are_written(owner_api, on_sale, path, first, last):
    body = {**WRITES[path], "date_from": str(first), "date_to": str(last)}
    response = owner_api.post(path, body, format="json")

    assert (response.status_code, response.json()) == (200, {"updated": 1})


def test_the_range_rules_come_first(owner_api, on_sale):
    body = {**WRITES["/api/v1/rates/bulk/"], "date_from": "9999-12-31", "date_to": "0001-01-01"}
    response = owner_api.post("/api/v1/rates/bulk/", body, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {
        "fields": {"date_to": ["Must be on or after date_from."]}
    }
