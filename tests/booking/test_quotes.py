"""Quotes: priced rooms with extras, kept 15 minutes, checked again when read."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.inventory.services import inventory_hold
from innkeep.rates.models import RatePlan
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.models import Quote
from tests.booking.conftest import NOW, d

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/quotes/"


def body(**overrides):
    data = {
        "check_in": str(d(1)),
        "check_out": str(d(3)),
        "promo_code": None,
        "rooms": [
            {
                "room_type": "DBL",
                "rate_plan": "BAR",
                "adults": 2,
                "children": 0,
                "extras": [{"code": "BRK", "quantity": 1}, {"code": "LATE", "quantity": 1}],
            },
            {
                "room_type": "SGL",
                "rate_plan": "BAR",
                "adults": 1,
                "children": 0,
                "extras": [{"code": "PARK", "quantity": 1}],
            },
        ],
    }
    data.update(overrides)
    return data


def test_quote_prices_each_room_with_its_extras_and_taxes(api_for, hotel_a, catalogue):
    response = api_for(hotel_a).post(URL, body(), format="json")

    assert response.status_code == 201
    quote = response.json()
    assert quote["expires_at"] == "2027-03-01T10:15:00Z"
    assert (quote["nights"], quote["currency"]) == (2, "EUR")
    double, single = quote["rooms"]
    # DBL: 2 x 100 + breakfast 12 x 2 nights x 2 guests = 48 + late checkout 25 -> 273
    assert [e["total"] for e in double["extras"]] == ["48.00", "25.00"]
    assert double["subtotal"] == "273.00"
    # taxes: VAT 10% of 273 = 27.30, city tax 2 adults x 2 nights x 2.50 = 10.00
    assert (double["taxes"], double["total"]) == ("37.30", "310.30")
    # SGL: 2 x 70 + parking 15 x 2 nights = 170; VAT 17.00 + city tax 5.00
    assert (single["subtotal"], single["taxes"], single["total"]) == ("170.00", "22.00", "192.00")
    assert (quote["subtotal"], quote["taxes"], quote["total"]) == ("443.00", "59.30", "502.30")
    with tenant_context(hotel_a.hotel):
        stored = Quote.objects.get(pk=quote["quote_id"])
        assert stored.total == Decimal("502.30")


def test_reading_a_fresh_quote_gives_it_back(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    created = client.post(URL, body(), format="json").json()
    again = client.get(f"{URL}{created['quote_id']}/")
    assert again.status_code == 200
    assert again.json() == created


def test_an_expired_quote_is_410(api_for, hotel_a, catalogue, monkeypatch):
    client = api_for(hotel_a)
    created = client.post(URL, body(), format="json").json()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: NOW + timedelta(minutes=15))
    response = client.get(f"{URL}{created['quote_id']}/")
    assert response.status_code == 410
    assert response.json()["error"]["code"] == "QUOTE_EXPIRED"


def test_a_price_change_makes_the_quote_stale(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    created = client.post(URL, body(), format="json").json()
    with tenant_context(hotel_a.hotel):
        for plan in RatePlan.objects.filter(room_types=catalogue.sgl):
            rates_bulk_set(
                rate_plan=plan,
                room_types=[catalogue.sgl],
                date_from=d(1),
                date_to=d(1),
                weekdays=None,
                price=Decimal("90"),
            )
    response = client.get(f"{URL}{created['quote_id']}/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "QUOTE_STALE"
    assert error["details"] == {"was": "502.30", "now": "524.30"}


def test_a_room_sold_since_makes_the_quote_stale(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    created = client.post(URL, body(), format="json").json()
    with tenant_context(hotel_a.hotel):
        inventory_hold(room_type_id=catalogue.sgl.id, check_in=d(2), check_out=d(3))
    response = client.get(f"{URL}{created['quote_id']}/")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "QUOTE_STALE"
    assert error["details"]["reason"] == "NO_AVAILABILITY"


def test_unknown_quote_is_404_and_other_hotels_quotes_too(api_for, hotel_a, hotel_b, catalogue):
    created = api_for(hotel_a).post(URL, body(), format="json").json()
    for client, quote_id in [
        (api_for(hotel_a), "7c1d0a57-0f3c-4a44-9b57-1e5a7a1d3c11"),
        (api_for(hotel_b), created["quote_id"]),
    ]:
        response = client.get(f"{URL}{quote_id}/")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "QUOTE_NOT_FOUND"


def test_asking_for_more_rooms_than_are_left_is_409(api_for, hotel_a, catalogue):
    rooms = [{"room_type": "SGL", "rate_plan": "BAR", "adults": 1}] * 2
    response = api_for(hotel_a).post(URL, body(rooms=rooms), format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "NO_AVAILABILITY"
    with tenant_context(hotel_a.hotel):
        assert not Quote.objects.exists()


def test_a_restricted_room_is_409_with_reasons(api_for, hotel_a, catalogue):
    from innkeep.rates.services import restrictions_bulk_set

    with tenant_context(hotel_a.hotel):
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=None,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes={"min_stay": 4},
        )
    response = api_for(hotel_a).post(URL, body(), format="json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ROOM_NOT_BOOKABLE"
    assert error["details"]["room"] == 0
    assert [r["code"] for r in error["details"]["reasons"]] == ["MIN_STAY"]


def test_a_promo_code_is_applied_to_the_rooms(api_for, hotel_a, catalogue):
    from innkeep.rates.models import PromoCode

    with tenant_context(hotel_a.hotel):
        PromoCode.objects.create(code="TENOFF", kind="percent", value=Decimal("10"))
    rooms = [{"room_type": "DBL", "rate_plan": "BAR", "adults": 2}]
    quote = api_for(hotel_a).post(URL, body(rooms=rooms, promo_code="tenoff"), format="json").json()
    assert quote["promo_code"] == "TENOFF"
    assert quote["rooms"][0]["discount"] == "20.00"
    assert quote["total"] == "208.00"


@pytest.mark.parametrize(
    ("rooms", "status", "code", "field"),
    [
        ([], 400, "VALIDATION_ERROR", "rooms"),
        (
            [{"room_type": "XXX", "rate_plan": "BAR", "adults": 1}],
            400,
            "VALIDATION_ERROR",
            "rooms[0].room_type",
        ),
        (
            [{"room_type": "SGL", "rate_plan": "NRF", "adults": 1}],
            400,
            "VALIDATION_ERROR",
            "rooms[0].rate_plan",
        ),
        (
            [{"room_type": "SGL", "rate_plan": "BAR", "adults": 2}],
            400,
            "OCCUPANCY_NOT_SUPPORTED",
            None,
        ),
        (
            [
                {
                    "room_type": "SGL",
                    "rate_plan": "BAR",
                    "adults": 1,
                    "extras": [{"code": "SPA", "quantity": 1}],
                }
            ],
            400,
            "VALIDATION_ERROR",
            "rooms[0].extras",
        ),
        (
            [
                {
                    "room_type": "SGL",
                    "rate_plan": "BAR",
                    "adults": 1,
                    "extras": [{"code": "BRK", "quantity": 0}],
                }
            ],
            400,
            "VALIDATION_ERROR",
            "rooms",
        ),
        ([{"room_type": "SGL", "rate_plan": "BAR"}], 400, "VALIDATION_ERROR", "rooms"),
        ("not a list", 400, "VALIDATION_ERROR", "rooms"),
        (
            [{"room_type": "SGL", "rate_plan": "BAR", "adults": 10**12}],
            400,
            "VALIDATION_ERROR",
            "rooms",
        ),
    ],
)
def test_bad_quote_requests(api_for, hotel_a, catalogue, rooms, status, code, field):
    response = api_for(hotel_a).post(URL, body(rooms=rooms), format="json")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    if field:
        assert field in error["details"]["fields"]
    with tenant_context(hotel_a.hotel):
        assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("dates", "code"),
    [
        ({"check_in": str(d(3)), "check_out": str(d(1))}, "INVALID_DATE_RANGE"),
        ({"check_in": "2027-02-01", "check_out": str(d(1))}, "DATE_IN_PAST"),
        ({"check_in": str(d(1)), "check_out": str(d(40))}, "STAY_TOO_LONG"),
        ({"check_in": str(d(730)), "check_out": str(d(732))}, "DATE_TOO_FAR"),
        ({"check_in": "9999-12-30", "check_out": "9999-12-31"}, "DATE_TOO_FAR"),
        ({"check_in": "soon", "check_out": str(d(1))}, "VALIDATION_ERROR"),
        ({"promo_code": "NOPE"}, "INVALID_PROMO_CODE"),
    ],
)
def test_bad_quote_dates_and_promo(api_for, hotel_a, catalogue, dates, code):
    response = api_for(hotel_a).post(URL, body(**dates), format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    with tenant_context(hotel_a.hotel):
        assert not Quote.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "x",
        42,
        {"rooms": None},
        {"check_in": None, "check_out": None, "rooms": [{}]},
        {"rooms": [{"room_type": None, "rate_plan": [], "adults": {}}]},
    ],
)
def test_malformed_quote_bodies_are_400(api_for, hotel_a, catalogue, payload):
    response = api_for(hotel_a).post(URL, payload, format="json")
    assert response.status_code == 400
