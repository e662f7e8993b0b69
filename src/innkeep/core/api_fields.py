"""Serializer fields shared by every app, and a way for a field to say in the OpenAPI document
what a check of the server enforces beyond what DRF knows (a pattern a service checks, the
list of values a custom validator takes). The OpenAPI generator (core/openapi.py) merges
what `openapi_keywords(direction)` returns into the field's schema."""

from __future__ import annotations

import datetime
import re
from typing import Any, TypeVar

from rest_framework import serializers

F = TypeVar("F", bound=serializers.Field)  # type: ignore[type-arg]


def documented(field: F, **keywords: Any) -> F:
    """`field`, whose schema also carries `keywords` (a keyword set to None is removed).
    For a rule checked elsewhere (a service, a cross-field validator): the check stays where
    it is, the document says it."""

    def openapi_keywords(direction: str) -> dict[str, Any]:
        return keywords

    field.openapi_keywords = openapi_keywords  # type: ignore[attr-defined]
    return field


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
        return {"format": None, "pattern": pattern, "example": "15:00"}
