"""Public booking routes under /api/v1/public/ on a hotel's host (no sign-in, throttled)."""

from django.urls import URLPattern, URLResolver

from innkeep.core.view_routes import view_routes
from innkeep.reservations import public_api as views

urlpatterns: list[URLPattern | URLResolver] = [
    *view_routes(
        ("hotel/", views.PublicHotelView, "public-hotel"),
        ("availability/", views.AvailabilityView, "public-availability"),
        ("quotes/", views.QuoteCreateView, "public-quotes"),
        ("quotes/<uuid:quote_id>/", views.QuoteDetailView, "public-quote"),
        ("reservations/", views.ReservationCreateView, "public-reservations"),
        ("reservations/<str:code>/", views.ReservationLookupView, "public-reservation"),
        (
            "reservations/<str:code>/cancel/",
            views.ReservationGuestCancelView,
            "public-reservation-cancel",
        ),
    )
]
