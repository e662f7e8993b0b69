"""Reservation events -> messages: one per dedupe key, in the guest's language (English when
the hotel has none in it), in the event's hotel only."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context, tenant_context

from innkeep.events.models import OutboxEvent
from innkeep.events.relay import relay_outbox
from innkeep.notifications.consumer import messages_for_event
from innkeep.notifications.models import Message, MessageTemplate
from innkeep.notifications.rendering import written_date
from innkeep.reservations.booking import RoomRequest
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.holds import reservation_confirm
from innkeep.reservations.modify import reservation_modify
from tests.booking.conftest import d
from tests.reservations.helpers import book

pytestmark = pytest.mark.django_db

NRF = RoomRequest(room_type="DBL", rate_plan="NRF", adults=2)


def messages() -> list[tuple[str, str, str, str, str]]:
    return [
        (m.dedupe_key, m.trigger, m.language, m.recipient, m.status)
        for m in Message.objects.order_by("id")
    ]


def test_a_confirmed_booking_queues_its_confirmation_once(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(language="es")
        assert relay_outbox().delivered == 1
        key = f"reservation:{reservation.code}:confirmation:email"
        assert messages() == [(key, "confirmation", "es", "ana@guest.test", "queued")]
        message = Message.objects.get()
        assert message.reservation == reservation
        assert message.subject == (
            f"Su reserva en Alpine Lodge está confirmada ({reservation.code})"
        )
        assert f"Código de confirmación: {reservation.code}" in message.body_text
        assert f"Total: {reservation.total:.2f} EUR\n" in message.body_text
        assert "Habitaciones: Double\n" in message.body_text
        assert f"<td>{reservation.code}</td>" in message.body_html
        assert (message.attempts, message.provider_id, message.last_error) == (0, "", "")

        # The event again (a replay after a crash): the dedupe key finds the message.
        event = OutboxEvent.objects.get(topic="reservation.created")
        assert messages_for_event(event) is None
        assert Message.objects.count() == 1


def test_payment_first_the_confirmation_comes_with_confirmed_once(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(NRF)
        assert reservation.status == "pending_payment"
        relay_outbox()
        assert messages() == []
        reservation_confirm(reservation=reservation, actor="system")
        relay_outbox()
        assert [m[0] for m in messages()] == [f"reservation:{reservation.code}:confirmation:email"]
        # a second confirmed event for it (replayed by hand) adds nothing
        confirmed = OutboxEvent.objects.get(topic="reservation.confirmed")
        assert messages_for_event(confirmed) is None
        assert Message.objects.count() == 1


def test_a_language_without_templates_falls_back_to_english(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book(language="fr-CA")
        relay_outbox()
        message = Message.objects.get()
        assert message.language == "en"
        assert message.subject == f"Your booking at Alpine Lodge is confirmed ({reservation.code})"


def test_the_hotels_own_template_wins_over_the_shipped_one(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        MessageTemplate.objects.create(
            trigger="confirmation",
            channel="email",
            language="es",
            subject="¡Hola {{ guest.first_name }}! {{ reservation.code }}",
            body_text="Del {{ reservation.arrival_iso }} al {{ reservation.departure_iso }}.",
            body_html="<p>{{ guest.name }}</p>",
        )
        reservation = book(language="ES")
        relay_outbox()
        message = Message.objects.get()
        assert (message.language, message.subject) == ("es", f"¡Hola Ana! {reservation.code}")
        assert message.body_text == f"Del {d(1)} al {d(3)}."
        assert message.body_html == "<p>Ana Ruiz</p>"


def test_changes_and_cancellation_each_write_to_the_guest(hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        relay_outbox()
        reservation = reservation_modify(reservation=reservation, check_out=d(4), actor="guest")
        reservation = reservation_modify(reservation=reservation, adults=1, actor="guest")
        reservation_cancel(reservation=reservation, actor="guest", reason="guest")
        relay_outbox()
        modified = OutboxEvent.objects.filter(topic="reservation.modified").order_by("id")
        code = reservation.code
        assert [m[0] for m in messages()] == [
            f"reservation:{code}:confirmation:email",
            *(f"reservation:{code}:modification:{event.id}:email" for event in modified),
            f"reservation:{code}:cancellation:email",
        ]
        assert len(modified) == 2
        first_change = Message.objects.filter(trigger="modification").order_by("id").first()
        assert first_change is not None
        assert f"Departure: {written_date(d(4), 'en')} (until 11:00)\n" in first_change.body_text
        cancellation = Message.objects.get(trigger="cancellation")
        assert cancellation.subject == f"Your booking {code} at Alpine Lodge is cancelled"


def test_the_consumer_writes_in_the_events_hotel_only(hotel_a, hotel_b, catalogue):
    with tenant_context(hotel_a.hotel):
        reservation = book()
        relay_outbox()
        assert Message.objects.filter(reservation=reservation).count() == 1
    with schema_context(hotel_b.schema):
        assert Message.objects.count() == 0
        assert relay_outbox().delivered == 0
        assert Message.objects.count() == 0
