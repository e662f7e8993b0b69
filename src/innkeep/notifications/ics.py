"""The stay as an iCalendar file (RFC 5545), attached to the confirmation.

Written by hand rather than with the `icalendar` package: the file is one VCALENDAR with one
all-day VEVENT per date range booked, and the only rules that matter (CRLF line ends, text
escaping, folding lines at 75 octets, DATE values) fit in this module; a dependency would
bring a parser and time zone machinery the attachment never uses. Dates are the hotel's local
dates, so all-day DATE values (no time zone) are exactly right."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings

from innkeep.reservations.models import Reservation


def escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets go on in continuation lines starting with a space
    (3.1), never splitting a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        if len((current + char).encode()) > 75:  # a continuation's leading space counts
            out.append(current)
            current = " "
        current += char
    out.append(current)
    return "\r\n".join(out)


def calendar(lines: Iterable[str]) -> bytes:
    return "".join(f"{fold(line)}\r\n" for line in lines).encode()


def stay_calendar(
    *, reservation: Reservation, hotel_name: str, address: str, now: datetime
) -> bytes:
    ranges: dict[tuple[date, date], list[str]] = {}
    for stay in reservation.stays.select_related("room_type").order_by("check_in", "id"):
        ranges.setdefault((stay.check_in, stay.check_out), []).append(stay.room_type.name)
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Innkeep//Guest messages//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for (check_in, check_out), room_types in ranges.items():
        rooms = ", ".join(dict.fromkeys(room_types))
        lines += [
            "BEGIN:VEVENT",
            # Stable per reservation and dates: a calendar that imports a later copy updates it.
            f"UID:{reservation.code}-{check_in:%Y%m%d}-{check_out:%Y%m%d}@{settings.ROOT_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{check_in:%Y%m%d}",
            f"DTEND;VALUE=DATE:{check_out:%Y%m%d}",
            f"SUMMARY:{escape(f'{hotel_name}: {rooms} ({reservation.code})')}",
            *([f"LOCATION:{escape(address)}"] if address else []),
            f"DESCRIPTION:{escape(f'Confirmation code {reservation.code}')}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return calendar(lines)
