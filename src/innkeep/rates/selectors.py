"""Reads of the rates for the staff API (their query-parameter filters: innkeep.rates.filters)."""

from __future__ import annotations

from django.db.models import QuerySet

from innkeep.rates import models


def rate_plans_query() -> QuerySet[models.RatePlan]:
    return models.RatePlan.objects.select_related("cancellation_policy").prefetch_related(
        "room_types"
    )


def cancellation_policies_query() -> QuerySet[models.CancellationPolicy]:
    return models.CancellationPolicy.objects.all()


def tax_rules_query() -> QuerySet[models.TaxRule]:
    return models.TaxRule.objects.all()


def promo_codes_query() -> QuerySet[models.PromoCode]:
    return models.PromoCode.objects.prefetch_related("rate_plans")


def daily_rates_query() -> QuerySet[models.DailyRate]:
    return models.DailyRate.objects.select_related("rate_plan", "room_type")


def restrictions_query() -> QuerySet[models.Restriction]:
    return models.Restriction.objects.select_related("rate_plan", "room_type")
