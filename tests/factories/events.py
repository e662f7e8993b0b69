"""Outbox rows written straight (hotel schema)."""

from __future__ import annotations

import factory

from innkeep.events.models import ConsumedEvent, OutboxEvent


class OutboxEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEvent

    topic = "reservation.created"
    aggregate = "reservation"
    aggregate_id = factory.Sequence(lambda n: f"F{n:07d}")
    payload = factory.LazyFunction(dict)


class ConsumedEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsumedEvent

    consumer = "test"
    event = factory.SubFactory(OutboxEventFactory)
