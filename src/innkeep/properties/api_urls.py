"""Routes of this app under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from innkeep.properties import api

router = SimpleRouter()
router.register("room-types", api.RoomTypeViewSet, basename="room-type")
router.register("rooms", api.RoomViewSet, basename="room")
router.register("extras", api.ExtraViewSet, basename="extra")

urlpatterns: list[URLPattern | URLResolver] = [
    path("hotel-profile/", api.HotelProfileView.as_view(), name="hotel-profile"),
    *router.urls,
]
