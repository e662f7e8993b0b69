"""Routes each request by its Host: the root domain to the platform (public schema), a
hotel's domain to that hotel's schema. An unknown host is a clean 404; a closed hotel 410;
a suspended hotel is read-only (403 HOTEL_SUSPENDED on writes)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import set_urlconf

from innkeep.core import errors as core_errors
from innkeep.core.exception_handler import error_body
from innkeep.core.tenants import activate_hotel, activate_public, current_tenant
from innkeep.tenancy import errors
from innkeep.tenancy.models import HotelStatus
from innkeep.tenancy.selectors import hotel_for_host

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Staff of a suspended hotel can still sign in and out to read their data.
WRITES_ALLOWED_WHEN_SUSPENDED = frozenset(
    {
        "/admin/login/",
        "/admin/logout/",
        "/api/v1/auth/token/",
        "/api/v1/auth/token/refresh/",
        "/api/v1/auth/logout/",
    }
)


def _refusal(request: HttpRequest, *, status: int, code: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(error_body(code, message), status=status)
    return render(
        request,
        "tenancy/no_hotel.html",
        {"message": message, "root": settings.ROOT_DOMAIN},
        status=status,
    )


class HotelRoutingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate_public()
        try:
            host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        except DisallowedHost:
            return _refusal(
                request,
                status=404,
                code=core_errors.HOTEL_NOT_FOUND,
                message="There is no hotel at this address.",
            )
        if host == settings.ROOT_DOMAIN:
            request.tenant = current_tenant()  # type: ignore[attr-defined]
            request.hotel = None  # type: ignore[attr-defined]
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
        else:
            hotel = hotel_for_host(host=host)  # this request's own instance
            if hotel is None:
                return _refusal(
                    request,
                    status=404,
                    code=core_errors.HOTEL_NOT_FOUND,
                    message="There is no hotel at this address.",
                )
            if not hotel.is_open:
                return _refusal(
                    request,
                    status=410,
                    code=errors.HOTEL_CLOSED,
                    message="This hotel no longer takes guests on Innkeep.",
                )
            if (
                hotel.status == HotelStatus.SUSPENDED
                and request.method not in SAFE_METHODS
                and request.path not in WRITES_ALLOWED_WHEN_SUSPENDED
            ):
                return _refusal(
                    request,
                    status=403,
                    code=errors.HOTEL_SUSPENDED,
                    message="This hotel's account is suspended: everything is read-only.",
                )
            hotel.domain_url = host
            activate_hotel(hotel)
            request.tenant = hotel  # type: ignore[attr-defined]
            request.hotel = hotel  # type: ignore[attr-defined]
            request.urlconf = settings.ROOT_URLCONF  # type: ignore[attr-defined]
        set_urlconf(request.urlconf)  # type: ignore[attr-defined]
        return self.get_response(request)
