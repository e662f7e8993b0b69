"""`reservations_import` (reservations/bulk.py): a stay priced as a booking prices it, the
trail and the calendar written, no outbox event; PostgreSQL's constraints judge an
overbooking and a room given twice, and a refusal leaves nothing behind."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.errors import InnkeepError
from innkeep.events.models import OutboxEvent
from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.bulk import ImportedReservation, ImportedStay, reservations_import
from innkeep.reservations.models import Reservation, ReservationEvent, RoomAssignment
from innkeep.reservations.quotes import ExtraRequest
from tests.booking.conftest import NOW, d
from tests.reservations.helpers import BOOKER, book, no_drift, sold


def imported(code: str, *stays: ImportedStay, status: str = "confirmed", **kw: Any) -> Any:
    return ImportedReservation(
        code=code,
        status=status,
        source="staff",
        booker=BOOKER,
        stays=list(stays),
        booked_at=NOW - timedelta(days=3),
        moved_at={"assigned": NOW - timedelta(days=1), **kw.pop("moved_at", {})},
        **kw,
    )


def dbl(check_in: int = 1, check_out: int = 3, room: str = "", **kw: Any) -> ImportedStay:
    return ImportedStay(
        room_type="DBL",
        rate_plan="BAR",
        check_in=d(check_in),
        check_out=d(check_out),
        adults=2,
        room=room,
        **kw,
    )


def test_an_imported_stay_costs_what_a_booking_costs_and_moves_the_calendar(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        booked = book(
            RoomRequest(room_type="DBL", rate_plan="BAR", adults=2, extras=[ExtraRequest("BRK")]),
            check_in=d(9),
            check_out=d(12),  # across the price change on d(10)
        )
        outbox = OutboxEvent.objects.count()

        result = reservations_import(
            reservations=[imported("IMP001", dbl(9, 12, room="101", extras=[ExtraRequest("BRK")]))],
            actor="seed_demo",
        )

        assert (result.reservations, result.stays, result.assignments) == (1, 1, 1)
        mine = Reservation.objects.get(code="IMP001")
        stay, theirs = mine.stays.get(), booked.stays.get()
        assert (stay.nightly, stay.subtotal, stay.taxes, stay.total) == (
            theirs.nightly,
            theirs.subtotal,
            theirs.taxes,
            theirs.total,
        )
        assert (mine.total, mine.created_at) == (booked.total, NOW - timedelta(days=3))
        assert sold(catalogue.dbl, d(9), d(10), d(11), d(12)) == [2, 2, 2, 0]
        assert no_drift()
        assert OutboxEvent.objects.count() == outbox  # history is not news
        assert list(
            ReservationEvent.objects.filter(reservation=mine).values_list(
                "action", "to_status", "actor_label"
            )
        ) == [("created", "confirmed", "seed_demo"), ("room_assigned", "", "seed_demo")]


@pytest.mark.parametrize(
    ("reservations", "code"),
    [
        # 3 doubles: a fourth on d(2) is one too many, whatever else fits
        (
            [imported(f"OVR00{n}", dbl(1, 3)) for n in range(3)] + [imported("OVR003", dbl(2, 4))],
            "NO_AVAILABILITY",
        ),
        # room 101 given to two stays that share the night of d(2)
        (
            [imported("TWO001", dbl(1, 3, room="101")), imported("TWO002", dbl(2, 4, room="101"))],
            "ROOM_OVERLAP_CONFLICT",
        ),
        # a guest checked in for a stay that starts tomorrow
        (
            [
                imported(
                    "EARLY1",
                    dbl(1, 3, room="101"),
                    status="checked_in",
                    moved_at={"checked_in": NOW},
                )
            ],
            "VALIDATION_ERROR",
        ),
    ],
)
def test_a_refused_import_leaves_nothing_behind(hotel_a, catalogue, reservations, code):
    with tenant_context(hotel_a.hotel):
        with pytest.raises(InnkeepError) as refused:
            reservations_import(reservations=reservations, actor="seed_demo")

        assert refused.value.code == code
        assert not Reservation.objects.exists()
        assert not RoomAssignment.objects.exists()
        assert sold(catalogue.dbl, d(1), d(2), d(3)) == [0, 0, 0]
