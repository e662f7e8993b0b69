"""/healthz and /readyz answer on any host, before tenant routing, and name what is down."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client, override_settings


def closed_port() -> int:
    """A local TCP port nothing listens on: bind one, note it, let it go."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def database_unreachable() -> Iterator[None]:
    """Point this thread's database connection at a closed port; reconnect as usual after.
    Only the connection object changes: the shared settings dict is not touched."""
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {**original, "HOST": "127.0.0.1", "PORT": str(closed_port())}
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


# No database fixture: /healthz must answer without touching the database (pytest-django
# would make any query here fail).
@pytest.mark.parametrize(
    "host", ["innkeep.test", "alpine.innkeep.test", "nohotel.innkeep.test", "10.1.2.3"]
)
def test_healthz_is_200_on_any_host(host):
    response = Client(HTTP_HOST=host).get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.parametrize("host", ["innkeep.test", "alpine.innkeep.test", "nohotel.innkeep.test"])
def test_readyz_is_200_when_database_and_redis_answer(db, host):
    response = Client(HTTP_HOST=host).get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["failed"]) == ("ok", [])
    assert {name: check["ok"] for name, check in body["checks"].items()} == {
        "database": True,
        "redis": True,
    }


def test_readyz_is_503_naming_redis_when_redis_is_down(db):
    with override_settings(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/0"):
        response = Client(HTTP_HOST="innkeep.test").get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failed"]) == ("unavailable", ["redis"])
    assert body["checks"]["redis"]["ok"] is False
    assert body["checks"]["redis"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["ok"] is True


def test_readyz_is_503_naming_the_database_when_it_is_down(committed):
    # `committed`: no test transaction, so the connection can really be closed and reopened.
    with database_unreachable():
        response = Client(HTTP_HOST="innkeep.test").get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["failed"]) == ("unavailable", ["database"])
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["error"] == "OperationalError"
    assert body["checks"]["redis"]["ok"] is True
    # and once it is back, so is readiness
    assert Client(HTTP_HOST="innkeep.test").get("/readyz").status_code == 200
