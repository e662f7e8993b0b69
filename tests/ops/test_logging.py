"""Structured logs: one JSON line per request with request id, tenant schema, user id, method,
path, status and latency; every other line carries request id and tenant too; readable lines
in development."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from django.utils.functional import SimpleLazyObject
from django_tenants.utils import schema_context, tenant_context

from innkeep.accounts.models import User
from innkeep.accounts.tokens import tokens_for
from innkeep.core.logging import (
    REQUEST_LOGGER,
    JsonFormatter,
    ReadableFormatter,
    RequestContextFilter,
    _user_id,
    logging_config,
)

REQUEST_KEYS = {
    "request_id",
    "tenant",
    "user_id",
    "client_ip",
    "method",
    "path",
    "status",
    "latency_ms",
}


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    """Everything logged at INFO and above, through the production JSON handler."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)


def json_lines(stream: io.StringIO) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def request_lines(stream: io.StringIO) -> list[dict]:  # type: ignore[type-arg]
    return [r for r in json_lines(stream) if r["logger"] == REQUEST_LOGGER]


def test_a_request_writes_one_json_line_with_its_context(db, hotel_a, captured):
    response = Client(HTTP_HOST=hotel_a.host).get(
        "/?email=ana@grand.test", HTTP_X_REQUEST_ID="log-test-0001"
    )

    assert response.status_code == 200
    [line] = request_lines(captured)
    assert set(line) >= REQUEST_KEYS
    assert line["request_id"] == "log-test-0001"
    assert line["tenant"] == hotel_a.schema
    assert line["user_id"] is None
    assert line["method"] == "GET"
    assert line["path"] == "/"  # never the query string
    assert line["status"] == 200
    assert isinstance(line["latency_ms"], float)
    assert line["level"] == "INFO"
    assert "time" in line
    assert "ana@grand.test" not in captured.getvalue()


def test_the_request_line_names_the_client_not_the_proxy(db, settings, hotel_a, captured):
    settings.NUM_PROXIES = 1
    client = Client(HTTP_HOST=hotel_a.host)
    client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.7")
    settings.NUM_PROXIES = 0
    client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")

    assert [line["client_ip"] for line in request_lines(captured)] == ["203.0.113.7", "10.0.0.1"]


def test_the_request_line_names_the_signed_in_user(db, hotel_a, captured):
    with tenant_context(hotel_a.hotel):
        owner = User.objects.get(email=hotel_a.owner_email)
        access = tokens_for(owner)["access"]

    response = Client(HTTP_HOST=hotel_a.host).get(
        "/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {access}", HTTP_X_REQUEST_ID="log-test-0002"
    )

    assert response.status_code == 200, response.content
    [line] = request_lines(captured)
    assert line["user_id"] == owner.pk
    assert line["tenant"] == hotel_a.schema


def test_the_platform_and_unknown_hosts_are_logged_too(db, captured):
    Client(HTTP_HOST="innkeep.test").get("/", HTTP_X_REQUEST_ID="log-test-0003")
    Client(HTTP_HOST="nowhere.innkeep.test").get("/", HTTP_X_REQUEST_ID="log-test-0004")

    platform, unknown = request_lines(captured)
    assert (platform["tenant"], platform["status"]) == ("public", 200)
    assert (unknown["request_id"], unknown["status"]) == ("log-test-0004", 404)


@override_settings(ROOT_URLCONF="tests.ops.urls")
def test_lines_logged_while_serving_carry_the_request_id_and_tenant(db, hotel_a, captured):
    Client(HTTP_HOST=hotel_a.host).get("/noisy/", HTTP_X_REQUEST_ID="log-test-0005")

    warning = next(r for r in json_lines(captured) if r["logger"] == "innkeep.reservations")
    assert warning["request_id"] == "log-test-0005"
    assert warning["tenant"] == hotel_a.schema
    assert warning["level"] == "WARNING"


def test_lines_outside_requests_carry_the_schema_they_run_in(db, hotel_b, captured):
    with schema_context(hotel_b.schema):
        logging.getLogger("innkeep.tasks").info("reminders sent")

    [line] = json_lines(captured)
    assert line["tenant"] == hotel_b.schema
    assert line["request_id"] is None


def test_health_checks_are_not_logged_at_info(db, captured):
    Client().get("/healthz")

    assert request_lines(captured) == []


def test_logging_does_not_load_a_user_nobody_asked_for():
    def explode():  # type: ignore[no-untyped-def]
        raise AssertionError("the user was loaded")

    request = type("Request", (), {})()
    request.user = SimpleLazyObject(explode)

    assert _user_id(request) is None


def test_development_lines_are_readable():
    formatter = ReadableFormatter()
    record = logging.LogRecord("innkeep.request", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.request_id = "0123456789abcdef"
    record.tenant = "hotel_alpine"

    line = formatter.format(record)

    assert line.endswith("INFO innkeep.request GET / 200 [req=0123456789ab tenant=hotel_alpine]")


def test_logging_config_picks_the_format():
    json_config = logging_config(level="INFO", fmt="json")
    plain_config = logging_config(level="DEBUG", fmt="plain")

    assert json_config["handlers"]["console"]["formatter"] == "json"
    assert json_config["handlers"]["console"]["filters"] == ["context"]
    assert plain_config["handlers"]["console"]["formatter"] == "plain"
    assert plain_config["root"]["level"] == "DEBUG"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config(fmt="xml")
