"""The one way to make something leave the process after the current transaction commits."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.db import transaction


def after_commit(func: Callable[..., Any], /, *args: Any, **kwargs: Any) -> None:
    """Run `func(*args, **kwargs)` once the surrounding transaction commits (now, outside one);
    never if it rolls back. Robust: a failing callback is logged, not raised into the caller."""
    transaction.on_commit(functools.partial(func, *args, **kwargs), robust=True)
