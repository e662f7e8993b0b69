"""Staff routes of reservations under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from innkeep.reservations import api

router = SimpleRouter()
router.register("reservations", api.ReservationViewSet, basename="reservation")

urlpatterns: list[URLPattern | URLResolver] = [
    path("front-desk/arrivals/", api.ArrivalsView.as_view(), name="front-desk-arrivals"),
    path("front-desk/departures/", api.DeparturesView.as_view(), name="front-desk-departures"),
    path("front-desk/in-house/", api.InHouseView.as_view(), name="front-desk-in-house"),
    path(
        "reservations/<str:code>/events/",
        api.ReservationEventsView.as_view(),
        name="reservation-events",
    ),
    *router.urls,
]
