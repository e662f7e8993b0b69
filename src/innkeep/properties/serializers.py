"""The catalogue as the staff API shows and takes it. Input serializers check types and
ranges only; the services check the rules (codes, occupancy limits, uniqueness...)."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from innkeep.core.api import PhoneField, PhoneInputField
from innkeep.core.api_fields import AnswerSerializer, ClockTimeField, any_case, documented
from innkeep.core.calendar_api import weekdays
from innkeep.core.text import validate_name
from innkeep.properties import api_examples
from innkeep.properties.models import (
    CODE_REGEX,
    Extra,
    ExtraPricing,
    HotelProfile,
    HousekeepingStatus,
    Room,
    RoomType,
    RoomTypePhoto,
)
from innkeep.properties.services import (
    LANGUAGE_CODE,
    MAX_LANGUAGES,
    PROFILE_FIELDS,
    ROOM_TYPE_FIELDS,
)
from innkeep.tenancy.validation import countries, currencies, timezones

SMALL_INT_MAX = 32767
INT_MAX = 2147483647
TEXT_MAX = 10000
CODE_PATTERN = re.compile(r"^[A-Z0-9_-]{1,32}$")
CODE_HELP = "1-16 capital letters, digits, '-' or '_' (lower case is upper-cased)."


def code_keywords(direction: str) -> dict[str, Any]:
    """A code as the services check it, in any case (it is upper-cased first)."""
    return {"pattern": any_case(CODE_REGEX)}


class CodeField(serializers.CharField):
    """A catalogue code: trimmed and upper-cased."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 16)
        kwargs.setdefault("help_text", CODE_HELP)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return str(super().to_internal_value(data)).upper()

    def openapi_keywords(self, direction: str) -> dict[str, Any]:
        return code_keywords(direction)


class CodeRelatedField(serializers.SlugRelatedField):
    """Another object named by its code ("DBL"), case-insensitively."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("slug_field", "code")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        code = data.strip().upper()
        if not CODE_PATTERN.match(code):  # cannot name anything (and no NUL reaches SQL)
            self.fail("does_not_exist", slug_name=self.slug_field, value=code[:40])
        return super().to_internal_value(code)

    def openapi_keywords(self, direction: str) -> dict[str, Any]:
        # Only existing codes name something, and every one has the code's form.
        return {**code_keywords(direction), "maxLength": 16} if direction == "request" else {}


def room_type_codes(**kwargs: Any) -> Any:
    """Room types named by codes (a ManyRelatedField of CodeRelatedField)."""
    return CodeRelatedField(
        queryset=RoomType.objects.all(),
        many=True,
        help_text='Room type codes, e.g. ["DBL", "TWN"].',
        **kwargs,
    )


# Room types, a date range and weekdays: what the bulk changes of the calendars (prices,
# restrictions, inventory) take. (A comment: a docstring would become the OpenAPI
# description of every bulk request.)
class RangeSerializer(serializers.Serializer):
    """The nights of a bulk write: the nights on sale, as for a search."""

    room_types = room_type_codes(allow_empty=False)
    date_from = serializers.DateField(
        help_text="First night: the hotel's today or later (else 400 DATE_IN_PAST)."
    )
    date_to = serializers.DateField(
        help_text=(
            "Last night, inclusive: at most the last night on sale, the inventory horizon "
            "after the hotel's today (else 400 DATE_TOO_FAR), and not before date_from."
        )
    )
    weekdays = weekdays()


# --- hotel profile ---------------------------------------------------------------------


class WithClockTimes(serializers.ModelSerializer):
    """Check-in and check-out times as "HH:MM"."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.TimeField: ClockTimeField,
    }


@extend_schema_serializer(examples=[api_examples.HOTEL_PROFILE])
class HotelProfileSerializer(WithClockTimes):
    phone = PhoneField()

    class Meta:
        model = HotelProfile
        fields = [*PROFILE_FIELDS, "updated_at"]
        read_only_fields = fields
        extra_kwargs = {"languages": {"help_text": 'ISO 639-1 codes, e.g. ["en", "es"].'}}


