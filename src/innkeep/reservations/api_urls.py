"""Staff routes of reservations under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from innkeep.core.view_routes import view_routes
from innkeep.reservations import api

router = SimpleRouter()
router.register("reservations", api.ReservationViewSet, basename="reservation")

urlpatterns: list[URLPattern | URLResolver] = [
    *view_routes(
        ("front-desk/arrivals/", api.ArrivalsView, "front-desk-arrivals"),
        ("front-desk/departures/", api.DeparturesView, "front-desk-departures"),
        ("front-desk/in-house/", api.InHouseView, "front-desk-in-house"),
        ("reservations/<str:code>/events/", api.ReservationEventsView, "reservation-events"),
    ),
    *router.urls,
]
