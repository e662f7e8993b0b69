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
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.calendar_api import BulkResultSerializer, CalendarViewSet
from innkeep.core.filters import ActiveFilterSet
from innkeep.properties.api import CatalogueViewSet, WithCurrencyContext
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
    list=extend_schema(
        summary="List rate plans",
        responses={200: RatePlanSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="One rate plan",
        responses={200: RatePlanSerializer, **ERROR_RESPONSES(401, 403, 404)},
    ),
)
class RatePlanViewSet(CatalogueViewSet):
    """Rate plans: how a room type is sold (meal plan, cancellation policy, guarantee)."""

    serializer_class = RatePlanSerializer
    access = {
        "list": "rates.view_rateplan",
        "retrieve": "rates.view_rateplan",
        "create": "rates.add_rateplan",
        "partial_update": "rates.change_rateplan",
        "destroy": "rates.delete_rateplan",
    }
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code", "name"]
    ordering = ["sort_order", "code"]
    filterset_class = RatePlanFilter

    def get_queryset(self) -> QuerySet[RatePlan]:
        return selectors.rate_plans_query()

    @extend_schema(
        summary="Create a rate plan",
        description=(
            "`room_types` are room type codes; `cancellation_policy` is a policy id. "
            'A `"deposit"` guarantee needs `deposit_percent` (above 0, at most 100).'
        ),
        request=RatePlanInputSerializer,
        responses={201: RatePlanSerializer, **ERROR_RESPONSES(400, 401, 403)},
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
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RatePlanInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        plan = services.rate_plan_create(actor=request.user, **serializer.validated_data)
        return self.output(plan, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a rate plan",
        description="Send only the fields to change; `room_types` replaces the whole list.",
        request=RatePlanInputSerializer,
        responses={200: RatePlanSerializer, **ERROR_RESPONSES(400, 401, 403, 404)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = RatePlanInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        room_types = changes.pop("room_types", None)
        plan = services.rate_plan_update(
            actor=request.user,
            rate_plan=self.get_object(),
            changes=changes,
            room_types=room_types,
        )
        return self.output(plan)

    @extend_schema(
        summary="Delete a rate plan nobody refers to",
        description=(
            "Refused with 409 `RATE_PLAN_IN_USE` while it has prices, promo codes or "
            "reservations (`details.references`): deactivate it instead."
        ),
        responses={204: None, **ERROR_RESPONSES(401, 403, 404, 409)},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.rate_plan_delete(actor=request.user, rate_plan=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- cancellation policies -------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(
        summary="List cancellation policies",
        responses={200: CancellationPolicySerializer(many=True), **ERROR_RESPONSES(401, 403)},
    ),
    retrieve=extend_schema(
        summary="One cancellation policy",
        responses={200: CancellationPolicySerializer, **ERROR_RESPONSES(401, 403, 404)},
    ),
)
class CancellationPolicyViewSet(CatalogueViewSet):
    """Free cancellation until N days before arrival, then a fee (percent or first night)."""

    serializer_class = CancellationPolicySerializer
    access = {
        "list": "rates.view_cancellationpolicy",
        "retrieve": "rates.view_cancellationpolicy",
        "create": "rates.add_cancellationpolicy",
        "partial_update": "rates.change_cancellationpolicy",
        "destroy": "rates.delete_cancellationpolicy",
    }
    search_fields = ["name"]
    ordering_fields = ["name", "free_until_days"]
    ordering = ["name"]

    def get_queryset(self) -> QuerySet[CancellationPolicy]:
        return selectors.cancellation_policies_query()

    @extend_schema(
        summary="Create a cancellation policy",
        request=CancellationPolicyInputSerializer,
        responses={201: CancellationPolicySerializer, **ERROR_RESPONSES(400, 401, 403)},
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
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CancellationPolicyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        policy = services.cancellation_policy_create(
            actor=request.user, **serializer.validated_data
        )
        return self.output(policy, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a cancellation policy",
        description="Applies to new bookings of every rate plan using it.",
        request=CancellationPolicyInputSerializer,
        responses={200: CancellationPolicySerializer, **ERROR_RESPONSES(400, 401, 403, 404)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = CancellationPolicyInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        policy = services.cancellation_policy_update(
            actor=request.user, policy=self.get_object(), changes=serializer.validated_data
        )
        return self.output(policy)

    @extend_schema(
        summary="Delete a cancellation policy no rate plan uses",
        description="Refused with 409 `CANCELLATION_POLICY_IN_USE` (`details.rate_plans`).",
        responses={204: None, **ERROR_RESPONSES(401, 403, 404, 409)},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.cancellation_policy_delete(actor=request.user, policy=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- taxes -----------------------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(
        summary="List taxes",
        responses={200: TaxRuleSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="One tax", responses={200: TaxRuleSerializer, **ERROR_RESPONSES(401, 403, 404)}
    ),
)
class TaxRuleViewSet(WithCurrencyContext, CatalogueViewSet):
    """Taxes added to the room price: a percent, or a fixed amount per person-night."""

    serializer_class = TaxRuleSerializer
    access = {
        "list": "rates.view_taxrule",
        "retrieve": "rates.view_taxrule",
        "create": "rates.add_taxrule",
        "partial_update": "rates.change_taxrule",
        "destroy": "rates.delete_taxrule",
    }
    search_fields = ["name"]
    ordering_fields = ["name", "kind", "amount"]
    ordering = ["name"]
    filterset_class = TaxRuleFilter

    def get_queryset(self) -> QuerySet[TaxRule]:
        return selectors.tax_rules_query()

    @extend_schema(
        summary="Create a tax",
        description="`percent` (of the room price, at most 100) or `per_person_night`.",
        request=TaxRuleInputSerializer,
        responses={201: TaxRuleSerializer, **ERROR_RESPONSES(400, 401, 403)},
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
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TaxRuleInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tax = services.tax_rule_create(actor=request.user, **serializer.validated_data)
        return self.output(tax, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a tax",
        request=TaxRuleInputSerializer,
        responses={200: TaxRuleSerializer, **ERROR_RESPONSES(400, 401, 403, 404)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = TaxRuleInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        tax = services.tax_rule_update(
            actor=request.user, tax=self.get_object(), changes=serializer.validated_data
        )
        return self.output(tax)

    @extend_schema(
        summary="Delete a tax",
        description="Reservations keep the taxes they were priced with.",
        responses={204: None, **ERROR_RESPONSES(401, 403, 404)},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.tax_rule_delete(actor=request.user, tax=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- promo codes -----------------------------------------------------------------------


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(
        summary="List promo codes",
        responses={200: PromoCodeSerializer(many=True), **ERROR_RESPONSES(400, 401, 403)},
    ),
    retrieve=extend_schema(
        summary="One promo code",
        responses={200: PromoCodeSerializer, **ERROR_RESPONSES(401, 403, 404)},
    ),
)
class PromoCodeViewSet(WithCurrencyContext, CatalogueViewSet):
    """Promo codes: percent or amount off, for arrivals in a window, up to a usage limit."""

    serializer_class = PromoCodeSerializer
    access = {
        "list": "rates.view_promocode",
        "retrieve": "rates.view_promocode",
        "create": "rates.add_promocode",
        "partial_update": "rates.change_promocode",
        "destroy": "rates.delete_promocode",
    }
    search_fields = ["code"]
    ordering_fields = ["code", "valid_from", "valid_to", "times_used"]
    ordering = ["code"]
    filterset_class = ActiveFilterSet

    def get_queryset(self) -> QuerySet[PromoCode]:
        return selectors.promo_codes_query()

    @extend_schema(
        summary="Create a promo code",
        description=(
            "The code is stored upper-case. `rate_plans` are rate plan codes (empty: every "
            "plan); `valid_from`/`valid_to` bound the arrival date."
        ),
        request=PromoCodeInputSerializer,
        responses={201: PromoCodeSerializer, **ERROR_RESPONSES(400, 401, 403)},
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
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PromoCodeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        promo = services.promo_code_create(actor=request.user, **serializer.validated_data)
        return self.output(promo, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a promo code",
        description="Send only the fields to change; `rate_plans` replaces the whole list.",
        request=PromoCodeInputSerializer,
        responses={200: PromoCodeSerializer, **ERROR_RESPONSES(400, 401, 403, 404)},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PromoCodeInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        rate_plans = changes.pop("rate_plans", None)
        promo = services.promo_code_update(
            actor=request.user, promo=self.get_object(), changes=changes, rate_plans=rate_plans
        )
        return self.output(promo)

    @extend_schema(
        summary="Delete a promo code never used",
        description="Refused with 409 `PROMO_CODE_IN_USE` once used: deactivate it instead.",
        responses={204: None, **ERROR_RESPONSES(401, 403, 404, 409)},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        services.promo_code_delete(actor=request.user, promo=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


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
