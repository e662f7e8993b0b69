"""Routes of this app under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from innkeep.inventory import api

router = SimpleRouter()
router.register("inventory", api.InventoryViewSet, basename="inventory")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
