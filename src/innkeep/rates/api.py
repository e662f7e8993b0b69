"""Staff API of the rates: rate plans, cancellation policies, taxes, promo codes, daily
prices and restrictions (listed, and set in bulk the way revenue managers work)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.calendar_api import BulkResultSerializer, CalendarViewSet
from innkeep.core.crud_api import (
    CrudViewSet,
    create_schema,
    destroy_schema,
    list_schema,
    model_access,
    retrieve_schema,
    update_schema,
)
from innkeep.core.filters import ActiveFilterSet
from innkeep.properties.api import WithCurrencyContext
from innkeep.rates import api_examples, selectors, services
from innkeep.rates.filters import (
    DailyRateFilter,
    RatePlanFilter,
    RestrictionFilter,
    TaxRuleFilter,
)
from innkeep.rates.models import (
    CancellationPolicy,
    DailyRate,
    PromoCode,
    RatePlan,
    Restriction,
    TaxRule,
)
from innkeep.rates.serializers import (
    CancellationPolicyInputSerializer,
    CancellationPolicySerializer,
    DailyRateSerializer,
    PromoCodeInputSerializer,
    PromoCodeSerializer,
    RateBulkSerializer,
    RatePlanInputSerializer,
    RatePlanSerializer,
    RestrictionBulkSerializer,
    RestrictionSerializer,
    TaxRuleInputSerializer,
    TaxRuleSerializer,
)

# --- rate plans ------------------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=list_schema("List rate plans", RatePlanSerializer),
    retrieve=retrieve_schema("One rate plan", RatePlanSerializer),
    create=create_schema(
        "Create a rate plan",
        RatePlanInputSerializer,
        RatePlanSerializer,
        description="`room_types` are room type codes; `cancellation_policy` is a policy id. "
        'A `"deposit"` guarantee needs `deposit_percent` (above 0, at most 100).',
        examples=[
            OpenApiExample(
                "Best available rate",
                value={
                    "code": "BAR",
                    "name": "Best available rate",
                    "room_types": ["DBL", "TWN"],
                    "meal_plan": "breakfast",
                    "cancellation_policy": 1,
                    "guarantee": "deposit",
                    "deposit_percent": "30.00",
                },
                request_only=True,
            ),
            api_examples.RATE_PLAN,
        ],
    ),
    partial_update=update_schema(
        "Change a rate plan",
        RatePlanInputSerializer,
        RatePlanSerializer,
        description="Send only the fields to change; `room_types` replaces the whole list.",
    ),
    destroy=destroy_schema(
        "Delete a rate plan nobody refers to",
        errors=(401, 403, 404, 409),
        description=(
            "Refused with 409 `RATE_PLAN_IN_USE` while it has prices, promo codes or "
            "reservations (`details.references`): deactivate it instead."
        ),
    ),
)
class RatePlanViewSet(CrudViewSet):
    """Rate plans: how a room type is sold (meal plan, cancellation policy, guarantee)."""

    serializer_class = RatePlanSerializer
    input_serializer_class = RatePlanInputSerializer
    access = model_access(RatePlan)
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code", "name"]
    ordering = ["sort_order", "code"]
    filterset_class = RatePlanFilter

    def get_queryset(self) -> QuerySet[RatePlan]:
        return selectors.rate_plans_query()

    def create_with(self, data: dict[str, Any]) -> RatePlan:
        return services.rate_plan_create(actor=self.request.user, **data)

    def update_with(self, rate_plan: RatePlan, changes: dict[str, Any]) -> RatePlan:
        room_types = changes.pop("room_types", None)
        return services.rate_plan_update(
            actor=self.request.user, rate_plan=rate_plan, changes=changes, room_types=room_types
        )

    def delete_with(self, rate_plan: RatePlan) -> None:
        services.rate_plan_delete(actor=self.request.user, rate_plan=rate_plan)


# --- cancellation policies -------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=list_schema("List cancellation policies", CancellationPolicySerializer, errors=(401, 403)),
    retrieve=retrieve_schema("One cancellation policy", CancellationPolicySerializer),
    create=create_schema(
        "Create a cancellation policy",
        CancellationPolicyInputSerializer,
        CancellationPolicySerializer,
        examples=[
            OpenApiExample(
                "Flexible",
                value={
                    "name": "Flexible",
                    "free_until_days": 2,
                    "fee_kind": "first_night",
                },
                request_only=True,
            ),
            api_examples.CANCELLATION_POLICY,
        ],
    ),
    partial_update=update_schema(
        "Change a cancellation policy",
        CancellationPolicyInputSerializer,
        CancellationPolicySerializer,
        description="Applies to new bookings of every rate plan using it.",
    ),
    destroy=destroy_schema(
        "Delete a cancellation policy no rate plan uses",
        errors=(401, 403, 404, 409),
        description="Refused with 409 `CANCELLATION_POLICY_IN_USE` (`details.rate_plans`).",
    ),
)
class CancellationPolicyViewSet(CrudViewSet):
    """Free cancellation until N days before arrival, then a fee (percent or first night)."""

    serializer_class = CancellationPolicySerializer
    input_serializer_class = CancellationPolicyInputSerializer
    access = model_access(CancellationPolicy)
    search_fields = ["name"]
    ordering_fields = ["name", "free_until_days"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[CancellationPolicy]:
        return selectors.cancellation_policies_query()

    def create_with(self, data: dict[str, Any]) -> CancellationPolicy:
        return services.cancellation_policy_create(actor=self.request.user, **data)

    def update_with(
        self, policy: CancellationPolicy, changes: dict[str, Any]
    ) -> CancellationPolicy:
        return services.cancellation_policy_update(
            actor=self.request.user, policy=policy, changes=changes
        )

    def delete_with(self, policy: CancellationPolicy) -> None:
        services.cancellation_policy_delete(actor=self.request.user, policy=policy)


# --- taxes -----------------------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=list_schema("List taxes", TaxRuleSerializer),
    retrieve=retrieve_schema("One tax", TaxRuleSerializer),
    create=create_schema(
        "Create a tax",
        TaxRuleInputSerializer,
        TaxRuleSerializer,
        description="`percent` (of the room price, at most 100) or `per_person_night`.",
        examples=[
            OpenApiExample(
                "City tax",
                value={"name": "City tax", "kind": "per_person_night", "amount": "2.50"},
                request_only=True,
            ),
            OpenApiExample(
                "VAT",
                value={"name": "VAT", "kind": "percent", "amount": "10.00"},
                request_only=True,
            ),
            api_examples.TAX_RULE,
        ],
    ),
    partial_update=update_schema("Change a tax", TaxRuleInputSerializer, TaxRuleSerializer),
    destroy=destroy_schema(
        "Delete a tax", description="Reservations keep the taxes they were priced with."
    ),
)
class TaxRuleViewSet(WithCurrencyContext, CrudViewSet):
    """Taxes added to the room price: a percent, or a fixed amount per person-night."""

    serializer_class = TaxRuleSerializer
    input_serializer_class = TaxRuleInputSerializer
    access = model_access(TaxRule)
    search_fields = ["name"]
    ordering_fields = ["name", "kind", "amount"]
    ordering = ["name"]
    filterset_class = TaxRuleFilter

    def get_queryset(self) -> QuerySet[TaxRule]:
        return selectors.tax_rules_query()

    def create_with(self, data: dict[str, Any]) -> TaxRule:
        return services.tax_rule_create(actor=self.request.user, **data)

    def update_with(self, tax: TaxRule, changes: dict[str, Any]) -> TaxRule:
        return services.tax_rule_update(actor=self.request.user, tax=tax, changes=changes)

    def delete_with(self, tax: TaxRule) -> None:
        services.tax_rule_delete(actor=self.request.user, tax=tax)


# --- promo codes -----------------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=list_schema("List promo codes", PromoCodeSerializer),
    retrieve=retrieve_schema("One promo code", PromoCodeSerializer),
    create=create_schema(
        "Create a promo code",
        PromoCodeInputSerializer,
        PromoCodeSerializer,
        description=(
            "The code is stored upper-case. `rate_plans` are rate plan codes (empty: every "
            "plan); `valid_from`/`valid_to` bound the arrival date."
        ),
        examples=[
            OpenApiExample(
                "Spring 15%",
                value={
                    "code": "SPRING15",
                    "kind": "percent",
                    "value": "15.00",
                    "valid_from": "2027-03-01",
                    "valid_to": "2027-05-31",
                    "usage_limit": 100,
                    "rate_plans": ["BAR"],
                },
                request_only=True,
            ),
            api_examples.PROMO_CODE,
        ],
    ),
    partial_update=update_schema(
        "Change a promo code",
        PromoCodeInputSerializer,
        PromoCodeSerializer,
        description="Send only the fields to change; `rate_plans` replaces the whole list.",
    ),
    destroy=destroy_schema(
        "Delete a promo code never used",
        errors=(401, 403, 404, 409),
        description="Refused with 409 `PROMO_CODE_IN_USE` once used: deactivate it instead.",
    ),
)
class PromoCodeViewSet(WithCurrencyContext, CrudViewSet):
    """Promo codes: percent or amount off, for arrivals in a window, up to a usage limit."""

    serializer_class = PromoCodeSerializer
    input_serializer_class = PromoCodeInputSerializer
    access = model_access(PromoCode)
    search_fields = ["code"]
    ordering_fields = ["code", "valid_from", "valid_to", "times_used"]
    ordering = ["code"]
    filterset_class = ActiveFilterSet

    def get_queryset(self) -> QuerySet[PromoCode]:
        return selectors.promo_codes_query()

    def create_with(self, data: dict[str, Any]) -> PromoCode:
        return services.promo_code_create(actor=self.request.user, **data)

    def update_with(self, promo: PromoCode, changes: dict[str, Any]) -> PromoCode:
        rate_plans = changes.pop("rate_plans", None)
        return services.promo_code_update(
            actor=self.request.user, promo=promo, changes=changes, rate_plans=rate_plans
        )

    def delete_with(self, promo: PromoCode) -> None:
        services.promo_code_delete(actor=self.request.user, promo=promo)


# --- daily rates and restrictions -------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(
        summary="Daily prices",
        responses={200: DailyRateSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
)
class DailyRateViewSet(WithCurrencyContext, CalendarViewSet):
    serializer_class = DailyRateSerializer
    access = {"list": "rates.view_dailyrate", "bulk": "rates.change_dailyrate"}
    ordering_fields = ["date", "price"]
    ordering = ["date", "rate_plan__sort_order", "rate_plan__code", "room_type__code"]
    filterset_class = DailyRateFilter

    def get_queryset(self) -> QuerySet[DailyRate]:
        return selectors.daily_rates_query()

    @extend_schema(
        summary="Set a price on a date range, for some weekdays, across room types",
        description=(
            "One request sets the rate plan's price for each room type on each chosen date "
            "(`weekdays` absent or empty: every day). The rate plan must sell every room type "
            "given. Answers how many prices were set."
        ),
        request=RateBulkSerializer,
        responses={200: BulkResultSerializer, **ERROR_RESPONSES(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Weekend prices",
                value={
                    "rate_plan": "BAR",
                    "room_types": ["DBL", "TWN"],
                    "date_from": "2027-06-01",
                    "date_to": "2027-08-31",
                    "weekdays": ["fri", "sat"],
                    "price": "120.00",
                },
                request_only=True,
            ),
            OpenApiExample("Result", value={"updated": 52}, response_only=True),
        ],
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        serializer = RateBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.bulk_answer(
            services.rates_bulk_update(actor=request.user, **serializer.validated_data)
        )


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(
        summary="Restrictions by date",
        responses={200: RestrictionSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
)
class RestrictionViewSet(CalendarViewSet):
    serializer_class = RestrictionSerializer
    access = {"list": "rates.view_restriction", "bulk": "rates.change_restriction"}
    ordering_fields = ["date"]
    ordering = ["date", "room_type__code", "rate_plan__code"]
    filterset_class = RestrictionFilter

    def get_queryset(self) -> QuerySet[Restriction]:
        return selectors.restrictions_query()

    @extend_schema(
        summary="Set restrictions on a date range, for some weekdays, across room types",
        description=(
            "Sets only the restriction fields sent (at least one of `min_stay`, `max_stay`, "
            "`closed`, `closed_to_arrival`, `closed_to_departure`); the others keep their "
            "value. `min_stay`/`max_stay` null clears them. `rate_plan` null or absent: the "
            "rows for every plan of the room types."
        ),
        request=RestrictionBulkSerializer,
        responses={200: BulkResultSerializer, **ERROR_RESPONSES(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Two nights minimum on Saturdays",
                value={
                    "room_types": ["DBL"],
                    "rate_plan": None,
                    "date_from": "2027-06-01",
                    "date_to": "2027-08-31",
                    "weekdays": ["sat"],
                    "min_stay": 2,
                },
                request_only=True,
            ),
            OpenApiExample("Result", value={"updated": 13}, response_only=True),
        ],
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        serializer = RestrictionBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        changes = {f: data.pop(f) for f in services.RESTRICTION_FIELDS if f in data}
        return self.bulk_answer(
            services.restrictions_bulk_update(
                actor=request.user,
                room_types=data["room_types"],
                rate_plan=data.get("rate_plan"),
                date_from=data["date_from"],
                date_to=data["date_to"],
                weekdays=data.get("weekdays"),
                changes=changes,
            )
        )
