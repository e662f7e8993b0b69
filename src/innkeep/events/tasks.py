"""The relay as a Celery task: woken after each commit that emitted events, and swept every
minute by beat for every live hotel (`tenancy.fan_out`), so nothing waits for long even when
a wake-up was lost (Redis down, worker down)."""

from __future__ import annotations

import logging
from dataclasses import asdict

from django.conf import settings

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.events.relay import relay_outbox

logger = logging.getLogger(__name__)


@app.task(base=HotelTask, name="events.relay_outbox", time_limit=120, soft_time_limit=100)
def relay_outbox_task() -> dict[str, int]:
    """Deliver the hotel's due outbox events. Returns {delivered, failed, held}."""
    return asdict(relay_outbox())


def wake_relay(schema_name: str) -> None:
    """Send the relay for `schema_name` now. A broker that does not answer is logged, never
    raised: the caller's transaction has committed, its events wait in the table, and the
    sweep delivers them once the broker is back."""
    if not settings.OUTBOX_WAKE_RELAY:
        return
    try:
        relay_outbox_task.apply_async(headers={"_schema_name": schema_name}, retry=False)
    except Exception as exc:  # the broker's errors are many: kombu, redis, OS
        logger.warning(
            "outbox relay for %s not woken (%s: %s); its events wait for the sweep",
            schema_name,
            type(exc).__name__,
            exc,
        )
