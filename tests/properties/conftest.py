"""Staff fixtures of the accounts tests; the hotel's clock stands still; uploads go to a
temporary media folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.files.storage import storages

from innkeep.core import clock
from tests.accounts.conftest import make_staff, owner_of  # noqa: F401 (fixtures)

# Noon in Europe/Madrid (the session hotels' time zone): "today" is 2027-03-01 there.
NOW = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def media_root(settings, tmp_path: Path) -> Iterator[Path]:  # type: ignore[no-untyped-def]
    """MEDIA_ROOT in a temporary folder (django-tenants' storage caches its root: reset it)."""
    settings.MEDIA_ROOT = str(tmp_path)
    storage = storages["default"]
    storage.__dict__.pop("relative_media_root", None)
    yield tmp_path
    storage.__dict__.pop("relative_media_root", None)
