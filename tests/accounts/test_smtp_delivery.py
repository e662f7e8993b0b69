"""The email task speaks real SMTP: a local aiosmtpd server receives the message."""

from __future__ import annotations

import email
import socket

import pytest
from aiosmtpd.controller import Controller

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    yield inbox
    controller.stop()


def test_invitation_reaches_a_real_smtp_server_as_text_and_html(
    smtp_server, api_for, owner_of, hotel_a, delivering
):
    owner = owner_of(hotel_a)
    with delivering():
        response = api_for(hotel_a).post(
            "/api/v1/invitations/",
            {"email": "smtp.person@alpine.test", "role": "accountant"},
            format="json",
            **owner.auth,
        )
    assert response.status_code == 201

    assert len(smtp_server.messages) == 1
    mail_from, recipients, raw = smtp_server.messages[0]
    assert mail_from == "no-reply@innkeep.test"
    assert recipients == ["smtp.person@alpine.test"]
    message = email.message_from_bytes(raw)
    assert message["Subject"] == "Ana Ruiz invited you to Alpine Lodge"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert {"text/plain", "text/html"} <= set(parts)
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    assert "as Accountant" in text
    assert "http://alpine.innkeep.test/invitations/" in text
    assert '<a href="http://alpine.innkeep.test/invitations/' in html
