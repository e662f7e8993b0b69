"""reservation_create: priced from the database, all rooms or none, holds, promo, status,
trail and outbox; and confirmation codes."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core.errors import InnkeepError
from innkeep.events.models import OutboxEvent
from innkeep.inventory.services import inventory_hold
from innkeep.rates.models import DailyRate, PromoCode
from innkeep.reservations import codes
from innkeep.reservations.booking import Guest, PartyRequest, RoomRequest
from innkeep.reservations.models import Reservation, ReservationEvent, Stay
from innkeep.reservations.quotes import ExtraRequest, quote_create
from innkeep.reservations.quotes import RoomRequest as QuoteRoom
from tests.booking.conftest import NOW, d
from tests.factories import PromoCodeFactory, UserFactory
from tests.reservations.helpers import book, no_drift, sold

pytestmark = pytest.mark.django_db

DBL = RoomRequest(room_type="DBL", rate_plan="BAR", adults=2)


def test_a_booking_is_priced_held_confirmed_and_recorded(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(
            RoomRequest(
                room_type="DBL",
                rate_plan="BAR",
                adults=2,
                guest=Guest(first_name="Bea", last_name="Ruiz", email="bea@guest.test"),
                party=[PartyRequest(first_name="Cai", last_name="Ruiz")],
                extras=[ExtraRequest(code="LATE")],
            ),
            special_requests="Quiet room",
        )
        assert len(reservation.code) == 6
        assert set(reservation.code) <= set(codes.ALPHABET)
        assert (reservation.status, reservation.hold_expires_at) == ("confirmed", None)
        # 2 x 100 + late checkout 25 = 225; VAT 22.50 + city tax 2 x 2 x 2.50
        assert (reservation.subtotal, reservation.taxes, reservation.total) == (
            Decimal("225.00"),
            Decimal("32.50"),
            Decimal("257.50"),
        )
        stay = reservation.stays.get()
        assert (stay.guest_first_name, stay.guest_email) == ("Bea", "bea@guest.test")
        assert stay.nightly == [
            {"date": str(d(1)), "price": "100.00"},
            {"date": str(d(2)), "price": "100.00"},
        ]
        assert [(m.first_name, m.last_name) for m in stay.party.all()] == [("Cai", "Ruiz")]
        assert [(e.extra.code, e.total) for e in stay.extras.all()] == [("LATE", Decimal("25.00"))]
        assert sold(catalogue.dbl, d(1), d(2), d(3)) == [1, 1, 0]
        event = ReservationEvent.objects.get(reservation=reservation)
        assert (event.action, event.actor_label, event.to_status) == (
            "created",
            "guest",
            "confirmed",
        )
        outbox = OutboxEvent.objects.get(aggregate_id=reservation.code)
        assert outbox.topic == "reservation.created"
        assert outbox.payload["status"] == "confirmed"
        assert no_drift()


def test_without_a_room_guest_the_booker_stays(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        stay = book().stays.get()
        assert (stay.guest_first_name, stay.guest_last_name) == ("Ana", "Ruiz")


def test_prices_come_from_the_database_not_the_copies(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        book(check_in=d(1), check_out=d(2))  # the copies are warm now
        # a change the copies cannot know of (no signal, no version bump)
        DailyRate.objects.filter(
            rate_plan=catalogue.bar, room_type=catalogue.dbl, date=d(1)
        ).update(price=Decimal("150.00"))
        reservation = book(check_in=d(1), check_out=d(2))
        assert reservation.subtotal == Decimal("150.00")


def test_a_guarantee_leaves_it_pending_with_a_15_minute_hold(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(RoomRequest(room_type="DBL", rate_plan="NRF", adults=2))
        assert reservation.status == "pending_payment"
        assert reservation.hold_expires_at == NOW + timedelta(minutes=15)
        assert sold(catalogue.dbl, d(1), d(2)) == [1, 1]


def test_several_rooms_are_all_or_nothing(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        inventory_hold(room_type_id=catalogue.sgl.id, check_in=d(2), check_out=d(3))
        with pytest.raises(InnkeepError) as refused:
            book(DBL, DBL, RoomRequest(room_type="SGL", rate_plan="BAR", adults=1))
        assert refused.value.code == "NO_AVAILABILITY"
        assert Reservation.objects.count() == 0
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]


def test_the_hold_itself_refuses_when_the_copies_say_there_is_room(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        # behind the copies' back: the last single goes (raw SQL, no version bump)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE inventory_inventoryday SET sold = total WHERE room_type_id = %s",
                [catalogue.sgl.id],
            )
        with pytest.raises(InnkeepError) as refused:
            book(RoomRequest(room_type="SGL", rate_plan="BAR", adults=1))
        assert (refused.value.status, refused.value.code) == (409, "NO_AVAILABILITY")
        # the hold comes last: what was written before it went with the refusal
        assert Stay.objects.count() == Reservation.objects.count() == 0
        assert ReservationEvent.objects.count() == OutboxEvent.objects.count() == 0


def test_the_nights_are_held_last_just_before_the_commit(hotel_a, catalogue):
    """The hold's row locks queue every other booking of these nights until the commit:
    nothing but the commit may come after it."""
    with tenant_context(hotel_a.hotel), CaptureQueriesContext(connection) as captured:
        book()
    sqls = [q["sql"].strip() for q in captured.captured_queries]
    hold = next(i for i, sql in enumerate(sqls) if sql.startswith("UPDATE inventory_inventoryday"))
    ends = ("SET search_path", "RELEASE SAVEPOINT", "COMMIT")
    assert [sql for sql in sqls[hold + 1 :] if not sql.startswith(ends)] == []
    assert any(sql.startswith('INSERT INTO "events_outboxevent"') for sql in sqls[:hold])


@pytest.mark.parametrize(
    ("room", "code"),
    [
        (RoomRequest(room_type="SGL", rate_plan="BAR", adults=2), "OCCUPANCY_NOT_SUPPORTED"),
        (RoomRequest(room_type="DBL", rate_plan="BAR", adults=0), "OCCUPANCY_NOT_SUPPORTED"),
        (RoomRequest(room_type="XXX", rate_plan="BAR", adults=1), "VALIDATION_ERROR"),
        (RoomRequest(room_type="SGL", rate_plan="NRF", adults=1), "VALIDATION_ERROR"),
        (
            RoomRequest(room_type="DBL", rate_plan="BAR", adults=1, extras=[ExtraRequest("NOPE")]),
            "VALIDATION_ERROR",
        ),
        (
            RoomRequest(
                room_type="DBL",
                rate_plan="BAR",
                adults=1,
                party=[PartyRequest("A", "B"), PartyRequest("C", "D")],
            ),
            "VALIDATION_ERROR",
        ),
    ],
)
def test_bad_rooms_are_refused_with_nothing_written(hotel_a, catalogue, room, code):
    with tenant_context(hotel_a.hotel):
        with pytest.raises(InnkeepError) as refused:
            book(room)
        assert (refused.value.status, refused.value.code) == (400, code)
        assert Reservation.objects.count() == 0
        assert sold(catalogue.dbl, d(1), d(2)) == [0, 0]


def test_reversed_dates_are_refused(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        with pytest.raises(InnkeepError) as refused:
            book(check_in=d(3), check_out=d(1))
        assert refused.value.code == "INVALID_DATE_RANGE"


def test_a_min_stay_restriction_refuses(hotel_a, catalogue):
    from tests.factories import RestrictionFactory

    with tenant_context(hotel_a.hotel):
        RestrictionFactory(room_type=catalogue.dbl, rate_plan=None, date=d(1), min_stay=3)
        with pytest.raises(InnkeepError) as refused:
            book()
        assert refused.value.code == "ROOM_NOT_BOOKABLE"
        assert refused.value.details["reasons"][0]["code"] == "MIN_STAY"


def test_a_promo_code_discounts_and_counts_its_use(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        PromoCodeFactory(code="SPRING", kind="percent", value=Decimal("10"), usage_limit=1)
        reservation = book(promo_code="spring")
        # 200 - 10% = 180; VAT 18 + city tax 10
        assert (reservation.discount, reservation.subtotal, reservation.total) == (
            Decimal("20.00"),
            Decimal("180.00"),
            Decimal("208.00"),
        )
        assert reservation.promo_code.code == "SPRING"
        assert PromoCode.objects.get(code="SPRING").times_used == 1
        with pytest.raises(InnkeepError) as refused:
            book(promo_code="SPRING")
        assert refused.value.code == "INVALID_PROMO_CODE"


def test_a_quote_price_is_honoured_until_it_expires(hotel_a, catalogue, monkeypatch):
    with tenant_context(hotel_a.hotel):
        quote = quote_create(
            check_in=d(1),
            check_out=d(3),
            promo_code=None,
            rooms=[QuoteRoom(room_type="DBL", rate_plan="BAR", adults=2)],
        )
        DailyRate.objects.filter(rate_plan=catalogue.bar, room_type=catalogue.dbl).update(
            price=Decimal("300.00")
        )
        reservation = book(quote_id=str(quote.pk))
        assert reservation.total == Decimal("230.00")
        assert reservation.quote == quote
        monkeypatch.setattr("innkeep.core.clock.now", lambda: NOW + timedelta(minutes=15))
        with pytest.raises(InnkeepError) as refused:
            book(quote_id=str(quote.pk))
        assert (refused.value.status, refused.value.code) == (400, "QUOTE_EXPIRED")
        assert Reservation.objects.count() == 1


def test_a_booking_must_ask_for_what_the_quote_priced(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        quote = quote_create(
            check_in=d(1),
            check_out=d(3),
            promo_code=None,
            rooms=[QuoteRoom(room_type="DBL", rate_plan="BAR", adults=2)],
        )
        with pytest.raises(InnkeepError) as refused:
            book(RoomRequest(room_type="DBL", rate_plan="BAR", adults=1), quote_id=str(quote.pk))
        assert (refused.value.code, refused.value.details) == (
            "QUOTE_MISMATCH",
            {"fields": ["rooms"]},
        )


def test_staff_price_override_needs_a_reason_and_is_in_the_trail(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        staff = UserFactory()
        room = RoomRequest(room_type="DBL", rate_plan="BAR", adults=2, price_override=Decimal("80"))
        with pytest.raises(InnkeepError) as refused:
            book(room, source="phone", actor=staff)
        assert refused.value.details["fields"] == {
            "rooms[0].override_reason": ["A price set by hand needs a reason."]
        }
        room = RoomRequest(
            room_type="DBL",
            rate_plan="BAR",
            adults=2,
            price_override=Decimal("80"),
            override_reason="Regular guest",
        )
        with pytest.raises(InnkeepError):
            book(room)  # the booking page cannot
        reservation = book(room, source="phone", actor=staff)
        # 2 x 80 = 160; VAT 16 + city tax 10
        assert reservation.total == Decimal("186.00")
        assert reservation.created_by == staff
        stay = reservation.stays.get()
        assert stay.rate_override_reason == "Regular guest"
        event = ReservationEvent.objects.get(reservation=reservation)
        assert event.actor == staff
        assert event.details["rate_overrides"] == [
            {"stay": stay.pk, "nightly": "80", "reason": "Regular guest"}
        ]


def test_booker_email_and_phone_are_checked(hotel_a, catalogue):
    from innkeep.reservations.booking import Booker, reservation_create

    with tenant_context(hotel_a.hotel):
        with pytest.raises(InnkeepError) as refused:
            reservation_create(
                check_in=d(1),
                check_out=d(3),
                booker=Booker(first_name="Ana", last_name="Ruiz", email="nope", phone="12"),
                rooms=[DBL],
                source="web",
                actor="guest",
            )
        assert set(refused.value.details["fields"]) == {"booker.email", "booker.phone"}
        assert Reservation.objects.count() == 0


def test_a_code_clash_is_retried_inside_the_transaction(hotel_a, catalogue, monkeypatch):
    with tenant_context(hotel_a.hotel):
        first = book(check_in=d(1), check_out=d(2))
        drawn = iter([first.code, first.code, "XYZ234"])
        monkeypatch.setattr(codes, "new_code", lambda: next(drawn))
        second = book(check_in=d(1), check_out=d(2))
        assert second.code == "XYZ234"
        assert sold(catalogue.dbl, d(1)) == [2]


def test_codes_do_not_follow_a_sequence():
    drawn = {codes.new_code() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(len(c) == 6 and not set(c) & set("01OIL") for c in drawn)
