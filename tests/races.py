"""Requests sent at the same moment, each from its own thread and database connection, for
the race tests (committed data: see the `committed` fixture)."""

from __future__ import annotations

import threading
from typing import Any

from django.db import connection
from rest_framework.test import APIClient


def post_together(
    host: str, *requests: tuple[str, dict[str, Any]], headers: dict[str, str] | None = None
) -> list[Any]:
    """POST every (path, body) at the same moment, each from its own thread and connection,
    with `headers` (e.g. HTTP_AUTHORIZATION) on each; the answers in the order given."""
    barrier = threading.Barrier(len(requests))
    answers: list[Any] = [None] * len(requests)

    def send(index: int, path: str, body: dict[str, Any]) -> None:
        client = APIClient(HTTP_HOST=host)
        try:
            barrier.wait()
            answers[index] = client.post(path, body, format="json", **(headers or {}))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=send, args=(i, path, body))
        for i, (path, body) in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return answers
