"""Guest messages and templates written straight (hotel schema)."""

from __future__ import annotations

import factory
from django.utils import timezone

from innkeep.notifications.models import Message, MessageTemplate
from tests.factories.reservations import ReservationFactory


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    """A hotel's own welcome email; a language of its own each time (one per trigger x
    channel x language)."""

    class Meta:
        model = MessageTemplate

    trigger = "welcome"
    channel = "email"
    language = factory.Sequence(lambda n: f"x{n}")
    subject = "Welcome to {{ hotel.name }}"
    body_text = "Dear {{ guest.first_name }}, welcome."
    body_html = "<p>Dear {{ guest.first_name }}, welcome.</p>"


class MessageFactory(factory.django.DjangoModelFactory):
    """A queued confirmation email of a reservation, due now."""

    class Meta:
        model = Message

    reservation = factory.SubFactory(ReservationFactory)
    channel = "email"
    trigger = "confirmation"
    recipient = factory.SelfAttribute("reservation.booker_email")
    language = "en"
    subject = factory.LazyAttribute(lambda o: f"Your booking {o.reservation.code} is confirmed")
    body_text = "Dear Ada, your stay is confirmed."
    body_html = "<p>Dear Ada, your stay is confirmed.</p>"
    dedupe_key = factory.LazyAttribute(
        lambda o: f"reservation:{o.reservation.code}:confirmation:email"
    )
    scheduled_for = factory.LazyFunction(timezone.now)
