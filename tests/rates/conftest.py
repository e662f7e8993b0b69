"""Staff fixtures of the accounts tests; the hotel's clock stands still (today is
2027-03-01 at the session hotels)."""

from __future__ import annotations

import pytest

from innkeep.core import clock
from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)
from tests.properties.conftest import NOW


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def owner_api(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]  # noqa: F811
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client
