"""Hypothesis strategies for feeding an API hostile input, and what every answer to it must
be (tests/accounts/test_fuzz_endpoints.py, tests/tenancy/test_signup_fuzz.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The error codes docs/errors.md documents: the only ones an answer may carry.
DOCUMENTED = set(
    re.findall(
        r"^\| `([A-Z0-9_]+)` \|",
        (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text(),
        re.MULTILINE,
    )
)
ODD_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e400",
    "NaN",
    "true",
    "null",
    "99999999999999999999",
    "0001-01-01",
    "9999-12-30",
    "9999-12-31",
    "2027-02-30",
    "2027-13-01",
    "MTX",
    "BAR",
    "mtx,BAR,,",
    "a\x00b",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
    "ß" * 200,
    "😀",
    "%s%n",
]
text = st.one_of(
    st.text(max_size=20),
    st.sampled_from(ODD_TEXT),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    text,
)
junk = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
NOT_JSON = [b"{", b"\xff\xfe", b"", b"[1,", b'{"a": NaN}', b"null"]
# Small bodies that take a parser apart (nested a thousand deep: a RecursionError in
# Python's decoder) and one larger than the server reads (DATA_UPLOAD_MAX_MEMORY_SIZE).
HOSTILE_JSON = [
    b"[" * 1000 + b"]" * 1000,
    b'{"a":' * 1000 + b"1" + b"}" * 1000,
    b'{"rooms": ' + b"[" * 5000 + b"]" * 5000 + b"}",
    b'{"name": "' + b"x" * 2_700_000 + b'"}',
]
# Where dates and counts break: around today, the end of the calendar (730 days), the
# largest dates Python and PostgreSQL take, and integers around PostgreSQL's limits.
EDGE_DATES = st.sampled_from(
    [date.today() + timedelta(days=n) for n in (-1, 0, 1, 729, 730, 731, 732)]
    + [date(1, 1, 1), date(9999, 12, 1), date(9999, 12, 30), date(9999, 12, 31)]
)
some_date = (EDGE_DATES | st.dates()).map(str)
some_count = st.sampled_from([0, -1, 1, 31, 32767, 2**31 - 1, 2**31, 2**63, 10**30]) | st.integers()
DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


DATE_PAIRS = (("check_in", "check_out"), ("date_from", "date_to"))


def _days_after(first: date, days: int) -> str:
    try:
        return str(first + timedelta(days=days))
    except OverflowError:
        return str(date.max)


# Two dates that belong together (a stay, a range): a few days apart around the edges, which
# two independent draws almost never are.
date_pairs = st.builds(
    lambda first, days: (str(first), _days_after(first, days)),
    EDGE_DATES | st.dates(),
    st.integers(min_value=-2, max_value=35),
)


def with_date_pairs(fields: dict[str, Any], pair: tuple[str, str] | None) -> dict[str, Any]:
    if pair is None:
        return fields
    for first, last in DATE_PAIRS:
        if first in fields and last in fields:
            fields = {**fields, first: pair[0], last: pair[1]}
    return fields


def like(valid: Any, junk_values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Junk, or a value of the valid one's kind that may break it: dates for a date, counts
    for a count (as text in a query string)."""
    if isinstance(valid, str) and DATE_TEXT.match(valid):
        return some_date | junk_values
    if isinstance(valid, int) and not isinstance(valid, bool):
        return some_count | junk_values
    if isinstance(valid, str) and valid.isdigit():
        return some_count.map(str) | junk_values
    return junk_values


DROP = object()
# How often a valid value is kept, replaced by junk or left out: mostly kept, so that most
# requests get past the first check and reach the deeper ones.
FATES = st.sampled_from(["keep"] * 6 + ["junk"] * 3 + ["drop"])


def mutated(
    valid: Any,
    junk_values: st.SearchStrategy[Any],
    *,
    names: Sequence[str] = (),
    top: bool = False,
) -> st.SearchStrategy[Any]:
    """A valid value with parts kept, replaced by junk or dropped, and unknown fields (the
    `top` one is always there: a body or query replaced whole is drawn elsewhere)."""
    if isinstance(valid, dict):
        fields = st.fixed_dictionaries(
            {k: mutated(v, junk_values, names=names) for k, v in valid.items()}
        )
        unknown = st.dictionaries(
            st.sampled_from([n for n in (*names, "id", "pk") if n not in valid]),
            junk_values,
            max_size=1,
        )
        pairs = st.none()
        if any(first in valid and last in valid for first, last in DATE_PAIRS):
            pairs = st.none() | date_pairs
        whole = st.builds(
            lambda kept, more, pair: with_date_pairs(
                {**more, **{k: v for k, v in kept.items() if v is not DROP}}, pair
            ),
            fields,
            unknown,
            pairs,
        )
    elif isinstance(valid, list) and valid and isinstance(valid[0], dict):
        whole = st.lists(mutated(valid[0], junk_values, names=names), min_size=1, max_size=3).map(
            lambda items: [item for item in items if item is not DROP]
        )
    else:
        whole = st.just(valid)
    if top:
        return whole
    other = like(valid, junk_values)
    return FATES.flatmap(
        lambda fate: whole if fate == "keep" else other if fate == "junk" else st.just(DROP)
    )


def assert_refusal_is_documented(response: Any, request: str) -> None:
    assert response.status_code < 500, (request, response.content[:500])
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "details"}, (request, error)
        assert error["code"] in DOCUMENTED, (request, error)


FUZZ = settings(
    max_examples=25,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
