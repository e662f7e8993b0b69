"""Email: rendered from templates (text + HTML) in the request, sent by a Celery task after
the transaction commits, so a rolled-back change never emails anyone and a slow or failing
SMTP server never holds a request."""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from innkeep.celery import app
from innkeep.core.on_commit import after_commit

logger = logging.getLogger(__name__)


def normalize_email(email: str) -> str:
    """An address as it is stored and compared: trimmed, lower-cased."""
    return email.strip().lower()


def render_email(template: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """`template` names three files: <template>.subject.txt, <template>.txt, <template>.html."""
    subject = " ".join(render_to_string(f"{template}.subject.txt", context).split())
    text = render_to_string(f"{template}.txt", context)
    html = render_to_string(f"{template}.html", context)
    return subject, text, html


def send_email_after_commit(
    *,
    to: str,
    template: str,
    context: dict[str, Any],
    from_name: str | None = None,
    reply_to: str | None = None,
) -> None:
    subject, text, html = render_email(template, context)
    from_email = settings.DEFAULT_FROM_EMAIL
    if from_name:
        address = from_email.rsplit("<", 1)[-1].rstrip(">")
        from_email = f"{from_name} via Innkeep <{address}>"
    after_commit(
        send_email.delay,
        to=to,
        subject=subject,
        text=text,
        html=html,
        from_email=from_email,
        reply_to=reply_to or "",
    )


@app.task(
    name="core.send_email",
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    time_limit=60,
    soft_time_limit=50,
)
def send_email(
    *, to: str, subject: str, text: str, html: str, from_email: str, reply_to: str = ""
) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=from_email,
        to=[to],
        reply_to=[reply_to] if reply_to else None,
    )
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("email sent", extra={"subject": subject})
