"""What the hotel-wide management commands share."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser
from django.db.models import QuerySet

from innkeep.tenancy.models import Hotel


def hotels_chosen(schema: str | None) -> QuerySet[Hotel]:
    """Every hotel by schema name, or only the one `--schema` names (exit code 2 when
    there is none)."""
    hotels = Hotel.objects.order_by("schema_name")
    if schema:
        hotels = hotels.filter(schema_name=schema)
        if not hotels:
            raise CommandError(f"no hotel with schema {schema!r}", returncode=2)
    return hotels


def add_schema_argument(parser: CommandParser) -> None:
    """`--schema`: the one hotel to work on (hotels_chosen)."""
    parser.add_argument("--schema", help="Only this hotel (its schema name). Default: all.")
