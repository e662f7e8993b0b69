"""Error codes shared by every app, and the exception domain code raises.

Domain code (services, selectors) raises `InnkeepError` subclasses; the API layer turns them
into `{"error": {"code", "message", "details"}}` with the class's HTTP status. Each app
declares its own codes in its `errors.py`; `docs/errors.md` lists them all.
"""

from __future__ import annotations

from typing import Any

VALIDATION_ERROR = "VALIDATION_ERROR"
PARSE_ERROR = "PARSE_ERROR"
MALFORMED_REQUEST = "MALFORMED_REQUEST"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
NOT_AUTHENTICATED = "NOT_AUTHENTICATED"
AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED"
PERMISSION_DENIED = "PERMISSION_DENIED"
NOT_FOUND = "NOT_FOUND"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
THROTTLED = "THROTTLED"
CONFLICT = "CONFLICT"
INVALID_STATUS_TRANSITION = "INVALID_STATUS_TRANSITION"
IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
IDEMPOTENCY_KEY_IN_PROGRESS = "IDEMPOTENCY_KEY_IN_PROGRESS"
IDEMPOTENCY_KEY_INVALID = "IDEMPOTENCY_KEY_INVALID"
HOTEL_NOT_FOUND = "HOTEL_NOT_FOUND"
INTERNAL_ERROR = "INTERNAL_ERROR"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"


class InnkeepError(Exception):
    """A refusal the client can act on. Subclasses fix `status` and usually `code`."""

    status: int = 400
    code: str = "BAD_REQUEST"
    default_message: str = "The request could not be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        details: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        self.details = details or {}
        self.headers = headers or {}
        super().__init__(self.message)


class ValidationFailed(InnkeepError):
    """Field-level validation failure raised by domain code: details.fields = {field: [msgs]}."""

    status = 400
    code = VALIDATION_ERROR
    default_message = "Some fields are not valid."

    def __init__(self, fields: dict[str, list[str]], message: str | None = None) -> None:
        super().__init__(message, details={"fields": fields})
        self.fields = fields


class NotFound(InnkeepError):
    status = 404
    code = NOT_FOUND
    default_message = "Not found."


class Conflict(InnkeepError):
    status = 409
    code = CONFLICT
    default_message = "The request conflicts with the current state."


class InvalidTransition(Conflict):
    code = INVALID_STATUS_TRANSITION


class PayloadTooLarge(InnkeepError):
    """The body is larger than the server reads (nginx answers the same past its own limit)."""

    status = 413
    code = PAYLOAD_TOO_LARGE
    default_message = "The request body is too large."


class MalformedRequest(InnkeepError):
    """A body the server will not take apart: nested too deep, too many fields or files."""

    status = 400
    code = MALFORMED_REQUEST
    default_message = "The request body is outside the server's limits."


class Unprocessable(InnkeepError):
    status = 422
    code = "UNPROCESSABLE"
