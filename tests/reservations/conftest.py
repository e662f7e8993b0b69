"""Staff of the session hotels (from the accounts tests) for the reservations API tests."""

from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
