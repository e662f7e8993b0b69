"""Restrictions set in bulk (min/max stay, stop-sell, closed to arrival or departure): only
the fields sent change, rows for one plan stay apart from rows for every plan; the list and
its filters."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.rates.models import Restriction
from tests.factories import RestrictionFactory

pytestmark = pytest.mark.django_db


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


def test_restriction_list_filters_by_room_type_and_dates(owner_api, hotel_a, hotel):
    with tenant_context(hotel_a.hotel):
        for n in (4, 5, 6, 7):
            RestrictionFactory(room_type=hotel["types"]["DBL"], date=date(2027, 3, n), min_stay=n)
        RestrictionFactory(room_type=hotel["types"]["TWN"], date=date(2027, 3, 5), closed=True)
    listed = owner_api.get(
        "/api/v1/restrictions/?room_type=dbl&date_from=2027-03-05&date_to=2027-03-06"
    )
    assert listed.status_code == 200
    assert [(r["room_type"], r["date"], r["min_stay"]) for r in listed.json()["results"]] == [
        ("DBL", "2027-03-05", 5),
        ("DBL", "2027-03-06", 6),
    ]


def test_bad_restriction_list_filters_are_400(owner_api, hotel):
    for query, field in (
        ("date_from=yesterday", "date_from"),
        ("date_from=2027-03-05&date_to=2027-03-01", "date_to"),
        ("room_type=D%00L", "room_type"),
        ("rate_plan=B%00R", "rate_plan"),
    ):
        response = owner_api.get(f"/api/v1/restrictions/?{query}")
        assert response.status_code == 400
        assert list(response.json()["error"]["details"]["fields"]) == [field]
