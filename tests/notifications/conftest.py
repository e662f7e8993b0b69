"""A real SMTP server (aiosmtpd) on a free port, started by the test, and Django's SMTP
backend pointed at it; the booking tests' catalogue for reservations to write about."""

from __future__ import annotations

import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
from tests.booking.conftest import catalogue, frozen_now  # noqa: F401 (fixtures)


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


class Inbox:
    """What the server was given. `rcpt_reply` / `data_reply` (e.g. "451 4.3.0 Try later")
    make it refuse instead of accepting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self.rcpt_reply: str | None = None
        self.data_reply: str | None = None
        self.refusals = 0

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.rcpt_reply:
            with self._lock:
                self.refusals += 1
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_reply:
            with self._lock:
                self.refusals += 1
            return self.data_reply
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        with self._lock:
            self._received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), parsed)  # type: ignore[arg-type]
            )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def use_smtp(settings: Any, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5


@pytest.fixture
def smtp(settings) -> Iterator[Inbox]:  # type: ignore[no-untyped-def]
    """A local SMTP server for this test; Django sends through it. Its per-command INFO log
    is silenced: written from the server's own thread, it can outlive pytest's capture of
    the test and end in "--- Logging error ---"."""
    server_log = logging.getLogger("mail.log")
    level = server_log.level
    server_log.setLevel(logging.WARNING)
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    use_smtp(settings, port)
    try:
        yield inbox
    finally:
        controller.stop()
        server_log.setLevel(level)


@pytest.fixture
def smtp_down(settings) -> int:  # type: ignore[no-untyped-def]
    """Django's SMTP backend pointed at a port where nothing listens."""
    port = free_port()
    use_smtp(settings, port)
    return port
