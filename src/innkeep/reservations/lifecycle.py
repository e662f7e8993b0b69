"""How a reservation's status moves, and what each move leaves behind.

Every move goes through `LIFECYCLE.move(...)` (core.state_machine): the row is locked, the
table checked (409 INVALID_STATUS_TRANSITION otherwise), and in the same transaction a
`ReservationEvent` is written for the trail and an `OutboxEvent` for the consumers."""

from __future__ import annotations

from typing import Any

from innkeep.core.audit import jsonable
from innkeep.core.state_machine import TransitionTable
from innkeep.events.outbox import emit
from innkeep.reservations.models import Reservation, ReservationEvent
from innkeep.reservations.models import ReservationStatus as S

# Outbox topics of reservation changes (consumers subscribe by these names).
TOPIC_CREATED = "reservation.created"
TOPIC_MODIFIED = "reservation.modified"
TOPIC_ROOM_ASSIGNED = "room.assigned"
TOPIC_ROOM_RELEASED = "room.released"
TOPIC_BY_STATUS = {
    S.CONFIRMED: "reservation.confirmed",
    S.CANCELLED: "reservation.cancelled",
    S.CHECKED_IN: "reservation.checked_in",
    S.CHECKED_OUT: "reservation.checked_out",
    S.NO_SHOW: "reservation.no_show",
}


def actor_fields(actor: Any) -> dict[str, Any]:
    """A staff user is kept as a foreign key; anyone else (the guest, the system) by label."""
    if getattr(actor, "pk", None):
        return {"actor": actor, "actor_label": ""}
    return {"actor": None, "actor_label": str(actor or "system")}


def record(
    *,
    reservation: Reservation,
    action: str,
    actor: Any,
    topic: str | None = None,
    from_status: str = "",
    to_status: str = "",
    details: dict[str, Any] | None = None,
    payload: dict[str, Any] | None = None,
) -> ReservationEvent:
    """Write the trail row and, when `topic` is given, the outbox event of one change. Call it
    inside the change's transaction. `payload` carries ids and what changed, never personal
    data (the outbox outlives an erasure)."""
    event = ReservationEvent.objects.create(
        reservation=reservation,
        action=action,
        from_status=from_status,
        to_status=to_status,
        details=jsonable(details or {}),
        **actor_fields(actor),
    )
    if topic:
        emit(
            topic=topic,
            aggregate="reservation",
            aggregate_id=reservation.code,
            payload={"reservation_id": reservation.pk, "code": reservation.code, **(payload or {})},
        )
    return event


def _record_move(
    obj: Any, source: str, target: str, actor: Any, reason: str, data: dict[str, Any]
) -> None:
    record(
        reservation=obj,
        action="status_changed",
        actor=actor,
        topic=TOPIC_BY_STATUS.get(S(target)),
        from_status=source,
        to_status=target,
        details={"reason": reason, **data} if reason else data,
        payload={"from": source, "to": target},
    )


LIFECYCLE = TransitionTable(
    "reservation",
    {
        S.PENDING_PAYMENT: {S.CONFIRMED, S.CANCELLED},
        S.CONFIRMED: {S.CHECKED_IN, S.CANCELLED, S.NO_SHOW},
        S.CHECKED_IN: {S.CHECKED_OUT},
    },
    record=_record_move,
)
