"""`innkeep setup_periodic_tasks`: write Innkeep's periodic tasks into django-celery-beat.

Beat runs with the DatabaseScheduler, which reads `PeriodicTask` rows. This command makes
those rows match `SCHEDULE` below: creates missing ones, corrects changed ones (by name),
and removes rows it manages (name starting with "innkeep: ") that are no longer listed.
Rows with other names (added by an operator in the admin) are left alone. Safe to run on
every deploy or start; a second run changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from innkeep.core.tenants import activate_public

MANAGED_PREFIX = "innkeep: "
# Beat sends these from the platform; the header makes that explicit for tenant-schemas-celery.
PUBLIC_HEADERS = {"_schema_name": "public"}


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str
    args: list[Any] = field(default_factory=list)
    every_minutes: int | None = None  # either an interval ...
    cron: str | None = None  # ... or "minute hour day_of_month month_of_year day_of_week" (UTC)
    expire_seconds: int | None = None  # drop a run nobody picked up by then
    description: str = ""


SCHEDULE: list[Periodic] = [
    Periodic(
        name="innkeep: refill schema pool",
        task="tenancy.refill_schema_pool",
        every_minutes=5,
        expire_seconds=5 * 60,
        description="Keep TENANT_POOL_SIZE ready-made hotel schemas for fast signups.",
    ),
    Periodic(
        name="innkeep: purge idempotency records (hotels)",
        task="tenancy.fan_out",
        args=["core.purge_idempotency_records"],
        cron="30 3 * * *",
        expire_seconds=6 * 60 * 60,
        description="Delete expired Idempotency-Key records in every live hotel.",
    ),
    Periodic(
        name="innkeep: purge idempotency records (platform)",
        task="core.purge_platform_idempotency_records",
        cron="30 3 * * *",
        expire_seconds=6 * 60 * 60,
        description="Delete expired Idempotency-Key records of the platform (signup).",
    ),
    Periodic(
        name="innkeep: extend inventory horizon (hotels)",
        task="tenancy.fan_out",
        args=["inventory.extend_horizon"],
        cron="15 2 * * *",
        expire_seconds=6 * 60 * 60,
        description="Keep every live hotel's inventory calendar filled 730 nights ahead.",
    ),
    Periodic(
        name="innkeep: relay outbox events (hotels)",
        task="tenancy.fan_out",
        args=["events.relay_outbox"],
        every_minutes=1,
        expire_seconds=60,
        description="Deliver every live hotel's outbox events a lost wake-up left behind.",
    ),
    Periodic(
        name="innkeep: expire booking holds (hotels)",
        task="tenancy.fan_out",
        args=["reservations.expire_holds"],
        every_minutes=1,
        expire_seconds=60,
        description="Cancel unpaid bookings whose 15-minute hold ended (reason hold_expired).",
    ),
    Periodic(
        name="innkeep: mark no-shows (hotels)",
        task="tenancy.fan_out",
        args=["reservations.mark_no_shows"],
        cron="5 * * * *",
        expire_seconds=50 * 60,
        description="Hourly: each live hotel marks the no-shows past its own local cut-off.",
    ),
]


def _interval(every_minutes: int) -> IntervalSchedule:
    found = IntervalSchedule.objects.filter(
        every=every_minutes, period=IntervalSchedule.MINUTES
    ).first()
    return found or IntervalSchedule.objects.create(
        every=every_minutes, period=IntervalSchedule.MINUTES
    )


def _crontab(expression: str) -> CrontabSchedule:
    minute, hour, day_of_month, month_of_year, day_of_week = expression.split()
    fields = {
        "minute": minute,
        "hour": hour,
        "day_of_month": day_of_month,
        "month_of_year": month_of_year,
        "day_of_week": day_of_week,
        "timezone": "UTC",
    }
    return CrontabSchedule.objects.filter(**fields).first() or CrontabSchedule.objects.create(
        **fields
    )


def _wanted_fields(entry: Periodic) -> dict[str, Any]:
    if (entry.every_minutes is None) == (entry.cron is None):
        raise ValueError(f"{entry.name}: give exactly one of every_minutes and cron")
    return {
        "task": entry.task,
        "args": json.dumps(entry.args),
        "kwargs": "{}",
        "headers": json.dumps(PUBLIC_HEADERS),
        "interval": _interval(entry.every_minutes) if entry.every_minutes else None,
        "crontab": _crontab(entry.cron) if entry.cron else None,
        "solar": None,
        "clocked": None,
        "one_off": False,
        "enabled": True,
        "queue": None,
        "expires": None,
        "expire_seconds": entry.expire_seconds,
        "description": entry.description,
    }


def sync_periodic_tasks() -> dict[str, list[str]]:
    """Make the managed PeriodicTask rows match SCHEDULE. Returns the names by outcome."""
    outcome: dict[str, list[str]] = {"created": [], "updated": [], "unchanged": [], "removed": []}
    activate_public()
    with transaction.atomic():
        for entry in SCHEDULE:
            if not entry.name.startswith(MANAGED_PREFIX):
                raise ValueError(f"{entry.name!r} must start with {MANAGED_PREFIX!r}")
            wanted = _wanted_fields(entry)
            current = PeriodicTask.objects.filter(name=entry.name).first()
            if current is not None and all(
                getattr(current, name) == value for name, value in wanted.items()
            ):
                outcome["unchanged"].append(entry.name)
                continue
            _, created = PeriodicTask.objects.update_or_create(name=entry.name, defaults=wanted)
            outcome["created" if created else "updated"].append(entry.name)
        stale = PeriodicTask.objects.filter(name__startswith=MANAGED_PREFIX).exclude(
            name__in=[entry.name for entry in SCHEDULE]
        )
        for task in stale:
            outcome["removed"].append(task.name)
            task.delete()  # one by one: delete() tells beat that the schedule changed
    return outcome


class Command(BaseCommand):
    help = "Create or update Innkeep's periodic tasks for django-celery-beat (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = sync_periodic_tasks()
        for kind in ("created", "updated", "removed"):
            for name in outcome[kind]:
                self.stdout.write(f"{kind}: {name}")
        self.stdout.write(
            self.style.SUCCESS(
                "periodic tasks: "
                + ", ".join(f"{len(names)} {kind}" for kind, names in outcome.items())
            )
        )