# Time zone, currency and country follow the signup's rules: hotel_profile_update checks
# them, `documented` tells the schema.
class HotelProfileUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, required=False, validators=[validate_name])
    legal_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, validators=[validate_name]
    )
    email = serializers.EmailField(
        max_length=254,
        required=False,
        allow_blank=True,
        help_text="The hotel's contact address, shown to guests: never a staff sign-in "
        "address (400 on `email`). Empty after signup.",
    )
    phone = PhoneInputField()
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)
    address_line1 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    address_line2 = serializers.CharField(max_length=200, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True)
    country = documented(
        serializers.CharField(
            max_length=2, required=False, help_text="ISO 3166-1 alpha-2, e.g. ES (any case)."
        ),
        enum=sorted(countries()),
    )
    timezone = documented(
        serializers.CharField(
            max_length=64, required=False, help_text="IANA time zone, e.g. Europe/Madrid."
        ),
        enum=sorted(timezones()),
    )
    currency = documented(
        serializers.CharField(
            max_length=3, required=False, help_text="ISO 4217, e.g. EUR (any case)."
        ),
        enum=sorted(currencies()),
    )
    check_in_time = ClockTimeField(required=False, help_text="HH:MM, e.g. 15:00.")
    check_out_time = ClockTimeField(required=False, help_text="HH:MM, e.g. 11:00.")
    no_show_cutoff = ClockTimeField(
        required=False,
        help_text="HH:MM, e.g. 04:00: from this local time on the morning after the arrival "
        "date, a confirmed guest who has not checked in is marked a no-show.",
    )
    policies = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    languages = documented(
        serializers.ListField(
            child=documented(serializers.CharField(max_length=10), pattern=LANGUAGE_CODE.pattern),
            max_length=MAX_LANGUAGES,
            required=False,
            help_text=(
                "ISO 639-1 codes, each once (optionally with a region: pt-BR; EN and pt_br "
                "are read as en and pt-BR)."
            ),
        ),
        uniqueItems=True,
    )


# --- room types ------------------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.ROOM_TYPE_PHOTO])
class RoomTypePhotoSerializer(AnswerSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = RoomTypePhoto
        fields = ["id", "url", "caption", "sort_order"]

    def get_url(self, photo: RoomTypePhoto) -> str:
        request = self.context.get("request")
        url = photo.image.url
        return request.build_absolute_uri(url) if request is not None else url


@extend_schema_serializer(examples=[api_examples.ROOM_TYPE])
class RoomTypeSerializer(AnswerSerializer):
    photos = RoomTypePhotoSerializer(many=True, read_only=True)

    class Meta:
        model = RoomType
        fields = ["id", *ROOM_TYPE_FIELDS, "photos", "created_at", "updated_at"]


class RoomTypeInputSerializer(serializers.Serializer):
    code = CodeField()
    name = serializers.CharField(max_length=200, validators=[validate_name])
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    max_adults = serializers.IntegerField(min_value=1, max_value=100, required=False)
    max_children = serializers.IntegerField(min_value=0, max_value=100, required=False)
    max_occupancy = serializers.IntegerField(
        min_value=1,
        max_value=100,
        required=False,
        help_text="At most max_adults + max_children.",
    )
    bed_setup = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False)
    active = serializers.BooleanField(required=False)


class RoomTypePhotoUploadSerializer(serializers.Serializer):
    image = serializers.ImageField(
        allow_empty_file=False, help_text="JPEG, PNG or WebP, at most 5 MB."
    )
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False)


# --- rooms -----------------------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.ROOM])
class RoomSerializer(AnswerSerializer):
    room_type = serializers.CharField(source="room_type.code", help_text="Room type code.")
    room_type_name = serializers.CharField(source="room_type.name")
    sellable = serializers.BooleanField(help_text="Active and not out of order.")

    class Meta:
        model = Room
        fields = [
            "id",
            "number",
            "floor",
            "room_type",
            "room_type_name",
            "housekeeping_status",
            "active",
            "sellable",
            "notes",
            "created_at",
            "updated_at",
        ]


class RoomInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=10)
    floor = serializers.IntegerField(
        min_value=-SMALL_INT_MAX, max_value=SMALL_INT_MAX, required=False, allow_null=True
    )
    room_type = CodeRelatedField(
        queryset=RoomType.objects.all(), help_text="The room type's code, e.g. DBL."
    )
    housekeeping_status = serializers.ChoiceField(
        choices=HousekeepingStatus.choices, required=False
    )
    active = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)


class HousekeepingSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HousekeepingStatus.choices)


# --- extras ----------------------------------------------------------------------------


class CurrencyMixin(serializers.Serializer):
    currency = serializers.SerializerMethodField(help_text="The hotel's currency (ISO 4217).")

    def get_currency(self, obj: Any) -> str:
        return str(self.context["currency"])


@extend_schema_serializer(examples=[api_examples.EXTRA])
class ExtraSerializer(CurrencyMixin, AnswerSerializer):
    class Meta:
        model = Extra
        fields = [
            "id",
            "code",
            "name",
            "description",
            "price",
            "currency",
            "pricing",
            "active",
            "sort_order",
        ]


class ExtraInputSerializer(serializers.Serializer):
    code = CodeField()
    name = serializers.CharField(max_length=200, validators=[validate_name])
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    price = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, help_text='Decimal string, e.g. "12.50".'
    )
    pricing = serializers.ChoiceField(choices=ExtraPricing.choices)
    active = serializers.BooleanField(required=False)
    sort_order = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False)
