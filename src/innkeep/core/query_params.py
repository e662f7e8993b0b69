"""Query-parameter filters of the staff API lists, checked: a bad value adds a problem
under the parameter's name (a 400 naming it), never an empty list or a 500."""

from __future__ import annotations

import re
from datetime import date

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def parse_bool(name: str, value: str | None, problems: dict[str, list[str]]) -> bool | None:
    if value is None or value == "":
        return None
    if value.lower() not in _BOOLEANS:
        problems[name] = ["Use true or false."]
        return None
    return _BOOLEANS[value.lower()]


_CODE = re.compile(r"^[A-Z0-9_-]{1,32}$")


def parse_codes(name: str, value: str | None, problems: dict[str, list[str]]) -> list[str]:
    """ "DBL,twn" -> ["DBL", "TWN"]: one code or several, comma separated."""
    if not value:
        return []
    codes = [code.strip().upper() for code in value.split(",") if code.strip()]
    if not all(_CODE.match(code) for code in codes):
        problems[name] = ["Use codes (letters, digits, '-' or '_'), comma separated."]
        return []
    return codes


def parse_date(name: str, value: str | None, problems: dict[str, list[str]]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems[name] = ["Use a date as YYYY-MM-DD."]
        return None


def date_range(
    date_from: str | None, date_to: str | None, problems: dict[str, list[str]]
) -> tuple[date | None, date | None]:
    start = parse_date("date_from", date_from, problems)
    end = parse_date("date_to", date_to, problems)
    if start and end and end < start:
        problems["date_to"] = ["Must be on or after date_from."]
    return start, end
