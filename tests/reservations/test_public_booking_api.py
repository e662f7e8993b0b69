"""The public booking API: book, look up, cancel; bad input is 400 with nothing written;
the same 404 for a wrong code or email, and across hotels."""

from __future__ import annotations

import copy
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core.throttling import WindowRateThrottle
from innkeep.reservations.models import Reservation, Stay
from tests.booking.conftest import NOW, d
from tests.factories import PromoCodeFactory
from tests.reservations.helpers import no_drift, sold

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/reservations/"


def body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "quote_id": None,
        "check_in": str(d(1)),
        "check_out": str(d(3)),
        "booker": {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "email": "ana@grand.test",
            "phone": "+34 612 345 678",
            "company": "",
        },
        "rooms": [
            {
                "room_type": "DBL",
                "rate_plan": "BAR",
                "adults": 2,
                "children": 0,
                "guest": {"first_name": "Bea", "last_name": "Ruiz", "email": "", "phone": ""},
                "party": [{"first_name": "Cai", "last_name": "Ruiz"}],
                "extras": [{"code": "LATE", "quantity": 1}],
            }
        ],
        "special_requests": "",
        "promo_code": "",
    }
    data.update(overrides)
    return data


def test_booking_answers_as_the_contract_says(api_for, hotel_a, catalogue):
    response = api_for(hotel_a).post(URL, body(), format="json")

    assert response.status_code == 201, response.json()
    answer = response.json()
    assert len(answer["code"]) == 6
    assert {k: answer[k] for k in ("status", "check_in", "check_out", "nights", "currency")} == {
        "status": "confirmed",
        "check_in": str(d(1)),
        "check_out": str(d(3)),
        "nights": 2,
        "currency": "EUR",
    }
    assert answer["booker"] == {
        "first_name": "Ana",
        "last_name": "Ruiz",
        "email": "ana@grand.test",
        "phone": "+34612345678",
        "company": "",
    }
    (room,) = answer["rooms"]
    assert room["guest"]["first_name"] == "Bea"
    assert room["party"] == [{"first_name": "Cai", "last_name": "Ruiz", "is_child": False}]
    assert (room["assigned_room"], room["total"]) == (None, "257.50")
    assert (answer["subtotal"], answer["taxes"], answer["total"]) == ("225.00", "32.50", "257.50")
    assert answer["hold_expires_at"] is None
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.get().code == answer["code"]
        assert sold(catalogue.dbl, d(1), d(2)) == [1, 1]


def test_a_guaranteed_rate_answers_pending_payment_with_the_hold(api_for, hotel_a, catalogue):
    data = body()
    data["rooms"][0]["rate_plan"] = "NRF"
    answer = api_for(hotel_a).post(URL, data, format="json").json()
    assert answer["status"] == "pending_payment"
    assert answer["hold_expires_at"] == "2027-03-01T10:15:00Z"


def _rooms(**changes: Any) -> list[dict[str, Any]]:
    room = copy.deepcopy(body()["rooms"][0])
    room.update(changes)
    return [room]


BAD_INPUT = [
    ("dates reversed", {"check_in": str(d(3)), "check_out": str(d(1))}, "INVALID_DATE_RANGE"),
    ("0 adults", {"rooms": _rooms(adults=0)}, "VALIDATION_ERROR"),
    ("too many guests", {"rooms": _rooms(adults=2, children=2)}, "OCCUPANCY_NOT_SUPPORTED"),
    ("unknown room type", {"rooms": _rooms(room_type="ZZZ")}, "VALIDATION_ERROR"),
    ("unknown rate plan", {"rooms": _rooms(rate_plan="ZZZ")}, "VALIDATION_ERROR"),
    ("bad email", {"booker": {**body()["booker"], "email": "ana@"}}, "VALIDATION_ERROR"),
    ("bad phone", {"booker": {**body()["booker"], "phone": "12"}}, "VALIDATION_ERROR"),
    ("adults a string", {"rooms": _rooms(adults="two")}, "VALIDATION_ERROR"),
    ("rooms an object", {"rooms": {"room_type": "DBL"}}, "VALIDATION_ERROR"),
    ("booker a list", {"booker": ["Ana"]}, "VALIDATION_ERROR"),
    ("no rooms", {"rooms": []}, "VALIDATION_ERROR"),
    ("date not a date", {"check_in": 20270302}, "VALIDATION_ERROR"),
    ("quote not a uuid", {"quote_id": "abc"}, "VALIDATION_ERROR"),
    ("unknown quote", {"quote_id": "3f0c9a52-8d1e-4b6f-9c7a-2e5d4b1a0f93"}, "QUOTE_NOT_FOUND"),
]


