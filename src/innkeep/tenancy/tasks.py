"""Platform tasks (public schema) and the fan-out of periodic work to every hotel."""

from __future__ import annotations

import logging

from innkeep.celery import app
from innkeep.core.tasks import HotelTask, PlatformTask
from innkeep.tenancy import provisioning
from innkeep.tenancy.models import Hotel, HotelStatus

logger = logging.getLogger(__name__)

# Hotels whose periodic work runs. Suspended and closed hotels keep their data untouched.
LIVE_STATUSES = (HotelStatus.TRIAL, HotelStatus.ACTIVE, HotelStatus.PAST_DUE)


@app.task(base=PlatformTask, name="tenancy.refill_schema_pool", time_limit=600, soft_time_limit=540)
def refill_schema_pool() -> int:
    return provisioning.refill_pool()


@app.task(base=PlatformTask, name="tenancy.fan_out", time_limit=120, soft_time_limit=100)
def fan_out(task_name: str, *, statuses: list[str] | None = None) -> dict[str, str]:
    """Send the hotel task `task_name` once per hotel, each in that hotel's schema.

    Beat schedules this with the hotel task's name as argument. Only hotels whose status is
    in `statuses` (default: the live ones) get it. Returns `{schema_name: task_id}` of what
    was sent. The hotel tasks must be idempotent: a retried fan-out sends them again.
    """
    task = app.tasks.get(task_name)
    if not isinstance(task, HotelTask):
        raise ValueError(f"fan_out needs the name of a registered hotel task, not {task_name!r}")
    unknown = set(statuses or ()) - set(HotelStatus.values)
    if unknown:
        raise ValueError(f"unknown hotel statuses: {sorted(unknown)}")
    wanted = statuses or list(LIVE_STATUSES)
    schemas = list(
        Hotel.objects.filter(status__in=wanted).order_by("pk").values_list("schema_name", flat=True)
    )
    sent = {
        schema: app.send_task(task_name, headers={"_schema_name": schema}).id for schema in schemas
    }
    logger.info("fanned out %s to %d hotels", task_name, len(sent))
    return sent
