"""Error pages: JSON with the standard shape under /api/, plain pages elsewhere.
Never a stack trace (DEBUG is off outside development)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from django.views.defaults import ERROR_PAGE_TEMPLATE, page_not_found, server_error

from innkeep.core import errors
from innkeep.core.exception_handler import error_body
from innkeep.core.request_limits import limit_error

_TITLES = {400: "Bad Request", 413: "Request Too Large"}


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, error: errors.InnkeepError) -> HttpResponse:
    """`error` as the API answers it under /api/, as a plain page elsewhere."""
    if _wants_json(request):
        return JsonResponse(
            error_body(error.code, error.message, error.details), status=error.status
        )
    title = f"{_TITLES.get(error.status, 'Error')} ({error.status})"
    page = ERROR_PAGE_TEMPLATE % {"title": title, "details": escape(error.message)}
    return HttpResponse(page, status=error.status)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(error_body(errors.NOT_FOUND, "Not found."), status=404)
    return page_not_found(request, exception or Exception("Not found"))


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's 400 (a SuspiciousOperation, e.g. a form too large or with too many fields,
    read by a page or by the CSRF check): 413 for a body too large, 400 otherwise."""
    error = (limit_error(exception) if exception else None) or errors.InnkeepError(
        "The request could not be understood.", code=errors.MALFORMED_REQUEST
    )
    return error_response(request, error)


def internal_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse(
            error_body(errors.INTERNAL_ERROR, "An unexpected error occurred."), status=500
        )
    return server_error(request)
