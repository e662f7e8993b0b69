"""gunicorn's entry point for the lock-and-fail competitor (tests/benchmarks/lock_and_fail.py):
innkeep's WSGI application with the booking's hold step swapped, in this process only. With
production's preloaded app it is imported once in the master, before the workers fork."""

from innkeep.wsgi import application  # sets Django up


def _swap_hold() -> None:
    """After the setup: the models cannot be imported before it."""
    from innkeep.reservations import booking
    from tests.benchmarks.lock_and_fail import nowait_hold_rooms

    booking.hold_rooms = nowait_hold_rooms  # type: ignore[assignment]


_swap_hold()

__all__ = ["application"]
