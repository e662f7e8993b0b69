"""Every endpoint of the hotel API fed random and hostile input, as the hotel's owner (the
caller who gets furthest; guests' endpoints without credentials): never a 500, every
refusal a documented error code in the standard shape, and a refused write leaves the
hotel's schema exactly as it was (a refused sign-in only records the attempt).

Hypothesis makes the inputs, derandomized: the same inputs on every run, so CI is
reproducible, and a failure prints the request. A body starts from a valid one (BODIES),
each field kept, replaced by junk or dropped, with unknown fields added; or it is no object
at all, or not even JSON, or built to break the parser (nested a thousand deep, too large).
Query strings mix the parameters the endpoints read with junk; detail paths get ids that
exist, ids that do not and ids that are not numbers."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from django_tenants.utils import tenant_context
from hypothesis import given, settings
from hypothesis import strategies as st

from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.selectors import hotel_today
from innkeep.rates.services import rates_bulk_set
from tests.accounts.endpoints import BODIES, EXPECTED, PUBLIC, hotel_digest, url_for
from tests.fuzzing import (
    FUZZ,
    HOSTILE_JSON,
    NOT_JSON,
    assert_refusal_is_documented,
    junk,
    mutated,
    text,
)

pytestmark = pytest.mark.django_db

# The tables a refusal may write, by design: every sign-in attempt (and every current password
# given to change it) is recorded, and a wrong one is counted on the account.
RECORDS_REFUSALS: dict[str, set[str]] = {
    "auth-token": {"accounts_loginattempt", "accounts_user"},
    "me-password": {"accounts_loginattempt", "accounts_user"},
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
        "reservation-list": {
            "status": "confirmed,checked_in",
            "source": "phone",
            "arrival_from": str(SOON),
            "arrival_to": str(SOON + timedelta(days=6)),
            "departure_from": str(SOON),
            "departure_to": str(SOON + timedelta(days=9)),
            "in_house_on": str(SOON),
            "room_type": "MTX",
            "rate_plan": "BAR",
            "q": "ada 612",
            "ordering": "-arrival,code",
        },
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
VALID_BODIES[("public-reservations", "POST")] = {
    **BODIES[("public-reservations", "POST")],
    "check_in": str(SOON),
    "check_out": str(SOON + timedelta(days=3)),
    "promo_code": "HELLO",
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
    "stay",
    "date",
]
ODD_IDS = ["0", "-1", "99999999999999999999", "abc", "1.5", "%00", "7c1d0a57"]


def paths(name: str, world: dict[str, Any]) -> st.SearchStrategy[str]:
    path = url_for(name, world)
    ids = list(re.finditer(r"/([0-9a-f-]{1,36})/", path))
    if not ids:
        return st.just(path)
    last = ids[-1]
    odd = st.sampled_from(ODD_IDS).map(lambda i: f"{path[: last.start(1)]}{quote(i)}/")
    return st.just(path) | odd


def payloads(endpoint: tuple[str, str]) -> st.SearchStrategy[bytes]:
    body = mutated(VALID_BODIES.get(endpoint, {}), junk, names=QUERY_NAMES, top=True).map(
        lambda value: json.dumps(value).encode()
    )
    return st.sampled_from(["body"] * 8 + ["junk", "not json", "hostile"]).flatmap(
        lambda kind: (
            body
            if kind == "body"
            else junk.map(lambda value: json.dumps(value).encode())
            if kind == "junk"
            else st.sampled_from(NOT_JSON)
            if kind == "not json"
            else st.sampled_from(HOSTILE_JSON)
        )
    )


def queries(name: str) -> st.SearchStrategy[dict[str, str]]:
    return mutated(valid_queries(name), text, names=QUERY_NAMES, top=True)


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
    if response.status_code >= 400:
        after = hotel_digest(hotel.schema)
        changed = {table for table in before if after[table] != before[table]}
        assert changed <= RECORDS_REFUSALS.get(name, set()), f"{method} {path} {body!r}"


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
