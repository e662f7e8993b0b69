"""Daily prices the way revenue managers set them: a date range, some weekdays, several room
types; exactly those prices change, each change is audited; the price list and its filters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.rates.models import DailyRate

pytestmark = pytest.mark.django_db


# 2027-03-01 is a Monday: Fridays and Saturdays of the fortnight are the 5th, 6th, 12th, 13th.
WEEKEND = [date(2027, 3, 5), date(2027, 3, 6), date(2027, 3, 12), date(2027, 3, 13)]


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
