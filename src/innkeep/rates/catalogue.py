"""The catalogue part of an availability search (hotel profile, active room types with
their photos, active rate plans with their policies and room types, taxes), kept per process.

It changes rarely and is read on every search, so each process keeps the last versions of
it by (hotel schema, version). The version lives in the shared cache (Redis) and moves on
every saved or deleted row of those tables (model signals; see `catalogue_changed` for
when), so every process sees a change at once. Writes that send no model signals
(queryset.update, bulk_create) must call `catalogue_changed()`. Without the shared cache,
every search loads the catalogue afresh."""

from __future__ import annotations

import logging
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch

from innkeep.core.tenants import current_schema
from innkeep.properties.models import HotelProfile, RoomType, RoomTypePhoto
from innkeep.properties.selectors import hotel_profile
from innkeep.rates.models import CancellationPolicy, RatePlan, TaxRule

logger = logging.getLogger(__name__)

VERSION_KEY = "availability:catalogue-version"
MAX_ENTRIES = 256

_entries: OrderedDict[tuple[str, str], Catalogue] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class Catalogue:
    profile: HotelProfile
    room_types: list[RoomType]
    plans: list[RatePlan]
    plan_room_types: dict[int, frozenset[int]]
    taxes: list[TaxRule]


def _load() -> Catalogue:
    room_types = list(
        RoomType.objects.filter(active=True).prefetch_related(
            Prefetch("photos", queryset=RoomTypePhoto.objects.order_by("sort_order", "id"))
        )
    )
    plans = list(RatePlan.objects.filter(active=True).select_related("cancellation_policy"))
    sold: dict[int, set[int]] = {plan.id: set() for plan in plans}
    for plan_id, room_type_id in RatePlan.room_types.through.objects.filter(
        rateplan_id__in=list(sold)
    ).values_list("rateplan_id", "roomtype_id"):
        sold[plan_id].add(room_type_id)
    return Catalogue(
        profile=hotel_profile(),
        room_types=room_types,
        plans=plans,
        plan_room_types={plan_id: frozenset(ids) for plan_id, ids in sold.items()},
        taxes=list(TaxRule.objects.filter(active=True)),
    )


def _version() -> str | None:
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # the shared cache is down: no caching, never a wrong answer
        logger.warning("catalogue version unavailable; loading without the cache")
        return None
    return str(version) if version is not None else None


def catalogue() -> Catalogue:
    version = _version()
    if version is None:
        return _load()
    key = (current_schema(), version)
    with _lock:
        found = _entries.get(key)
        if found is not None:
            _entries.move_to_end(key)
            return found
    loaded = _load()
    with _lock:
        _entries[key] = loaded
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return loaded


def forget_all() -> None:
    """Drop this process's copies (tests measuring the cold path)."""
    with _lock:
        _entries.clear()


def catalogue_changed() -> None:
    """Move the hotel's catalogue version now (the changing transaction itself must not
    read a stale copy) and again once it commits (another process may have cached the
    not-yet-committed state in between)."""

    def move() -> None:
        try:
            cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        except Exception:
            logger.exception("could not move the catalogue version")

    move()
    transaction.on_commit(move)


def _changed(sender: Any, **kwargs: Any) -> None:
    catalogue_changed()


def connect_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in (HotelProfile, RoomType, RoomTypePhoto, RatePlan, CancellationPolicy, TaxRule):
        post_save.connect(_changed, sender=model, dispatch_uid=f"catalogue-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"catalogue-delete-{model.__name__}"
        )
    m2m_changed.connect(
        _changed, sender=RatePlan.room_types.through, dispatch_uid="catalogue-plan-room-types"
    )
