"""The relay on real Celery workers: woken after a commit (the in-process worker of
tests/celery_worker.py), and through a Redis outage (a worker process and a Redis server of
this test's own, which it stops and starts)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction
from django_tenants.utils import schema_context

from innkeep.events.models import OutboxEvent
from innkeep.events.outbox import emit

TIMEOUT = 30  # seconds to wait for a worker; how long it takes is not what is tested
PROJECT_DIR = Path(__file__).resolve().parents[2]


def eventually(check: Callable[[], bool], *, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting: {what}")
        time.sleep(0.1)


def dispatched(schema: str, event_id: int) -> bool:
    with schema_context(schema):
        return OutboxEvent.objects.filter(pk=event_id, dispatched_at__isnull=False).exists()


def test_a_commit_wakes_the_relay_on_a_real_worker(
    committed_outbox, celery_worker, hotel_a, consumer, calls, settings
):
    settings.OUTBOX_WAKE_RELAY = True
    handed = threading.Event()
    consumer("tests.woken", ["tests.woken"], lambda event: handed.set())

    with schema_context(hotel_a.schema), transaction.atomic():
        event = emit(topic="tests.woken", aggregate="tests", aggregate_id="W1")
        assert not handed.is_set()  # nothing leaves before the commit

    assert handed.wait(TIMEOUT)
    eventually(lambda: dispatched(hotel_a.schema, event.id), what="event dispatched")
    assert calls.of("tests.woken") == [event.id]


# --- Redis down: the commit stands, the event waits, the sweep delivers it once ----------------


class PrivateRedis:
    """A redis-server of this test's own on a free port, to stop and start at will."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        eventually(self._answers, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(TIMEOUT)
            self.process = None

    def _answers(self) -> bool:
        client = redis.Redis.from_url(self.url)
        try:
            return bool(client.ping())
        except redis.ConnectionError:
            return False
        finally:
            client.close()


@pytest.fixture
def private_redis() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    try:
        yield server
    finally:
        server.stop()


def scenario_env(broker_url: str) -> dict[str, str]:
    db = connection.settings_dict
    database_url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.test",
        "DATABASE_URL": database_url,
        "REDIS_URL": broker_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
        "OUTBOX_WAKE_RELAY": "1",
        "CELERY_SKIP_CHECKS": "1",
    }


def scenario(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.events.outbox_scenario", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def worker_process(private_redis, tmp_path) -> Iterator[Callable[[], Path]]:  # type: ignore[no-untyped-def]
    """`start()` runs the probe worker on the private Redis; returns its delivery log."""
    started: list[subprocess.Popen[bytes]] = []
    log = tmp_path / "deliveries.log"

    def start() -> Path:
        started.append(
            subprocess.Popen(
                [sys.executable, "-m", "tests.events.outbox_scenario", "worker", str(log)],
                cwd=PROJECT_DIR,
                env=scenario_env(private_redis.url),
                stdout=subprocess.DEVNULL,
                stderr=(tmp_path / "worker.err").open("wb"),
            )
        )
        return log

    yield start
    for process in started:
        process.terminate()
        process.wait(TIMEOUT)


def test_with_redis_down_the_change_commits_and_the_sweep_delivers_it_once_after_recovery(
    committed_outbox, hotel_a, private_redis, worker_process
):
    env = scenario_env(private_redis.url)
    private_redis.start()
    private_redis.stop()  # the outage

    emitted = scenario(env, "emit", hotel_a.schema)

    assert emitted.returncode == 0, emitted.stderr
    event_id = json.loads(emitted.stdout)["event"]
    assert "outbox relay for hotel_alpine not woken (" in emitted.stderr
    assert "its events wait for the sweep" in emitted.stderr
    with schema_context(hotel_a.schema):
        waiting = OutboxEvent.objects.get(pk=event_id)
    assert (waiting.topic, waiting.dispatched_at, waiting.attempts) == ("tests.redis_down", None, 0)

    private_redis.start()  # recovery
    log = worker_process()
    swept = scenario(env, "sweep")

    assert swept.returncode == 0, swept.stderr
    assert "hotel_alpine" in json.loads(swept.stdout)  # the sweep reached the hotel
    assert dispatched(hotel_a.schema, event_id)
    assert log.read_text().splitlines() == [f"{event_id} hotel_alpine"]

    # another sweep (the next minute's) hands it to nobody again
    again = scenario(env, "sweep")
    assert again.returncode == 0, again.stderr
    assert log.read_text().splitlines() == [f"{event_id} hotel_alpine"]
