"""`innkeep create_hotel`: sign a hotel up from the command line, through the same service as
the signup API (same validation, same fast provisioning)."""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from innkeep.core.errors import ValidationFailed
from innkeep.tenancy.selectors import hotel_urls
from innkeep.tenancy.services import SubdomainTaken, hotel_signup

DEFAULT_TIMEZONE = "Europe/Madrid"
DEFAULT_CURRENCY = "EUR"
DEFAULT_COUNTRY = "ES"

# Service field -> command-line option, so errors name what the user typed.
OPTIONS = {
    "hotel_name": "--name",
    "subdomain": "--subdomain",
    "owner_email": "--owner-email",
    "owner_password": "--owner-password",
    "owner_first_name": "--owner-first-name",
    "owner_last_name": "--owner-last-name",
    "timezone": "--timezone",
    "currency": "--currency",
    "country": "--country",
}


class Command(BaseCommand):
    help = "Create a hotel: its schema, domain <subdomain>.ROOT_DOMAIN, owner and profile."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True, help="The hotel's name.")
        parser.add_argument("--subdomain", required=True, help="e.g. grand -> grand.localhost")
        parser.add_argument("--owner-email", required=True)
        parser.add_argument(
            "--owner-password", help="Asked for when omitted and the terminal is interactive."
        )
        parser.add_argument("--owner-first-name", required=True)
        parser.add_argument("--owner-last-name", required=True)
        parser.add_argument("--timezone", default=DEFAULT_TIMEZONE, help="IANA time zone.")
        parser.add_argument("--currency", default=DEFAULT_CURRENCY, help="ISO 4217 code.")
        parser.add_argument("--country", default=DEFAULT_COUNTRY, help="ISO 3166 alpha-2 code.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            provisioned = hotel_signup(
                hotel_name=options["name"],
                subdomain=options["subdomain"],
                owner_email=options["owner_email"],
                owner_password=owner_password(options["owner_password"]),
                owner_first_name=options["owner_first_name"],
                owner_last_name=options["owner_last_name"],
                timezone=options["timezone"],
                currency=options["currency"],
                country=options["country"],
            )
        except ValidationFailed as exc:
            raise CommandError(validation_message(exc.fields)) from None
        except SubdomainTaken as exc:
            raise CommandError(
                f"Hotel not created: subdomain {exc.details['subdomain']!r} is already taken."
            ) from None
        hotel = provisioned.hotel
        self.stdout.write(
            self.style.SUCCESS(
                f"Created hotel {hotel.name!r} (schema {hotel.schema_name}, "
                f"from {provisioned.schema_source}); owner {options['owner_email'].strip()}."
            )
        )
        for label, url in hotel_urls(hotel=hotel).items():
            self.stdout.write(f"  {label + ':':<7}{url}")


def owner_password(given: str | None) -> str:
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CommandError("Hotel not created: --owner-password is required.")
    return getpass.getpass("Owner's password: ")


def validation_message(fields: dict[str, list[str]]) -> str:
    lines = ["Hotel not created:"]
    for field, messages in fields.items():
        lines += [f"  {OPTIONS.get(field, field)}: {message}" for message in messages]
    return "\n".join(lines)
