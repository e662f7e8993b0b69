"""Writes: queueing a guest message, once per dedupe key, and sending it after commit; saving
a hotel's own template."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction

from innkeep.core import clock
from innkeep.core.audit import audit
from innkeep.core.on_commit import after_commit
from innkeep.notifications.models import Channel, Message, MessageStatus, MessageTemplate
from innkeep.notifications.rendering import render
from innkeep.notifications.selectors import context_for, primary_language, template_for
from innkeep.reservations.models import Reservation

logger = logging.getLogger(__name__)


def dedupe_key(*, reservation: Reservation, trigger: str, channel: str, occasion: str = "") -> str:
    """reservation:K7M2QX:confirmation:email; `occasion` tells apart messages of one trigger
    that may each go once (a modification per change: the outbox event id)."""
    parts = ["reservation", reservation.code, trigger, *([occasion] if occasion else []), channel]
    return ":".join(parts)


def message_queue_for_reservation(
    *, reservation: Reservation, trigger: str, occasion: str = ""
) -> Message | None:
    """Render `trigger`'s template for the booker of `reservation` in their language (English
    when the hotel has no template in it) and queue it on their channel (email for now),
    then send it after commit. Returns the new message, or None when one with its dedupe key
    exists already (a replayed event) or the channel has no template.

    No address: the message is kept as `skipped` with the reason, so staff see why nothing
    went."""
    channel = Channel.EMAIL
    key = dedupe_key(reservation=reservation, trigger=trigger, channel=channel, occasion=occasion)
    if Message.objects.filter(dedupe_key=key).exists():
        return None
    found = template_for(
        trigger=trigger, channel=channel, language=primary_language(reservation.language)
    )
    if found is None:
        return None
    template, language = found
    rendered = render(
        subject=template.subject,
        body_text=template.body_text,
        body_html=template.body_html,
        context=context_for(reservation=reservation, language=language),
    )
    recipient = reservation.booker_email.strip()
    fields = {
        "reservation": reservation,
        "channel": channel,
        "trigger": trigger,
        "recipient": recipient,
        "language": language,
        "subject": rendered.subject,
        "body_text": rendered.body_text,
        "body_html": rendered.body_html,
        "dedupe_key": key,
        "scheduled_for": clock.now(),
    }
    if not recipient:
        fields.update(status=MessageStatus.SKIPPED, last_error="The guest has no email address.")
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields)
    except IntegrityError:
        return None  # the same message, queued by a concurrent delivery of its event
    if message.status == MessageStatus.QUEUED:
        after_commit(enqueue_send, message.pk)
    return message


def enqueue_send(message_id: int) -> None:
    """Send the task for `message_id`. A broker that does not answer is logged, never raised:
    the message waits as `queued` in the table."""
    if not settings.MESSAGES_SEND_AFTER_COMMIT:
        return
    from innkeep.notifications.tasks import send_message_task

    try:
        send_message_task.apply_async(args=[message_id], retry=False)
    except Exception as exc:  # the broker's errors are many: kombu, redis, OS
        logger.warning(
            "message %s not handed to a worker (%s: %s); it stays queued",
            message_id,
            type(exc).__name__,
            exc,
        )


def message_template_save(*, actor: Any, template: MessageTemplate) -> MessageTemplate:
    """Save the hotel's own template after it renders (`MessageTemplate.clean`: a template
    that cannot render raises ValidationError by field and is not saved), with its audit row
    in the same transaction."""
    template.full_clean()
    created = template.pk is None
    with transaction.atomic():
        template.save()
        audit(
            actor=actor,
            action="messagetemplate.created" if created else "messagetemplate.changed",
            target=template,
            data={
                "trigger": template.trigger,
                "channel": template.channel,
                "language": template.language,
            },
        )
    return template
