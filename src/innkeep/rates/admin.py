"""Rates in the hotel admin. Plans, policies, taxes and promo codes are saved through the
services (audited, same rules as the API); daily prices and restrictions are shown here and
set in bulk through the API (`POST /api/v1/rates/bulk/`, `/api/v1/restrictions/bulk/`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from innkeep.core.admin_sites import ReadOnlyAdmin, hotel_admin_site
from innkeep.properties.admin import ServiceBackedAdmin, changes_of
from innkeep.rates import services
from innkeep.rates.models import (
    CancellationPolicy,
    DailyRate,
    PromoCode,
    RatePlan,
    Restriction,
    TaxRule,
)


class SavesRelationsItself(ServiceBackedAdmin):
    """The services set the many-to-many fields: the admin must not save them again."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(RatePlan, site=hotel_admin_site)
class RatePlanAdmin(SavesRelationsItself):
    list_display = [
        "code",
        "name",
        "meal_plan",
        "guarantee",
        "cancellation_policy",
        "sort_order",
        "active",
    ]
    list_filter = ["active", "meal_plan", "guarantee", "room_types"]
    list_select_related = ["cancellation_policy"]
    search_fields = ["code", "name"]
    filter_horizontal = ["room_types"]
    fields = [*services.RATE_PLAN_FIELDS[:3], "room_types", *services.RATE_PLAN_FIELDS[3:]]

    def create(self, request: HttpRequest, obj: RatePlan, form: Any) -> RatePlan:
        return services.rate_plan_create(
            actor=request.user,
            room_types=list(form.cleaned_data["room_types"]),
            **{name: getattr(obj, name) for name in services.RATE_PLAN_FIELDS},
        )

    def update(self, request: HttpRequest, obj: RatePlan, form: Any) -> None:
        services.rate_plan_update(
            actor=request.user,
            rate_plan=obj,
            changes=changes_of(obj, form, services.RATE_PLAN_FIELDS),
            room_types=list(form.cleaned_data["room_types"]),
        )

    def remove(self, request: HttpRequest, obj: RatePlan) -> None:
        services.rate_plan_delete(actor=request.user, rate_plan=obj)


@admin.register(CancellationPolicy, site=hotel_admin_site)
class CancellationPolicyAdmin(ServiceBackedAdmin):
    list_display = ["name", "free_until_days", "fee_kind", "fee_percent", "described"]
    list_filter = ["fee_kind"]
    search_fields = ["name"]
    fields = list(services.POLICY_FIELDS)

    @admin.display(description="In words")
    def described(self, policy: CancellationPolicy) -> str:
        return policy.describe()

    def create(self, request: HttpRequest, obj: CancellationPolicy, form: Any) -> Any:
        return services.cancellation_policy_create(
            actor=request.user, **{name: getattr(obj, name) for name in services.POLICY_FIELDS}
        )

    def update(self, request: HttpRequest, obj: CancellationPolicy, form: Any) -> None:
        services.cancellation_policy_update(
            actor=request.user, policy=obj, changes=changes_of(obj, form, services.POLICY_FIELDS)
        )

    def remove(self, request: HttpRequest, obj: CancellationPolicy) -> None:
        services.cancellation_policy_delete(actor=request.user, policy=obj)


@admin.register(TaxRule, site=hotel_admin_site)
class TaxRuleAdmin(ServiceBackedAdmin):
    list_display = ["name", "kind", "amount", "applies_to_children", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    fields = list(services.TAX_FIELDS)

    def create(self, request: HttpRequest, obj: TaxRule, form: Any) -> TaxRule:
        return services.tax_rule_create(
            actor=request.user, **{name: getattr(obj, name) for name in services.TAX_FIELDS}
        )

    def update(self, request: HttpRequest, obj: TaxRule, form: Any) -> None:
        services.tax_rule_update(
            actor=request.user, tax=obj, changes=changes_of(obj, form, services.TAX_FIELDS)
        )

    def remove(self, request: HttpRequest, obj: TaxRule) -> None:
        services.tax_rule_delete(actor=request.user, tax=obj)


@admin.register(PromoCode, site=hotel_admin_site)
class PromoCodeAdmin(SavesRelationsItself):
    list_display = ["code", "kind", "value", "valid_from", "valid_to", "times_used", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code"]
    filter_horizontal = ["rate_plans"]
    fields = [*services.PROMO_FIELDS, "rate_plans", "times_used"]
    readonly_fields = ["times_used"]

    def create(self, request: HttpRequest, obj: PromoCode, form: Any) -> PromoCode:
        return services.promo_code_create(
            actor=request.user,
            rate_plans=list(form.cleaned_data["rate_plans"]),
            **{name: getattr(obj, name) for name in services.PROMO_FIELDS},
        )

    def update(self, request: HttpRequest, obj: PromoCode, form: Any) -> None:
        services.promo_code_update(
            actor=request.user,
            promo=obj,
            changes=changes_of(obj, form, services.PROMO_FIELDS),
            rate_plans=list(form.cleaned_data["rate_plans"]),
        )

    def remove(self, request: HttpRequest, obj: PromoCode) -> None:
        services.promo_code_delete(actor=request.user, promo=obj)


class ReadOnlyCalendarAdmin(ReadOnlyAdmin):
    """Shown to whoever may see rates; changed in bulk through the API."""

    date_hierarchy = "date"
    list_select_related = ["room_type", "rate_plan"]


@admin.register(DailyRate, site=hotel_admin_site)
class DailyRateAdmin(ReadOnlyCalendarAdmin):
    list_display = ["date", "rate_plan", "room_type", "price"]
    list_filter = ["rate_plan", "room_type"]


@admin.register(Restriction, site=hotel_admin_site)
class RestrictionAdmin(ReadOnlyCalendarAdmin):
    list_display = [
        "date",
        "room_type",
        "rate_plan",
        "min_stay",
        "max_stay",
        "closed",
        "closed_to_arrival",
        "closed_to_departure",
    ]
    list_filter = ["room_type", "rate_plan", "closed", "closed_to_arrival", "closed_to_departure"]
