"""Relays racing each other (a wake-up and the sweep, two workers): separate threads, each
with its own PostgreSQL connection, on committed events."""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict

from django.db import connection, transaction
from django_tenants.utils import schema_context

from innkeep.events.models import OutboxEvent
from innkeep.events.outbox import emit
from innkeep.events.relay import relay_outbox

AGGREGATES = 12
EVENTS_PER_AGGREGATE = 15
RELAYS = 3
MAX_RUNS = 500  # per thread: a guard against a relay that never finishes, not a time limit


def emit_interleaved(schema: str) -> dict[int, str]:
    """AGGREGATES x EVENTS_PER_AGGREGATE committed events, the aggregates interleaved in id
    order. Returns {event id: aggregate id}."""
    with schema_context(schema), transaction.atomic():
        return {
            emit(
                topic="tests.race", aggregate="tests", aggregate_id=f"agg-{a}", payload={"n": n}
            ).id: f"agg-{a}"
            for n in range(EVENTS_PER_AGGREGATE)
            for a in range(AGGREGATES)
        }


def run_relays(schema: str, ids: set[int], *, no_backoff: bool = False) -> list[BaseException]:
    """RELAYS threads relaying at once until every event of `ids` is dispatched. With
    `no_backoff` a refused event is made due again before each run."""
    barrier = threading.Barrier(RELAYS)
    errors: list[BaseException] = []

    def relay() -> None:
        try:
            with schema_context(schema):
                barrier.wait()
                for _ in range(MAX_RUNS):
                    if no_backoff:
                        OutboxEvent.objects.filter(
                            id__in=ids, next_attempt_at__isnull=False
                        ).update(next_attempt_at=None)
                    relay_outbox(batch_size=10)
                    if not OutboxEvent.objects.filter(
                        id__in=ids, dispatched_at__isnull=True
                    ).exists():
                        return
                raise AssertionError("events left undispatched")
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=relay) for _ in range(RELAYS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_concurrent_relays_hand_each_event_once_and_in_order_per_aggregate(
    committed_outbox, hotel_a, consumer, calls
):
    handed_by: dict[int, str] = {}

    def slow(event: OutboxEvent) -> None:
        handed_by[event.id] = threading.current_thread().name
        time.sleep(0.002)  # keep batches open long enough for the relays to overlap

    consumer("tests.race", ["tests.race"], slow, idempotent=False)
    aggregate_of = emit_interleaved(hotel_a.schema)

    errors = run_relays(hotel_a.schema, set(aggregate_of))

    assert errors == []
    handed = calls.of("tests.race")
    assert Counter(handed) == Counter(dict.fromkeys(aggregate_of, 1))  # each exactly once
    per_aggregate: dict[str, list[int]] = defaultdict(list)
    for event_id in handed:
        per_aggregate[aggregate_of[event_id]].append(event_id)
    assert all(ids == sorted(ids) for ids in per_aggregate.values()), per_aggregate
    assert len(set(handed_by.values())) > 1  # the relays did share the work
    with schema_context(hotel_a.schema):
        assert not OutboxEvent.objects.filter(
            id__in=aggregate_of, dispatched_at__isnull=True
        ).exists()


def test_concurrent_relays_keep_the_order_when_a_consumer_fails(
    committed_outbox, hotel_a, consumer, calls
):
    """Each aggregate's 3rd event fails on its first attempt; its retry is made due at once by
    the consumer itself. Every aggregate still goes out in id order, each event taken once."""
    failed: set[int] = set()
    lock = threading.Lock()

    def fails_once_on_the_third(event: OutboxEvent) -> None:
        if event.payload["n"] == 2:
            with lock:
                first = event.id not in failed
                failed.add(event.id)
            if first:
                raise RuntimeError("first attempt refused")

    consumer("tests.race", ["tests.race"], fails_once_on_the_third, idempotent=False)
    aggregate_of = emit_interleaved(hotel_a.schema)

    errors = run_relays(hotel_a.schema, set(aggregate_of), no_backoff=True)

    assert errors == []
    handed = calls.of("tests.race")
    assert len(failed) == AGGREGATES
    assert Counter(handed) == Counter(
        {event_id: 2 if event_id in failed else 1 for event_id in aggregate_of}
    )
    per_aggregate: dict[str, list[int]] = defaultdict(list)
    for event_id in handed:
        per_aggregate[aggregate_of[event_id]].append(event_id)
    for aggregate_id, ids in per_aggregate.items():
        in_order = sorted(set(ids))
        # the two before the failing one, the failing one twice, then the rest, in id order
        assert ids == [*in_order[:3], in_order[2], *in_order[3:]], aggregate_id
