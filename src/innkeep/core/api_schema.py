"""OpenAPI pieces shared by every app: the error envelope and its responses."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorBody",
            fields={
                "code": serializers.CharField(
                    help_text="UPPER_SNAKE error code, see docs/errors.md"
                ),
                "message": serializers.CharField(help_text="Human-readable explanation."),
                "details": serializers.DictField(
                    help_text="Extra data; for VALIDATION_ERROR: {fields: {field: [messages]}}."
                ),
            },
        )
    },
)

_DESCRIPTIONS = {
    400: (
        "VALIDATION_ERROR",
        "Invalid input.",
        {"fields": {"subdomain": ["This field is required."]}},
    ),
    401: ("NOT_AUTHENTICATED", "Authentication credentials were not provided.", {}),
    403: ("PERMISSION_DENIED", "You do not have permission to perform this action.", {}),
    404: ("NOT_FOUND", "Not found.", {}),
    409: ("CONFLICT", "The request conflicts with the current state.", {}),
    422: (
        "IDEMPOTENCY_KEY_REUSED",
        "This Idempotency-Key was already used with a different request body.",
        {},
    ),
    429: ("THROTTLED", "Request was throttled.", {"retry_after": 30}),
}


def ERROR_RESPONSES(*statuses: int) -> dict[int, Any]:
    responses: dict[int, Any] = {}
    for status in statuses:
        code, message, details = _DESCRIPTIONS[status]
        responses[status] = OpenApiResponse(
            response=ErrorSerializer,
            description=message,
            examples=[
                OpenApiExample(
                    code,
                    value={"error": {"code": code, "message": message, "details": details}},
                    response_only=True,
                    status_codes=[str(status)],
                )
            ],
        )
    return responses


PAGE_REFUSED = OpenApiResponse(
    response=ErrorSerializer,
    description="`page` or `page_size` is not a whole number in its range.",
    examples=[
        OpenApiExample(
            "VALIDATION_ERROR",
            value={
                "error": {
                    "code": "VALIDATION_ERROR",
                    "message": "Some fields are not valid.",
                    "details": {"fields": {"page": ["Use a whole number from 1."]}},
                }
            },
            response_only=True,
            status_codes=["400"],
        )
    ],
)


class PaginatedListSchema(AutoSchema):
    """Every paginated list documents its 400 for a bad `page` or `page_size`
    (innkeep.core.pagination), whatever else its view declares."""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if self.method == "GET" and self._is_list_view() and self._get_paginator() is not None:
            responses.setdefault("400", self._get_response_for_code(PAGE_REFUSED, "400"))
        return responses
