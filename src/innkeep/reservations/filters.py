"""The staff reservation list's query parameters, in one place: what each one means (its
OpenAPI parameter), how it is checked (a bad value is 400 VALIDATION_ERROR naming it) and
how it filters. Still hand-parsed (the other staff lists are django-filter FilterSets now,
core.filters); written as one class so that a FilterSet can replace it whole."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import OpenApiParameter

from innkeep.core.errors import ValidationFailed
from innkeep.reservations.models import (
    OCCUPYING_STATUSES,
    Reservation,
    ReservationSource,
    ReservationStatus,
)
from innkeep.reservations.selectors import with_stay

SEARCH_MAX = 100
# ?ordering= names -> model/annotation fields (a "-" in front reverses).
ORDERINGS = {
    "arrival": "arrival",
    "departure": "departure",
    "created_at": "created_at",
    "code": "code",
    "booker_last_name": "booker_last_name",
    "total": "total",
    "status": "status",
}
DEFAULT_ORDERING = ("arrival", "code")
_NOT_DIGITS = re.compile(r"[\s().+-]")
_CODE = re.compile(r"^[A-Z0-9_-]{1,32}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_codes(name: str, value: str | None, problems: dict[str, list[str]]) -> list[str]:
    """ "DBL,twn" -> ["DBL", "TWN"]: one code or several, comma separated."""
    if not value:
        return []
    codes = [code.strip().upper() for code in value.split(",") if code.strip()]
    if not all(_CODE.match(code) for code in codes):
        problems[name] = ["Use codes (letters, digits, '-' or '_'), comma separated."]
        return []
    return codes


def parse_date(name: str, value: str | None, problems: dict[str, list[str]]) -> date | None:
    if not value:
        return None
    try:
        if not _ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        problems[name] = ["Use a date as YYYY-MM-DD."]
        return None


def _choices(
    name: str, value: str | None, allowed: list[str], problems: dict[str, list[str]]
) -> list[str]:
    if not value:
        return []
    picked = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not picked or any(part not in allowed for part in picked):
        problems[name] = [f"Use {', '.join(allowed)} (several comma separated)."]
        return []
    return picked


def _range(
    lower: str, upper: str, params: Any, problems: dict[str, list[str]]
) -> tuple[date | None, date | None]:
    start = parse_date(lower, params.get(lower), problems)
    end = parse_date(upper, params.get(upper), problems)
    if start and end and end < start:
        problems[upper] = [f"Must be on or after {lower}."]
    return start, end


@dataclass(frozen=True)
class ReservationFilters:
    statuses: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    arrival_from: date | None = None
    arrival_to: date | None = None
    departure_from: date | None = None
    departure_to: date | None = None
    in_house_on: date | None = None
    room_types: list[str] = field(default_factory=list)
    rate_plans: list[str] = field(default_factory=list)
    q: str = ""
    ordering: tuple[str, ...] = DEFAULT_ORDERING

    @classmethod
    def from_query(cls, params: Any) -> ReservationFilters:
        """Read and check the query string; every problem at once, as a 400."""
        problems: dict[str, list[str]] = {}
        arrival = _range("arrival_from", "arrival_to", params, problems)
        departure = _range("departure_from", "departure_to", params, problems)
        q = (params.get("q") or "").strip()
        if len(q) > SEARCH_MAX or "\x00" in q:
            problems["q"] = [f"Use at most {SEARCH_MAX} characters of text."]
        filters = cls(
            statuses=_choices("status", params.get("status"), ReservationStatus.values, problems),
            sources=_choices("source", params.get("source"), ReservationSource.values, problems),
            arrival_from=arrival[0],
            arrival_to=arrival[1],
            departure_from=departure[0],
            departure_to=departure[1],
            in_house_on=parse_date("in_house_on", params.get("in_house_on"), problems),
            room_types=parse_codes("room_type", params.get("room_type"), problems),
            rate_plans=parse_codes("rate_plan", params.get("rate_plan"), problems),
            q=q,
            ordering=_ordering(params.get("ordering"), problems),
        )
        if problems:
            raise ValidationFailed(problems)
        return filters

    def apply(self, reservations: QuerySet[Reservation]) -> QuerySet[Reservation]:
        """`reservations` needs the `arrival` and `departure` annotations (selectors)."""
        if self.statuses:
            reservations = reservations.filter(status__in=self.statuses)
        if self.sources:
            reservations = reservations.filter(source__in=self.sources)
        bounds = {
            "arrival__gte": self.arrival_from,
            "arrival__lte": self.arrival_to,
            "departure__gte": self.departure_from,
            "departure__lte": self.departure_to,
        }
        reservations = reservations.filter(**{k: v for k, v in bounds.items() if v})
        if self.in_house_on:
            reservations = with_stay(
                reservations.filter(status__in=OCCUPYING_STATUSES),
                check_in__lte=self.in_house_on,
                check_out__gt=self.in_house_on,
            )
        if self.room_types:
            reservations = with_stay(reservations, room_type__code__in=self.room_types)
        if self.rate_plans:
            reservations = with_stay(reservations, rate_plan__code__in=self.rate_plans)
        if self.q:
            reservations = reservations.filter(search_condition(self.q))
        return reservations.order_by(*(_field(name) for name in self.ordering))


def _field(name: str) -> str:
    descending = name.startswith("-")
    target = ORDERINGS[name.lstrip("-")]
    return f"-{target}" if descending else target


def _ordering(value: str | None, problems: dict[str, list[str]]) -> tuple[str, ...]:
    if not value:
        return DEFAULT_ORDERING
    names = tuple(part.strip() for part in value.split(",") if part.strip())
    if not names or any(name.lstrip("-") not in ORDERINGS for name in names):
        problems["ordering"] = [f"Use {', '.join(ORDERINGS)}, each may start with '-'."]
        return DEFAULT_ORDERING
    return (*names, "code")


_PEOPLE = (
    "booker_first_name",
    "booker_last_name",
    "booker_email",
    "booker_company",
    "stays__guest_first_name",
    "stays__guest_last_name",
    "stays__guest_email",
)


def search_condition(q: str) -> Q:
    """Every word of `q` in a name or email of the booker or a guest, or `q` is the
    confirmation code, or (its digits) part of a booker's or guest's phone."""
    condition = Q(code=q.upper())
    words = q.split()
    if words:
        every_word = Q()
        for word in words:
            one_of = Q()
            for name in _PEOPLE:
                one_of |= Q(**{f"{name}__icontains": word})
            every_word &= one_of
        condition |= Q(pk__in=Reservation.objects.filter(every_word).values("pk"))
    digits = _NOT_DIGITS.sub("", q).removeprefix("00")
    if len(digits) >= 4 and digits.isdigit():
        condition |= Q(booker_phone__contains=digits) | Q(
            pk__in=Reservation.objects.filter(stays__guest_phone__contains=digits).values("pk")
        )
    return condition


def _param(name: str, kind: type, text: str) -> OpenApiParameter:
    return OpenApiParameter(name, kind, description=text)


_DATE = "YYYY-MM-DD, hotel-local; not a date: 400 VALIDATION_ERROR on this parameter."
OPENAPI_PARAMETERS = [
    _param(
        "status",
        str,
        f"One status or several comma separated: {', '.join(ReservationStatus.values)}. "
        "Another value: 400 VALIDATION_ERROR.",
    ),
    _param(
        "source",
        str,
        f"Where it was booked, one or several: {', '.join(ReservationSource.values)}.",
    ),
    _param("arrival_from", str, f"First night (arrival) on or after this date. {_DATE}"),
    _param("arrival_to", str, f"Arrival on or before this date (not before arrival_from). {_DATE}"),
    _param("departure_from", str, f"Departure on or after this date. {_DATE}"),
    _param("departure_to", str, f"Departure on or before this date. {_DATE}"),
    _param(
        "in_house_on",
        str,
        "A stay holds a room on this night (arrival <= night < departure), not cancelled "
        f"or no-show. {_DATE}",
    ),
    _param("room_type", str, "A stay of this room type: code, or several comma separated."),
    _param("rate_plan", str, "A stay at this rate plan: code, or several comma separated."),
    _param(
        "q",
        str,
        "Search: every word in the booker's or a guest's name, email or company; or the "
        "confirmation code; or a phone number (digits, any spacing). At most "
        f"{SEARCH_MAX} characters.",
    ),
    _param(
        "ordering",
        str,
        f"Sort by {', '.join(ORDERINGS)} ('-' in front: descending; several comma "
        "separated). Default arrival, code. Another name: 400 VALIDATION_ERROR.",
    ),
]