@pytest.mark.parametrize(("name", "changes", "code"), BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_in_the_standard_shape_with_no_row(
    api_for, hotel_a, catalogue, name, changes, code
):
    response = api_for(hotel_a).post(URL, body(**changes), format="json")

    assert response.status_code == (404 if code == "QUOTE_NOT_FOUND" else 400)
    error = response.json()["error"]
    assert (error["code"], set(error)) == (code, {"code", "message", "details"})
    with tenant_context(hotel_a.hotel):
        assert (Reservation.objects.count(), Stay.objects.count()) == (0, 0)
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]


def test_an_expired_quote_is_400_and_books_nothing(api_for, hotel_a, catalogue, monkeypatch):
    client = api_for(hotel_a)
    quote = client.post(
        "/api/v1/public/quotes/",
        {
            "check_in": str(d(1)),
            "check_out": str(d(3)),
            "rooms": [{"room_type": "DBL", "rate_plan": "BAR", "adults": 2}],
        },
        format="json",
    ).json()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: NOW + timedelta(minutes=16))
    data = body(quote_id=quote["quote_id"], rooms=_rooms(extras=[], party=[]))
    response = client.post(URL, data, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "QUOTE_EXPIRED"
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.count() == 0


def test_a_booking_from_a_fresh_quote(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    quote = client.post(
        "/api/v1/public/quotes/",
        {
            "check_in": str(d(1)),
            "check_out": str(d(3)),
            "rooms": [{"room_type": "DBL", "rate_plan": "BAR", "adults": 2}],
        },
        format="json",
    ).json()
    data = body(quote_id=quote["quote_id"], rooms=_rooms(extras=[], party=[]))
    response = client.post(URL, data, format="json")
    assert response.status_code == 201
    assert response.json()["total"] == quote["total"]


def test_no_room_left_is_409(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    data = body(rooms=_rooms(room_type="SGL", adults=1, party=[], guest=None))
    assert client.post(URL, data, format="json").status_code == 201
    again = client.post(URL, data, format="json")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "NO_AVAILABILITY"
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.count() == 1
        assert no_drift()


def test_the_idempotency_key_replays_the_first_answer(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    first = client.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post(URL, body(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    other = client.post(URL, body(special_requests="x"), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert (first.status_code, again.status_code, other.status_code) == (201, 201, 422)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.count() == 1


def _booked(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.post(URL, body(check_in=str(d(5)), check_out=str(d(7))), format="json")
    assert response.status_code == 201
    return response.json()


def test_the_guest_looks_up_with_code_and_email(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    booked = _booked(client)
    response = client.get(f"{URL}{booked['code'].lower()}/", {"email": "ANA@grand.test"})
    assert response.status_code == 200
    answer = response.json()
    assert {k: v for k, v in answer.items() if k not in ("cancellation_fee", "cancellable")} == (
        booked
    )
    assert (answer["cancellation_fee"], answer["cancellable"]) == ("0.00", True)


def test_the_answer_is_the_booking_as_written_without_reading_it_back(api_for, hotel_a, catalogue):
    """The 201 is built from the rows the booking wrote (no second read of the booking):
    it must be what the lookup then reads from the database, for two rooms with their
    party and extras, a promo code and a held (pending_payment) booking."""
    with tenant_context(hotel_a.hotel):
        PromoCodeFactory(code="SPRING", kind="percent", value=Decimal("10"))
    rooms = [
        {
            "room_type": "DBL",
            "rate_plan": "NRF",
            "adults": 2,
            "children": 1,
            "guest": {"first_name": "Bea", "last_name": "Ruiz", "email": "", "phone": ""},
            "party": [
                {"first_name": "Cai", "last_name": "Ruiz"},
                {"first_name": "Dani", "last_name": "Ruiz", "is_child": True},
            ],
            "extras": [{"code": "BRK", "quantity": 2}, {"code": "LATE", "quantity": 1}],
        },
        {"room_type": "SGL", "rate_plan": "BAR", "adults": 1, "extras": [{"code": "PARK"}]},
    ]
    client = api_for(hotel_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(URL, body(rooms=rooms, promo_code="spring"), format="json")
    assert response.status_code == 201, response.json()
    booked = response.json()
    read_back = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    assert [sql for sql in read_back if '"reservations_stay"' in sql] == []
    lookup = client.get(f"{URL}{booked['code']}/", {"email": "ana@grand.test"}).json()
    assert {k: v for k, v in lookup.items() if k not in ("cancellation_fee", "cancellable")} == (
        booked
    )
    assert (booked["status"], booked["promo_code"]) == ("pending_payment", "SPRING")
    assert [len(room["party"]) for room in booked["rooms"]] == [2, 0]
    assert [[e["code"] for e in room["extras"]] for room in booked["rooms"]] == [
        ["BRK", "LATE"],
        ["PARK"],
    ]


def test_a_booking_without_extras_reads_no_extras(api_for, hotel_a, catalogue):
    room = {"room_type": "DBL", "rate_plan": "BAR", "adults": 2}
    with CaptureQueriesContext(connection) as captured:
        response = api_for(hotel_a).post(URL, body(rooms=[room]), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["rooms"][0]["extras"] == []
    assert [q["sql"] for q in captured.captured_queries if '"properties_extra"' in q["sql"]] == []


def test_the_lookup_shows_the_fee_due_now(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    booked = client.post(URL, body(), format="json").json()  # arrival d(1): inside 2 days
    answer = client.get(f"{URL}{booked['code']}/", {"email": "ana@grand.test"}).json()
    assert answer["cancellation_fee"] == "257.50"


def test_wrong_code_wrong_email_and_other_hotel_are_the_same_404(
    api_for, hotel_a, hotel_b, catalogue
):
    booked = _booked(api_for(hotel_a))
    answers = [
        api_for(hotel_a).get(f"{URL}ZZZZZZ/", {"email": "ana@grand.test"}),
        api_for(hotel_a).get(f"{URL}{booked['code']}/", {"email": "eve@grand.test"}),
        api_for(hotel_b).get(f"{URL}{booked['code']}/", {"email": "ana@grand.test"}),
        api_for(hotel_a).post(
            f"{URL}{booked['code']}/cancel/", {"email": "eve@grand.test"}, format="json"
        ),
        api_for(hotel_b).post(
            f"{URL}{booked['code']}/cancel/", {"email": "ana@grand.test"}, format="json"
        ),
    ]
    assert [a.status_code for a in answers] == [404] * 5
    assert len({str(a.json()) for a in answers}) == 1
    assert answers[0].json()["error"]["code"] == "RESERVATION_NOT_FOUND"
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.get().status == "confirmed"


def test_the_guest_cancels_and_the_fee_is_recorded(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    booked = client.post(URL, body(), format="json").json()
    response = client.post(
        f"{URL}{booked['code']}/cancel/", {"email": "ana@grand.test"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {
        "code": booked["code"],
        "status": "cancelled",
        "currency": "EUR",
        "cancellation_fee": "257.50",
    }
    again = client.post(
        f"{URL}{booked['code']}/cancel/", {"email": "ana@grand.test"}, format="json"
    )
    assert again.status_code == 409
    with tenant_context(hotel_a.hotel):
        reservation = Reservation.objects.get()
        assert (reservation.status, str(reservation.cancellation_fee)) == ("cancelled", "257.50")
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]
        assert no_drift()
    lookup = client.get(f"{URL}{booked['code']}/", {"email": "ana@grand.test"}).json()
    assert (lookup["status"], lookup["cancellation_fee"], lookup["cancellable"]) == (
        "cancelled",
        "257.50",
        False,
    )


def test_lookups_are_throttled_against_enumeration(api_for, hotel_a, catalogue, monkeypatch):
    monkeypatch.setattr(
        WindowRateThrottle, "THROTTLE_RATES", {"public_reservation_lookup": "3/minute"}
    )
    client = api_for(hotel_a)
    answers = [
        client.get(f"{URL}AAAAA{n}/", {"email": "ana@grand.test"}).status_code for n in range(3)
    ]
    answers.append(client.post(f"{URL}AAAAA9/cancel/", {"email": "a@b.test"}, format="json"))
    assert answers[:3] == [404, 404, 404]
    assert answers[3].status_code == 429
    assert answers[3].json()["error"]["code"] == "THROTTLED"


def test_a_missing_or_malformed_email_is_400(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)
    assert client.get(f"{URL}AAAAAA/").status_code == 400
    assert client.get(f"{URL}AAAAAA/", {"email": "nope"}).status_code == 400
    assert client.post(f"{URL}AAAAAA/cancel/", {"email": 5}, format="json").status_code == 400
