"""Query-parameter filters of the staff API lists, as django-filter FilterSets.

A view names its FilterSet (`filterset_class`) and lists `FilterBackend`; the OpenAPI
parameters are generated from the FilterSet (drf-spectacular's django-filter extension), so
what is documented is what is parsed. A bad value is never ignored and never a 500: the
backend answers 400 `VALIDATION_ERROR` with `details.fields = {parameter: [messages]}`, the
project's standard shape. An empty value (`?active=`) means no filter.

The public availability search does not come here: it keeps its own hand-written parser,
which costs a fraction of a form per request on the hottest path.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import Choices, QuerySet
from django_filters import rest_framework as filters
from django_filters.fields import BaseCSVField
from django_filters.rest_framework import DjangoFilterBackend

from innkeep.core.errors import ValidationFailed

__all__ = [
    "ActiveFilterSet",
    "BooleanFilter",
    "CodesFilter",
    "DateRangeFilterSet",
    "DateRangeForm",
    "EnumFilter",
    "EnumsFilter",
    "FilterBackend",
    "FilterSet",
    "IntegerFilter",
    "date_filter",
]

FilterSet = filters.FilterSet


class FilterBackend(DjangoFilterBackend):  # type: ignore[misc]
    """DjangoFilterBackend raising the project's ValidationFailed (400 VALIDATION_ERROR,
    `details.fields`) instead of DRF's bare ValidationError."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationFailed(
                {
                    name: [str(message) for message in messages]
                    for name, messages in filterset.errors.items()
                }
            )
        result: QuerySet[Any] = filterset.qs
        return result


# --- booleans: true/1 or false/0, anything else is a 400 -------------------------------

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


class _StrictBooleanField(forms.Field):
    """django-filter's own boolean widget reads "perhaps" as "no filter": this one refuses it."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> bool | None:
        if value in self.empty_values:
            return None
        flag = _BOOLEANS.get(str(value).lower())
        if flag is None:
            raise forms.ValidationError("Use true or false.", code="invalid")
        return flag


class BooleanFilter(django_filters.BooleanFilter):  # type: ignore[misc]
    """Not django_filters.rest_framework's: its widget reads a bad value as no value."""

    field_class = _StrictBooleanField


# --- codes: "DBL,twn" -> ["DBL", "TWN"] -------------------------------------------------

CODES_MESSAGE = "Use codes (letters, digits, '-' or '_'), comma separated."
_CODE = re.compile(r"^[A-Z0-9_-]{1,32}$")


class _CodeField(forms.CharField):
    def to_python(self, value: Any) -> str:
        code = str(super().to_python(value)).upper()
        if code and not _CODE.match(code):
            raise forms.ValidationError(CODES_MESSAGE, code="invalid")
        return code


class _ListField(BaseCSVField):  # type: ignore[misc]
    def clean(self, value: Any) -> list[str] | None:
        # "DBL,,TWN" and "DBL," name two codes and one; nothing at all is no filter.
        codes = [code for code in super().clean(value) or [] if code]
        return codes or None


class CodesFilter(filters.BaseInFilter, filters.CharFilter):  # type: ignore[misc]
    """One code or several, comma separated; case does not matter. Documented as an array
    of strings (`style: form`, `explode: false`)."""

    base_field_class = _ListField
    field_class = _CodeField

    def __init__(self, field_name: str, what: str, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", f"{what} code, or several comma separated.")
        super().__init__(field_name=field_name, **kwargs)


# --- other scalars ---------------------------------------------------------------------


class EnumFilter(filters.ChoiceFilter):  # type: ignore[misc]
    """One of a TextChoices' values; documented with its enum."""

    def __init__(self, choices: type[Choices], *, message: str | None = None, **kwargs: Any):
        values = [str(value) for value in choices.values]
        kwargs.setdefault(
            "error_messages", {"invalid_choice": message or f"Use {', '.join(values)}."}
        )
        super().__init__(choices=choices.choices, **kwargs)


class _LowerChoiceField(forms.ChoiceField):
    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).strip().lower()


class EnumsFilter(filters.BaseInFilter, EnumFilter):  # type: ignore[misc]
    """One value of a TextChoices or several, comma separated, any case; documented as an
    array of its enum (`style: form`, `explode: false`)."""

    base_field_class = _ListField
    field_class = _LowerChoiceField


class IntegerFilter(filters.NumberFilter):  # type: ignore[misc]
    """A whole number within the bounds given (a number past the column's range would be a
    database error, not a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *, min_value: int, max_value: int, **kwargs: Any) -> None:
        message = "Use a whole number."
        kwargs["error_messages"] = {"invalid": message, "min_value": message, "max_value": message}
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class _IsoDateField(forms.DateField):
    """YYYY-MM-DD only: strptime alone would take 2027-3-1 too."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _ISO_DATE.match(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class _IsoDateFilter(filters.DateFilter):  # type: ignore[misc]
    field_class = _IsoDateField


def date_filter(
    lookup: str, help_text: str, field_name: str = "date", **kwargs: Any
) -> filters.DateFilter:
    """A YYYY-MM-DD date compared with `lookup` (gte, lte...) to `field_name`."""
    return _IsoDateFilter(
        field_name=field_name,
        lookup_expr=lookup,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": "Use a date as YYYY-MM-DD."},
        help_text=help_text,
        **kwargs,
    )


class DateRangeForm(forms.Form):
    """Each (first, last) pair of date parameters in `ranges`: last on or after first."""

    ranges: tuple[tuple[str, str], ...] = (("date_from", "date_to"),)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for first, last in self.ranges:
            start, end = cleaned.get(first), cleaned.get(last)
            if start and end and end < start:
                self.add_error(last, f"Must be on or after {first}.")
        return cleaned


class ActiveFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Lists of things that can be switched off: `?active=true|false`."""

    active = BooleanFilter(field_name="active", help_text="Only active (true) or inactive.")


class DateRangeFilterSet(filters.FilterSet):  # type: ignore[misc]
    """Calendar rows (a `date` column) from `date_from` to `date_to`, both inclusive."""

    date_from = date_filter("gte", "First date (YYYY-MM-DD), inclusive.")
    date_to = date_filter("lte", "Last date (YYYY-MM-DD), inclusive.")

    class Meta:
        form = DateRangeForm
