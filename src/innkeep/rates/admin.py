"""Rates in the hotel admin. Plans, policies, taxes and promo codes are saved through the
services (audited, same rules as the API); daily prices and restrictions are shown here and
set in bulk through the API (`POST /api/v1/rates/bulk/`, `/api/v1/restrictions/bulk/`)."""

from __future__ import annotations

from django.contrib import admin

from innkeep.core.admin_sites import ViewOnlyAdmin, hotel_admin_site
from innkeep.core.service_admin import SavedThrough, ServiceBackedAdmin
from innkeep.rates import models, services


@admin.register(models.RatePlan, site=hotel_admin_site)
class RatePlanAdmin(ServiceBackedAdmin):
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
    saved_through = SavedThrough.named(
        services, "rate_plan", fields=services.RATE_PLAN_FIELDS, relations=("room_types",)
    )


@admin.register(models.CancellationPolicy, site=hotel_admin_site)
class CancellationPolicyAdmin(ServiceBackedAdmin):
    list_display = ["name", "free_until_days", "fee_kind", "fee_percent", "described"]
    list_filter = ["fee_kind"]
    search_fields = ["name"]
    fields = list(services.POLICY_FIELDS)
    saved_through = SavedThrough.named(
        services, "cancellation_policy", fields=services.POLICY_FIELDS, instance="policy"
    )

    @admin.display(description="In words")
    def described(self, policy: models.CancellationPolicy) -> str:
        return policy.describe()


@admin.register(models.TaxRule, site=hotel_admin_site)
class TaxRuleAdmin(ServiceBackedAdmin):
    list_display = ["name", "kind", "amount", "applies_to_children", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    fields = list(services.TAX_FIELDS)
    saved_through = SavedThrough.named(
        services, "tax_rule", fields=services.TAX_FIELDS, instance="tax"
    )


@admin.register(models.PromoCode, site=hotel_admin_site)
class PromoCodeAdmin(ServiceBackedAdmin):
    list_display = ["code", "kind", "value", "valid_from", "valid_to", "times_used", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code"]
    filter_horizontal = ["rate_plans"]
    fields = [*services.PROMO_FIELDS, "rate_plans", "times_used"]
    readonly_fields = ["times_used"]
    saved_through = SavedThrough.named(
        services,
        "promo_code",
        fields=services.PROMO_FIELDS,
        instance="promo",
        relations=("rate_plans",),
    )


class ReadOnlyCalendarAdmin(ViewOnlyAdmin):
    """Shown to whoever may see rates; changed in bulk through the API."""

    date_hierarchy = "date"
    list_select_related = ["room_type", "rate_plan"]


@admin.register(models.DailyRate, site=hotel_admin_site)
class DailyRateAdmin(ReadOnlyCalendarAdmin):
    list_display = ["date", "rate_plan", "room_type", "price"]
    list_filter = ["rate_plan", "room_type"]


@admin.register(models.Restriction, site=hotel_admin_site)
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
