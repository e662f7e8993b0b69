"""Two admin sites: the platform's (root domain, operators) and each hotel's (its staff).

Platform models are registered on `platform_admin_site` only, so they never show up in a
hotel's admin; hotel models are registered on `hotel_admin_site` only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class PlatformAdminSite(admin.AdminSite):
    site_header = "Innkeep platform"
    site_title = "Innkeep platform"
    index_title = "Hotels and plans"


class HotelAdminSite(admin.AdminSite):
    index_title = "Run the hotel"

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        context = super().each_context(request)
        hotel = getattr(request, "hotel", None)
        name = hotel.name if hotel is not None else "Hotel"
        context.update(site_header=name, site_title=name)
        return context


platform_admin_site = PlatformAdminSite(name="platform_admin")
hotel_admin_site = HotelAdminSite(name="admin")
