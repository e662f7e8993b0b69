"""Serializer fields shared by every app, and a way for a field to say in the OpenAPI document
what a check of the server enforces beyond what DRF knows (a pattern a service checks, the
list of values a custom validator takes). The OpenAPI generator (core/openapi.py) merges
what `openapi_keywords(direction)` returns into the field's schema."""

from __future__ import annotations

import copy
import datetime
import re
from typing import Any, TypeVar

from django.contrib.auth import password_validation
from rest_framework import serializers

F = TypeVar("F", bound=serializers.Field)  # type: ignore[type-arg]


def documented(field: F, **keywords: Any) -> F:
    """`field`, whose schema also carries `keywords` (a keyword set to None is removed).
    For a rule checked elsewhere (a service, a cross-field validator): the check stays where
    it is, the document says it. The keywords live on a subclass because a serializer makes
    its fields anew (DRF's Field.__deepcopy__) from their class and arguments."""
    base = type(field)

    def openapi_keywords(self: Any, direction: str) -> dict[str, Any]:
        inherited = getattr(super(subclass, self), "openapi_keywords", None)
        return {**(inherited(direction) if inherited else {}), **keywords}

    subclass = type(base.__name__, (base,), {"openapi_keywords": openapi_keywords})
    clone = copy.deepcopy(field)  # a fresh field from the same arguments, as DRF makes them
    clone.__class__ = subclass
    return clone


def percent_field(**kwargs: Any) -> serializers.DecimalField:
    """A share from 0 to 100 with two decimals ("30.00"), as the percent columns store it."""
    return serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, **kwargs
    )


def any_case(pattern: str) -> str:
    """`pattern` for a value the server upper- or lower-cases before checking it."""
    return re.sub("A-Z|a-z", "A-Za-z", pattern)


def password_min_length() -> int:
    """The shortest password Django's configured validators take."""
    lengths = [
        validator.min_length
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=1)


# A wall-clock time of the hotel's day: no date, no offset (check-in at 15:00 stays 15:00
# when the clocks change). OpenAPI's `format: time` is RFC 3339's full-time, which needs an
# offset, so the document says it with a pattern instead.
CLOCK_TIME = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$")
CLOCK_TIME_ANSWER = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]$"


class ClockTimeField(serializers.TimeField):
    """A wall-clock time as "HH:MM". Takes "HH:MM" or "HH:MM:SS" (the seconds are dropped:
    a hotel's day is planned in minutes)."""

    default_error_messages = {"invalid": 'Use HH:MM, e.g. "15:00".'}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "%H:%M")
        kwargs.setdefault("input_formats", ["%H:%M", "%H:%M:%S"])
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime.time:
        if isinstance(value, datetime.time):
            return value.replace(second=0, microsecond=0)
        if not isinstance(value, str) or not CLOCK_TIME.match(value):
            self.fail("invalid")
        parsed: datetime.time = super().to_internal_value(value)
        return parsed.replace(second=0, microsecond=0)

    def openapi_keywords(self, direction: str) -> dict[str, Any]:
        pattern = CLOCK_TIME.pattern if direction == "request" else CLOCK_TIME_ANSWER
        return {"format": None, "pattern": pattern}


# The shape of an answer: every field of its Meta read-only. The API writes through input
# serializers and the services, never through a model serializer's save(). (A comment, not
# a docstring: the OpenAPI document would give it to every answer as its description.)
class AnswerSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        meta = vars(cls).get("Meta")
        if meta is not None and "fields" in vars(meta) and "read_only_fields" not in vars(meta):
            meta.read_only_fields = meta.fields
