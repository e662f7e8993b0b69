from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innkeep.core.api_fields import any_case, documented, password_min_length
from innkeep.core.text import validate_name
from innkeep.tenancy.models import HotelStatus
from innkeep.tenancy.subdomains import MAX_LENGTH, MIN_LENGTH, SUBDOMAIN_PATTERN
from innkeep.tenancy.validation import (
    HOTEL_NAME_MAX,
    PERSON_NAME_MAX,
    countries,
    currencies,
    signup_errors,
    timezones,
)

# The fields take more than the rules allow so that `signup_errors` can name every problem
# at once, in its own words; `documented` tells the schema the rules themselves.


class SignupRequestSerializer(serializers.Serializer):
    hotel_name = documented(
        serializers.CharField(
            max_length=1000,
            validators=[validate_name],
            help_text="Shown to guests; up to 200 characters, no control characters.",
        ),
        maxLength=HOTEL_NAME_MAX,
    )
    subdomain = documented(
        serializers.CharField(
            max_length=100,
            help_text=(
                "3-40 lowercase letters, digits and single hyphens, starting with a letter "
                "(upper case is lowered); the hotel lives at <subdomain>.<root domain>. "
                "Some names are reserved (www, api, admin...)."
            ),
        ),
        minLength=MIN_LENGTH,
        maxLength=MAX_LENGTH,
        pattern=any_case(SUBDOMAIN_PATTERN.pattern),
    )
    owner_email = documented(serializers.CharField(max_length=254), format="email")
    owner_password = documented(
        serializers.CharField(
            max_length=128,
            write_only=True,
            trim_whitespace=False,
            style={"input_type": "password"},
            help_text=(
                "At least 10 characters, not common, not only digits, not like the email or name."
            ),
        ),
        minLength=password_min_length(),
    )
    owner_first_name = documented(
        serializers.CharField(max_length=1000, validators=[validate_name]),
        maxLength=PERSON_NAME_MAX,
    )
    owner_last_name = documented(
        serializers.CharField(max_length=1000, validators=[validate_name]),
        maxLength=PERSON_NAME_MAX,
    )
    timezone = documented(
        serializers.CharField(max_length=64, help_text="IANA time zone, e.g. Europe/Madrid."),
        enum=sorted(timezones()),
    )
    currency = documented(
        serializers.CharField(
            max_length=3, help_text="ISO 4217 code, e.g. EUR (case-insensitive)."
        ),
        enum=sorted(currencies()),
    )
    country = documented(
        serializers.CharField(
            max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. ES (case-insensitive)."
        ),
        enum=sorted(countries()),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs["subdomain"] = attrs["subdomain"].strip().lower()
        attrs["currency"] = attrs["currency"].strip().upper()
        attrs["country"] = attrs["country"].strip().upper()
        problems = signup_errors(**attrs)
        if problems:
            raise serializers.ValidationError(problems)
        return attrs


class HotelSummarySerializer(serializers.Serializer):
    name = serializers.CharField()
    subdomain = serializers.CharField()
    status = serializers.ChoiceField(choices=HotelStatus.choices)
    trial_ends_at = serializers.DateTimeField(allow_null=True)


class HotelUrlsSerializer(serializers.Serializer):
    site = serializers.URLField()
    admin = serializers.URLField()
    api = serializers.URLField()
    docs = serializers.URLField()


class SignupResponseSerializer(serializers.Serializer):
    hotel = HotelSummarySerializer()
    urls = HotelUrlsSerializer()
