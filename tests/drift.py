"""The inventory recount after every test that books (issue 12 §5): `innkeep check_inventory`
finds no drift for the hotels the test touched.

`watching()` notes the schema of every reservation and stay created while it is open (a
post_save receiver, so bookings made in worker threads and through the test client count
too); `drift_in(schemas)` runs the reservations' recount (the code behind
`check_inventory`) in each of those hotels. tests/conftest.py wraps each test's call in both:
the check runs after the test body, before any fixture is torn down, so it sees the test's
own transaction (rolled back later) as well as committed hotels (destroyed later). A test
that makes drift on purpose says so with `@pytest.mark.allow_drift`."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection
from django.db.models import Min
from django.db.models.signals import post_save
from django_tenants.utils import schema_context, schema_exists

from innkeep.inventory.models import InventoryDay
from innkeep.properties.selectors import hotel_today
from innkeep.reservations.models import Reservation, Stay
from innkeep.reservations.recount import Drift, recount_inventory

_lock = threading.Lock()
_watchers: list[set[str]] = []


def _note(sender: Any, created: bool = False, **kwargs: Any) -> None:
    if not created:
        return
    schema = connection.schema_name  # the saving thread's connection
    with _lock:
        for touched in _watchers:
            touched.add(schema)


post_save.connect(_note, sender=Reservation, dispatch_uid="tests.drift.reservation")
post_save.connect(_note, sender=Stay, dispatch_uid="tests.drift.stay")


@contextmanager
def watching() -> Iterator[set[str]]:
    """The schemas in which reservations or stays are created inside the block."""
    touched: set[str] = set()
    with _lock:
        _watchers.append(touched)
    try:
        yield touched
    finally:
        with _lock:
            _watchers.remove(touched)


def drift_in(schemas: Iterable[str]) -> dict[str, list[Drift]]:
    """Schema -> the drifted nights, from each hotel's today (or its calendar's first
    night, if later), for the hotels that still exist (a committed test may have removed
    its own)."""
    found: dict[str, list[Drift]] = {}
    for schema in sorted(set(schemas)):
        if not schema_exists(schema):
            continue
        with schema_context(schema):
            # from the calendar's first night when that is after today: a test that moves
            # its clock back from the day its calendar was filled has no drift for it
            first = InventoryDay.objects.aggregate(first=Min("date"))["first"]
            today = hotel_today()
            drifts = [
                drift
                for drift in recount_inventory(start=max(today, first or today)).drifts
                # a night without a row that nobody booked: a test world that built only
                # the nights it needs (a booked night without its row still fails)
                if not (drift.missing and drift.expected_sold == 0)
            ]
        if drifts:
            found[schema] = drifts
    return found


def assert_no_drift(schemas: Iterable[str]) -> None:
    """Fail the test, naming the first drifted nights of each hotel, when there are any."""
    found = drift_in(schemas)
    if found:
        lines = [
            f"{schema}: {d.room_type_code} {d.date} {d.kind} "
            f"(sold {d.stored_sold}, expected {d.expected_sold}; "
            f"total {d.stored_total}, expected {d.expected_total})"
            for schema, drifts in found.items()
            for d in drifts[:5]
        ]
        pytest.fail(
            "check_inventory finds drift after the test:\n  " + "\n  ".join(lines), pytrace=False
        )
