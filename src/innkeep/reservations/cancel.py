"""Cancelling a reservation, and what it costs (`cancellation_fee`).

The fee follows each stay's rate plan's cancellation policy as it is when the cancellation
happens: free until `free_until_days` before arrival (hotel-local dates), later a percent of
the stay or its first night; a policy without free days charges from the moment of
booking; a stay whose plan has no policy cancels free. The fee is recorded on the
reservation; charging it is the payments app's."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from innkeep.core import clock
from innkeep.core.errors import ValidationFailed
from innkeep.inventory.services import inventory_release
from innkeep.properties.selectors import hotel_profile
from innkeep.rates.models import CancellationFee, CancellationPolicy
from innkeep.rates.pricing import ZERO, money
from innkeep.reservations.lifecycle import LIFECYCLE
from innkeep.reservations.models import (
    OCCUPYING_STATUSES,
    CancelReason,
    Reservation,
    ReservationStatus,
    Stay,
)
from innkeep.reservations.rooms import release_rooms


def stay_fee(stay: Stay, policy: CancellationPolicy | None, today: Any) -> Decimal:
    if policy is None:
        return ZERO
    free_until = policy.free_until_days
    if free_until is not None and today <= stay.check_in - timedelta(days=free_until):
        return ZERO
    if policy.fee_kind == CancellationFee.FIRST_NIGHT:
        return money(Decimal(stay.nightly[0]["price"])) if stay.nightly else ZERO
    return money(stay.total * policy.fee_percent / 100)


def cancellation_fee(*, reservation: Reservation, at: datetime | None = None) -> Decimal:
    """What cancelling costs at `at` (default now). A cancelled reservation: what was
    recorded."""
    if reservation.status == ReservationStatus.CANCELLED:
        return reservation.cancellation_fee or ZERO
    today = (at or clock.now()).astimezone(ZoneInfo(hotel_profile().timezone)).date()
    stays = reservation.stays.select_related("rate_plan__cancellation_policy")
    return sum(
        (
            stay_fee(stay, stay.rate_plan.cancellation_policy if stay.rate_plan else None, today)
            for stay in stays
        ),
        ZERO,
    )


def release_inventory(reservation: Reservation) -> None:
    """Give back the nights every stay of `reservation` holds (it occupied rooms)."""
    stays = sorted(reservation.stays.all(), key=lambda s: (s.room_type_id, s.check_in, s.pk))
    for stay in stays:
        inventory_release(
            room_type_id=stay.room_type_id, check_in=stay.check_in, check_out=stay.check_out
        )


def reservation_cancel(
    *, reservation: Reservation, actor: Any, reason: str, note: str = ""
) -> Reservation:
    """Cancel: the nights go back to the calendar, the rooms are freed, the fee due now is
    recorded. 409 INVALID_STATUS_TRANSITION from a status that cannot be cancelled."""
    if reason not in CancelReason.values:
        raise ValidationFailed({"reason": [f"One of {', '.join(CancelReason.values)}."]})
    if len(note) > 500:
        raise ValidationFailed({"note": ["At most 500 characters."]})
    with transaction.atomic():
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        LIFECYCLE.check(locked.status, ReservationStatus.CANCELLED)
        now = clock.now()
        # a hold that ran out was never guaranteed: nothing is owed for it
        fee = (
            ZERO
            if reason == CancelReason.HOLD_EXPIRED
            else cancellation_fee(reservation=locked, at=now)
        )
        if locked.status in OCCUPYING_STATUSES:
            release_inventory(locked)
        release_rooms(reservation=locked, actor=actor)
        data: dict[str, Any] = {"cancellation_fee": str(fee)}
        if note:
            data["note"] = note
        return LIFECYCLE.move(
            locked,
            to=ReservationStatus.CANCELLED,
            actor=actor,
            reason=reason,
            changes={
                "cancel_reason": reason,
                "cancelled_at": now,
                "cancellation_fee": fee,
                "hold_expires_at": None,
            },
            data=data,
        )
