"""Consumers registered for one test only, and committed outbox rows cleaned afterwards."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from django_tenants.utils import schema_context

from innkeep.events.consumers import Handler, register_consumer, unregister_consumer
from innkeep.events.models import OutboxEvent
from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures: the admin tests)

TEST_TOPICS = "tests."  # every event these tests emit has a topic starting with it


class Calls:
    """What consumers were handed, in call order, from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.log: list[tuple[str, int]] = []  # (consumer, event id)

    def record(self, consumer: str, event: OutboxEvent) -> None:
        with self._lock:
            self.log.append((consumer, event.id))

    def of(self, consumer: str) -> list[int]:
        return [event_id for name, event_id in self.log if name == consumer]


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def consumer(calls: Calls) -> Iterator[Callable[..., None]]:
    """`consumer(name, topics, effect=None, idempotent=True)`: register a consumer that records
    each event it is handed in `calls`, then runs `effect(event)` (which may raise)."""
    names: list[str] = []

    def register(
        name: str,
        topics: list[str],
        effect: Handler | None = None,
        *,
        idempotent: bool = True,
    ) -> None:
        def handler(event: OutboxEvent) -> None:
            calls.record(name, event)
            if effect is not None:
                effect(event)

        register_consumer(name=name, topics=topics, handler=handler, idempotent=idempotent)
        names.append(name)

    yield register
    for name in names:
        unregister_consumer(name)


@pytest.fixture
def committed_outbox(committed, hotel_a) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Committed test events in hotel_a (and their ConsumedEvent rows) are deleted after."""
    yield
    with schema_context(hotel_a.schema):
        OutboxEvent.objects.filter(topic__startswith=TEST_TOPICS).delete()
