"""Reads of the rates for the staff API (their query-parameter filters: innkeep.rates.filters)."""

from __future__ import annotations

from django.db.models import QuerySet

from innkeep.rates.models import (
    CancellationPolicy,
    DailyRate,
    PromoCode,
    RatePlan,
    Restriction,
    TaxRule,
)


def rate_plans_query() -> QuerySet[RatePlan]:
    return RatePlan.objects.select_related("cancellation_policy").prefetch_related("room_types")


def cancellation_policies_query() -> QuerySet[CancellationPolicy]:
    return CancellationPolicy.objects.all()


def tax_rules_query() -> QuerySet[TaxRule]:
    return TaxRule.objects.all()


def promo_codes_query() -> QuerySet[PromoCode]:
    return PromoCode.objects.prefetch_related("rate_plans")


def daily_rates_query() -> QuerySet[DailyRate]:
    return DailyRate.objects.select_related("rate_plan", "room_type")


def restrictions_query() -> QuerySet[Restriction]:
    return Restriction.objects.select_related("rate_plan", "room_type")
