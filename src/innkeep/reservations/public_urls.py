"""Public booking routes under /api/v1/public/ on a hotel's host (no sign-in, throttled)."""

from django.urls import URLPattern, URLResolver, path

from innkeep.reservations import public_api

urlpatterns: list[URLPattern | URLResolver] = [
    path("hotel/", public_api.PublicHotelView.as_view(), name="public-hotel"),
    path("availability/", public_api.AvailabilityView.as_view(), name="public-availability"),
    path("quotes/", public_api.QuoteCreateView.as_view(), name="public-quotes"),
    path("quotes/<uuid:quote_id>/", public_api.QuoteDetailView.as_view(), name="public-quote"),
    path("reservations/", public_api.ReservationCreateView.as_view(), name="public-reservations"),
    path(
        "reservations/<str:code>/",
        public_api.ReservationLookupView.as_view(),
        name="public-reservation",
    ),
    path(
        "reservations/<str:code>/cancel/",
        public_api.ReservationGuestCancelView.as_view(),
        name="public-reservation-cancel",
    ),
]
