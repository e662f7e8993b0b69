"""How a message's status moves.

The moves are core.state_machine's `TransitionTable`, but they are made by conditional
UPDATEs (`advance`), not by `TransitionTable.move()`: a send must hold no row lock while it
talks to a provider, and the `WHERE status = <source>` is what makes a move happen once when
two workers (a redelivered task, a sweep) reach one message. A message's own columns
(attempts, last_error, sent_at) are its record; there is no audit row per attempt."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from innkeep.core.state_machine import TransitionTable
from innkeep.notifications.models import Message
from innkeep.notifications.models import MessageStatus as S

MESSAGE_FLOW = TransitionTable(
    "message",
    {
        # skipped: nothing to send it to (no address, opted out); failed: cancelled unsent.
        S.QUEUED: {S.SENDING, S.SKIPPED, S.FAILED},
        # sending -> sending: a claim abandoned by a dead worker is taken again.
        # sending -> queued: the attempt failed and another is due later.
        S.SENDING: {S.SENT, S.QUEUED, S.FAILED, S.SENDING},
        # The provider's later word (status callbacks: a later increment).
        S.SENT: {S.DELIVERED, S.FAILED},
        # A resend by staff (a later increment) queues a failed message again.
        S.FAILED: {S.QUEUED},
    },
)


def advance(
    message_id: int, *, source: str, to: str, where: Q | None = None, **changes: Any
) -> bool:
    """Move message `message_id` from `source` to `to` (with `changes`) if it is still in
    `source` (and matches `where`). Returns whether it moved; the table refuses a move it
    does not have (InvalidTransition) before anything is written."""
    MESSAGE_FLOW.check(source, to)
    rows = Message.objects.filter(pk=message_id, status=source)
    if where is not None:
        rows = rows.filter(where)
    return bool(rows.update(status=to, updated_at=timezone.now(), **changes))
