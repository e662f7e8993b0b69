"""The relay: hands the current hotel's undispatched outbox events to their consumers.

Guarantees (docs/async.md, "The outbox"):
- at least once: an event is marked dispatched in the transaction that ran its consumers, so
  a crash before the commit delivers it again;
- in order per aggregate: an event goes out only when every earlier undispatched event of its
  aggregate goes out before it in the same pass; a failure holds the aggregate's later events;
- no head-of-line blocking across aggregates: a failing event backs off (`next_attempt_at`)
  and the aggregates it does not concern keep flowing;
- several relays at once (a wake-up racing the sweep) never hand one event twice at the same
  time: each takes its batch with `FOR UPDATE SKIP LOCKED`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.utils import timezone

from innkeep.events.consumers import consumers_for
from innkeep.events.models import OutboxEvent

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
MAX_BATCHES = 50  # per run: a long backlog is shared with the next wake-up or sweep
MAX_ATTEMPTS = 10
BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=1)
ERROR_LIMIT = 2000  # characters of `last_error`

Aggregate = tuple[str, str]


@dataclass
class RelayOutcome:
    delivered: int = 0  # events marked dispatched
    failed: int = 0  # events a consumer refused this pass (they back off)
    held: int = 0  # events left for later because an earlier one of their aggregate waits

    def add(self, other: RelayOutcome) -> None:
        self.delivered += other.delivered
        self.failed += other.failed
        self.held += other.held


def backoff(attempts: int) -> timedelta:
    """How long an event waits after its `attempts`-th failure: 30 s, 1 min, 2 min, ... 1 h."""
    return min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)


def relay_outbox(*, batch_size: int = BATCH_SIZE, max_batches: int = MAX_BATCHES) -> RelayOutcome:
    """Deliver what is due in the current schema, batch after batch, until nothing is left
    (or `max_batches` ran). Returns what happened."""
    outcome = RelayOutcome()
    for _ in range(max_batches):
        taken, batch = _relay_batch(batch_size=batch_size)
        outcome.add(batch)
        if taken < batch_size or batch.delivered + batch.failed == 0:
            break
    return outcome


def _relay_batch(*, batch_size: int) -> tuple[int, RelayOutcome]:
    outcome = RelayOutcome()
    with transaction.atomic():
        now = timezone.now()
        events = list(_due(now)[:batch_size])
        blocked = _blocked_from(events)
        for event in events:
            key = (event.aggregate, event.aggregate_id)
            if key in blocked and event.id > blocked[key]:
                outcome.held += 1
                continue
            error = _hand_to_consumers(event)
            if error is None:
                OutboxEvent.objects.filter(pk=event.pk).update(dispatched_at=timezone.now())
                outcome.delivered += 1
            else:
                _record_failure(event, error=error, now=timezone.now())
                blocked[key] = min(blocked.get(key, event.id), event.id)
                outcome.failed += 1
    return len(events), outcome


def _due(now: datetime):  # type: ignore[no-untyped-def]
    """Undispatched events whose turn has come, in id order, locked; rows another relay holds
    are skipped. An event behind a backing-off or parked event of its aggregate is left out,
    so a stuck aggregate never fills the batch and stalls the others."""
    waiting_before = OutboxEvent.objects.filter(
        aggregate=OuterRef("aggregate"),
        aggregate_id=OuterRef("aggregate_id"),
        dispatched_at__isnull=True,
        id__lt=OuterRef("id"),
    ).filter(Q(next_attempt_at__gt=now) | Q(parked_at__isnull=False))
    return (
        OutboxEvent.objects.filter(dispatched_at__isnull=True, parked_at__isnull=True)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .exclude(Exists(waiting_before))
        .order_by("id")
        .select_for_update(skip_locked=True)
    )


def _blocked_from(events: list[OutboxEvent]) -> dict[Aggregate, int]:
    """For each aggregate of the batch, the first undispatched event of it that is NOT in the
    batch (another relay holds it, it backs off, or it is parked): the batch's events of
    that aggregate after it must wait, or they would overtake it."""
    if not events:
        return {}
    ours = {event.id for event in events}
    aggregates = {(event.aggregate, event.aggregate_id) for event in events}
    firsts = (
        OutboxEvent.objects.filter(
            dispatched_at__isnull=True,
            aggregate__in={aggregate for aggregate, _ in aggregates},
            aggregate_id__in={aggregate_id for _, aggregate_id in aggregates},
        )
        .exclude(id__in=ours)
        .values("aggregate", "aggregate_id")
        .annotate(first=Min("id"))
    )
    return {
        (row["aggregate"], row["aggregate_id"]): row["first"]
        for row in firsts
        if (row["aggregate"], row["aggregate_id"]) in aggregates
    }


def _hand_to_consumers(event: OutboxEvent) -> str | None:
    """Call every consumer of the event's topic, each in a savepoint (a failing one takes its
    own writes back, not the others'). Returns None when all took it, else the errors."""
    errors: list[str] = []
    for consumer in consumers_for(event.topic):
        try:
            with transaction.atomic():
                consumer.handler(event)
        except SoftTimeLimitExceeded:
            raise  # the task is out of time: stop (the batch rolls back), not the consumer's fault
        except Exception as exc:  # any consumer failure is recorded, never raised
            logger.warning(
                "outbox event %s (%s) refused by consumer %s: %r",
                event.id,
                event.topic,
                consumer.name,
                exc,
                exc_info=True,
            )
            errors.append(f"{consumer.name}: {type(exc).__name__}: {exc}")
    return "\n".join(errors)[:ERROR_LIMIT] if errors else None


def _record_failure(event: OutboxEvent, *, error: str, now: datetime) -> None:
    attempts = event.attempts + 1
    fields: dict[str, object] = {"attempts": attempts, "last_error": error}
    if attempts >= MAX_ATTEMPTS:
        fields["parked_at"] = now
        fields["next_attempt_at"] = None
        logger.error(
            "outbox event %s (%s %s:%s) parked after %d attempts; its aggregate's later events "
            "wait until `innkeep outbox_retry`",
            event.id,
            event.topic,
            event.aggregate,
            event.aggregate_id,
            attempts,
        )
    else:
        fields["next_attempt_at"] = now + backoff(attempts)
    OutboxEvent.objects.filter(pk=event.pk).update(**fields)
