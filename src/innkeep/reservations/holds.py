"""Holds of unpaid bookings: a `pending_payment` reservation keeps its nights until
`hold_expires_at`; paying in time confirms it (`reservation_confirm`), otherwise
`expire_holds` (a periodic task per hotel) cancels it with reason `hold_expired`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from innkeep.core import clock
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.lifecycle import LIFECYCLE
from innkeep.reservations.models import CancelReason, Reservation, ReservationStatus

SYSTEM = "system"


def reservation_confirm(*, reservation: Reservation, actor: Any) -> Reservation:
    """pending_payment -> confirmed (the guarantee was paid); the hold ends. 409
    INVALID_STATUS_TRANSITION from any other status."""
    return LIFECYCLE.move(
        reservation,
        to=ReservationStatus.CONFIRMED,
        actor=actor,
        changes={"hold_expires_at": None},
    )


def expire_holds(*, now: datetime | None = None) -> int:
    """Cancel the pending_payment reservations whose hold ended by `now`. Each one is
    checked again under its row lock, so a payment confirming it meanwhile wins, and a
    second run (or two at once) cancels nothing twice. Returns how many it cancelled."""
    now = now or clock.now()
    due = Reservation.objects.filter(
        status=ReservationStatus.PENDING_PAYMENT, hold_expires_at__lte=now
    ).values_list("pk", flat=True)
    cancelled = 0
    for pk in list(due):
        with transaction.atomic():
            locked = (
                Reservation.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=ReservationStatus.PENDING_PAYMENT, hold_expires_at__lte=now)
                .first()
            )
            if locked is None:  # confirmed, cancelled, or being changed right now
                continue
            reservation_cancel(reservation=locked, actor=SYSTEM, reason=CancelReason.HOLD_EXPIRED)
            cancelled += 1
    return cancelled
