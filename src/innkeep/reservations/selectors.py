"""Reads of reservations for the staff API and the admin: the list (filtered by
reservations.filters), one reservation by code, its trail, and the front desk's lists."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Exists, Max, Min, OuterRef, Prefetch, QuerySet

from innkeep.core.errors import NotFound
from innkeep.reservations.models import (
    Reservation,
    ReservationEvent,
    ReservationStatus,
    RoomAssignment,
    Stay,
)

S = ReservationStatus

# Who is on each front-desk list (docs in reservations/api.py).
ARRIVING_STATUSES = (S.PENDING_PAYMENT, S.CONFIRMED, S.CHECKED_IN)
DEPARTING_STATUSES = (S.CHECKED_IN, S.CHECKED_OUT)
FRONT_DESK_ORDER = ("booker_last_name", "booker_first_name", "code")


def reservations_query() -> QuerySet[Reservation]:
    """Every reservation with its arrival (first night of its stays) and departure (last
    check-out), and what the answers show prefetched: stays, their live rooms, party, extras."""
    live_rooms = RoomAssignment.objects.filter(released_at__isnull=True).select_related("room")
    stays = Stay.objects.select_related("room_type", "rate_plan").prefetch_related(
        Prefetch("assignments", queryset=live_rooms, to_attr="live_assignments"),
        "party",
        "extras__extra",
    )
    return Reservation.objects.annotate(
        arrival=Min("stays__check_in"), departure=Max("stays__check_out")
    ).prefetch_related(Prefetch("stays", queryset=stays))


def with_stay(queryset: QuerySet[Reservation], **stay_filters: object) -> QuerySet[Reservation]:
    """Reservations with at least one stay matching `stay_filters` (no duplicate rows)."""
    return queryset.filter(Exists(Stay.objects.filter(reservation=OuterRef("pk"), **stay_filters)))


def reservation_by_code(code: str) -> Reservation:
    """One reservation by its confirmation code (any case); 404 when there is none here."""
    found = reservations_query().filter(code=code.strip().upper()).first()
    if found is None:
        raise NotFound("No reservation with this code.")
    return found


def reservation_events(*, reservation: Reservation) -> QuerySet[ReservationEvent]:
    return ReservationEvent.objects.filter(reservation=reservation).select_related("actor")


def arrivals_on(day: date) -> QuerySet[Reservation]:
    """Due to arrive on `day` (a stay starts then), including those already checked in."""
    due = with_stay(reservations_query(), check_in=day)
    return due.filter(status__in=ARRIVING_STATUSES).order_by(*FRONT_DESK_ORDER)


def departures_on(day: date) -> QuerySet[Reservation]:
    """Due to leave on `day` (a stay ends then): in house, or already checked out."""
    due = with_stay(reservations_query(), check_out=day)
    return due.filter(status__in=DEPARTING_STATUSES).order_by(*FRONT_DESK_ORDER)


def in_house() -> QuerySet[Reservation]:
    return reservations_query().filter(status=S.CHECKED_IN).order_by(*FRONT_DESK_ORDER)


def current_assignment(assignments: Iterable[RoomAssignment], today: date) -> RoomAssignment | None:
    """Of a stay's live assignments, the one for tonight; else the next one to start (a
    future stay, or a move later in the stay); else the last one (a stay in the past)."""
    live = sorted(assignments, key=lambda a: a.start)
    for assignment in live:
        if assignment.start <= today < assignment.end:
            return assignment
    upcoming = [a for a in live if a.start > today]
    if upcoming:
        return upcoming[0]
    return live[-1] if live else None


def live_assignments(stay: Stay) -> list[RoomAssignment]:
    """The stay's live assignments, from the prefetch when there is one."""
    prefetched = getattr(stay, "live_assignments", None)
    if prefetched is not None:
        return list(prefetched)
    return list(stay.assignments.filter(released_at__isnull=True).select_related("room"))
