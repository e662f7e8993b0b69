from __future__ import annotations

from innkeep.properties.models import HotelProfile


def hotel_profile_create(
    *,
    name: str,
    timezone: str,
    currency: str,
    country: str,
    email: str = "",
    languages: list[str] | None = None,
) -> HotelProfile:
    return HotelProfile.objects.create(
        name=name,
        timezone=timezone,
        currency=currency,
        country=country,
        email=email,
        languages=languages or ["en"],
    )
