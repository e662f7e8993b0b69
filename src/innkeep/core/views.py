"""Error pages: JSON with the standard shape under /api/, plain pages elsewhere.
Never a stack trace (DEBUG is off outside development)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.urls import resolve
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
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


@csrf_exempt  # any method reaches it; it reads nothing and changes nothing
def api_not_found(request: HttpRequest, path: str = "") -> HttpResponse:
    """Every /api/ path no route matched: the API's 404, whatever DEBUG says (Django's
    debug 404 page would answer HTML to a JSON client). A route's path without its final
    slash is redirected on a read, as APPEND_SLASH did; a write is told where to go, since
    a redirect would lose its body."""
    if not request.path_info.endswith("/"):
        with_slash = f"{request.path_info}/"
        if resolve(with_slash, getattr(request, "urlconf", None)).func is not api_not_found:
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            return JsonResponse(
                error_body(
                    errors.NOT_FOUND, f"Not found. API paths end with a slash: {with_slash}"
                ),
                status=404,
            )
    return JsonResponse(error_body(errors.NOT_FOUND, "Not found."), status=404)


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
