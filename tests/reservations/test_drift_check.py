"""The recount after every booking test (tests/drift.py, run by the hook in tests/conftest.py)
can fail: a calendar changed behind the services' back is reported, night by night, and the
hook fails the test that left it so, unless the test says the drift is its point."""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest
from django.db.models import F
from django_tenants.utils import tenant_context

from innkeep.inventory.models import InventoryDay
from tests import conftest
from tests.booking.conftest import d
from tests.drift import assert_no_drift, drift_in, watching
from tests.reservations.helpers import book


class FakeItem:
    """What the hook reads of a test item: where it is, its markers."""

    path = Path(__file__)

    def __init__(self, *markers: str) -> None:
        self.markers = markers

    def get_closest_marker(self, name: str) -> Any:
        return name if name in self.markers else None


def corrupt(catalogue: Any, by: int) -> None:
    """One more (or fewer) double sold on d(2) than the reservations say: behind the
    services' back, as a bug or a hand edit would."""
    InventoryDay.objects.filter(room_type=catalogue.dbl, date=d(2)).update(sold=F("sold") + by)


def test_a_calendar_changed_behind_the_services_back_is_reported(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        book(check_in=d(1), check_out=d(3))
        assert drift_in([hotel_a.schema]) == {}
        corrupt(catalogue, +1)

        found = drift_in([hotel_a.schema])
        with pytest.raises(pytest.fail.Exception) as failed:
            assert_no_drift([hotel_a.schema])

        corrupt(catalogue, -1)  # put right: this test's own check passes
    assert [
        (x.room_type_code, x.date, x.kind, x.stored_sold, x.expected_sold)
        for x in found["hotel_alpine"]
    ] == [("DBL", d(2), "sold", 2, 1)]
    assert str(failed.value) == (
        "check_inventory finds drift after the test:\n"
        "  hotel_alpine: DBL 2027-03-03 sold (sold 2, expected 1; total 3, expected 3)"
    )


def run_hook(item: FakeItem, body: Any) -> Any:
    """The conftest hook around `body`, as pytest runs it around a test's call."""
    hook: Generator[None, Any, Any] = conftest.pytest_runtest_call(item)  # type: ignore[arg-type,assignment]
    next(hook)
    body()
    with pytest.raises(StopIteration) as done:
        hook.send("the test's result")
    return done.value.value


def test_the_hook_fails_a_test_that_leaves_drift_and_only_that(hotel_a, catalogue):
    def books(check_in: int, check_out: int, by: int = 0) -> Any:
        def body() -> None:
            with tenant_context(hotel_a.hotel):
                book(check_in=d(check_in), check_out=d(check_out))
                corrupt(catalogue, by)

        return body

    with pytest.raises(pytest.fail.Exception) as failed:
        run_hook(FakeItem(), books(1, 3, by=+1))
    assert str(failed.value).splitlines()[1] == (
        "  hotel_alpine: DBL 2027-03-03 sold (sold 2, expected 1; total 3, expected 3)"
    )
    # the same drift in a test marked allow_drift passes, its result handed on
    assert run_hook(FakeItem("allow_drift"), books(4, 6)) == "the test's result"
    # put right, an unmarked test passes again
    assert run_hook(FakeItem(), books(7, 8, by=-1)) == "the test's result"


def test_the_watch_notes_the_hotels_booked_in(hotel_a, hotel_b, catalogue):
    with watching() as touched:
        assert touched == set()
        with tenant_context(hotel_a.hotel):
            book()
    assert touched == {"hotel_alpine"}
