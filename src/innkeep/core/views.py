"""Error pages: JSON with the standard shape under /api/, plain pages elsewhere.
Never a stack trace (DEBUG is off outside development)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.defaults import page_not_found, server_error

from innkeep.core import errors
from innkeep.core.exception_handler import error_body


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body(errors.NOT_FOUND, "Not found."), status=404)
    return page_not_found(request, exception or Exception("Not found"))


def internal_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            error_body(errors.INTERNAL_ERROR, "An unexpected error occurred."), status=500
        )
    return server_error(request)
