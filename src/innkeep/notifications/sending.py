"""Sending one message: claim it, hand it to its channel's provider, record what happened.

- The claim is one conditional UPDATE (queued -> sending) in autocommit: of two workers that
  reach one message (a redelivered task, a sweep) exactly one takes it. No transaction or row
  lock is held while the provider is talked to.
- A claim older than `STALE_CLAIM` (longer than the task's hard time limit) belongs to a
  worker that died mid-send, and is taken again. Against the provider this is at least once:
  a worker killed after the provider accepted and before `sent` was written sends again; the
  email carries our own Message-ID (kept as `provider_id` before the send) so a repeat can be
  recognised.
- A failure that may pass (a 4xx, a 5xx on DATA, a server down, a timeout) puts the message
  back to `queued` with `next_attempt_at` (exponential backoff with jitter) and the task
  retries; after `MAX_ATTEMPTS` it is `failed` with the reason. A recipient the server
  refuses for good (5xx on RCPT) fails at once.
"""

from __future__ import annotations

import logging
import random
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from email.utils import formataddr, make_msgid, parseaddr
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q

from innkeep.core import clock
from innkeep.notifications.flow import advance
from innkeep.notifications.ics import stay_calendar
from innkeep.notifications.models import Channel, Message, Trigger
from innkeep.notifications.models import MessageStatus as S
from innkeep.properties.models import HotelProfile

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE = 30  # seconds: 30, 60, 120, 240, 480 (each times a random 0.5-1.0)
BACKOFF_MAX = 3600
SOFT_TIME_LIMIT = 30  # seconds of one send task (EMAIL_TIMEOUT is 10)
HARD_TIME_LIMIT = 45
STALE_CLAIM = timedelta(seconds=HARD_TIME_LIMIT * 2)
ERROR_LIMIT = 2000


class PermanentFailure(Exception):
    """The provider refused the message for good: trying again cannot help."""


@dataclass(frozen=True)
class Outcome:
    status: str  # what the message is now, or "not_claimed"
    retry_in: float | None = None  # seconds until the next attempt, when one is due


def backoff(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt: exponential, capped, with
    "equal jitter" (half fixed, half random) so that messages that failed together (a
    provider outage) do not all come back in the same second."""
    ceiling = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def claim(message_id: int) -> Message | None:
    """Take the message for one attempt (attempts + 1), or None when it is not due, not
    queued, or another worker holds a live claim on it."""
    now = clock.now()
    due = Q(scheduled_for__lte=now)
    if advance(
        message_id,
        source=S.QUEUED,
        to=S.SENDING,
        where=due,
        attempts=F("attempts") + 1,
        claimed_at=now,
    ) or advance(
        message_id,
        source=S.SENDING,
        to=S.SENDING,
        where=due & Q(claimed_at__lt=now - STALE_CLAIM),
        attempts=F("attempts") + 1,
        claimed_at=now,
    ):
        return Message.objects.get(pk=message_id)
    return None


def send_message(*, message_id: int) -> Outcome:
    """One attempt at sending message `message_id` (in the current hotel's schema)."""
    message = claim(message_id)
    if message is None:
        return Outcome(status="not_claimed")
    ours = Q(attempts=message.attempts)  # a later claim (a takeover) is not ours to finish
    try:
        if message.channel != Channel.EMAIL:
            raise PermanentFailure(f"The {message.channel} channel is not available yet.")
        provider_id = send_email(message)
    except PermanentFailure as exc:
        return _failed(message, ours, str(exc))
    except (smtplib.SMTPException, OSError, SoftTimeLimitExceeded) as exc:
        return _attempt_failed(message, ours, exc)
    _leave_sending(
        message,
        ours,
        to=S.SENT,
        provider_id=provider_id,
        sent_at=clock.now(),
        next_attempt_at=None,
        last_error="",
    )
    return Outcome(status=S.SENT)


def _leave_sending(message: Message, ours: Q, *, to: str, **fields: Any) -> None:
    """The attempt's end, unless a later claim took the message over (`ours` no longer holds)."""
    advance(message.pk, source=S.SENDING, to=to, where=ours, **fields)


def _failed(message: Message, ours: Q, reason: str) -> Outcome:
    """For good: the reason is kept on the message."""
    reason = reason[:ERROR_LIMIT]
    _leave_sending(message, ours, to=S.FAILED, next_attempt_at=None, last_error=reason)
    logger.warning("message %s failed for good: %s", message.pk, reason)
    return Outcome(status=S.FAILED)


def _attempt_failed(message: Message, ours: Q, exc: BaseException) -> Outcome:
    reason = describe(exc)
    if message.attempts >= MAX_ATTEMPTS:
        return _failed(message, ours, f"Gave up after {message.attempts} attempts. Last: {reason}")
    wait = backoff(message.attempts)
    _leave_sending(
        message,
        ours,
        to=S.QUEUED,
        next_attempt_at=clock.now() + timedelta(seconds=wait),
        last_error=reason[:ERROR_LIMIT],
    )
    return Outcome(status=S.QUEUED, retry_in=wait)


def describe(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return "The send timed out."
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode(errors="replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"SMTP {exc.smtp_code}: {text}"
    return f"{type(exc).__name__}: {exc}"


def from_address(hotel_name: str) -> str:
    """ "Alpine Lodge <bookings@platform>": the hotel's name, the platform's address (whose
    domain the provider signs for)."""
    _, address = parseaddr(settings.MESSAGES_FROM_EMAIL)
    return formataddr((hotel_name, address))


def send_email(message: Message) -> str:
    """Send `message` by email through Django's backend (SMTP, or a provider through
    django-anymail). Returns the provider's id: anymail's message id when the backend gives
    one, else the Message-ID header we set."""
    profile = HotelProfile.objects.get()
    _, sender = parseaddr(settings.MESSAGES_FROM_EMAIL)
    message_id = make_msgid(domain=sender.rsplit("@", 1)[-1] or None)
    # Kept before the send: a worker killed after the provider accepted leaves the id behind.
    Message.objects.filter(pk=message.pk).update(provider_id=message_id)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=from_address(profile.name),
        to=[message.recipient],
        reply_to=[profile.email] if profile.email else None,
        headers={"Message-ID": message_id},
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    if message.trigger == Trigger.CONFIRMATION and message.reservation is not None:
        address = ", ".join(
            p for p in [profile.address_line1, profile.postal_code, profile.city] if p
        )
        email.attach(
            f"reservation-{message.reservation.code}.ics",
            stay_calendar(
                reservation=message.reservation,
                hotel_name=profile.name,
                address=address,
                now=clock.now(),
            ),
            "text/calendar",
        )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(
                "; ".join(
                    f"SMTP {code}: {text.decode(errors='replace')}"
                    for code, text in exc.recipients.values()
                )
            ) from exc
        raise
    status = getattr(email, "anymail_status", None)
    return str(getattr(status, "message_id", None) or message_id)
