"""The booking benchmark's own checks (tests/benchmarks/booking.py): the overbooking count
and which refusals came while rooms were left. The benchmark itself is not run here."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.models import Stay
from tests.benchmarks.booking import (
    BIG_UNITS,
    NO_AVAILABILITY,
    Case,
    Oversold,
    overbookings,
    refused_with_rooms_left,
)
from tests.benchmarks.http_load import Answer
from tests.benchmarks.lock_and_fail import INVENTORY_LOCKED
from tests.booking.conftest import d
from tests.reservations.helpers import book

pytestmark = pytest.mark.django_db

SGL = RoomRequest(room_type="SGL", rate_plan="BAR", adults=1)


def test_no_overbooking_when_the_calendar_matches_the_stays(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        book()
        book(SGL)
        found = overbookings()
    assert (found.drifts, found.oversold, found.count) == (0, [], 0)


def test_a_stay_past_the_rooms_is_an_overbooking_and_a_drift(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(SGL)  # SGL has one room: d(1) and d(2) are sold out
        # a second stay that no hold counted, as a broken booking path would write it
        Stay.objects.create(
            reservation=reservation,
            room_type=catalogue.sgl,
            rate_plan=catalogue.bar,
            check_in=d(2),
            check_out=d(3),
        )
        found = overbookings()
        only_dbl = overbookings(room_type_ids=[catalogue.dbl.pk])
        only_sgl = overbookings(room_type_ids=[catalogue.sgl.pk])
    assert found.oversold == [
        Oversold(room_type_id=catalogue.sgl.pk, night=d(2), booked=2, rooms=1)
    ]
    assert found.drifts == 1  # the calendar says 1 sold on d(2), the stays 2
    assert found.count == 2
    assert (only_sgl.count, only_dbl.count) == (2, 0)


def _case(*statuses_and_codes: tuple[int, str]) -> Case:
    answers = [
        Answer(
            latency_ns=1,
            status=status,
            body_bytes=0,
            body=b"" if status == 201 else b'{"error": {"code": "%s"}}' % code.encode(),
        )
        for status, code in statuses_and_codes
    ]
    return Case(label="test", answers=answers, seconds=1.0, sent=len(answers))


def test_refusals_count_as_wrong_only_while_rooms_were_left():
    case = _case(
        (201, ""), (409, NO_AVAILABILITY), (409, INVENTORY_LOCKED), (500, "INTERNAL_ERROR")
    )
    assert case.booked == 1
    assert case.errors(NO_AVAILABILITY) == 2
    assert case.errors(NO_AVAILABILITY, INVENTORY_LOCKED) == 1
    assert refused_with_rooms_left(case, [1, 1]) == 2
    # sold out on a night: a refusal may have been right
    assert refused_with_rooms_left(case, [BIG_UNITS, BIG_UNITS - 1]) == 0
