"""The time, in one place, so tests can move it (monkeypatch `innkeep.core.clock.now`)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def today_in(tz_name: str) -> date:
    """The calendar date it is now where the hotel is."""
    return now().astimezone(ZoneInfo(tz_name)).date()
