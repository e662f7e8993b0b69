"""Request id: taken from X-Request-ID when a proxy set a sane one, else made here; echoed back.
Request size: a body over the limit is refused before anything reads it."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from innkeep.core.request_limits import body_too_large
from innkeep.core.views import error_response

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RequestSizeMiddleware:
    """413 PAYLOAD_TOO_LARGE for a body announced over REQUEST_BODY_MAX_BYTES, as nginx
    answers in front of the app: the same limit and answer with or without it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = body_too_large(request)
        if refusal is not None:
            return error_response(request, refusal)
        return self.get_response(request)
