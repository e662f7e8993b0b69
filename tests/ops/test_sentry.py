"""Sentry: events are built with the tenant schema and request id as tags, and without
personal data. The real SDK is initialised by innkeep.core.sentry with a transport that keeps
the envelopes in memory: nothing leaves the process."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from django.test import override_settings
from django_tenants.utils import schema_context
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from innkeep.core.sentry import REDACTED, init_sentry, scrub_event
from tests.ops.urls import GUEST_EMAIL, GUEST_PHONE

# Loopback, discard port: even a bug in the transport could not reach anything.
DSN = "http://public-key@127.0.0.1:9/1"


class CapturingTransport(Transport):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        self.envelopes.append(envelope)

    def events(self) -> list[dict[str, Any]]:
        return [
            item.payload.json
            for envelope in self.envelopes
            for item in envelope.items
            if item.type == "event" and item.payload.json is not None
        ]


@pytest.fixture
def sentry() -> Iterator[CapturingTransport]:
    transport = CapturingTransport()
    init_sentry(dsn=DSN, environment="test", transport=transport)
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def wsgi_request(environ: dict[str, Any], body: bytes) -> tuple[str, bytes]:
    """One request through Django's WSGIHandler, as gunicorn sends it (Sentry hooks into the
    handler; the test client bypasses part of it). The test's transaction stays open."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    environ = {
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "QUERY_STRING": "",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
        **environ,
    }
    statuses: list[str] = []
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers, *exc: statuses.append(status))
        try:
            content = b"".join(response)
        finally:
            response.close()  # type: ignore[attr-defined]
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0], content


@override_settings(ROOT_URLCONF="tests.ops.urls")
def test_an_error_in_a_request_is_tagged_and_carries_no_personal_data(db, hotel_a, sentry):
    body = json.dumps({"booker": {"email": GUEST_EMAIL, "first_name": "Ana"}}).encode()

    status, _ = wsgi_request(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/boom/",
            "QUERY_STRING": f"email={GUEST_EMAIL}",
            "CONTENT_TYPE": "application/json",
            "HTTP_HOST": hotel_a.host,
            "HTTP_X_REQUEST_ID": "sentry-test-0001",
            "HTTP_AUTHORIZATION": "Bearer secret-access-token",
            "HTTP_COOKIE": "sessionid=session-cookie-value; csrftoken=csrf-cookie-value",
            "HTTP_X_FORWARDED_FOR": "203.0.113.9",
            "HTTP_USER_AGENT": "pytest",
        },
        body,
    )
    sentry_sdk.flush()

    assert status.startswith("500")
    [event] = sentry.events()
    assert event["tags"]["tenant"] == hotel_a.schema
    assert event["tags"]["request_id"] == "sentry-test-0001"
    assert event["exception"]["values"][-1]["type"] == "RuntimeError"
    # What is sent about the request: method, URL without its query, harmless headers.
    assert event["request"]["method"] == "POST"
    assert event["request"]["url"] == f"http://{hotel_a.host}/boom/"
    assert event["request"]["headers"]["User-Agent"] == "pytest"
    assert set(event["request"]) == {"method", "url", "headers"}
    headers = {name.lower() for name in event["request"]["headers"]}
    assert not headers & {"authorization", "cookie", "x-forwarded-for"}
    # No user, no stack frame variables, no personal data or credentials anywhere.
    assert "user" not in event
    for frame in event["exception"]["values"][-1]["stacktrace"]["frames"]:
        assert "vars" not in frame
    raw = json.dumps(event)
    for secret in (
        GUEST_EMAIL,
        GUEST_PHONE,
        '"Ana"',
        "secret-access-token",
        "session-cookie-value",
        "csrf-cookie-value",
        "203.0.113.9",
    ):
        assert secret not in raw, secret
    assert event["exception"]["values"][-1]["value"] == (
        f"could not confirm the stay of {REDACTED} ({REDACTED})"
    )


def test_the_sdk_runs_with_the_django_celery_and_redis_integrations(sentry):
    client = sentry_sdk.get_client()

    assert {"django", "celery", "redis"} <= set(client.integrations)
    assert client.options["send_default_pii"] in (None, False)
    assert client.options["max_request_body_size"] == "never"
    assert client.options["include_local_variables"] is False


def test_events_outside_requests_are_tagged_with_their_schema(hotel_b):
    with schema_context(hotel_b.schema):
        event = scrub_event({"message": "task failed for +33 6 12 34 56 78", "tags": {}})

    assert event["tags"] == {"tenant": hotel_b.schema}
    assert event["message"] == f"task failed for {REDACTED}"


def test_personal_data_is_removed_wherever_it_hides():
    event = scrub_event(
        {
            "user": {"id": 7, "email": "guest@example.org"},
            "request": {
                "method": "GET",
                "url": "https://alpine.innkeep.test/api/v1/public/reservations/K7M2QX/",
                "query_string": "email=guest@example.org",
                "cookies": {"sessionid": "abc"},
                "data": {"email": "guest@example.org"},
                "env": {"REMOTE_ADDR": "198.51.100.4"},
                "headers": {"Authorization": "Bearer t", "Cookie": "a=b", "Accept": "*/*"},
            },
            "breadcrumbs": {"values": [{"message": "sent mail to guest@example.org"}]},
            "extra": {"note": "call +1 415 555 0100 after 2027-03-01"},
        }
    )

    assert "user" not in event
    assert event["request"] == {
        "method": "GET",
        "url": "https://alpine.innkeep.test/api/v1/public/reservations/K7M2QX/",
        "headers": {"Accept": "*/*"},
    }
    assert event["breadcrumbs"]["values"][0]["message"] == f"sent mail to {REDACTED}"
    assert event["extra"]["note"] == f"call {REDACTED} after 2027-03-01"  # dates stay
