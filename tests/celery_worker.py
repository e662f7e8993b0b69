"""A real Celery worker for the tests that need one (`celery_worker`, any test directory).

The worker runs in a thread of this process (`celery.contrib.testing.worker.start_worker`,
solo pool) against the real Redis broker and result backend, consuming only this run's queue
(see settings/test.py). Its thread has its own database connection, so it sees committed
data only: the session hotels, and what `committed` tests write. Celery's Django fixup closes
that connection after every task, so nothing is left open when the test database is dropped.

`celery_worker` also forgets the result of every task published during the test (including
tasks the worker itself sends, e.g. by `tenancy.fan_out`), so no result key stays in Redis.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.result import AsyncResult
from celery.signals import after_task_publish

from innkeep.celery import app


@pytest.fixture(scope="session")
def _celery_worker_session(django_db_setup) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    queue = app.conf.task_default_queue
    remote_control = app.conf.worker_enable_remote_control
    app.conf.worker_enable_remote_control = False  # no pidbox queues left behind in Redis
    try:
        with ExitStack() as stack:
            with _skip_django_checks():
                worker = stack.enter_context(
                    start_worker(app, perform_ping_check=False, shutdown_timeout=10)
                )
            yield worker
    finally:
        app.conf.worker_enable_remote_control = remote_control
        broker = redis.Redis.from_url(app.conf.broker_url)
        try:
            # kombu's bookkeeping for this run's queue (the queue itself is empty by now)
            broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        finally:
            broker.close()


@contextmanager
def _skip_django_checks() -> Iterator[None]:
    """A starting worker runs Django's system checks; they are `innkeep check`'s business,
    not these tests' (and cost time)."""
    before = os.environ.get("CELERY_SKIP_CHECKS")
    os.environ["CELERY_SKIP_CHECKS"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["CELERY_SKIP_CHECKS"]
        else:
            os.environ["CELERY_SKIP_CHECKS"] = before


@pytest.fixture
def celery_worker(_celery_worker_session) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    published: list[str] = []

    def remember(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
        if headers and headers.get("id"):
            published.append(headers["id"])

    after_task_publish.connect(remember, weak=False)
    try:
        yield _celery_worker_session
    finally:
        after_task_publish.disconnect(remember)
        for task_id in published:
            AsyncResult(task_id, app=app).forget()
