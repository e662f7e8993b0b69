"""`innkeep outbox_retry`: give parked outbox events (attempts exhausted) a fresh start.

    innkeep outbox_retry                          # every hotel, every parked event
    innkeep outbox_retry --schema hotel_demo      # one hotel
    innkeep outbox_retry --schema hotel_demo --event 41 --event 42
    innkeep outbox_retry --failing                # and the events backing off, due now

The events become due at once; the next relay run (wake-up or the minute's sweep) hands them
to their consumers again, and their aggregates' later events follow. Fix the consumer first.
Exit code 2 for an unknown --schema.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import tenant_context

from innkeep.events.services import outbox_retry
from innkeep.tenancy.commands import hotels_chosen


class Command(BaseCommand):
    help = "Make parked outbox events (attempts exhausted) due again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--schema", help="Only this hotel (its schema name). Default: all.")
        parser.add_argument(
            "--event",
            dest="events",
            type=int,
            action="append",
            metavar="ID",
            help="Only this event id (repeatable). Default: every parked event.",
        )
        parser.add_argument(
            "--failing",
            action="store_true",
            help="Also the events backing off after a failure (not parked yet): due now.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for hotel in hotels_chosen(options["schema"]):
            with tenant_context(hotel):
                count = outbox_retry(event_ids=options["events"], failing=options["failing"])
            if count:
                self.stdout.write(f"{hotel.schema_name}: {count} event(s) due again")
            total += count
        self.stdout.write(f"{total} parked event(s) due again")
