"""Reservations tests book against the booking tests' small catalogue (hotel A, fixed now)."""

from __future__ import annotations

from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
from tests.booking.conftest import catalogue, frozen_now  # noqa: F401 (fixtures)
