"""Who follows the rooms on sale.

The inventory calendar (above properties) keeps, per room type and night, how many rooms can
be sold. It registers its followers here from its AppConfig.ready(); the catalogue's
services call them inside their own transaction, so a change the calendar refuses (409
INVENTORY_CONFLICT) is undone with it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class Follower(Protocol):
    def __call__(self, *, room_type_ids: Iterable[int]) -> object: ...


_ON_ROOM_TYPES_CREATED: list[Follower] = []
_ON_ROOMS_CHANGED: list[Follower] = []


def on_room_types_created(follower: Follower) -> None:
    """`follower(room_type_ids=...)` runs after new room types are saved."""
    if follower not in _ON_ROOM_TYPES_CREATED:
        _ON_ROOM_TYPES_CREATED.append(follower)


def on_rooms_changed(follower: Follower) -> None:
    """`follower(room_type_ids=...)` runs after rooms of these types were added, changed or
    deleted (the room types whose sellable rooms may have changed)."""
    if follower not in _ON_ROOMS_CHANGED:
        _ON_ROOMS_CHANGED.append(follower)


def room_types_created(*, room_type_ids: list[int]) -> None:
    for follower in _ON_ROOM_TYPES_CREATED:
        follower(room_type_ids=room_type_ids)


def rooms_changed(*, room_type_ids: list[int]) -> None:
    for follower in _ON_ROOMS_CHANGED:
        follower(room_type_ids=room_type_ids)
