"""TransitionTable.move: lock, check, save with the fields that move along, record."""

from __future__ import annotations

import pytest

from innkeep.core.errors import InvalidTransition
from innkeep.core.state_machine import TransitionTable
from innkeep.tenancy.models import Hotel

pytestmark = pytest.mark.django_db

recorded: list[tuple[str, str, str, object, str, dict]] = []


def remember(obj, source, target, actor, reason, data):
    recorded.append((obj.subdomain, source, target, actor, reason, data))


TABLE = TransitionTable("hotel", {"trial": {"active"}, "active": set()}, record=remember)


@pytest.fixture(autouse=True)
def _forget():
    recorded.clear()


def test_move_saves_the_status_and_the_fields_that_move_with_it(hotel_a):
    stale = Hotel.objects.get(pk=hotel_a.hotel.pk)
    assert stale.trial_ends_at is not None

    moved = TABLE.move(
        stale,
        to="active",
        actor="ops",
        reason="paid",
        changes={"trial_ends_at": None},
        data={"invoice": 7},
    )

    fresh = Hotel.objects.get(pk=hotel_a.hotel.pk)
    assert (moved.status, fresh.status, fresh.trial_ends_at) == ("active", "active", None)
    assert recorded == [("alpine", "trial", "active", "ops", "paid", {"invoice": 7})]


def test_move_checks_the_locked_row_not_the_callers_copy(hotel_a):
    stale = Hotel.objects.get(pk=hotel_a.hotel.pk)
    Hotel.objects.filter(pk=stale.pk).update(status="active")  # changed behind its back
    assert stale.status == "trial"

    with pytest.raises(InvalidTransition) as refused:
        TABLE.move(stale, to="active", actor=None)

    assert refused.value.details == {"from": "active", "to": "active", "allowed": []}
    assert recorded == []
