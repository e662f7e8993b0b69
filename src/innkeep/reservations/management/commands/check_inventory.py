"""`innkeep check_inventory`: recount the inventory calendar from reservations and rooms, report
the drift and, with --fix, repair it. The recount itself is `innkeep.reservations.recount`.

    innkeep check_inventory                      # every hotel, from each hotel's today
    innkeep check_inventory --schema hotel_demo  # one hotel
    innkeep check_inventory --from 2025-01-01    # past nights too (sold counts only)
    innkeep check_inventory --fix                # repair, one transaction per hotel

Exit code 0 when the calendars are right (or were all repaired), 1 when drift was found
without --fix or some of it could not be fixed, 2 for an unknown --schema or a bad --from.
"""

from __future__ import annotations

from argparse import ArgumentTypeError
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import tenant_context

from innkeep.reservations.recount import Drift, Recount, recount_inventory
from innkeep.tenancy.commands import add_schema_argument, hotels_chosen

HEADERS = (
    "room_type",
    "date",
    "drift",
    "sold",
    "expected_sold",
    "total",
    "expected_total",
    "blocked",
)
NUMERIC = {"sold", "expected_sold", "total", "expected_total", "blocked"}
MIN_WIDTHS = {"drift": len("sold+total")}  # columns line up from one run to the next


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Recount inventory sold counts from reservations and totals from rooms; report drift "
        "(exit 1) or repair it with --fix."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_schema_argument(parser)
        parser.add_argument(
            "--from",
            dest="start",
            type=_iso_date,
            metavar="YYYY-MM-DD",
            help="First night to check (default: each hotel's today). Past totals are not "
            "checked, only sold counts.",
        )
        parser.add_argument(
            "--fix", action="store_true", help="Repair the drift (one transaction per hotel)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hotels = hotels_chosen(options["schema"])
        fix = options["fix"]
        drifted_hotels = nights = unfixed = 0
        for hotel in hotels:
            with tenant_context(hotel):
                result = recount_inventory(start=options["start"], fix=fix)
            self._report(hotel.schema_name, result, fix=fix)
            drifted_hotels += bool(result.drifts)
            nights += len(result.drifts)
            unfixed += len(result.unfixed)

        summary = f"{len(hotels)} hotel(s) checked, {drifted_hotels} with drift: {nights} night(s)"
        if fix:
            summary += f", {nights - unfixed} fixed, {unfixed} unfixable"
        self.stdout.write(summary)
        if fix and unfixed:
            raise CommandError(f"{unfixed} night(s) could not be fixed", returncode=1)
        if not fix and nights:
            raise CommandError("inventory drift found; run with --fix to repair", returncode=1)

    def _report(self, schema: str, result: Recount, *, fix: bool) -> None:
        if result.end is None:
            self.stdout.write(f"{schema}: no calendar from {result.start}")
            return
        span = f"{result.start} .. {result.end}"
        if not result.drifts:
            self.stdout.write(f"{schema}: no drift ({span})")
            return
        line = f"{schema}: {len(result.drifts)} night(s) drifted"
        if fix:
            unfixed = len(result.unfixed)
            line += f", {len(result.drifts) - unfixed} fixed, {unfixed} unfixable"
        self.stdout.write(self.style.WARNING(f"{line} ({span})"))
        headers = (*HEADERS, "fix") if fix else HEADERS
        rows = [_row(drift, fix=fix) for drift in result.drifts]
        for text in _table(headers, rows):
            self.stdout.write(f"  {text}")


def _row(drift: Drift, *, fix: bool) -> tuple[str, ...]:
    def show(value: object) -> str:
        return "-" if value is None else str(value)

    row = (
        drift.room_type_code,
        drift.date.isoformat(),
        drift.kind,
        show(drift.stored_sold),
        show(drift.expected_sold),
        show(drift.stored_total),
        show(drift.expected_total),
        show(drift.blocked),
    )
    return (*row, show(drift.outcome)) if fix else row


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    widths = [
        max(MIN_WIDTHS.get(column[0], 0), *(len(cell) for cell in column))
        for column in zip(headers, *rows, strict=True)
    ]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.rjust(width) if header in NUMERIC else cell.ljust(width)
            for header, cell, width in zip(headers, cells, widths, strict=True)
        ).rstrip()

    return [line(headers), *(line(row) for row in rows)]
