"""The answers the OpenAPI document shows for the public booking API have the shape of real
ones: the same keys at every level and the same kinds of values (an empty list or a null
matches anything), so code written against the examples reads real answers."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.services import restrictions_bulk_set
from innkeep.reservations import public_examples
from tests.booking.conftest import d
from tests.shapes import shape, unify

pytestmark = pytest.mark.django_db


def test_the_availability_example_reads_like_an_answer(api_for, hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):  # one plan refused, with a reason
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=catalogue.nrf,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes={"min_stay": 3},
        )
    real = api_for(hotel_a).get(
        "/api/v1/public/availability/",
        {"check_in": str(d(1)), "check_out": str(d(3)), "adults": 2},
    )
    assert real.status_code == 200
    unify(shape(public_examples.AVAILABILITY), shape(real.json()), "availability")


def test_the_hotel_example_reads_like_an_answer(api_for, hotel_a, catalogue):
    real = api_for(hotel_a).get("/api/v1/public/hotel/")
    unify(shape(public_examples.HOTEL), shape(real.json()), "hotel")


def test_the_quote_example_reads_like_an_answer(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    made = client.post(
        "/api/v1/public/quotes/",
        {
            "check_in": str(d(1)),
            "check_out": str(d(3)),
            "rooms": [
                {
                    "room_type": "DBL",
                    "rate_plan": "BAR",
                    "adults": 2,
                    "extras": [{"code": "BRK", "quantity": 1}],
                }
            ],
        },
        format="json",
    )
    assert made.status_code == 201
    again = client.get(f"/api/v1/public/quotes/{made.json()['quote_id']}/")
    for real in (made, again):
        unify(shape(public_examples.QUOTE), shape(real.json()), "quote")


def _booking(client, d):  # type: ignore[no-untyped-def]
    from innkeep.reservations import public_examples as examples

    body = {**examples.BOOKING_REQUEST, "check_in": str(d(1)), "check_out": str(d(3))}
    made = client.post("/api/v1/public/reservations/", body, format="json")
    assert made.status_code == 201, made.content
    return made.json()


def test_the_reservation_examples_read_like_answers(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    booked = _booking(client, d)
    unify(shape(public_examples.RESERVATION), shape(booked), "reservation")
    url = f"/api/v1/public/reservations/{booked['code']}/"
    looked_up = client.get(url, {"email": booked["booker"]["email"]})
    unify(shape(public_examples.GUEST_RESERVATION), shape(looked_up.json()), "lookup")
    cancelled = client.post(f"{url}cancel/", {"email": booked["booker"]["email"]}, format="json")
    unify(shape(public_examples.GUEST_CANCELLED), shape(cancelled.json()), "cancelled")
