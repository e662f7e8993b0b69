"""`innkeep refresh_copies`: make every web process read hotels, catalogues, prices and
rooms left again, after a write the application did not make (psql, a data fix).

    innkeep refresh_copies                      # every hotel, and the host -> hotel table
    innkeep refresh_copies --schema hotel_demo  # one hotel's catalogue, prices, rooms left

It moves the shared versions in Redis (see innkeep.core.versioned_cache); the processes
read again at their next request. Exit code 2 for an unknown --schema. The hotel copies are
those the apps registered in innkeep.tenancy.copies.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import tenant_context

from innkeep.tenancy.commands import hotels_chosen
from innkeep.tenancy.copies import hotel_copies
from innkeep.tenancy.selectors import hosts_changed


class Command(BaseCommand):
    help = "Make every process read hotels, catalogues, prices and rooms left again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", help="Only this hotel (its schema name). Default: all.")

    def handle(self, *args: Any, **options: Any) -> None:
        hotels = hotels_chosen(options["schema"])
        if not options["schema"]:
            hosts_changed()
        count = 0
        for hotel in hotels:
            with tenant_context(hotel):
                for changed in hotel_copies():
                    changed()
            count += 1
        self.stdout.write(f"refreshed {count} hotel(s)")
