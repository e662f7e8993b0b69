"""The send task: one per message, by id (notifications.sending does the work)."""

from __future__ import annotations

from typing import Any

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.notifications.sending import HARD_TIME_LIMIT, SOFT_TIME_LIMIT, send_message


@app.task(
    base=HotelTask,
    bind=True,
    name="notifications.send_message",
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
    # The message counts its attempts and gives up itself (sending.MAX_ATTEMPTS).
    max_retries=None,
)
def send_message_task(self: Any, message_id: int) -> str:
    """One attempt at message `message_id`; a failure that may pass is retried after the
    message's backoff. Returns the message's status (or "not_claimed")."""
    outcome = send_message(message_id=message_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in, max_retries=None)
    return outcome.status
