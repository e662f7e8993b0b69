"""Bulk prices and restrictions the way revenue managers set them: a date range, some
weekdays, several room types; exactly those rows change, and each change is audited."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.rates.models import DailyRate, RatePlan, Restriction
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

# 2027-03-01 is a Monday: Fridays and Saturdays of the fortnight are the 5th, 6th, 12th, 13th.
WEEKEND = [date(2027, 3, 5), date(2027, 3, 6), date(2027, 3, 12), date(2027, 3, 13)]


@pytest.fixture
def hotel(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        types = {code: catalogue.room_type(code) for code in ("DBL", "TWN", "STE")}
        bar = RatePlan.objects.create(code="BAR", name="Best")
        bar.room_types.set(types.values())
        nrf = RatePlan.objects.create(code="NRF", name="Saver")
        nrf.room_types.set([types["DBL"]])
        # prices already there: a Sunday of BAR/DBL and the whole fortnight of NRF/DBL
        DailyRate.objects.create(
            rate_plan=bar, room_type=types["DBL"], date=date(2027, 3, 7), price=Decimal("70")
        )
        for n in range(1, 15):
            DailyRate.objects.create(
                rate_plan=nrf, room_type=types["DBL"], date=date(2027, 3, n), price=Decimal("60")
            )
    return {"types": types, "bar": bar, "nrf": nrf}


def prices(hotel_a, plan: str) -> dict[tuple[str, date], Decimal]:  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return {
            (rate.room_type.code, rate.date): rate.price
            for rate in DailyRate.objects.filter(rate_plan__code=plan).select_related("room_type")
        }


def test_bulk_price_by_weekday_sets_exactly_those_days(owner_api, hotel_a, hotel):
    response = owner_api.post(
        "/api/v1/rates/bulk/",
        {
            "rate_plan": "bar",
            "room_types": ["DBL", "twn"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["fri", "sat"],
            "price": "120.00",
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json() == {"updated": 8}
    assert prices(hotel_a, "BAR") == {
        **{(code, day): Decimal("120.00") for code in ("DBL", "TWN") for day in WEEKEND},
        ("DBL", date(2027, 3, 7)): Decimal("70.00"),  # Sunday: untouched
    }
    assert set(prices(hotel_a, "NRF").values()) == {Decimal("60.00")}  # other plan: untouched
    with tenant_context(hotel_a.hotel):
        events = list(AuditEvent.objects.filter(action="rates.bulk_set").order_by("target_id"))
        assert sorted(e.target_id for e in events) == sorted(
            str(hotel["types"][code].pk) for code in ("DBL", "TWN")
        )
        assert events[0].data == {
            "rate_plan": "BAR",
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["fri", "sat"],
            "price": "120.00",
        }

    listed = owner_api.get(
        "/api/v1/rates/?rate_plan=BAR&room_type=DBL&date_from=2027-03-06&date_to=2027-03-12"
    ).json()
    assert listed["results"] == [
        {
            "rate_plan": "BAR",
            "room_type": "DBL",
            "date": day,
            "price": price,
            "currency": "EUR",
        }
        for day, price in (
            ("2027-03-06", "120.00"),
            ("2027-03-07", "70.00"),
            ("2027-03-12", "120.00"),
        )
    ]


def test_bulk_price_without_weekdays_overwrites_every_day(owner_api, hotel_a, hotel):
    response = owner_api.post(
        "/api/v1/rates/bulk/",
        {
            "rate_plan": "NRF",
            "room_types": ["DBL"],
            "date_from": "2027-03-03",
            "date_to": "2027-03-04",
            "price": "55.5",
        },
        format="json",
    )
    assert response.json() == {"updated": 2}
    changed = {day for (_, day), price in prices(hotel_a, "NRF").items() if price != 60}
    assert changed == {date(2027, 3, 3), date(2027, 3, 4)}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"room_types": ["STE"], "rate_plan": "NRF"}, "room_types"),  # NRF not sold for STE
        ({"room_types": []}, "room_types"),
        ({"room_types": ["GHOST"]}, "room_types"),
        ({"rate_plan": "GHOST"}, "rate_plan"),
        ({"rate_plan": None}, "rate_plan"),
        ({"date_to": "2027-02-28"}, "date_to"),
        ({"date_to": "2029-03-02"}, "date_to"),  # 732 days
        ({"date_from": "2027-02-30"}, "date_from"),
        ({"date_from": 20270301}, "date_from"),
        ({"weekdays": ["funday"]}, "weekdays"),
        ({"weekdays": "fri"}, "weekdays"),
        ({"price": "-1"}, "price"),
        ({"price": "1e20"}, "price"),
        ({"price": "NaN"}, "price"),
    ],
)
def test_invalid_bulk_prices_are_400_and_write_nothing(owner_api, hotel_a, hotel, change, field):
    before = prices(hotel_a, "BAR"), prices(hotel_a, "NRF")
    response = owner_api.post(
        "/api/v1/rates/bulk/",
        {
            "rate_plan": "BAR",
            "room_types": ["DBL"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "price": "100",
            **change,
        },
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    assert (prices(hotel_a, "BAR"), prices(hotel_a, "NRF")) == before
    with tenant_context(hotel_a.hotel):
        assert not AuditEvent.objects.filter(action="rates.bulk_set").exists()


def test_bad_rate_list_filters_are_400(owner_api, hotel):
    for query, field in (
        ("date_from=yesterday", "date_from"),
        ("date_from=2027-03-05&date_to=2027-03-01", "date_to"),
        ("rate_plan=B%00R", "rate_plan"),
    ):
        response = owner_api.get(f"/api/v1/rates/?{query}")
        assert response.status_code == 400
        assert list(response.json()["error"]["details"]["fields"]) == [field]


# --- restrictions ----------------------------------------------------------------------


def restrictions(hotel_a) -> dict[tuple[str, str | None, date], tuple]:  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return {
            (r.room_type.code, r.rate_plan.code if r.rate_plan else None, r.date): (
                r.min_stay,
                r.max_stay,
                r.closed,
                r.closed_to_arrival,
                r.closed_to_departure,
            )
            for r in Restriction.objects.select_related("room_type", "rate_plan")
        }


def test_restriction_bulk_updates_only_the_fields_sent(owner_api, hotel_a, hotel):
    first = owner_api.post(
        "/api/v1/restrictions/bulk/",
        {
            "room_types": ["DBL", "TWN"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["fri", "sat"],
            "min_stay": 2,
            "closed_to_arrival": True,
        },
        format="json",
    )
    assert first.json() == {"updated": 8}
    # then close the Saturdays of DBL only: min stay and CTA stay as they are
    second = owner_api.post(
        "/api/v1/restrictions/bulk/",
        {
            "room_types": ["DBL"],
            "rate_plan": None,
            "date_from": "2027-03-01",
            "date_to": "2027-03-14",
            "weekdays": ["sat"],
            "closed": True,
        },
        format="json",
    )
    assert second.json() == {"updated": 2}
    # and a plan-specific row, separate from the rows for every plan
    third = owner_api.post(
        "/api/v1/restrictions/bulk/",
        {
            "room_types": ["DBL"],
            "rate_plan": "nrf",
            "date_from": "2027-03-05",
            "date_to": "2027-03-05",
            "max_stay": 3,
        },
        format="json",
    )
    assert third.json() == {"updated": 1}

    friday = (2, None, False, True, False)
    saturday_dbl = (2, None, True, True, False)
    assert restrictions(hotel_a) == {
        ("DBL", None, date(2027, 3, 5)): friday,
        ("DBL", None, date(2027, 3, 6)): saturday_dbl,
        ("DBL", None, date(2027, 3, 12)): friday,
        ("DBL", None, date(2027, 3, 13)): saturday_dbl,
        ("TWN", None, date(2027, 3, 5)): friday,
        ("TWN", None, date(2027, 3, 6)): friday,
        ("TWN", None, date(2027, 3, 12)): friday,
        ("TWN", None, date(2027, 3, 13)): friday,
        ("DBL", "NRF", date(2027, 3, 5)): (None, 3, False, False, False),
    }

    # clearing the minimum stay keeps the rest
    cleared = owner_api.post(
        "/api/v1/restrictions/bulk/",
        {
            "room_types": ["TWN"],
            "date_from": "2027-03-12",
            "date_to": "2027-03-13",
            "min_stay": None,
        },
        format="json",
    )
    assert cleared.json() == {"updated": 2}
    assert restrictions(hotel_a)[("TWN", None, date(2027, 3, 13))] == (
        None,
        None,
        False,
        True,
        False,
    )

    listed = owner_api.get("/api/v1/restrictions/?room_type=DBL&rate_plan=none").json()
    assert [(r["date"], r["rate_plan"], r["closed"]) for r in listed["results"]] == [
        ("2027-03-05", None, False),
        ("2027-03-06", None, True),
        ("2027-03-12", None, False),
        ("2027-03-13", None, True),
    ]
    only_nrf = owner_api.get("/api/v1/restrictions/?rate_plan=NRF").json()
    assert only_nrf["results"] == [
        {
            "room_type": "DBL",
            "rate_plan": "NRF",
            "date": "2027-03-05",
            "min_stay": None,
            "max_stay": 3,
            "closed": False,
            "closed_to_arrival": False,
            "closed_to_departure": False,
        }
    ]
    with tenant_context(hotel_a.hotel):
        assert AuditEvent.objects.filter(action="restrictions.bulk_set").count() == 2 + 1 + 1 + 1
        last = AuditEvent.objects.filter(action="restrictions.bulk_set").latest("id")
        assert last.data == {
            "rate_plan": None,
            "date_from": "2027-03-12",
            "date_to": "2027-03-13",
            "weekdays": None,
            "changes": {"min_stay": None},
        }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({}, "non_field_errors"),  # no restriction given
        ({"min_stay": 0}, "min_stay"),
        ({"min_stay": 400}, "min_stay"),
        ({"min_stay": "two"}, "min_stay"),
        ({"min_stay": 3, "max_stay": 2}, "max_stay"),
        ({"closed": "maybe"}, "closed"),
        ({"closed": True, "rate_plan": "NRF", "room_types": ["TWN"]}, "room_types"),
        ({"closed": True, "rate_plan": "GHOST"}, "rate_plan"),
        ({"closed": True, "date_to": "2026-01-01"}, "date_to"),
        ({"closed": True, "weekdays": ["sat", "someday"]}, "weekdays"),
    ],
)
def test_invalid_restriction_bulk_is_400_and_writes_nothing(
    owner_api, hotel_a, hotel, change, field
):
    body = {"room_types": ["DBL"], "date_from": "2027-03-01", "date_to": "2027-03-14", **change}
    response = owner_api.post("/api/v1/restrictions/bulk/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    assert restrictions(hotel_a) == {}
