"""Reservations' background work."""

from __future__ import annotations

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.reservations.holds import expire_holds as expire_holds_now


@app.task(base=HotelTask, name="reservations.expire_holds", time_limit=120, soft_time_limit=100)
def expire_holds() -> int:
    """Cancel one hotel's unpaid bookings whose hold ended (reason hold_expired); returns
    how many. Idempotent. Beat runs it every minute for every live hotel through
    `tenancy.fan_out`."""
    return expire_holds_now()
