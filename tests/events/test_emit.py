"""The outbox is written in the transaction of the change, or not at all."""

from __future__ import annotations

import pytest

from innkeep.events.outbox import emit


def test_emit_refuses_to_run_outside_a_transaction():
    # no database access at all: the refusal comes before any query
    with pytest.raises(RuntimeError, match="inside the transaction"):
        emit(topic="reservation.created", aggregate="reservation", aggregate_id="X")
