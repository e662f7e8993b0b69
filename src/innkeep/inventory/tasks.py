"""Inventory background work."""

from __future__ import annotations

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.inventory.services import inventory_extend_horizon


@app.task(base=HotelTask, name="inventory.extend_horizon", time_limit=300, soft_time_limit=240)
def extend_horizon() -> int:
    """Keep one hotel's calendar filled 730 nights ahead of its local today; returns the
    nights added. Idempotent (existing nights are left alone). Beat runs it daily for every
    live hotel through `tenancy.fan_out`."""
    return inventory_extend_horizon()
