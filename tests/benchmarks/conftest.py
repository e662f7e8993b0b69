"""The tests of the benchmarks' own checks book against the booking tests' small catalogue
(hotel A, fixed now)."""

from tests.booking.conftest import catalogue, frozen_now  # noqa: F401 (fixtures)
