from __future__ import annotations

from typing import Any

from rest_framework import serializers

from innkeep.core.text import validate_name
from innkeep.tenancy.models import HotelStatus
from innkeep.tenancy.validation import signup_errors


class SignupRequestSerializer(serializers.Serializer):
    hotel_name = serializers.CharField(
        max_length=1000,
        validators=[validate_name],
        help_text="Shown to guests; up to 200 characters, no control characters.",
    )
    subdomain = serializers.CharField(
        max_length=100,
        help_text=(
            "3-40 lowercase letters, digits and hyphens; "
            "the hotel lives at <subdomain>.<root domain>."
        ),
    )
    owner_email = serializers.CharField(max_length=254)
    owner_password = serializers.CharField(
        max_length=128,
        write_only=True,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=(
            "At least 10 characters, not common, not only digits, not like the email or name."
        ),
    )
    owner_first_name = serializers.CharField(max_length=1000, validators=[validate_name])
    owner_last_name = serializers.CharField(max_length=1000, validators=[validate_name])
    timezone = serializers.CharField(max_length=64, help_text="IANA time zone, e.g. Europe/Madrid.")
    currency = serializers.CharField(max_length=3, help_text="ISO 4217 code, e.g. EUR.")
    country = serializers.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. ES.")

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
