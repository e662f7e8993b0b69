"""Rules a signup must meet, shared by the API, the web page and `create_hotel`."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import TypedDict

import pycountry
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from innkeep.core.mail import normalize_email
from innkeep.core.text import name_problems
from innkeep.tenancy.subdomains import subdomain_errors

HOTEL_NAME_MAX = 200
PERSON_NAME_MAX = 150


@lru_cache(maxsize=1)
def timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """ISO 4217 codes."""
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes."""
    return frozenset(country.alpha_2 for country in pycountry.countries)


def currency_valid(code: str) -> bool:
    return code in currencies()


def country_valid(code: str) -> bool:
    return code in countries()


class Signup(TypedDict):
    """What a signup asks for, whichever way it comes (API, web page, `create_hotel`)."""

    hotel_name: str
    subdomain: str
    owner_email: str
    owner_password: str
    owner_first_name: str
    owner_last_name: str
    timezone: str
    currency: str
    country: str


def signup_errors(
    *,
    hotel_name: str,
    subdomain: str,
    owner_email: str,
    owner_password: str,
    owner_first_name: str,
    owner_last_name: str,
    timezone: str,
    currency: str,
    country: str,
) -> dict[str, list[str]]:
    """Every problem with a signup at once, by field; empty when it may proceed."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    name = hotel_name.strip()
    if not name:
        add("hotel_name", "Enter the hotel's name.")
    elif len(name) > HOTEL_NAME_MAX:
        add("hotel_name", f"Use at most {HOTEL_NAME_MAX} characters.")
    for message in name_problems(name):
        add("hotel_name", message)
    for message in subdomain_errors(subdomain):
        add("subdomain", message)
    try:
        validate_email(normalize_email(owner_email))
    except ValidationError:
        add("owner_email", "Enter a valid email address.")
    for field, value in (
        ("owner_first_name", owner_first_name),
        ("owner_last_name", owner_last_name),
    ):
        if not value.strip():
            add(field, "This field is required.")
        elif len(value) > PERSON_NAME_MAX:
            add(field, f"Use at most {PERSON_NAME_MAX} characters.")
        for message in name_problems(value):
            add(field, message)
    # The password must not look like the owner's name or email: Django's validators compare
    # it with an unsaved user (AUTH_USER_MODEL, as accounts sits above tenancy).
    probe = get_user_model()(
        email=normalize_email(owner_email), first_name=owner_first_name, last_name=owner_last_name
    )
    try:
        validate_password(owner_password, user=probe)
    except ValidationError as exc:
        for message in exc.messages:
            add("owner_password", message)
    if timezone not in timezones():
        add("timezone", "Unknown time zone; use an IANA name such as Europe/Madrid.")
    if not currency_valid(currency):
        add("currency", "Unknown currency; use an ISO 4217 code such as EUR.")
    if not country_valid(country):
        add("country", "Unknown country; use an ISO 3166 alpha-2 code such as ES.")
    return errors
