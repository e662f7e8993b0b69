"""Who wants which events. Apps register their consumers in `AppConfig.ready()`:

    from innkeep.events.consumers import register_consumer

    register_consumer(
        name="messages.confirmation_email",
        topics=["reservation.confirmed"],
        handler=send_confirmation_for,
    )

The relay (events.relay) calls `handler(event)` with the `OutboxEvent`, inside its own
transaction, in the hotel's schema. Delivery is at least once, so a handler must tolerate a
repeat; by default `register_consumer` makes it idempotent by event id (`once_per_event`).
A handler that raises leaves the event (and the aggregate's later events) for a later pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase

from django.db import IntegrityError, transaction

from innkeep.events.models import ConsumedEvent, OutboxEvent

Handler = Callable[[OutboxEvent], object]


@dataclass(frozen=True)
class Consumer:
    name: str
    topics: tuple[str, ...]  # exact topics or patterns: "reservation.*", "*"
    handler: Handler

    def wants(self, topic: str) -> bool:
        return any(fnmatchcase(topic, pattern) for pattern in self.topics)


_registry: dict[str, Consumer] = {}


class ConsumerAlreadyRegistered(ValueError):
    """Two consumers with one name would share one ConsumedEvent record: one would be skipped."""


def register_consumer(
    *, name: str, topics: Iterable[str], handler: Handler, idempotent: bool = True
) -> Consumer:
    """Hand every event whose topic matches `topics` to `handler`. With `idempotent` (the
    default) an event the consumer has already handled is skipped (see `once_per_event`);
    pass False only for a handler that deduplicates its effect itself."""
    topics = tuple(topics)
    if not name or len(name) > ConsumedEvent._meta.get_field("consumer").max_length:  # type: ignore[operator]
        raise ValueError(f"consumer name {name!r}: 1 to 64 characters")
    if not topics:
        raise ValueError(f"consumer {name!r} needs at least one topic")
    if name in _registry:
        raise ConsumerAlreadyRegistered(f"a consumer named {name!r} is already registered")
    consumer = Consumer(
        name=name, topics=topics, handler=once_per_event(name, handler) if idempotent else handler
    )
    _registry[name] = consumer
    return consumer


def unregister_consumer(name: str) -> None:
    _registry.pop(name, None)


def consumers_for(topic: str) -> list[Consumer]:
    """The consumers that want `topic`, in registration order."""
    return [consumer for consumer in _registry.values() if consumer.wants(topic)]


def once_per_event(consumer: str, handler: Handler) -> Handler:
    """`handler`, run at most once per event for `consumer`: the ConsumedEvent row is written
    in the same transaction (a savepoint) as the handler's effect, so either both stay or
    neither does, and a repeat finds the row and does nothing. A second delivery racing the
    first waits on the row's unique key until the first commits, then skips."""

    def run(event: OutboxEvent) -> object:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ConsumedEvent.objects.create(consumer=consumer, event=event)
            except IntegrityError:
                return None  # handled before
            return handler(event)

    run.__qualname__ = f"once_per_event({consumer})"
    return run
