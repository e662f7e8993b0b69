"""The relay's rules, with the real relay code on real PostgreSQL (inside the test's
transaction; the races with several connections are in test_relay_concurrency.py)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from innkeep.events.consumers import (
    ConsumerAlreadyRegistered,
    consumers_for,
    register_consumer,
)
from innkeep.events.models import ConsumedEvent, OutboxEvent
from innkeep.events.outbox import emit
from innkeep.events.relay import MAX_ATTEMPTS, backoff, relay_outbox


class Refused(Exception):
    pass


@pytest.fixture
def in_alpine(db, hotel_a):  # type: ignore[no-untyped-def]
    with schema_context(hotel_a.schema):
        yield


def emitted(aggregate_id: str, *topics: str) -> list[int]:
    with transaction.atomic():
        return [
            emit(topic=topic, aggregate="tests", aggregate_id=aggregate_id, payload={"n": n}).id
            for n, topic in enumerate(topics)
        ]


def pending(ids: list[int]) -> list[int]:
    return list(
        OutboxEvent.objects.filter(id__in=ids, dispatched_at__isnull=True)
        .order_by("id")
        .values_list("id", flat=True)
    )


def make_due(event_id: int) -> None:
    """The backoff has passed (without waiting for it)."""
    OutboxEvent.objects.filter(pk=event_id).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_every_consumer_of_the_topic_gets_each_event_in_order_then_it_is_dispatched(
    in_alpine, consumer, calls
):
    consumer("tests.mail", ["tests.booked", "tests.cancelled"])
    consumer("tests.all", ["tests.*"])
    consumer("tests.other", ["tests.unrelated"])
    ids = emitted("R1", "tests.booked", "tests.cancelled")

    relay_outbox()

    assert calls.log == [
        ("tests.mail", ids[0]),
        ("tests.all", ids[0]),
        ("tests.mail", ids[1]),
        ("tests.all", ids[1]),
    ]
    assert pending(ids) == []
    assert set(ConsumedEvent.objects.filter(event_id__in=ids).values_list("consumer", "event")) == {
        ("tests.mail", ids[0]),
        ("tests.mail", ids[1]),
        ("tests.all", ids[0]),
        ("tests.all", ids[1]),
    }


def test_an_event_nobody_consumes_is_marked_dispatched(in_alpine, calls):
    ids = emitted("R1", "tests.nobody")

    relay_outbox()

    assert pending(ids) == []
    assert calls.log == []


def test_a_failing_consumer_holds_its_aggregate_in_order_while_others_flow(
    in_alpine, consumer, calls
):
    refusing = {"on": True}

    def flaky(event: OutboxEvent) -> None:
        if refusing["on"] and event.aggregate_id == "A" and event.payload["n"] == 1:
            raise Refused("provider down")

    consumer("tests.flaky", ["tests.*"], flaky)
    a = emitted("A", "tests.one", "tests.two", "tests.three", "tests.four")
    b = emitted("B", "tests.one", "tests.two")

    relay_outbox()

    # A's first event went out, its second failed; its third and fourth wait behind it;
    # B is not held up by A.
    assert calls.of("tests.flaky") == [a[0], a[1], b[0], b[1]]
    assert pending(a + b) == [a[1], a[2], a[3]]
    failed = OutboxEvent.objects.get(pk=a[1])
    assert failed.attempts == 1
    assert failed.last_error == "tests.flaky: Refused: provider down"
    assert failed.next_attempt_at is not None
    assert failed.parked_at is None

    # Before the backoff has passed, a pass does nothing for A (and never delivers a[2]).
    relay_outbox()
    assert calls.of("tests.flaky") == [a[0], a[1], b[0], b[1]]

    # The backoff passes, the consumer fails again: a second attempt, a longer backoff.
    make_due(a[1])
    before = timezone.now()
    relay_outbox()
    failed.refresh_from_db()
    assert failed.attempts == 2
    assert before + backoff(2) <= failed.next_attempt_at <= timezone.now() + backoff(2)
    assert pending(a + b) == [a[1], a[2], a[3]]

    # The consumer recovers: A's events go out, in order, the failed one first.
    refusing["on"] = False
    make_due(a[1])
    relay_outbox()
    assert calls.of("tests.flaky") == [a[0], a[1], b[0], b[1], a[1], a[1], a[2], a[3]]
    assert pending(a + b) == []


def test_one_consumer_failing_does_not_repeat_the_idempotent_ones(in_alpine, consumer, calls):
    """At least once: the event goes to every consumer again, and the idempotent consumer that
    already took it skips it (its ConsumedEvent row stayed with its effect)."""
    attempts = {"n": 0}

    def fails_once(event: OutboxEvent) -> None:
        attempts["n"] += 1
        if attempts["n"] == 1:
            raise Refused("once")

    consumer("tests.steady", ["tests.x"])
    consumer("tests.fails_once", ["tests.x"], fails_once)
    ids = emitted("R1", "tests.x")

    relay_outbox()
    make_due(ids[0])
    relay_outbox()

    # tests.steady's handler ran once: the second delivery found its ConsumedEvent row
    assert calls.log == [
        ("tests.steady", ids[0]),
        ("tests.fails_once", ids[0]),
        ("tests.fails_once", ids[0]),
    ]
    assert pending(ids) == []


def test_a_failing_consumer_takes_back_its_own_writes_and_its_consumed_row(in_alpine, consumer):
    def writes_then_fails(event: OutboxEvent) -> None:
        OutboxEvent.objects.filter(pk=event.pk).update(payload={"touched": True})
        raise Refused("after writing")

    consumer("tests.half", ["tests.x"], writes_then_fails)
    ids = emitted("R1", "tests.x")

    relay_outbox()

    event = OutboxEvent.objects.get(pk=ids[0])
    assert event.payload == {"n": 0}
    assert event.attempts == 1
    assert not ConsumedEvent.objects.filter(event_id=ids[0]).exists()


def test_after_max_attempts_the_event_is_parked_and_retried_by_the_command(
    in_alpine, hotel_a, consumer, calls
):
    refusing = {"on": True}

    def broken(event: OutboxEvent) -> None:
        if refusing["on"] and event.payload["n"] == 0:
            raise Refused("bug")

    consumer("tests.broken", ["tests.*"], broken)
    ids = emitted("P", "tests.first", "tests.second")

    for _ in range(MAX_ATTEMPTS):
        make_due(ids[0])
        relay_outbox()

    parked = OutboxEvent.objects.get(pk=ids[0])
    assert parked.attempts == MAX_ATTEMPTS
    assert parked.parked_at is not None
    assert parked.next_attempt_at is None
    assert calls.of("tests.broken") == [ids[0]] * MAX_ATTEMPTS
    relay_outbox()  # parked: no more attempts, and the second event still waits
    assert calls.of("tests.broken") == [ids[0]] * MAX_ATTEMPTS
    assert pending(ids) == ids

    refusing["on"] = False
    out = StringIO()
    call_command("outbox_retry", "--schema", hotel_a.schema, "--event", str(ids[0]), stdout=out)
    assert out.getvalue().splitlines() == [
        f"{hotel_a.schema}: 1 event(s) due again",
        "1 parked event(s) due again",
    ]
    relay_outbox()

    assert calls.of("tests.broken") == [ids[0]] * (MAX_ATTEMPTS + 1) + [ids[1]]
    assert pending(ids) == []


def test_backoff_doubles_up_to_an_hour():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 8, 9, 20)] == [
        30,
        60,
        120,
        240,
        3600,
        3600,
        3600,
    ]


def test_an_idempotent_consumer_handles_a_repeat_once(in_alpine, consumer, calls):
    consumer("tests.once", ["tests.x"])
    ids = emitted("R1", "tests.x")
    (registered,) = [c for c in consumers_for("tests.x") if c.name == "tests.once"]
    event = OutboxEvent.objects.get(pk=ids[0])

    registered.handler(event)
    registered.handler(event)

    assert calls.log == [("tests.once", ids[0])]
    assert ConsumedEvent.objects.filter(consumer="tests.once", event=event).count() == 1


def test_a_consumer_registered_without_idempotency_sees_every_delivery(in_alpine, consumer, calls):
    consumer("tests.raw", ["tests.x"], idempotent=False)
    ids = emitted("R1", "tests.x")
    (registered,) = [c for c in consumers_for("tests.x") if c.name == "tests.raw"]
    event = OutboxEvent.objects.get(pk=ids[0])

    registered.handler(event)
    registered.handler(event)

    assert calls.log == [("tests.raw", ids[0]), ("tests.raw", ids[0])]
    assert not ConsumedEvent.objects.filter(event=event).exists()


def test_consumer_names_are_unique_and_topics_required(consumer):
    consumer("tests.dup", ["tests.x"])

    with pytest.raises(ConsumerAlreadyRegistered, match=r"'tests\.dup' is already registered"):
        register_consumer(name="tests.dup", topics=["tests.y"], handler=print)
    with pytest.raises(ValueError, match="needs at least one topic"):
        register_consumer(name="tests.none", topics=[], handler=print)
    with pytest.raises(ValueError, match="1 to 64 characters"):
        register_consumer(name="x" * 65, topics=["tests.x"], handler=print)
    assert [c.name for c in consumers_for("tests.y")] == []


def emit_and_roll_back(topic: str) -> None:
    with transaction.atomic():
        emit(topic=topic, aggregate="tests", aggregate_id="R1")
        raise Refused("rolled back")


def test_emit_in_a_rolled_back_transaction_leaves_no_event_and_no_wake_up(
    in_alpine, django_capture_on_commit_callbacks
):
    before = OutboxEvent.objects.count()

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Refused):
        emit_and_roll_back("tests.lost")

    assert OutboxEvent.objects.count() == before
    assert callbacks == []


def test_emit_wakes_the_relay_once_per_transaction(in_alpine, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for n in range(5):
            emit(topic="tests.many", aggregate="tests", aggregate_id=str(n))

    assert [callback.__qualname__ for callback in callbacks] == [
        "after_commit_once(events.wake_relay:hotel_alpine)"
    ]


def test_a_wake_up_dropped_with_a_savepoint_is_registered_again(
    in_alpine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        with pytest.raises(Refused):
            emit_and_roll_back("tests.first")
        assert OutboxEvent.objects.filter(topic="tests.first").count() == 0
        emit(topic="tests.second", aggregate="tests", aggregate_id="1")

    assert [callback.__qualname__ for callback in callbacks] == [
        "after_commit_once(events.wake_relay:hotel_alpine)"
    ]
