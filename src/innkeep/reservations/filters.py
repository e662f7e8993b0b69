"""The staff reservation list's query parameters, a django-filter FilterSet (innkeep.core.filters,
like the other staff lists): the OpenAPI parameters are generated from it, a bad value is
400 VALIDATION_ERROR naming the parameter, and it filters the list."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import ChoiceField

from innkeep.core.filters import CodesFilter, DateRangeForm, EnumsFilter, FilterSet, date_filter
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
DEFAULT_ORDERING = "arrival"
_NOT_DIGITS = re.compile(r"[\s().+-]")
_DATE = "YYYY-MM-DD, hotel-local; not a date: 400 VALIDATION_ERROR on this parameter."
_SEARCH_MESSAGE = f"Use at most {SEARCH_MAX} characters of text."


class _StayRangesForm(DateRangeForm):
    ranges = (("arrival_from", "arrival_to"), ("departure_from", "departure_to"))


class _OrderingName(ChoiceField):  # type: ignore[misc]
    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip()  # "arrival, -total"


class _Ordering(filters.OrderingFilter):  # type: ignore[misc]
    """Several names, comma separated, then the code (a stable order for the pages);
    nothing given: arrival, code."""

    field_class = _OrderingName

    def filter(self, reservations: QuerySet[Reservation], value: Any) -> QuerySet[Reservation]:
        names = [self.get_ordering_value(name) for name in value or [] if name]
        return reservations.order_by(*(names or [DEFAULT_ORDERING]), "code")


def _choices_message(choices: list[str]) -> str:
    return f"Use {', '.join(choices)} (several comma separated)."


class ReservationFilter(FilterSet):  # type: ignore[misc]
    """`reservations` needs the `arrival` and `departure` annotations (selectors)."""

    status = EnumsFilter(
        ReservationStatus,
        field_name="status",
        message=_choices_message(ReservationStatus.values),
        help_text=f"One status or several comma separated: "
        f"{', '.join(ReservationStatus.values)}. Another value: 400 VALIDATION_ERROR.",
    )
    source = EnumsFilter(
        ReservationSource,
        field_name="source",
        message=_choices_message(ReservationSource.values),
        help_text=f"Where it was booked, one or several: {', '.join(ReservationSource.values)}.",
    )
    arrival_from = date_filter(
        "gte", f"First night (arrival) on or after this date. {_DATE}", "arrival"
    )
    arrival_to = date_filter(
        "lte", f"Arrival on or before this date (not before arrival_from). {_DATE}", "arrival"
    )
    departure_from = date_filter("gte", f"Departure on or after this date. {_DATE}", "departure")
    departure_to = date_filter("lte", f"Departure on or before this date. {_DATE}", "departure")
    in_house_on = date_filter(
        "exact",
        "A stay holds a room on this night (arrival <= night < departure), not cancelled "
        f"or no-show. {_DATE}",
        method="filter_in_house_on",
    )
    room_type = CodesFilter("room_type__code", "A stay of this room type:", method="filter_stays")
    rate_plan = CodesFilter("rate_plan__code", "A stay at this rate plan:", method="filter_stays")
    q = filters.CharFilter(
        method="search",
        max_length=SEARCH_MAX,
        error_messages={
            "max_length": _SEARCH_MESSAGE,
            "null_characters_not_allowed": _SEARCH_MESSAGE,
        },
        help_text="Search: every word in the booker's or a guest's name, email or company; or "
        "the confirmation code; or a phone number (digits, any spacing). At most "
        f"{SEARCH_MAX} characters.",
    )
    ordering = _Ordering(
        fields=ORDERINGS,
        error_messages={"invalid_choice": f"Use {', '.join(ORDERINGS)}, each may start with '-'."},
        help_text=f"Sort by {', '.join(ORDERINGS)} ('-' in front: descending; several comma "
        "separated). Default arrival, code. Another name: 400 VALIDATION_ERROR.",
    )

    class Meta:
        form = _StayRangesForm

    def filter_in_house_on(
        self, reservations: QuerySet[Reservation], name: str, night: date
    ) -> QuerySet[Reservation]:
        return with_stay(
            reservations.filter(status__in=OCCUPYING_STATUSES),
            check_in__lte=night,
            check_out__gt=night,
        )

    def filter_stays(
        self, reservations: QuerySet[Reservation], name: str, codes: list[str]
    ) -> QuerySet[Reservation]:
        return with_stay(reservations, **{f"{name}__in": codes})

    def search(
        self, reservations: QuerySet[Reservation], name: str, q: str
    ) -> QuerySet[Reservation]:
        return reservations.filter(search_condition(q))


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
