"""The OpenAPI document says what each field takes and answers as the server checks it:
decimal strings by their bounds, lists that may not be empty, text that may be blank."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from innkeep.core.openapi import decimal_pattern
from innkeep.properties.serializers import ExtraInputSerializer
from innkeep.rates.serializers import (
    CancellationPolicyInputSerializer,
    PromoCodeInputSerializer,
    RateBulkSerializer,
    RatePlanInputSerializer,
    TaxRuleInputSerializer,
)
from tests.openapi_docs import HOTEL, PLATFORM, component

SAMPLES = [
    "",
    "-",
    ".",
    "-1",
    "-0.01",
    "0",
    "0.5",
    "12.50",
    "99.99",
    "100",
    "100.0",
    "100.00",
    "100.01",
    "101",
    "999.99",
    "12.345",
    "99999999.99",
    "123456789",
]
# (component, field) -> the serializer field that checks it
DECIMALS = [
    ("ExtraInputRequest", "price", ExtraInputSerializer),
    ("CancellationPolicyInputRequest", "fee_percent", CancellationPolicyInputSerializer),
    ("RatePlanInputRequest", "deposit_percent", RatePlanInputSerializer),
    ("TaxRuleInputRequest", "amount", TaxRuleInputSerializer),
    ("PromoCodeInputRequest", "value", PromoCodeInputSerializer),
    ("RateBulkRequest", "price", RateBulkSerializer),
]


def accepts(field: serializers.Field, value: str) -> bool:  # type: ignore[type-arg]
    try:
        field.run_validation(value)
    except serializers.ValidationError:
        return False
    return True


@pytest.mark.parametrize(("name", "field_name", "serializer"), DECIMALS)
def test_a_decimal_string_matches_the_pattern_exactly_when_the_field_takes_it(
    name, field_name, serializer
):
    pattern = component(HOTEL, name)["properties"][field_name]["pattern"]
    field = serializer().fields[field_name]
    for sample in SAMPLES:
        if sample == "" and field.allow_null:
            assert field.run_validation(sample) is None  # DRF reads "" as null there
            continue
        assert bool(re.fullmatch(pattern, sample)) == accepts(field, sample), (pattern, sample)


def test_prices_refuse_blank_and_negative_in_the_schema_too():
    price = component(HOTEL, "ExtraInputRequest")["properties"]["price"]["pattern"]
    assert not re.fullmatch(price, "")
    assert not re.fullmatch(price, "-1.00")
    assert re.fullmatch(price, "12.50")


def test_a_bound_the_pattern_cannot_say_fails_the_schema():
    field = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=50)
    field.bind("discount", serializers.Serializer())
    with pytest.raises(ValueError, match="discount"):
        decimal_pattern(field)


def test_lists_that_may_not_be_empty_say_so():
    for name in ("RateBulkRequest", "RestrictionBulkRequest", "InventoryBulkRequest"):
        assert component(HOTEL, name)["properties"]["room_types"]["minItems"] == 1, name
    rooms = component(HOTEL, "QuoteRequestRequest")["properties"]["rooms"]
    assert (rooms["minItems"], rooms["maxItems"]) == (1, 10)


def test_blank_contact_fields_are_documented_as_answers():
    """A hotel without a website answers "" (a blank model field), not a URL."""
    profile = component(HOTEL, "HotelProfile")["properties"]
    for field, kind in (("website", "uri"), ("email", "email")):
        assert profile[field]["oneOf"] == [
            {"type": "string", "format": kind},
            {"type": "string", "maxLength": 0},
        ]
    assert "oneOf" not in profile["updated_at"]


@pytest.mark.django_db
def test_making_the_documents_reads_nothing_from_the_database():
    """Serializers that show money ask their view for the hotel's currency; the generator
    builds them outside any hotel, where that query failed (and, inside a transaction, broke
    everything after it)."""
    for urlconf in (HOTEL, PLATFORM):
        with CaptureQueriesContext(connection) as queries:
            SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
        assert [q["sql"] for q in queries.captured_queries if "SELECT" in q["sql"]] == []
