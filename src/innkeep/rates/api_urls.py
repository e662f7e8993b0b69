"""Routes of this app under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from innkeep.rates import api

router = SimpleRouter()
router.register("rate-plans", api.RatePlanViewSet, basename="rate-plan")
router.register(
    "cancellation-policies", api.CancellationPolicyViewSet, basename="cancellation-policy"
)
router.register("taxes", api.TaxRuleViewSet, basename="tax")
router.register("promo-codes", api.PromoCodeViewSet, basename="promo-code")
router.register("rates", api.DailyRateViewSet, basename="rate")
router.register("restrictions", api.RestrictionViewSet, basename="restriction")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
