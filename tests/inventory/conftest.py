"""Inventory tests run at a fixed time: `at(datetime)` moves the clock (hotel-local today)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from innkeep.core import clock


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return move
