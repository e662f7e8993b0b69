"""Writing to the outbox. `emit()` runs inside the transaction of the change it reports, so
the event exists exactly when the change does: nothing is announced for a rollback, nothing
is lost when Redis or a worker is down (the relay sweeps the table)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from innkeep.core.audit import jsonable
from innkeep.core.on_commit import after_commit_once
from innkeep.core.tenants import current_schema
from innkeep.events.models import OutboxEvent
from innkeep.events.tasks import wake_relay


def emit(
    *, topic: str, aggregate: str, aggregate_id: str, payload: dict[str, Any] | None = None
) -> OutboxEvent:
    """Record `topic` about `aggregate:aggregate_id` in the current transaction, and wake the
    relay of the current hotel once that transaction commits (once, however many events)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("emit() must run inside the transaction of the change it reports")
    schema = current_schema()
    event = OutboxEvent.objects.create(
        topic=topic,
        aggregate=aggregate,
        aggregate_id=aggregate_id,
        payload=jsonable(payload or {}),
    )
    after_commit_once(f"events.wake_relay:{schema}", wake_relay, schema)
    return event
