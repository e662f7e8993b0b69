"""The per-process copies each hotel has, for `innkeep refresh_copies`.

They are kept by apps above tenancy (the catalogue and prices in rates, rooms left in
inventory). Each registers the function that moves its copy's version in the current schema
from its AppConfig.ready(); the command calls them in every hotel without importing them."""

from __future__ import annotations

from collections.abc import Callable

_HOTEL_COPIES: list[Callable[[], None]] = []


def register_hotel_copy(changed: Callable[[], None]) -> None:
    """`changed()` makes every process read this hotel's copy again."""
    if changed not in _HOTEL_COPIES:
        _HOTEL_COPIES.append(changed)


def hotel_copies() -> tuple[Callable[[], None], ...]:
    return tuple(_HOTEL_COPIES)
