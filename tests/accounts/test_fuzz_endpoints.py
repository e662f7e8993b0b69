"""Every endpoint of the hotel API fed random and hostile input, as the hotel's owner (the
caller who gets furthest; guests' endpoints without credentials): never a 500, every
refusal a documented error code in the standard shape, and a refused write leaves the
hotel's schema exactly as it was.

Hypothesis makes the inputs, derandomized: the same inputs on every run, so CI is
reproducible, and a failure prints the request. A body starts from a valid one (BODIES),
each field kept, replaced by junk or dropped, with unknown fields added; or it is no object
at all, or not even JSON. Query strings mix the parameters the endpoints read with junk;
detail paths get ids that exist, ids that do not and ids that are not numbers."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django_tenants.utils import tenant_context
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.selectors import hotel_today
from innkeep.rates.services import rates_bulk_set
from tests.accounts.endpoints import BODIES, EXPECTED, PUBLIC, hotel_digest, url_for

pytestmark = pytest.mark.django_db

DOCUMENTED = set(
    re.findall(
        r"^\| `([A-Z0-9_]+)` \|",
        (Path(__file__).resolve().parents[2] / "docs" / "errors.md").read_text(),
        re.MULTILINE,
    )
)
# Refusals these record by design (sign-in attempts, the throttle's counters in the schema).
RECORDS_REFUSALS = {
    "auth-token",
    "auth-refresh",
    "auth-logout",
    "auth-password-reset",
    "me-password",
}

SOON = date.today() + timedelta(days=20)  # any hotel's today is within a day of ours


def valid_queries(name: str) -> dict[str, str]:
    nights = {"date_from": str(SOON), "date_to": str(SOON + timedelta(days=6))}
    return {
        "public-availability": {
            "check_in": str(SOON),
            "check_out": str(SOON + timedelta(days=3)),
            "adults": "2",
            "promo": "HELLO",
        },
        "rate-list": {**nights, "room_type": "MTX", "rate_plan": "BAR"},
        "restriction-list": {**nights, "room_type": "MTX"},
        "inventory-list": {**nights, "room_type": "MTX"},
    }.get(name, {})


VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    **BODIES,
    ("public-quotes", "POST"): {
        "check_in": str(SOON),
        "check_out": str(SOON + timedelta(days=3)),
        "promo_code": "HELLO",
        "rooms": [
            {
                "room_type": "MTX",
                "rate_plan": "BAR",
                "adults": 2,
                "extras": [{"code": "PARK", "quantity": 2}],
            }
        ],
    },
}
QUERY_NAMES = [
    "check_in",
    "check_out",
    "adults",
    "children",
    "promo",
    "date_from",
    "date_to",
    "room_type",
    "rate_plan",
    "active",
    "status",
    "ordering",
    "search",
    "page",
    "page_size",
    "format",
]
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
ODD_IDS = ["0", "-1", "99999999999999999999", "abc", "1.5", "%00", "7c1d0a57"]

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
    valid: Any, junk_values: st.SearchStrategy[Any], *, top: bool = False
) -> st.SearchStrategy[Any]:
    """A valid value with parts kept, replaced by junk or dropped, and unknown fields (the
    `top` one is always there: a body or query replaced whole is drawn elsewhere)."""
    if isinstance(valid, dict):
        fields = st.fixed_dictionaries({k: mutated(v, junk_values) for k, v in valid.items()})
        unknown = st.dictionaries(
            st.sampled_from([n for n in QUERY_NAMES if n not in valid] + ["id", "pk"]),
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
        whole = st.lists(mutated(valid[0], junk_values), min_size=1, max_size=3).map(
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


def paths(name: str, world: dict[str, Any]) -> st.SearchStrategy[str]:
    path = url_for(name, world)
    ids = list(re.finditer(r"/([0-9a-f-]{1,36})/", path))
    if not ids:
        return st.just(path)
    last = ids[-1]
    odd = st.sampled_from(ODD_IDS).map(lambda i: f"{path[: last.start(1)]}{quote(i)}/")
    return st.just(path) | odd


def payloads(endpoint: tuple[str, str]) -> st.SearchStrategy[bytes]:
    body = mutated(VALID_BODIES.get(endpoint, {}), junk, top=True).map(
        lambda value: json.dumps(value).encode()
    )
    return st.sampled_from(["body"] * 8 + ["junk", "not json"]).flatmap(
        lambda kind: (
            body
            if kind == "body"
            else junk.map(lambda value: json.dumps(value).encode())
            if kind == "junk"
            else st.sampled_from(NOT_JSON)
        )
    )


def queries(name: str) -> st.SearchStrategy[dict[str, str]]:
    return mutated(valid_queries(name), text, top=True)


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


@pytest.fixture
def on_sale(world, hotel_a):  # type: ignore[no-untyped-def]
    """The permission matrix's world, with the MTX room priced and on sale for 60 days."""
    with tenant_context(hotel_a.hotel):
        inventory_extend_horizon(days=60)
        rates_bulk_set(
            rate_plan=world["catalogue"]["rate_plan"],
            room_types=[world["catalogue"]["room_type"]],
            date_from=hotel_today(),
            date_to=hotel_today() + timedelta(days=60),
            weekdays=None,
            price=Decimal("100.00"),
        )
    return world


def fuzz_once(client: Any, hotel: Any, world: dict[str, Any], endpoint: Any, data: Any) -> None:
    name, method = endpoint
    auth = {} if EXPECTED[endpoint] == PUBLIC else world["callers"]["owner"].auth
    path = data.draw(paths(name, world), label="path")
    if method == "GET":
        params = data.draw(queries(name), label="query")
        response = client.get(path, params, **auth)
        assert_refusal_is_documented(response, f"GET {path} {params!r}")
        return
    body = data.draw(payloads(endpoint), label="body")
    before = hotel_digest(hotel.schema)
    response = client.generic(method, path, body, content_type="application/json", **auth)
    assert_refusal_is_documented(response, f"{method} {path} {body!r}")
    if response.status_code >= 400 and name not in RECORDS_REFUSALS:
        assert hotel_digest(hotel.schema) == before, f"{method} {path} {body!r}"


GUESTS = sorted(e for e, rule in EXPECTED.items() if rule == PUBLIC and e[0].startswith("public"))
STAFF = sorted(e for e in EXPECTED if e not in GUESTS)


@pytest.mark.parametrize("endpoint", GUESTS, ids="{0[1]} {0[0]}".format)
@settings(FUZZ, max_examples=300)
@given(data=st.data())
def test_guests_get_no_500_and_only_documented_errors(api_for, hotel_a, on_sale, endpoint, data):
    fuzz_once(api_for(hotel_a), hotel_a, on_sale, endpoint, data)


@pytest.mark.parametrize("endpoint", STAFF, ids="{0[1]} {0[0]}".format)
@FUZZ
@given(data=st.data())
def test_staff_get_no_500_and_only_documented_errors(api_for, hotel_a, on_sale, endpoint, data):
    fuzz_once(api_for(hotel_a), hotel_a, on_sale, endpoint, data)
