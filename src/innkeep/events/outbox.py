"""Writing to the outbox. `emit()` runs inside the transaction of the change it reports, so
the event exists exactly when the change does: nothing is announced for a rollback, nothing
is lost when Redis or a worker is down (the relay sweeps the table)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innkeep.core.audit import jsonable
from innkeep.events.models import OutboxEvent


def emit(
    *, topic: str, aggregate: str, aggregate_id: str, payload: dict[str, Any] | None = None
) -> OutboxEvent:
    """Record `topic` about `aggregate:aggregate_id` in the current transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit() must run inside the transaction of the change it reports")
    return OutboxEvent.objects.create(
        topic=topic,
        aggregate=aggregate,
        aggregate_id=aggregate_id,
        payload=jsonable(payload or {}),
    )
