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
