"""Reservation events -> guest messages (an outbox consumer, events.consumers).

Idempotent by each message's unique dedupe key rather than by event id: a replayed event, or
the `created` and `confirmed` events of one booking, find the message already queued and add
none (so the consumer is registered with idempotent=False: no ConsumedEvent row is needed).
The relay calls it in the event's hotel schema, inside its transaction: the messages exist
exactly when the event is marked handled, and go to a worker after that commit."""

from __future__ import annotations

from innkeep.events.consumers import register_consumer
from innkeep.events.models import OutboxEvent
from innkeep.notifications.models import Message, Trigger
from innkeep.notifications.services import message_queue_for_reservation
from innkeep.reservations.lifecycle import TOPIC_BY_STATUS, TOPIC_CREATED, TOPIC_MODIFIED
from innkeep.reservations.models import Reservation, ReservationStatus

CONSUMER = "notifications.reservation_messages"

TRIGGER_BY_TOPIC = {
    TOPIC_BY_STATUS[ReservationStatus.CONFIRMED]: Trigger.CONFIRMATION,
    TOPIC_BY_STATUS[ReservationStatus.CANCELLED]: Trigger.CANCELLATION,
    TOPIC_BY_STATUS[ReservationStatus.CHECKED_IN]: Trigger.WELCOME,
    TOPIC_BY_STATUS[ReservationStatus.CHECKED_OUT]: Trigger.THANK_YOU,
}
TOPICS = [TOPIC_CREATED, TOPIC_MODIFIED, *TRIGGER_BY_TOPIC]


def messages_for_event(event: OutboxEvent) -> Message | None:
    reservation = Reservation.objects.filter(pk=event.payload.get("reservation_id")).first()
    if reservation is None:
        return None  # gone since (erased): nobody to write to
    occasion = ""
    if event.topic == TOPIC_CREATED:
        # A booking waiting for its payment is confirmed later (reservation.confirmed).
        if event.payload.get("status") != ReservationStatus.CONFIRMED:
            return None
        trigger = Trigger.CONFIRMATION
    elif event.topic == TOPIC_MODIFIED:
        # Dates, rooms, guests changed (modify.py says which fields); a party member's name
        # added or removed by staff is not news to the guest.
        if not event.payload.get("fields"):
            return None
        trigger, occasion = Trigger.MODIFICATION, str(event.pk)
    else:
        trigger = TRIGGER_BY_TOPIC[event.topic]
    return message_queue_for_reservation(
        reservation=reservation, trigger=trigger, occasion=occasion
    )


def register() -> None:
    register_consumer(name=CONSUMER, topics=TOPICS, handler=messages_for_event, idempotent=False)
