"""Platform tasks (public schema) and the fan-out of periodic work to every hotel."""

from __future__ import annotations

import logging

from django.db import connection
from django_tenants.utils import get_public_schema_name

from innkeep.celery import app
from innkeep.tenancy import provisioning
from innkeep.tenancy.models import Hotel, HotelStatus

logger = logging.getLogger(__name__)

LIVE_STATUSES = (HotelStatus.TRIAL, HotelStatus.ACTIVE, HotelStatus.PAST_DUE)


@app.task(name="tenancy.refill_schema_pool", time_limit=600, soft_time_limit=540)
def refill_schema_pool() -> int:
    return provisioning.refill_pool()


@app.task(name="tenancy.fan_out", time_limit=120)
def fan_out(task_name: str, *, statuses: list[str] | None = None) -> int:
    """Send `task_name` once per hotel, each in that hotel's schema. Beat schedules this
    with the hotel task's name as argument. Returns how many were sent."""
    if connection.schema_name != get_public_schema_name():
        raise RuntimeError("fan_out runs from the platform, not from inside a hotel")
    wanted = statuses or list(LIVE_STATUSES)
    schemas = list(
        Hotel.objects.filter(status__in=wanted).order_by("pk").values_list("schema_name", flat=True)
    )
    for schema in schemas:
        app.send_task(task_name, headers={"_schema_name": schema})
    logger.info("fanned out %s to %d hotels", task_name, len(schemas))
    return len(schemas)
