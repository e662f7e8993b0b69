"""Date ranges and weekdays as revenue managers give them."""

from __future__ import annotations

from datetime import date, timedelta

from innkeep.core.errors import ValidationFailed

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_RANGE_DAYS = 731


def iso_weekdays(weekdays: list[str] | None) -> list[int]:
    """["mon", "sat"] -> [1, 6] (ISO numbering, as PostgreSQL's ISODOW). None: every day."""
    if not weekdays:
        return list(range(1, 8))
    unknown = [d for d in weekdays if d not in WEEKDAYS]
    if unknown:
        raise ValidationFailed({"weekdays": [f"Use {', '.join(WEEKDAYS)}."]})
    return sorted({WEEKDAYS.index(d) + 1 for d in weekdays})


def check_range(date_from: date, date_to: date, *, max_days: int = MAX_RANGE_DAYS) -> None:
    if date_to < date_from:
        raise ValidationFailed({"date_to": ["Must be on or after date_from."]})
    if (date_to - date_from).days + 1 > max_days:
        raise ValidationFailed({"date_to": [f"A range covers at most {max_days} days."]})


def nights(check_in: date, check_out: date) -> list[date]:
    return [check_in + timedelta(days=n) for n in range((check_out - check_in).days)]


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(first: date) -> date:
    return (first + timedelta(days=32)).replace(day=1)


def month_spans(check_in: date, check_out: date) -> list[tuple[date, int, int]]:
    """The nights of a stay cut by calendar month: (first day of the month, index of the
    first night in that month, index after the last), indexes counted from the 1st."""
    spans = []
    first = month_start(check_in)
    while first < check_out:
        following = next_month(first)
        start, end = max(check_in, first), min(check_out, following)
        spans.append((first, (start - first).days, (end - first).days))
        first = following
    return spans
