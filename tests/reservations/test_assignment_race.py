"""Room assignments sent at the same moment (real threads, each request on its own
connection, committed data): PostgreSQL's exclusion constraint lets exactly one stay have
the room, and every loser is told which reservation holds it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django_tenants.utils import tenant_context
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken

from innkeep.accounts.models import User
from innkeep.accounts.services import user_create
from innkeep.accounts.tokens import tokens_for
from innkeep.core.models import AuditEvent
from innkeep.events.models import OutboxEvent
from innkeep.properties.models import Room, RoomType
from innkeep.reservations.models import Reservation, ReservationEvent, RoomAssignment
from tests.factories import RoomFactory, RoomTypeFactory, StayFactory
from tests.races import post_together

RACERS = 50
PREFIX = "RACE"


@pytest.fixture
def contested(committed, hotel_a) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Committed in hotel A: a clerk with a token, a room type RACE with rooms RACE1 and
    RACE2..RACE11, and RACERS reservations whose stays all share the night of 06-02."""
    with tenant_context(hotel_a.hotel):
        clerk = user_create(email="race-clerk@alpine.test", password=None, role="front_desk")
        access = tokens_for(clerk)["access"]
        room_type = RoomTypeFactory(code=PREFIX)
        rooms = [RoomFactory(number=f"{PREFIX}{n}", room_type=room_type) for n in range(1, 12)]
        stays = [
            StayFactory(
                room_type=room_type,
                rate_plan=None,
                reservation__code=f"{PREFIX}{n:04d}",
                check_in=date(2027, 6, 1 + n % 2),  # 06-01 .. 06-03 or 06-02 .. 06-04
                check_out=date(2027, 6, 3 + n % 2),
            )
            for n in range(RACERS)
        ]
    try:
        yield {
            "auth": {"HTTP_AUTHORIZATION": f"Bearer {access}"},
            "rooms": rooms,
            "stays": stays,
        }
    finally:
        with tenant_context(hotel_a.hotel):
            codes = [stay.reservation.code for stay in stays]
            OutboxEvent.objects.filter(aggregate_id__in=codes).delete()
            RoomAssignment.objects.filter(room__room_type=room_type).delete()
            Reservation.objects.filter(code__in=codes).delete()  # stays and trail cascade
            Room.objects.filter(room_type=room_type).delete()
            RoomType.objects.filter(pk=room_type.pk).delete()
            OutstandingToken.objects.filter(user=clerk).delete()
            AuditEvent.objects.filter(target_type="accounts.user", target_id=str(clerk.pk)).delete()
            User.objects.filter(pk=clerk.pk).delete()


def test_fifty_stays_given_one_room_at_once_exactly_one_gets_it(hotel_a, contested):
    stays = contested["stays"]
    requests = [
        (f"/api/v1/reservations/{stay.reservation.code}/assign-room/", {"room": "RACE1"})
        for stay in stays
    ]

    answers = post_together(hotel_a.host, *requests, headers=contested["auth"])

    won = [answer for answer in answers if answer.status_code == 200]
    assert len(won) == 1
    winner = won[0].json()["code"]
    lost = [answer.json() for answer in answers if answer.status_code != 200]
    assert [answer.status_code for answer in answers].count(409) == RACERS - 1
    assert lost == [
        {
            "error": {
                "code": "ROOM_OVERLAP_CONFLICT",
                "message": "Room RACE1 has an overlapping stay.",
                "details": {"room": "RACE1", "conflicting_codes": [winner]},
            }
        }
    ] * (RACERS - 1)
    with tenant_context(hotel_a.hotel):
        live = RoomAssignment.objects.filter(room__number="RACE1", released_at__isnull=True)
        assert [a.stay.reservation.code for a in live] == [winner]
        assert RoomAssignment.objects.filter(room__number="RACE1").count() == 1
        codes = [stay.reservation.code for stay in stays]
        assert list(
            ReservationEvent.objects.filter(reservation__code__in=codes).values_list(
                "reservation__code", "action"
            )
        ) == [(winner, "room_assigned")]
        assert list(
            OutboxEvent.objects.filter(aggregate_id__in=codes).values_list("aggregate_id", "topic")
        ) == [(winner, "room.assigned")]


def test_one_stay_given_ten_rooms_at_once_holds_one_of_them(hotel_a, contested):
    """The stay is locked for each change: every request replaces the one before, none
    leaves a second live room behind."""
    code = contested["stays"][0].reservation.code
    rooms = [room.number for room in contested["rooms"][1:]]

    answers = post_together(
        hotel_a.host,
        *[(f"/api/v1/reservations/{code}/assign-room/", {"room": number}) for number in rooms],
        headers=contested["auth"],
    )

    assert [answer.status_code for answer in answers] == [200] * len(rooms)
    with tenant_context(hotel_a.hotel):
        held = RoomAssignment.objects.filter(stay__reservation__code=code)
        assert held.count() == len(rooms)
        live = [a.room.number for a in held if a.released_at is None]
        assert len(live) == 1
        trail = list(
            ReservationEvent.objects.filter(reservation__code=code).values_list("action", flat=True)
        )
        assert trail == ["room_assigned"] + ["room_released", "room_assigned"] * (len(rooms) - 1)
