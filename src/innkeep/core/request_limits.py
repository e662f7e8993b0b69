"""How large and how complex a request may be (docs/operations.md, "Limits at the edge").

- The whole body: `REQUEST_BODY_MAX_BYTES` (a 5 MB room photo and its form fit), the same
  number as nginx's `client_max_body_size` (nginx/innkeep/site.conf; a test compares them).
  Past it the answer is 413 PAYLOAD_TOO_LARGE: from nginx, or from RequestSizeMiddleware
  when no nginx is in front, before anything reads the body.
- Everything but uploaded files (a JSON body, form fields): `DATA_UPLOAD_MAX_MEMORY_SIZE`,
  413 PAYLOAD_TOO_LARGE; more than `DATA_UPLOAD_MAX_NUMBER_FIELDS` fields or
  `DATA_UPLOAD_MAX_NUMBER_FILES` files: 400 MALFORMED_REQUEST. Django raises these while a
  view reads the body; `limit_error` names the answer for the API's exception handler and
  for the pages' 400 handler.
- JSON nesting: innkeep.core.parsers (400 MALFORMED_REQUEST).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest

from innkeep.core.errors import InnkeepError, MalformedRequest, PayloadTooLarge


def too_large(max_bytes: int) -> PayloadTooLarge:
    return PayloadTooLarge(
        f"The request body is too large: at most {max_bytes} bytes.",
        details={"max_bytes": max_bytes},
    )


def body_too_large(request: HttpRequest) -> PayloadTooLarge | None:
    """The refusal of a request that announces a body over REQUEST_BODY_MAX_BYTES."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None  # the WSGI server answers a malformed length itself
    if length > settings.REQUEST_BODY_MAX_BYTES:
        return too_large(settings.REQUEST_BODY_MAX_BYTES)
    return None


def limit_error(exc: Exception) -> InnkeepError | None:
    """The answer to one of Django's request-size refusals; None for any other exception."""
    if isinstance(exc, RequestDataTooBig):
        return too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return MalformedRequest(
            f"The request has more than {limit} fields.", details={"max_fields": limit}
        )
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return MalformedRequest(
            f"The request has more than {limit} files.", details={"max_files": limit}
        )
    return None
