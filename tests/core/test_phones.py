"""innkeep.core.phones: what people type becomes E.164, or a clear refusal."""

from __future__ import annotations

import re

import pytest

from innkeep.core.errors import ValidationFailed
from innkeep.core.phones import E164_OR_BLANK_PATTERN, E164_PATTERN, normalize_phone


@pytest.mark.parametrize(
    ("raw", "region", "stored"),
    [
        ("612 345 678", "ES", "+34612345678"),  # national, read in the hotel's country
        ("612-345-678", "es", "+34612345678"),
        (" 0034 612 345 678 ", "ES", "+34612345678"),  # the international prefix of Spain
        ("+34 612 345 678", "ES", "+34612345678"),
        ("+34612345678", None, "+34612345678"),  # already E.164, no region needed
        ("+1 (212) 555-0100", "ES", "+12125550100"),  # a foreign number in a Spanish hotel
        ("(212) 555-0100", "US", "+12125550100"),
        ("079 123 45 67", "CH", "+41791234567"),  # the trunk 0 goes
        ("+44 20 7946 0958", None, "+442079460958"),
        ("", "ES", ""),  # no phone
        ("   ", None, ""),
    ],
)
def test_valid_numbers_are_stored_as_e164(raw, region, stored):
    assert normalize_phone(raw, region=region) == stored


@pytest.mark.parametrize(
    ("raw", "region", "message"),
    [
        (
            "612 345 678",
            None,
            "This number has no country code. Give it with its country code, e.g. +34 612 345 678.",
        ),
        (
            "not a number",
            "ES",
            "This is not a phone number. Give it with its country code (e.g. +34 612 345 678), "
            "or as a national number of ES.",
        ),
        (
            "12",
            "ES",
            "Not a valid phone number in ES. Give it with its country code "
            "(e.g. +34 612 345 678), or as a national number of ES.",
        ),
        (
            "+44 12",
            "ES",
            "Not a valid phone number in GB. Give it with its country code "
            "(e.g. +34 612 345 678), or as a national number of ES.",
        ),
        (
            "+999 1234567",
            None,
            "Unknown country code. Give it with its country code, e.g. +34 612 345 678.",
        ),
        ("612 345 678 ext. 5", "ES", "Extensions cannot be stored: give the number without one."),
    ],
)
def test_invalid_numbers_are_refused_with_a_clear_message(raw, region, message):
    with pytest.raises(ValidationFailed) as refused:
        normalize_phone(raw, region=region)
    assert refused.value.code == "VALIDATION_ERROR"
    assert refused.value.fields == {"phone": [message]}


def test_the_field_named_in_the_refusal_can_be_chosen():
    with pytest.raises(ValidationFailed) as refused:
        normalize_phone("12", region="ES", field="booker_phone")
    assert list(refused.value.fields) == ["booker_phone"]


def test_what_normalize_phone_returns_always_passes_the_database_pattern():
    for raw, region in [("612 345 678", "ES"), ("+1 212 555 0100", None), ("79 123 45 67", "CH")]:
        assert re.fullmatch(E164_PATTERN, normalize_phone(raw, region=region))
    assert re.fullmatch(E164_OR_BLANK_PATTERN, "")
    assert not re.fullmatch(E164_PATTERN, "+34 612 345 678")
