"""Two admin sites: the platform's (root domain, operators) and each hotel's (its staff).

Platform models are registered on `platform_admin_site` only, so they never show up in a
hotel's admin; hotel models are registered on `hotel_admin_site` only. Both sign in through
the guarded form (rate limits, lockout, attempt log) that `settings.ADMIN_LOGIN_FORM` names:
it belongs to accounts, above core."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string


class GuardedLoginSite(admin.AdminSite):
    @property
    def login_form(self) -> Any:  # type: ignore[override]
        return import_string(settings.ADMIN_LOGIN_FORM)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        retry_after = getattr(form, "retry_after", None)
        if retry_after is not None:
            response.status_code = 429
            response["Retry-After"] = str(retry_after)
        return response


class PlatformAdminSite(GuardedLoginSite):
    site_header = "Innkeep platform"
    site_title = "Innkeep platform"
    index_title = "Hotels and plans"


class HotelAdminSite(GuardedLoginSite):
    index_title = "Run the hotel"

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        hotel = getattr(request, "hotel", None)
        name = hotel.name if hotel is not None else "Hotel"
        context.update(site_header=name, site_title=name)
        return context


platform_admin_site = PlatformAdminSite(name="platform_admin")
hotel_admin_site = HotelAdminSite(name="admin")
