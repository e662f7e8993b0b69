"""The guest's own way in to a booking: its confirmation code and the booker's email.

A wrong code and a wrong email answer the same 404 (nothing tells which one was wrong),
and the endpoints are throttled per client address, so codes cannot be tried in bulk."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from innkeep.core.errors import NotFound
from innkeep.reservations import errors
from innkeep.reservations.codes import normalise_code
from innkeep.reservations.models import Reservation, RoomAssignment, Stay


class ReservationNotFound(NotFound):
    code = errors.RESERVATION_NOT_FOUND
    default_message = "No reservation with this code and email."


def with_details(query: QuerySet[Reservation]) -> QuerySet[Reservation]:
    """What an answer about a reservation shows, in a fixed handful of queries."""
    return query.select_related("promo_code").prefetch_related(
        Prefetch(
            "stays",
            queryset=Stay.objects.select_related("room_type", "rate_plan").prefetch_related(
                "party",
                "extras__extra",
                Prefetch(
                    "assignments",
                    queryset=RoomAssignment.objects.filter(released_at__isnull=True)
                    .select_related("room")
                    .order_by("start"),
                    to_attr="live_assignments",
                ),
            ),
        )
    )


def reservation_for_guest(*, code: str, email: str) -> Reservation:
    found = with_details(Reservation.objects.filter(code=normalise_code(code))).first()
    if found is None or found.booker_email.strip().casefold() != email.strip().casefold():
        raise ReservationNotFound()
    return found
