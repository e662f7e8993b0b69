"""Celery keeps the hotel: tasks run in the schema they were sent from, hotel tasks refuse to
run without a hotel, fan-out reaches every live hotel. All through a real worker thread and
the real Redis broker (tests/celery_worker.py). Last, the beat schedule that drives them
(`innkeep setup_periodic_tasks`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from celery.result import AsyncResult
from celery.schedules import crontab, schedule
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler
from django_tenants.utils import schema_context

from innkeep.celery import app
from innkeep.core.models import IdempotencyRecord
from innkeep.core.tasks import (
    HotelTask,
    PlatformOnlyError,
    TenantRequiredError,
    purge_idempotency_records,
    purge_platform_idempotency_records,
)
from innkeep.properties.tasks import schema_probe
from innkeep.tenancy.models import Hotel, HotelStatus
from innkeep.tenancy.services import hotel_signup
from innkeep.tenancy.tasks import fan_out
from tests.factories import signup_data

TIMEOUT = 10
SCOPE = "test:purge"


def test_task_runs_in_the_schema_it_was_sent_from(db, celery_worker, hotel_a, hotel_b):
    with schema_context(hotel_a.schema):
        in_a = schema_probe.delay()
    with schema_context(hotel_b.schema):
        in_b = schema_probe.delay()

    assert in_a.get(timeout=TIMEOUT) == {"schema": "hotel_alpine", "hotel_name": "Alpine Lodge"}
    assert in_b.get(timeout=TIMEOUT) == {"schema": "hotel_bayview", "hotel_name": "Bayview Inn"}


@app.task(base=HotelTask, bind=True, name="tests.retrying_probe", time_limit=10, soft_time_limit=8)
def retrying_probe(self) -> dict[str, object]:
    if self.request.retries == 0:
        raise self.retry(countdown=0)
    return {"schema": connection.schema_name, "retries": self.request.retries}


def test_a_retry_stays_in_the_hotel(db, celery_worker, hotel_b):
    with schema_context(hotel_b.schema):
        result = retrying_probe.delay()

    assert result.get(timeout=TIMEOUT) == {"schema": "hotel_bayview", "retries": 1}


def test_hotel_task_sent_from_public_fails_loudly(db, celery_worker):
    result = schema_probe.delay()

    with pytest.raises(TenantRequiredError) as excinfo:
        result.get(timeout=TIMEOUT)
    assert str(excinfo.value) == (
        "Task core.schema_probe needs a hotel schema but was sent without one."
    )
    assert result.state == "FAILURE"


def test_hotel_task_sent_for_a_schema_that_is_no_hotel_fails_loudly(db, celery_worker):
    result = schema_probe.apply_async(headers={"_schema_name": "hotel_gone"})

    with pytest.raises(TenantRequiredError) as excinfo:
        result.get(timeout=TIMEOUT)
    assert str(excinfo.value) == (
        "Task core.schema_probe needs a hotel schema but was sent for schema 'hotel_gone', "
        "which is not a hotel."
    )


# --- idempotency-record purge and fan-out (committed data, cleaned up) ----------------------


@pytest.fixture
def records(committed) -> Iterator[dict[str, None]]:
    """Schemas that `add(records, schema, expired=[...], live=[...])` wrote committed
    IdempotencyRecords to; they are cleaned afterwards (test-made hotels are dropped anyway)."""
    touched: dict[str, None] = {}
    yield touched
    for schema in touched:
        with schema_context(schema):
            IdempotencyRecord.objects.filter(scope=SCOPE).delete()


def add(touched: dict[str, None], schema: str, *, expired=(), live=()) -> None:
    touched[schema] = None
    now = timezone.now()
    expiry = [(key, now - timedelta(seconds=1)) for key in expired]
    expiry += [(key, now + timedelta(hours=1)) for key in live]
    with schema_context(schema):
        for key, expires_at in expiry:
            IdempotencyRecord.objects.create(
                scope=SCOPE, key=key, fingerprint="f" * 64, status_code=201, expires_at=expires_at
            )


def keys(schema: str) -> list[str]:
    with schema_context(schema):
        return sorted(IdempotencyRecord.objects.filter(scope=SCOPE).values_list("key", flat=True))


def _signup(committed: list[str], subdomain: str, status: str) -> str:
    hotel = hotel_signup(
        **signup_data(
            hotel_name=subdomain.title(), subdomain=subdomain, owner_email=f"o@{subdomain}.test"
        )
    ).hotel
    committed.append(subdomain)
    Hotel.objects.filter(pk=hotel.pk).update(status=status)
    return hotel.schema_name


def test_fan_out_purges_expired_records_in_each_live_hotel_only(
    committed, records, celery_worker, hotel_a, hotel_b
):
    suspended = _signup(committed, "frozen", HotelStatus.SUSPENDED)
    closed = _signup(committed, "shut", HotelStatus.CLOSED)
    add(records, hotel_a.schema, expired=["a-old-1", "a-old-2"], live=["a-new"])
    add(records, hotel_b.schema, expired=["b-old"], live=["b-new-1", "b-new-2"])
    add(records, suspended, expired=["s-old"], live=["s-new"])
    add(records, closed, expired=["c-old"])
    add(records, "public", expired=["p-old"])

    sent = fan_out.delay("core.purge_idempotency_records").get(timeout=TIMEOUT)

    assert sorted(sent) == ["hotel_alpine", "hotel_bayview"]
    deleted = {
        schema: AsyncResult(task_id).get(timeout=TIMEOUT) for schema, task_id in sent.items()
    }
    assert deleted == {"hotel_alpine": 2, "hotel_bayview": 1}
    assert keys(hotel_a.schema) == ["a-new"]
    assert keys(hotel_b.schema) == ["b-new-1", "b-new-2"]
    assert keys(suspended) == ["s-new", "s-old"]
    assert keys(closed) == ["c-old"]
    assert keys("public") == ["p-old"]


def test_fan_out_can_target_other_statuses(committed, celery_worker):
    suspended = _signup(committed, "frozen", HotelStatus.SUSPENDED)

    sent = fan_out.delay("core.schema_probe", statuses=["suspended"]).get(timeout=TIMEOUT)

    assert list(sent) == [suspended]
    assert AsyncResult(sent[suspended]).get(timeout=TIMEOUT) == {
        "schema": "hotel_frozen",
        "hotel_name": "Frozen",
    }


@pytest.mark.parametrize(
    ("task_name", "statuses", "message"),
    [
        (
            "core.no_such_task",
            None,
            "fan_out needs the name of a registered hotel task, not 'core.no_such_task'",
        ),
        (
            "core.purge_platform_idempotency_records",
            None,
            "fan_out needs the name of a registered hotel task, "
            "not 'core.purge_platform_idempotency_records'",
        ),
        ("core.schema_probe", ["sleeping"], "unknown hotel statuses: ['sleeping']"),
    ],
)
def test_fan_out_refuses_what_it_cannot_fan_out(db, celery_worker, task_name, statuses, message):
    result = fan_out.delay(task_name, statuses=statuses)

    with pytest.raises(ValueError, match=re.escape(message)) as excinfo:
        result.get(timeout=TIMEOUT)
    assert str(excinfo.value) == message


def test_hotel_task_sent_from_public_touches_nothing_there(records, celery_worker):
    add(records, "public", expired=["p-old"])

    with pytest.raises(TenantRequiredError):
        purge_idempotency_records.delay().get(timeout=TIMEOUT)

    assert keys("public") == ["p-old"]


def test_platform_purge_runs_in_public_only(records, celery_worker, hotel_a):
    add(records, "public", expired=["p-old-1", "p-old-2"], live=["p-new"])
    add(records, hotel_a.schema, expired=["a-old"])

    assert purge_platform_idempotency_records.delay().get(timeout=TIMEOUT) == 2

    assert keys("public") == ["p-new"]
    assert keys(hotel_a.schema) == ["a-old"]


def test_platform_task_sent_from_a_hotel_fails_loudly(records, celery_worker, hotel_a):
    add(records, hotel_a.schema, expired=["a-old"])

    with schema_context(hotel_a.schema):
        result = purge_platform_idempotency_records.delay()
    with pytest.raises(PlatformOnlyError) as excinfo:
        result.get(timeout=TIMEOUT)

    assert str(excinfo.value) == (
        "Task core.purge_platform_idempotency_records works on the platform but was sent "
        "from hotel schema 'hotel_alpine'."
    )
    assert keys(hotel_a.schema) == ["a-old"]


# --- beat schedule: innkeep setup_periodic_tasks ----------------------------------------------

REFILL = "innkeep: refill schema pool"
PURGE_HOTELS = "innkeep: purge idempotency records (hotels)"
PURGE_PLATFORM = "innkeep: purge idempotency records (platform)"
HORIZON = "innkeep: extend inventory horizon (hotels)"
RELAY = "innkeep: relay outbox events (hotels)"
EXPIRE_HOLDS = "innkeep: expire booking holds (hotels)"
NO_SHOWS = "innkeep: mark no-shows (hotels)"


def setup_periodic_tasks() -> str:
    out = StringIO()
    call_command("setup_periodic_tasks", stdout=out)
    return out.getvalue()


def periodic_rows() -> dict[str, tuple]:
    return {
        t.name: (
            t.task,
            json.loads(t.args),
            json.loads(t.kwargs),
            (t.interval.every, t.interval.period) if t.interval else None,
            (
                t.crontab.minute,
                t.crontab.hour,
                t.crontab.day_of_month,
                t.crontab.month_of_year,
                t.crontab.day_of_week,
                str(t.crontab.timezone),
            )
            if t.crontab
            else None,
            json.loads(t.headers),
            t.expire_seconds,
            t.enabled,
        )
        for t in PeriodicTask.objects.select_related("interval", "crontab")
    }


EXPECTED = {
    REFILL: (
        "tenancy.refill_schema_pool",
        [],
        {},
        (5, "minutes"),
        None,
        {"_schema_name": "public"},
        300,
        True,
    ),
    PURGE_HOTELS: (
        "tenancy.fan_out",
        ["core.purge_idempotency_records"],
        {},
        None,
        ("30", "3", "*", "*", "*", "UTC"),
        {"_schema_name": "public"},
        21600,
        True,
    ),
    PURGE_PLATFORM: (
        "core.purge_platform_idempotency_records",
        [],
        {},
        None,
        ("30", "3", "*", "*", "*", "UTC"),
        {"_schema_name": "public"},
        21600,
        True,
    ),
    HORIZON: (
        "tenancy.fan_out",
        ["inventory.extend_horizon"],
        {},
        None,
        ("15", "2", "*", "*", "*", "UTC"),
        {"_schema_name": "public"},
        21600,
        True,
    ),
    RELAY: (
        "tenancy.fan_out",
        ["events.relay_outbox"],
        {},
        (1, "minutes"),
        None,
        {"_schema_name": "public"},
        60,
        True,
    ),
    EXPIRE_HOLDS: (
        "tenancy.fan_out",
        ["reservations.expire_holds"],
        {},
        (1, "minutes"),
        None,
        {"_schema_name": "public"},
        60,
        True,
    ),
    NO_SHOWS: (
        "tenancy.fan_out",
        ["reservations.mark_no_shows"],
        {},
        None,
        ("5", "*", "*", "*", "*", "UTC"),
        {"_schema_name": "public"},
        3000,
        True,
    ),
}


def test_setup_periodic_tasks_creates_exactly_the_platform_schedule(db):
    assert PeriodicTask.objects.count() == 0

    output = setup_periodic_tasks()

    assert periodic_rows() == EXPECTED
    assert output.splitlines()[-1] == "periodic tasks: 7 created, 0 updated, 0 unchanged, 0 removed"


def test_scheduled_names_are_real_tasks_and_fan_out_gets_a_hotel_task(db):
    setup_periodic_tasks()

    for task in PeriodicTask.objects.all():
        assert task.task in app.tasks, task.task
    for name in (PURGE_HOTELS, HORIZON, RELAY, EXPIRE_HOLDS, NO_SHOWS):
        fanned = json.loads(PeriodicTask.objects.get(name=name).args)[0]
        assert isinstance(app.tasks[fanned], HotelTask), fanned


def test_setup_periodic_tasks_second_run_changes_nothing(db):
    setup_periodic_tasks()
    before = {t.name: (t.pk, t.date_changed) for t in PeriodicTask.objects.all()}

    output = setup_periodic_tasks()

    assert {t.name: (t.pk, t.date_changed) for t in PeriodicTask.objects.all()} == before
    assert periodic_rows() == EXPECTED
    assert output.splitlines() == ["periodic tasks: 0 created, 0 updated, 7 unchanged, 0 removed"]
    assert IntervalSchedule.objects.filter(every=5, period="minutes").count() == 1


def test_setup_periodic_tasks_corrects_drift_removes_stale_keeps_others(db):
    setup_periodic_tasks()
    hourly = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.HOURS)
    PeriodicTask.objects.filter(name=REFILL).update(interval=hourly)
    PeriodicTask.objects.filter(name=PURGE_PLATFORM).update(enabled=False)
    PeriodicTask.objects.create(name="innkeep: retired job", task="core.old", interval=hourly)
    PeriodicTask.objects.create(name="ops: report", task="ops.report", interval=hourly)
    refill_pk = PeriodicTask.objects.get(name=REFILL).pk

    output = setup_periodic_tasks()

    assert periodic_rows() == {
        **EXPECTED,
        "ops: report": ("ops.report", [], {}, (1, "hours"), None, {}, None, True),
    }
    assert PeriodicTask.objects.get(name=REFILL).pk == refill_pk
    assert output.splitlines() == [
        f"updated: {REFILL}",
        f"updated: {PURGE_PLATFORM}",
        "removed: innkeep: retired job",
        "periodic tasks: 0 created, 2 updated, 5 unchanged, 1 removed",
    ]


def test_the_database_scheduler_reads_them_as_beat_entries(db):
    setup_periodic_tasks()

    entries = {t.name: DatabaseScheduler.Entry(t, app=app) for t in PeriodicTask.objects.all()}

    assert sorted(entries) == sorted(EXPECTED)
    refill, purge = entries[REFILL], entries[PURGE_HOTELS]
    assert isinstance(refill.schedule, schedule)
    assert refill.schedule.run_every.total_seconds() == 300
    assert isinstance(purge.schedule, crontab)
    assert (purge.schedule.hour, purge.schedule.minute) == ({3}, {30})
    assert purge.args == ["core.purge_idempotency_records"]
    assert purge.options["headers"] == {
        "_schema_name": "public",
        "periodic_task_name": PURGE_HOTELS,
    }
