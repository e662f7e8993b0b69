"""Rates as the staff API shows and takes them. Money is a decimal string next to the
hotel's `currency`; room types and rate plans are named by their codes."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from innkeep.core.api_fields import AnswerSerializer, any_case, documented, percent_field
from innkeep.core.text import validate_name
from innkeep.properties.serializers import (
    INT_MAX,
    TEXT_MAX,
    CodeField,
    CodeRelatedField,
    RangeSerializer,
    room_type_codes,
)
from innkeep.rates import api_examples
from innkeep.rates.models import (
    CancellationFee,
    CancellationPolicy,
    DailyRate,
    Guarantee,
    MealPlan,
    PromoCode,
    PromoKind,
    RatePlan,
    Restriction,
    TaxKind,
    TaxRule,
)
from innkeep.rates.services import PROMO_CODE_FORMAT

MAX_STAY_LIMIT = 365


class CurrencyField(serializers.SerializerMethodField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The hotel's currency (ISO 4217).")
        super().__init__(method_name="get_currency", **kwargs)


class WithCurrency(serializers.Serializer):
    currency = CurrencyField()

    def get_currency(self, obj: Any) -> str:
        return str(self.context["currency"])


def money(**kwargs: Any) -> serializers.DecimalField:
    kwargs.setdefault("help_text", 'Decimal string, e.g. "120.00".')
    return serializers.DecimalField(max_digits=10, decimal_places=2, min_value=0, **kwargs)


# --- cancellation policies -------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.CANCELLATION_POLICY])
class CancellationPolicySerializer(AnswerSerializer):
    description = serializers.CharField(source="describe", help_text="Said in words for guests.")

    class Meta:
        model = CancellationPolicy
        fields = ["id", "name", "free_until_days", "fee_kind", "fee_percent", "description"]


class CancellationPolicyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, validators=[validate_name])
    free_until_days = serializers.IntegerField(
        min_value=0,
        max_value=MAX_STAY_LIMIT,
        allow_null=True,
        required=False,
        help_text="Free cancellation until this many days before arrival; null: non-refundable.",
    )
    fee_kind = serializers.ChoiceField(choices=CancellationFee.choices, required=False)
    fee_percent = percent_field(
        required=False,
        help_text='With fee_kind "percent": the share of the stay charged, e.g. "100.00".',
    )


# --- rate plans ------------------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.RATE_PLAN])
class RatePlanSerializer(AnswerSerializer):
    room_types: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    cancellation_policy_text = serializers.SerializerMethodField()

    class Meta:
        model = RatePlan
        fields = [
            "id",
            "code",
            "name",
            "description",
            "room_types",
            "meal_plan",
            "cancellation_policy",
            "cancellation_policy_text",
            "guarantee",
            "deposit_percent",
            "active",
            "sort_order",
        ]

    def get_cancellation_policy_text(self, plan: RatePlan) -> str | None:
        """The cancellation policy said in words (null when the plan has none)."""
        policy = plan.cancellation_policy
        return policy.describe() if policy is not None else None


class RatePlanInputSerializer(serializers.Serializer):
    code = CodeField()
    name = serializers.CharField(max_length=200, validators=[validate_name])
    description = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    room_types = room_type_codes(required=False)
    meal_plan = serializers.ChoiceField(choices=MealPlan.choices, required=False)
    cancellation_policy = serializers.PrimaryKeyRelatedField(
        queryset=CancellationPolicy.objects.all(),
        allow_null=True,
        required=False,
        help_text="Id of a cancellation policy, or null.",
    )
    guarantee = serializers.ChoiceField(choices=Guarantee.choices, required=False)
    deposit_percent = percent_field(
        allow_null=True,
        required=False,
        help_text='With guarantee "deposit": the share of the stay due at booking.',
    )
    active = serializers.BooleanField(required=False)
    sort_order = serializers.IntegerField(min_value=0, max_value=INT_MAX, required=False)


# --- taxes -----------------------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.TAX_RULE])
class TaxRuleSerializer(WithCurrency, AnswerSerializer):
    class Meta:
        model = TaxRule
        fields = ["id", "name", "kind", "amount", "currency", "applies_to_children", "active"]


class TaxRuleInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, validators=[validate_name])
    kind = serializers.ChoiceField(choices=TaxKind.choices)
    amount = money(
        help_text='Percent of the room price ("10.00") or amount per person-night ("2.50").'
    )
    applies_to_children = serializers.BooleanField(required=False)
    active = serializers.BooleanField(required=False)


# --- promo codes -----------------------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.PROMO_CODE])
class PromoCodeSerializer(WithCurrency, AnswerSerializer):
    rate_plans: Any = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = PromoCode
        fields = [
            "id",
            "code",
            "kind",
            "value",
            "currency",
            "valid_from",
            "valid_to",
            "usage_limit",
            "times_used",
            "rate_plans",
            "active",
        ]


class PromoCodeInputSerializer(serializers.Serializer):
    code = documented(
        serializers.CharField(
            max_length=32,
            help_text="1-32 capital letters, digits, '-' or '_' (lower case is upper-cased).",
        ),
        pattern=any_case(PROMO_CODE_FORMAT.pattern),
    )
    kind = serializers.ChoiceField(choices=PromoKind.choices)
    value = money(
        help_text=(
            'Percent off ("15.00", at most 100) or amount off the stay ("20.00"); more than 0.'
        )
    )
    valid_from = serializers.DateField(
        allow_null=True, required=False, help_text="First arrival date."
    )
    valid_to = serializers.DateField(
        allow_null=True, required=False, help_text="Last arrival date."
    )
    usage_limit = serializers.IntegerField(
        min_value=1, max_value=INT_MAX, allow_null=True, required=False
    )
    rate_plans = CodeRelatedField(
        queryset=RatePlan.objects.all(),
        many=True,
        required=False,
        help_text="Rate plan codes it applies to; empty: every plan.",
    )
    active = serializers.BooleanField(required=False)


# --- daily rates and restrictions -------------------------------------------------------


@extend_schema_serializer(examples=[api_examples.DAILY_RATE])
class DailyRateSerializer(WithCurrency, AnswerSerializer):
    rate_plan = serializers.CharField(source="rate_plan.code")
    room_type = serializers.CharField(source="room_type.code")

    class Meta:
        model = DailyRate
        fields = ["rate_plan", "room_type", "date", "price", "currency"]


class RateBulkSerializer(RangeSerializer):
    rate_plan = CodeRelatedField(queryset=RatePlan.objects.all(), help_text="Rate plan code.")
    price = money()


@extend_schema_serializer(examples=[api_examples.RESTRICTION])
class RestrictionSerializer(AnswerSerializer):
    room_type = serializers.CharField(source="room_type.code")
    rate_plan = serializers.CharField(
        source="rate_plan.code", allow_null=True, help_text="null: every plan of the room type."
    )

    class Meta:
        model = Restriction
        fields = [
            "room_type",
            "rate_plan",
            "date",
            "min_stay",
            "max_stay",
            "closed",
            "closed_to_arrival",
            "closed_to_departure",
        ]


class RestrictionBulkSerializer(RangeSerializer):
    rate_plan = CodeRelatedField(
        queryset=RatePlan.objects.all(),
        allow_null=True,
        required=False,
        help_text="Restrict one rate plan only; null or absent: every plan of the room types.",
    )
    min_stay = serializers.IntegerField(
        min_value=1, max_value=MAX_STAY_LIMIT, allow_null=True, required=False
    )
    max_stay = serializers.IntegerField(
        min_value=1, max_value=MAX_STAY_LIMIT, allow_null=True, required=False
    )
    closed = serializers.BooleanField(required=False)
    closed_to_arrival = serializers.BooleanField(required=False)
    closed_to_departure = serializers.BooleanField(required=False)
