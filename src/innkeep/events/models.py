"""The transactional outbox: what happened, written in the transaction that made it happen,
and handed to the consumers (messages, payments, webhooks, live screens) after commit."""

from __future__ import annotations

from django.db import models


class OutboxEvent(models.Model):
    """One domain event. Payloads are small (ids and what changed), never personal data an
    erasure would have to chase. `dispatched_at` is set once every consumer has taken it."""

    topic = models.CharField(max_length=64)
    aggregate = models.CharField(
        max_length=32, help_text="What the event is about: reservation, room."
    )
    aggregate_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # A consumer failed: the relay tries again from this moment on (backoff), and holds the
    # aggregate's later events until then, so they never overtake this one.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Attempts exhausted (events.relay.MAX_ATTEMPTS): no more automatic tries; the aggregate's
    # later events stay held until an operator retries it (`innkeep outbox_retry`).
    parked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        permissions = [("retry_outboxevent", "Retry parked or failing outbox events")]
        indexes = [
            # The relay's scan: undispatched rows in id order.
            models.Index(
                fields=["id"],
                name="events_outbox_pending",
                condition=models.Q(dispatched_at__isnull=True),
            ),
            models.Index(
                fields=["aggregate", "aggregate_id", "id"], name="events_outbox_aggregate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.topic} {self.aggregate}:{self.aggregate_id}"


class ConsumedEvent(models.Model):
    """A consumer has handled an event: delivery is at least once, so each consumer records
    what it has done in the same transaction as its own effect and skips a repeat."""

    consumer = models.CharField(max_length=64)
    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="consumed")
    consumed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consumer", "event"], name="events_consumed_once")
        ]

    def __str__(self) -> str:
        return f"{self.consumer} <- {self.event_id}"
