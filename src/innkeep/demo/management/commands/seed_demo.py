"""`innkeep seed_demo`: the demo hotel that `make run` shows, made through the signup service.

Idempotent: each part creates what is missing and leaves the rest alone, so running it again
changes nothing. To seed more, add a `seed_<part>(hotel)` function that works inside
`schema_context(hotel.schema_name)` and call it from `Command.handle`. The catalogue (room
types, rooms, rates, restrictions, taxes, extras, promo code, inventory calendar) is built by
`innkeep.demo.catalogue`; a year of reservations by `innkeep.demo.year` (once; through the
reservations' bulk import). Both in one transaction.

Demo owner (documented in README.md): owner@demo.test / demo-Owner-2027.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django_tenants.utils import schema_context

from innkeep.demo.catalogue import SeedReport, catalogue_summary, seed_catalogue
from innkeep.demo.year import seed_year, year_summary
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.selectors import hotel_urls
from innkeep.tenancy.services import SubdomainTaken, hotel_signup

DEMO_HOTEL: dict[str, Any] = {
    "hotel_name": "Demo Hotel",
    "subdomain": "demo",
    "owner_email": "owner@demo.test",
    "owner_password": "demo-Owner-2027",
    "owner_first_name": "Demo",
    "owner_last_name": "Owner",
    "timezone": "Europe/Madrid",
    "currency": "EUR",
    "country": "ES",
}


def seed_hotel() -> tuple[Hotel, bool]:
    """The demo hotel, signed up if it does not exist yet. Returns (hotel, created)."""
    hotel = Hotel.objects.filter(subdomain=DEMO_HOTEL["subdomain"]).first()
    if hotel is not None:
        return hotel, False
    try:
        return hotel_signup(**DEMO_HOTEL).hotel, True
    except SubdomainTaken:  # another seed_demo won the race
        return Hotel.objects.get(subdomain=DEMO_HOTEL["subdomain"]), False


def seed_catalogue_of(hotel: Hotel) -> tuple[SeedReport, list[str]]:
    """What the demo hotel sells: whatever of it is missing is added. Returns what was added
    and a summary of the catalogue as it now is."""
    with schema_context(hotel.schema_name), transaction.atomic():
        report = seed_catalogue()
        seed_year(report)
        return report, [*catalogue_summary(), year_summary()]


class Command(BaseCommand):
    help = (
        "Create the demo hotel (subdomain 'demo') and its catalogue (room types, rooms, rates, "
        "restrictions, taxes, extras, promo code, inventory) where missing, and a year of "
        "reservations once. Safe to re-run."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        hotel, created = seed_hotel()
        report, summary = seed_catalogue_of(hotel)
        if created:
            self.stdout.write(self.style.SUCCESS(f"Created the demo hotel {hotel.name!r}."))
        elif report.changed:
            added = ", ".join(f"{n} {part}" for part, n in report.added.items() if n)
            self.stdout.write(f"The demo hotel {hotel.name!r} already exists; added {added}.")
        else:
            self.stdout.write(f"The demo hotel {hotel.name!r} already exists; nothing changed.")
        urls = hotel_urls(hotel=hotel)
        self.stdout.write(f"  site:  {urls['site']}")
        self.stdout.write(
            f"  admin: {urls['admin']} "
            f"({DEMO_HOTEL['owner_email']} / {DEMO_HOTEL['owner_password']})"
        )
        for line in summary:
            self.stdout.write(f"  {line}")
