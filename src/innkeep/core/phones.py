"""Phone numbers in one stored form: E.164 (`+34612345678`), or "" for none.

E.164 is what SMS and WhatsApp providers take, so a number is checked and normalised once,
when it is written, never when it is used. People type numbers in many ways ("612 345 678",
"+34 612-345-678", "0034 612 345 678"): a number without its country code is read in the
region given (the hotel's country), one with `+` or an international prefix in its own.
The database refuses anything else (`e164_constraint`), whatever writes the row."""

from __future__ import annotations

import phonenumbers
from django.core.validators import RegexValidator
from django.db import models

from innkeep.core.errors import ValidationFailed

# What PostgreSQL checks: "+", a country code that does not start with 0, at most 15 digits.
E164_PATTERN = r"^\+[1-9][0-9]{6,14}$"
# The same, allowing the empty value (no phone), as the API documents its answers.
E164_OR_BLANK_PATTERN = r"^(\+[1-9][0-9]{6,14})?$"
EXAMPLE = "+34612345678"
STORED_HELP = "E.164, e.g. +34612345678; empty when there is none."

validate_e164_or_blank = RegexValidator(
    E164_OR_BLANK_PATTERN, "Store phone numbers as E.164, e.g. +34612345678."
)


def e164_constraint(*, field: str, name: str) -> models.CheckConstraint:
    """The CHECK that keeps a phone column empty or E.164."""
    return models.CheckConstraint(
        condition=models.Q(**{field: ""}) | models.Q(**{f"{field}__regex": E164_PATTERN}),
        name=name,
    )


def _with_country_code_hint(region: str | None) -> str:
    if region:
        return (
            f"Give it with its country code (e.g. +34 612 345 678), or as a national "
            f"number of {region}."
        )
    return "Give it with its country code, e.g. +34 612 345 678."


def normalize_phone(raw: str, *, region: str | None, field: str = "phone") -> str:
    """`raw` as E.164; "" stays "". `region` (ISO 3166-1 alpha-2, e.g. "ES") is where a
    number without a country code is read; None means every number must carry one.
    Raises ValidationFailed({field: [message]}) for anything that is not a valid number."""
    raw = raw.strip()
    if not raw:
        return ""
    region = (region or "").strip().upper() or None
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException as exc:
        if exc.error_type != phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
            message = "This is not a phone number."
        elif region is None and not raw.startswith("+"):
            message = "This number has no country code."
        else:
            message = "Unknown country code."
        raise ValidationFailed({field: [f"{message} {_with_country_code_hint(region)}"]}) from None
    if number.extension:
        raise ValidationFailed(
            {field: ["Extensions cannot be stored: give the number without one."]}
        )
    if not phonenumbers.is_valid_number(number):
        where = phonenumbers.region_code_for_country_code(number.country_code or 0)
        problem = (
            f"Not a valid phone number in {where}."
            if where.isalpha() and where != phonenumbers.UNKNOWN_REGION
            else "Not a valid phone number."
        )
        raise ValidationFailed({field: [f"{problem} {_with_country_code_hint(region)}"]})
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
