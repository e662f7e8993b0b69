"""The one way to make something leave the process after the current transaction commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction


def after_commit(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run `func(*args, **kwargs)` once the surrounding transaction commits (now, outside one);
    never if it rolls back. Robust: a failing callback is logged, not raised into the caller."""

    def callback() -> None:
        func(*args, **kwargs)

    callback.__qualname__ = f"after_commit({getattr(func, '__qualname__', repr(func))})"
    transaction.on_commit(callback, robust=True)


def after_commit_once(key: str, func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """`after_commit`, but at most once per transaction for `key`: a transaction that emits
    ten events wakes the relay once. A callback dropped with a rolled-back savepoint does not
    count, so a later call in the same transaction registers it again."""
    connection = transaction.get_connection()
    if any(
        getattr(callback, "after_commit_once_key", None) == key
        for _, callback, _ in connection.run_on_commit
    ):
        return

    def callback() -> None:
        func(*args, **kwargs)

    callback.__qualname__ = f"after_commit_once({key})"
    callback.after_commit_once_key = key  # type: ignore[attr-defined]
    transaction.on_commit(callback, robust=True)
