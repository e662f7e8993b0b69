"""What operators do to the outbox: make stuck events due again. The `innkeep outbox_retry`
command and the hotel admin's "Retry now" action both come here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from innkeep.core.audit import audit
from innkeep.core.on_commit import after_commit_once
from innkeep.core.tenants import current_schema
from innkeep.events.models import OutboxEvent
from innkeep.events.tasks import wake_relay


def outbox_retry(
    *, event_ids: list[int] | None = None, failing: bool = False, actor: Any = None
) -> int:
    """Give parked events (all, or those of `event_ids`) a fresh set of attempts, due now;
    with `failing`, the events backing off after a failure too (an operator who fixed the
    consumer does not wait out the backoff). One audit row per event (`outbox.retried`,
    `actor` when a person asked), and the relay is woken after commit. Delivered events,
    and pending ones that never failed, are left alone. Returns how many."""
    stuck = Q(parked_at__isnull=False)
    if failing:
        stuck |= Q(next_attempt_at__isnull=False)
    chosen = OutboxEvent.objects.filter(stuck, dispatched_at__isnull=True)
    if event_ids is not None:
        chosen = chosen.filter(id__in=event_ids)
    with transaction.atomic():
        events = list(chosen.order_by("id").select_for_update())
        for event in events:
            audit(
                actor=actor,
                action="outbox.retried",
                target=event,
                data={
                    "was": "parked" if event.parked_at else "failing",
                    "attempts": event.attempts,
                    "last_error": event.last_error[:200],
                },
            )
        OutboxEvent.objects.filter(id__in=[event.id for event in events]).update(
            parked_at=None, next_attempt_at=None, attempts=0
        )
        if events:
            schema = current_schema()
            after_commit_once(f"events.wake_relay:{schema}", wake_relay, schema)
    return len(events)
