"""Guest messages: what each hotel says to its guests (`MessageTemplate`), and every message
written from it (`Message`), with what became of it.

A message is rendered when it is queued (the subject and bodies are kept as sent, whatever the
template becomes later) and sent by a Celery task of its own (notifications.sending). Its
status moves only through `MESSAGE_FLOW` (notifications.flow). `dedupe_key` is unique: one
reservation's confirmation by email exists once, however often its event is delivered."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
    WHATSAPP = "whatsapp", "WhatsApp"


class Trigger(models.TextChoices):
    CONFIRMATION = "confirmation", "Booking confirmation"
    MODIFICATION = "modification", "Booking changed"
    CANCELLATION = "cancellation", "Booking cancelled"
    PRE_ARRIVAL = "pre_arrival", "Before arrival"
    WELCOME = "welcome", "Welcome (check-in)"
    THANK_YOU = "thank_you", "Thank you (after the stay)"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class MessageTemplate(models.Model):
    """A hotel's own wording of one trigger on one channel in one language. Where a hotel has
    none, the shipped default (notifications.defaults) is used. `clean()` renders it against
    a sample reservation: a template that cannot render is refused when it is saved."""

    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    language = models.CharField(max_length=10, help_text="e.g. en, es")
    subject = models.CharField(max_length=300, blank=True, help_text="Email only.")
    body_text = models.TextField()
    body_html = models.TextField(blank=True, help_text="Email only; the plain text goes too.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["trigger", "channel", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["trigger", "channel", "language"], name="notifications_template_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.trigger} / {self.channel} / {self.language}"

    def clean(self) -> None:
        from innkeep.notifications.rendering import validate_template

        validate_template(
            channel=self.channel,
            subject=self.subject,
            body_text=self.body_text,
            body_html=self.body_html,
        )


class Message(models.Model):
    reservation = models.ForeignKey(
        "reservations.Reservation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="messages",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    recipient = models.CharField(max_length=254, help_text="An email address or E.164 number.")
    language = models.CharField(max_length=10)
    subject = models.CharField(max_length=300, blank=True)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    dedupe_key = models.CharField(
        max_length=200, unique=True, help_text="e.g. reservation:K7M2QX:confirmation:email"
    )
    provider_id = models.CharField(
        max_length=200, blank=True, help_text="The provider's id (email: the Message-ID)."
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    scheduled_for = models.DateTimeField(help_text="Not sent before this instant.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # When the current attempt took the message: a claim older than the send task's hard time
    # limit belongs to a worker that died, and may be taken again (notifications.sending).
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # What is due: queued messages by the moment they may go (the sweep, reminders).
            models.Index(
                fields=["scheduled_for"],
                name="notifications_message_due",
                condition=Q(status="queued"),
            ),
            models.Index(fields=["reservation", "created_at"], name="notifications_msg_resv"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="email") | Q(body_html=""),
                name="notifications_html_is_email_only",
            ),
        ]

    def __str__(self) -> str:
        return self.dedupe_key
