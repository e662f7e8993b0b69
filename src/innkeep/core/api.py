"""API-layer helpers shared by every app's views."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.response import Response

from innkeep.core import phones
from innkeep.core.idempotency import (
    HEADER,
    KEY_PATTERN,
    IdempotencyKeyInvalid,
    body_fingerprint,
    claim,
    finish,
)


def idempotent(view_method: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a DRF view method (e.g. `post`) to honour the Idempotency-Key header."""

    @functools.wraps(view_method)
    def wrapper(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        key = request.headers.get(HEADER)
        if key is None:
            return view_method(self, request, *args, **kwargs)
        if not KEY_PATTERN.match(key):
            raise IdempotencyKeyInvalid()
        fingerprint = body_fingerprint(request._request.body)
        user_id = getattr(request.user, "pk", None) or "anon"
        scope = f"{request.method} {request.path} user:{user_id}"
        record = claim(scope=scope, key=key, fingerprint=fingerprint)
        if record.status_code is not None:
            response = Response(record.response_body, status=record.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = view_method(self, request, *args, **kwargs)
        except Exception as exc:
            response = self.handle_exception(exc)
        finish(record=record, status_code=response.status_code, body=response.data)
        return response

    return wrapper


@functools.cache
def _query_fields(serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    serializer = serializer_class()
    if type(serializer).validate is not serializers.Serializer.validate:
        raise TypeError(f"{serializer_class.__name__} validates across fields: use is_valid()")
    return dict(serializer.fields)


def parse_query(serializer_class: type[serializers.Serializer], query: Any) -> dict[str, Any]:
    """What `serializer_class(data=query).is_valid(raise_exception=True)` gives, for a
    serializer of independent fields (query parameters): the same values and the same
    ValidationError, without building the serializer and deep-copying its fields on every
    request (a tenth of a search's cost)."""
    values: dict[str, Any] = {}
    problems: dict[str, Any] = {}
    for name, field in _query_fields(serializer_class).items():
        try:
            values[name] = field.run_validation(field.get_value(query))
        except serializers.ValidationError as exc:
            problems[name] = exc.detail
        except SkipField:
            pass
    if problems:
        raise serializers.ValidationError(problems)
    return values


PHONE_INPUT_HELP = (
    "A phone number as people write it: with its country code (+34 612 345 678, "
    "0034 612 345 678) or as a national number of the hotel's country (612 345 678 in a "
    'Spanish hotel). Stored and answered as E.164 (+34612345678); "" removes it. A number '
    "that is not valid is refused with 400 VALIDATION_ERROR on this field."
)


@extend_schema_field({"type": "string", "maxLength": 32, "example": "+34 612 345 678"})
class PhoneInputField(serializers.CharField):
    """A phone number to store: the service normalises it to E.164 (innkeep.core.phones)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("help_text", PHONE_INPUT_HELP)
        super().__init__(**kwargs)


@extend_schema_field(
    {"type": "string", "pattern": phones.E164_OR_BLANK_PATTERN, "example": phones.EXAMPLE}
)
class PhoneField(serializers.CharField):
    """A stored phone number as answers show it: E.164, or "" when there is none."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("help_text", phones.STORED_HELP)
        super().__init__(**kwargs)
