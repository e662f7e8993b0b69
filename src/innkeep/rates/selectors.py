"""Reads of the rates for the staff API. Query-parameter filters are checked here: a bad
value is a 400 naming the parameter, never an empty list or a 500."""

from __future__ import annotations

from django.db.models import QuerySet

from innkeep.core.errors import ValidationFailed
from innkeep.core.query_params import date_range, parse_bool, parse_codes
from innkeep.rates.models import (
    CancellationPolicy,
    DailyRate,
    PromoCode,
    RatePlan,
    Restriction,
    TaxKind,
    TaxRule,
)

NO_RATE_PLAN = "none"


def rate_plans_query(
    *, active: str | None = None, room_type: str | None = None
) -> QuerySet[RatePlan]:
    problems: dict[str, list[str]] = {}
    plans = RatePlan.objects.select_related("cancellation_policy").prefetch_related("room_types")
    if (flag := parse_bool("active", active, problems)) is not None:
        plans = plans.filter(active=flag)
    if codes := parse_codes("room_type", room_type, problems):
        plans = plans.filter(room_types__code__in=codes).distinct()
    if problems:
        raise ValidationFailed(problems)
    return plans


def cancellation_policies_query() -> QuerySet[CancellationPolicy]:
    return CancellationPolicy.objects.all()


def tax_rules_query(*, active: str | None = None, kind: str | None = None) -> QuerySet[TaxRule]:
    problems: dict[str, list[str]] = {}
    taxes = TaxRule.objects.all()
    if (flag := parse_bool("active", active, problems)) is not None:
        taxes = taxes.filter(active=flag)
    if kind:
        if kind not in TaxKind.values:
            problems["kind"] = [f"Use {', '.join(TaxKind.values)}."]
        taxes = taxes.filter(kind=kind)
    if problems:
        raise ValidationFailed(problems)
    return taxes


def promo_codes_query(*, active: str | None = None) -> QuerySet[PromoCode]:
    problems: dict[str, list[str]] = {}
    promos = PromoCode.objects.prefetch_related("rate_plans")
    if (flag := parse_bool("active", active, problems)) is not None:
        promos = promos.filter(active=flag)
    if problems:
        raise ValidationFailed(problems)
    return promos


def daily_rates_query(
    *,
    rate_plan: str | None = None,
    room_type: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> QuerySet[DailyRate]:
    """Prices by date; `rate_plan` and `room_type` take one code or several, comma separated."""
    problems: dict[str, list[str]] = {}
    rates = DailyRate.objects.select_related("rate_plan", "room_type")
    start, end = date_range(date_from, date_to, problems)
    if codes := parse_codes("rate_plan", rate_plan, problems):
        rates = rates.filter(rate_plan__code__in=codes)
    if codes := parse_codes("room_type", room_type, problems):
        rates = rates.filter(room_type__code__in=codes)
    if problems:
        raise ValidationFailed(problems)
    if start:
        rates = rates.filter(date__gte=start)
    if end:
        rates = rates.filter(date__lte=end)
    return rates


def restrictions_query(
    *,
    room_type: str | None = None,
    rate_plan: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> QuerySet[Restriction]:
    """Restrictions by date; `rate_plan=none` gives the rows that apply to every plan."""
    problems: dict[str, list[str]] = {}
    rows = Restriction.objects.select_related("rate_plan", "room_type")
    start, end = date_range(date_from, date_to, problems)
    if codes := parse_codes("room_type", room_type, problems):
        rows = rows.filter(room_type__code__in=codes)
    if rate_plan is not None and rate_plan.strip().lower() == NO_RATE_PLAN:
        rows = rows.filter(rate_plan__isnull=True)
    elif codes := parse_codes("rate_plan", rate_plan, problems):
        rows = rows.filter(rate_plan__code__in=codes)
    if problems:
        raise ValidationFailed(problems)
    if start:
        rows = rows.filter(date__gte=start)
    if end:
        rows = rows.filter(date__lte=end)
    return rows
