"""Reservations' background work."""

from __future__ import annotations

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.reservations.front_desk import mark_due_no_shows
from innkeep.reservations.holds import expire_holds as expire_holds_now


@app.task(base=HotelTask, name="reservations.expire_holds", time_limit=120, soft_time_limit=100)
def expire_holds() -> int:
    """Cancel one hotel's unpaid bookings whose hold ended (reason hold_expired); returns
    how many. Idempotent. Beat runs it every minute for every live hotel through
    `tenancy.fan_out`."""
    return expire_holds_now()


@app.task(base=HotelTask, name="reservations.mark_no_shows", time_limit=300, soft_time_limit=240)
def mark_no_shows() -> list[str]:
    """One hotel's no-shows: confirmed reservations whose arrival date has passed and whose
    morning cut-off (profile.no_show_cutoff, local time) too. Beat runs it hourly for every
    live hotel through `tenancy.fan_out`, so each hotel is marked soon after its own local
    cut-off; idempotent (a marked reservation is no longer confirmed)."""
    return mark_due_no_shows()
