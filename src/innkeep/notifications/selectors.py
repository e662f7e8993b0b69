"""Reads: which template a message uses, and what it may say about a reservation."""

from __future__ import annotations

from typing import Any

from innkeep.core.tenants import current_schema
from innkeep.notifications.defaults import DEFAULTS, FALLBACK_LANGUAGE, DefaultTemplate
from innkeep.notifications.models import MessageTemplate
from innkeep.notifications.rendering import build_context
from innkeep.properties.models import HotelProfile
from innkeep.reservations.models import Reservation
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.selectors import hotel_base_url


def primary_language(tag: str) -> str:
    """ "es-ES", "ES", "es_es" -> "es"; "" -> ""."""
    return tag.replace("_", "-").split("-", 1)[0].strip().lower()


def template_for(
    *, trigger: str, channel: str, language: str
) -> tuple[MessageTemplate | DefaultTemplate, str] | None:
    """The template a message of `trigger` on `channel` uses, and its language: the hotel's
    own in `language`, else the shipped one in it, else the same two in English. None when
    there is none at all (a channel without templates yet)."""
    wanted = primary_language(language) or FALLBACK_LANGUAGE
    own = {
        row.language: row
        for row in MessageTemplate.objects.filter(
            trigger=trigger, channel=channel, language__in={wanted, FALLBACK_LANGUAGE}
        )
    }
    for lang in dict.fromkeys([wanted, FALLBACK_LANGUAGE]):
        found = own.get(lang) or DEFAULTS.get((trigger, channel, lang))
        if found is not None:
            return found, lang
    return None


def context_for(*, reservation: Reservation, language: str) -> dict[str, Any]:
    """The documented variables (rendering.VARIABLES) for `reservation`, as plain data."""
    profile = HotelProfile.objects.get()
    hotel = Hotel.objects.get(schema_name=current_schema())
    site = f"{hotel_base_url(hotel=hotel)}/"
    address = ", ".join(
        part
        for part in [
            profile.address_line1,
            profile.address_line2,
            " ".join(p for p in [profile.postal_code, profile.city] if p),
        ]
        if part
    )
    stays = list(reservation.stays.select_related("room_type").order_by("check_in", "id"))
    return build_context(
        hotel={
            "name": profile.name,
            "email": profile.email,
            "phone": profile.phone,
            "website": profile.website,
            "address": address,
            "check_in_time": profile.check_in_time.strftime("%H:%M"),
            "check_out_time": profile.check_out_time.strftime("%H:%M"),
        },
        guest={
            "first_name": reservation.booker_first_name,
            "last_name": reservation.booker_last_name,
        },
        reservation={
            "code": reservation.code,
            "status": reservation.status,
            "total": reservation.total,
            "currency": reservation.currency,
            "cancellation_fee": reservation.cancellation_fee,
            "special_requests": reservation.special_requests,
        },
        rooms=[
            {
                "room_type": stay.room_type.name,
                "arrival": stay.check_in,
                "departure": stay.check_out,
                "adults": stay.adults,
                "children": stay.children,
            }
            for stay in stays
        ],
        links={"site": site, "review": profile.website or site},
        language=language,
    )
