"""A booking on a real Celery worker (tests/celery_worker.py) and a real SMTP server: the
relay is woken after the booking commits, its consumer queues the confirmation, the send task
delivers it, exactly once. Committed data, in a hotel signed up for this test and dropped
after."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django_tenants.utils import schema_context

from innkeep.inventory.services import inventory_extend_horizon
from innkeep.notifications.models import Message
from innkeep.properties.models import HotelProfile
from innkeep.properties.selectors import hotel_today
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.booking import RoomRequest, reservation_create
from innkeep.tenancy.services import hotel_signup
from tests.events.test_relay_worker import eventually
from tests.factories import RatePlanFactory, RoomFactory, RoomTypeFactory, signup_data
from tests.reservations.helpers import BOOKER


def test_a_booking_sends_its_confirmation_once_through_a_real_worker(
    committed, celery_worker, smtp, settings
):
    settings.OUTBOX_WAKE_RELAY = True
    settings.MESSAGES_SEND_AFTER_COMMIT = True
    committed.append("mailinn")
    hotel = hotel_signup(
        **signup_data(hotel_name="Mail Inn", subdomain="mailinn", owner_email="owner@mailinn.test")
    ).hotel
    with schema_context(hotel.schema_name):
        HotelProfile.objects.update(email="desk@mailinn.test")
        room_type = RoomTypeFactory(code="DBL", name="Double", max_adults=2, max_occupancy=2)
        RoomFactory(number="1", room_type=room_type)
        plan = RatePlanFactory(code="BAR", room_types=[room_type], cancellation_policy=None)
        today = hotel_today()
        inventory_extend_horizon(days=5)
        rates_bulk_set(
            rate_plan=plan,
            room_types=[room_type],
            date_from=today,
            date_to=today + timedelta(days=4),
            weekdays=None,
            price=Decimal("100.00"),
        )
        with transaction.atomic():
            reservation = reservation_create(
                check_in=today + timedelta(days=1),
                check_out=today + timedelta(days=3),
                booker=BOOKER,
                rooms=[RoomRequest(room_type="DBL", rate_plan="BAR", adults=2)],
                source="web",
                actor="guest",
                language="es",
            )
            assert Message.objects.count() == 0  # the consumer runs after the commit

    def sent() -> bool:
        with schema_context(hotel.schema_name):
            return Message.objects.filter(status="sent").exists()

    eventually(sent, what="confirmation sent")
    time.sleep(1)  # room for a second, wrong, send to arrive
    # (the owner's address-verification email from the signup goes through it too)
    [received] = [r for r in smtp.received if r.rcpt_tos == ["ana@guest.test"]]
    assert received.message["From"] == "Mail Inn <bookings@innkeep.test>"
    assert received.message["Reply-To"] == "desk@mailinn.test"
    assert received.message["Subject"].strip() == (
        f"Su reserva en Mail Inn está confirmada ({reservation.code})"
    )
    attachment = next(received.message.iter_attachments())
    assert attachment.get_filename() == f"reservation-{reservation.code}.ics"
    with schema_context(hotel.schema_name):
        message = Message.objects.get()
        assert (message.dedupe_key, message.attempts, message.provider_id) == (
            f"reservation:{reservation.code}:confirmation:email",
            1,
            received.message["Message-ID"],
        )
