"""The time, in one place, so tests can move it (monkeypatch `innkeep.core.clock.now`, or
`innkeep.core.clock.monotonic` for how old things kept in memory are)."""

from __future__ import annotations

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def monotonic() -> float:
    """Seconds on a clock that never goes back, for ages and intervals inside one process."""
    return time.monotonic()


def today_in(tz_name: str) -> date:
    """The calendar date it is now where the hotel is."""
    return now().astimezone(ZoneInfo(tz_name)).date()
