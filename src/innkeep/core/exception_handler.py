"""One error shape for every API response.

`{"error": {"code": "UPPER_SNAKE", "message": "...", "details": {...}}}`. Validation errors
carry `details.fields = {field: [messages]}`. Unexpected exceptions become a bare
INTERNAL_ERROR: the trace goes to the log (and Sentry), never to the client.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response

from innkeep.core import errors
from innkeep.core.request_limits import limit_error

logger = logging.getLogger("innkeep.errors")

_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.ParseError: errors.PARSE_ERROR,
    exceptions.AuthenticationFailed: errors.AUTHENTICATION_FAILED,
    exceptions.NotAuthenticated: errors.NOT_AUTHENTICATED,
    exceptions.PermissionDenied: errors.PERMISSION_DENIED,
    exceptions.NotFound: errors.NOT_FOUND,
    exceptions.MethodNotAllowed: errors.METHOD_NOT_ALLOWED,
    exceptions.NotAcceptable: errors.NOT_ACCEPTABLE,
    exceptions.UnsupportedMediaType: errors.UNSUPPORTED_MEDIA_TYPE,
    exceptions.Throttled: errors.THROTTLED,
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def _flatten(detail: Any) -> Any:
    """ErrorDetail trees -> plain lists of strings, keyed like the input."""
    if isinstance(detail, dict):
        return {str(k): _flatten(v) for k, v in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def validation_fields(detail: Any) -> dict[str, Any]:
    flat = _flatten(detail)
    if isinstance(flat, dict):
        return flat
    return {"non_field_errors": flat}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = limit_error(exc) or exc  # Django's refusals of a body too large or too complex
    if isinstance(exc, errors.InnkeepError):
        return Response(
            error_body(exc.code, exc.message, exc.details), status=exc.status, headers=exc.headers
        )

    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        body = error_body(
            errors.VALIDATION_ERROR,
            "Some fields are not valid.",
            {"fields": validation_fields(exc.detail)},
        )
        return Response(body, status=status.HTTP_400_BAD_REQUEST)

    if isinstance(exc, exceptions.APIException):
        code = getattr(exc, "innkeep_code", None) or next(
            (c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)),
            str(exc.default_code).upper(),
        )
        details: dict[str, Any] = {}
        headers: dict[str, str] = {}
        wait = getattr(exc, "wait", None)
        if isinstance(exc, exceptions.Throttled) and wait is not None:
            details["retry_after"] = int(wait)
            headers["Retry-After"] = str(int(wait))
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        detail: Any = exc.detail
        message: str
        if isinstance(detail, str):
            message = detail
        elif isinstance(detail, dict) and isinstance(detail.get("detail"), str):
            message = detail["detail"]  # simplejwt puts its message here
        else:
            message = str(exc.default_detail)
        return Response(
            error_body(code, str(message), details), status=exc.status_code, headers=headers
        )

    logger.exception("Unhandled error in API view", exc_info=exc)
    return Response(
        error_body(errors.INTERNAL_ERROR, "An unexpected error occurred."),
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
