"""The processes of the Redis-outage test (test_relay_worker.py), each run as
`python -m tests.events.outbox_scenario <step> ...` with the test database and a private
Redis in its environment:

- `emit <schema>`: commit one `tests.redis_down` event in that hotel; prints its id.
- `worker <log file>`: a real Celery worker (solo pool) with a probe consumer that appends
  "<event id> <schema>" to the log file for every event it is handed (not idempotent: the
  file shows every delivery).
- `sweep`: what beat sends every minute, `tenancy.fan_out("events.relay_outbox")`; waits for
  every hotel's relay and prints their outcomes as JSON.
"""

from __future__ import annotations

import json
import logging
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innkeep.settings.test")

import django

django.setup()

from celery.result import AsyncResult  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from innkeep.celery import app  # noqa: E402
from innkeep.events.consumers import register_consumer  # noqa: E402
from innkeep.events.models import OutboxEvent  # noqa: E402
from innkeep.events.outbox import emit  # noqa: E402
from innkeep.tenancy.tasks import fan_out  # noqa: E402

TOPIC = "tests.redis_down"
TIMEOUT = 30


def emit_one(schema: str) -> None:
    wake_log = logging.getLogger("innkeep.events.tasks")
    wake_log.addHandler(logging.StreamHandler(sys.stderr))
    wake_log.setLevel(logging.WARNING)
    with schema_context(schema), transaction.atomic():
        event = emit(topic=TOPIC, aggregate="tests", aggregate_id="outage")
    print(json.dumps({"event": event.id}))


def worker(log_file: str) -> None:
    def probe(event: OutboxEvent) -> None:
        with open(log_file, "a") as log:
            log.write(f"{event.id} {connection.schema_name}\n")

    register_consumer(name="tests.probe", topics=[TOPIC], handler=probe, idempotent=False)
    app.conf.worker_enable_remote_control = False
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--loglevel=info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--queues={app.conf.task_default_queue}",
        ]
    )


def sweep() -> None:
    sent = fan_out.delay("events.relay_outbox").get(timeout=TIMEOUT)
    outcomes = {
        schema: AsyncResult(task_id).get(timeout=TIMEOUT) for schema, task_id in sent.items()
    }
    print(json.dumps(outcomes))


if __name__ == "__main__":
    step, *args = sys.argv[1:]
    {"emit": emit_one, "worker": worker, "sweep": sweep}[step](*args)
