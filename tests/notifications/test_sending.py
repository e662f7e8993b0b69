"""Sending by email through a real SMTP server (aiosmtpd, started by the test): the headers,
parts and calendar attachment the guest receives; one claim per attempt; retries with
backoff, then `failed` with the reason."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django_tenants.utils import tenant_context

from innkeep.events.relay import relay_outbox
from innkeep.notifications import sending
from innkeep.notifications.models import Message
from innkeep.notifications.sending import MAX_ATTEMPTS, backoff, claim, send_message
from innkeep.notifications.tasks import send_message_task
from innkeep.properties.models import HotelProfile
from innkeep.reservations.booking import RoomRequest
from tests.booking.conftest import NOW, d
from tests.reservations.helpers import book

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_retries() -> Iterator[None]:
    """`task.apply()` runs a task's retries at once, one after the other, in the call; an
    eager task propagates its exceptions (settings), the Retry of each attempt included,
    unless told not to."""
    conf = send_message_task.app.conf
    before = conf.task_eager_propagates
    conf.task_eager_propagates = False
    try:
        yield
    finally:
        conf.task_eager_propagates = before


def queued_confirmation(**kwargs) -> Message:  # type: ignore[no-untyped-def]
    HotelProfile.objects.update(
        email="desk@alpine.test",
        address_line1="Dorfstrasse 1",
        postal_code="3920",
        city="Zermatt",
    )
    book(
        RoomRequest(room_type="DBL", rate_plan="BAR", adults=2),
        RoomRequest(room_type="SGL", rate_plan="BAR", adults=1),
        **kwargs,
    )
    relay_outbox()
    return Message.objects.get()


def test_the_confirmation_arrives_with_text_html_and_the_stay_as_ics(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        code = message.reservation.code
        assert send_message(message_id=message.pk).status == "sent"

        [received] = smtp.received
        assert received.mail_from == "bookings@innkeep.test"
        assert received.rcpt_tos == ["ana@guest.test"]
        email = received.message
        assert email["From"] == "Alpine Lodge <bookings@innkeep.test>"
        assert email["Reply-To"] == "desk@alpine.test"
        assert email["To"] == "ana@guest.test"
        assert email["Subject"] == f"Your booking at Alpine Lodge is confirmed ({code})"
        assert email.get_content_type() == "multipart/mixed"
        body, attachment = email.iter_parts()
        assert body.get_content_type() == "multipart/alternative"
        text, html = body.iter_parts()
        plain = text.get_content().replace("\r\n", "\n")
        assert text.get_content_type() == "text/plain"
        assert plain.startswith("Dear Ana, thank you for booking with us.")
        assert f"\nConfirmation code: {code}\n" in plain
        assert "\nRooms: Double, Single\n" in plain
        assert plain.endswith("\nSee you soon,\nAlpine Lodge\n")
        assert html.get_content_type() == "text/html"
        assert f"<td>{code}</td>" in html.get_content()
        assert attachment.get_content_type() == "text/calendar"
        assert attachment.get_filename() == f"reservation-{code}.ics"
        ics = attachment.get_content()
        lines = ics.replace("\r\n ", "").split("\r\n")  # unfolded
        assert lines[:5] == [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Innkeep//Guest messages//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
        ]
        assert lines.count("BEGIN:VEVENT") == 1  # both rooms share their dates
        assert f"DTSTART;VALUE=DATE:{d(1):%Y%m%d}" in lines
        assert f"DTEND;VALUE=DATE:{d(3):%Y%m%d}" in lines
        assert f"UID:{code}-{d(1):%Y%m%d}-{d(3):%Y%m%d}@innkeep.test" in lines
        assert f"SUMMARY:Alpine Lodge: Double\\, Single ({code})" in lines
        assert "LOCATION:Dorfstrasse 1\\, 3920\\, Zermatt" in lines
        assert "DTSTAMP:20270301T100000Z" in lines
        assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))

        message.refresh_from_db()
        assert (message.status, message.attempts, message.last_error) == ("sent", 1, "")
        assert message.provider_id == email["Message-ID"]
        assert message.sent_at == NOW


def test_only_the_confirmation_carries_the_calendar(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation(language="es")
        Message.objects.filter(pk=message.pk).update(trigger="welcome")
        send_message(message_id=message.pk)
        [received] = smtp.received
        assert received.message.get_content_type() == "multipart/alternative"
        code = message.reservation.code
        assert received.message["Subject"].strip() == (
            f"Su reserva en Alpine Lodge está confirmada ({code})"
        )


def test_a_message_is_claimed_once(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        assert claim(message.pk) is not None
        assert claim(message.pk) is None  # a second worker finds it taken
        assert send_message(message_id=message.pk).status == "not_claimed"
        assert smtp.received == []
        claimed = Message.objects.get()
        assert (claimed.status, claimed.attempts) == ("sending", 1)


def test_a_claim_left_by_a_dead_worker_is_taken_again(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        assert claim(message.pk) is not None
        Message.objects.filter(pk=message.pk).update(
            claimed_at=NOW - sending.STALE_CLAIM - timedelta(seconds=1)
        )
        assert send_message(message_id=message.pk).status == "sent"
        assert len(smtp.received) == 1
        assert Message.objects.get().attempts == 2


def test_a_message_not_yet_due_is_not_sent(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        Message.objects.filter(pk=message.pk).update(scheduled_for=NOW + timedelta(minutes=1))
        assert send_message(message_id=message.pk).status == "not_claimed"
        assert Message.objects.get().status == "queued"


def test_a_server_saying_try_later_is_tried_again_then_succeeds(hotel_a, catalogue, smtp):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        smtp.data_reply = "451 4.3.0 Mailbox busy, try later"
        outcome = send_message(message_id=message.pk)
        assert outcome.status == "queued"
        assert outcome.retry_in is not None
        assert 15 <= outcome.retry_in <= 30
        waiting = Message.objects.get()
        assert (waiting.status, waiting.attempts) == ("queued", 1)
        assert waiting.last_error == "SMTP 451: 4.3.0 Mailbox busy, try later"
        assert waiting.next_attempt_at == NOW + timedelta(seconds=outcome.retry_in)

        smtp.data_reply = None
        assert send_message(message_id=message.pk).status == "sent"
        sent = Message.objects.get()
        assert (sent.status, sent.attempts, sent.last_error, sent.next_attempt_at) == (
            "sent",
            2,
            "",
            None,
        )
        assert len(smtp.received) == 1


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("451 4.3.0 Mailbox busy, try later", "SMTP 451: 4.3.0 Mailbox busy, try later"),
        ("554 5.6.0 Message rejected", "SMTP 554: 5.6.0 Message rejected"),
    ],
)
def test_the_task_retries_with_backoff_then_fails_with_the_reason(
    hotel_a, catalogue, smtp, reply, reason, monkeypatch, eager_retries
):
    waits: list[float] = []
    real_retry = send_message_task.retry

    def retry(*args, **kwargs):  # type: ignore[no-untyped-def]
        waits.append(kwargs["countdown"])
        return real_retry(*args, **kwargs)

    monkeypatch.setattr(send_message_task, "retry", retry)
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        smtp.data_reply = reply
        send_message_task.apply(args=[message.pk])  # eager: each retry runs at once, in here
        failed = Message.objects.get()
        assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
        assert failed.last_error == f"Gave up after {MAX_ATTEMPTS} attempts. Last: {reason}"
        assert smtp.refusals == MAX_ATTEMPTS
        assert smtp.received == []
    assert len(waits) == MAX_ATTEMPTS - 1
    for attempt, wait in enumerate(waits, start=1):
        ceiling = min(30 * 2 ** (attempt - 1), 3600)
        assert ceiling / 2 <= wait <= ceiling


def test_a_server_that_is_down_is_retried_then_the_message_fails(
    hotel_a, catalogue, smtp_down, eager_retries
):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        send_message_task.apply(args=[message.pk])
        failed = Message.objects.get()
        assert (failed.status, failed.attempts) == ("failed", MAX_ATTEMPTS)
        assert failed.last_error.startswith(f"Gave up after {MAX_ATTEMPTS} attempts. Last: ")
        assert "ConnectionRefusedError" in failed.last_error


def test_a_recipient_refused_for_good_fails_at_once(hotel_a, catalogue, smtp, eager_retries):
    with tenant_context(hotel_a.hotel):
        message = queued_confirmation()
        smtp.rcpt_reply = "550 5.1.1 No such user"
        send_message_task.apply(args=[message.pk])
        failed = Message.objects.get()
        assert (failed.status, failed.attempts) == ("failed", 1)
        assert failed.last_error == "SMTP 550: 5.1.1 No such user"


def test_backoff_grows_to_its_ceiling_with_jitter():
    for attempts, ceiling in [(1, 30), (2, 60), (5, 480), (8, 3600), (20, 3600)]:
        waits = {backoff(attempts) for _ in range(50)}
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(waits) > 1
