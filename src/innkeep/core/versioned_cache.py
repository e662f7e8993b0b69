"""Per-process copies of data that requests read far more often than it changes (which
hotel a host is, a hotel's catalogue, prices and rooms left), each kept under a shared
version.

The version of each thing lives in Redis (`innkeep.core.redis_client`: one GET) and moves
whenever the thing changes, so every process sees a change at its next read; a copy is used
only while its version is current. When Redis cannot be reached, nothing is kept and every
read loads afresh: slower, never wrong.

A change moves the version at once and again when it commits (in between, another process
may have copied the state before the change under the new version). Until it commits, the
changing transaction reads around the copies: it must see its own change, which no other
thread may see, and which is gone if it rolls back."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import redis
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from innkeep.core.redis_client import NoRedis, shared_key
from innkeep.core.redis_client import client as _client
from innkeep.core.tenants import current_schema

logger = logging.getLogger(__name__)

T = TypeVar("T")
PLATFORM = "public"  # the key space of platform-wide things (django-tenants' public schema)


_ALL: list[VersionedCache[Any]] = []


class VersionedCache(Generic[T]):
    """`get(part, load)` returns this process's copy of `part` for the current version,
    loading and keeping it when there is none (None is never kept). One version per schema,
    or one for the whole platform (`platform_wide`). At most `max_entries` copies, least
    recently used first out.

    `recheck_after` (seconds): read the version at most that often per process, for things
    whose change may take that long to reach the other processes (a change made in this
    process is seen here at once)."""

    def __init__(
        self,
        name: str,
        *,
        max_entries: int,
        platform_wide: bool = False,
        recheck_after: float = 0.0,
    ) -> None:
        self.name = name
        self.max_entries = max_entries
        self.platform_wide = platform_wide
        self.recheck_after = recheck_after
        self._entries: OrderedDict[tuple[str, bytes, Hashable], T] = OrderedDict()
        self._read: dict[str, tuple[bytes, float]] = {}  # key -> (version, when read)
        self._lock = threading.Lock()
        _ALL.append(self)

    def _schema(self) -> str:
        return PLATFORM if self.platform_wide else current_schema()

    def key(self, schema: str | None = None) -> str:
        """The Redis key of the version in `schema` (default: the current one)."""
        return shared_key("version", self.name, schema=schema or self._schema())

    def version(self) -> bytes | None:
        """The current version; a first one is set when there is none (a new schema, or a
        Redis that lost its keys). None when Redis cannot be reached."""
        key = self.key()
        if self.recheck_after:
            read = self._read.get(key)
            if read is not None and time.monotonic() - read[1] < self.recheck_after:
                return read[0]
        try:
            client = _client()
            found = client.get(key)
            if found is None:
                client.set(key, uuid.uuid4().hex, nx=True)
                found = client.get(key)
        except NoRedis:
            return None
        except redis.RedisError:
            logger.warning("version of %s unavailable; loading without the cache", self.name)
            return None
        if not isinstance(found, bytes):
            return None
        if self.recheck_after:
            self._read[key] = (found, time.monotonic())
        return found

    def get(self, part: Hashable, load: Callable[[], T]) -> T:
        return self.current().get(part, load)

    def current(self) -> Copies[T]:
        """This process's copies at the version current now: for several reads that must
        agree with each other (and cost one round trip)."""
        return Copies(self, self._schema(), self.version())

    def _get(self, entry: tuple[str, bytes, Hashable], load: Callable[[], T]) -> T:
        with self._lock:
            found = self._entries.get(entry)
            if found is not None:
                self._entries.move_to_end(entry)
                return found
        loaded = load()
        if loaded is None:  # nothing found is not kept: it may be created any moment
            return loaded
        with self._lock:
            self._entries[entry] = loaded
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return loaded

    def changed(self) -> None:
        """Move the version now and once the current transaction commits."""
        schema = self._schema()
        self._read.pop(self.key(schema), None)
        at_commit = _MoveAtCommit(self, schema)
        _move(self, schema)
        connection = transaction.get_connection()
        if connection.in_atomic_block:
            changes = _still_open(connection)
            changes.append(at_commit)
            _this_thread.changes = changes
        transaction.on_commit(at_commit)

    def follows(self, *models: type[Model], m2m: tuple[type[Model], ...] = ()) -> None:
        """Move the version whenever a row of these models is saved or deleted, or a row
        of these many-to-many tables is added or removed (writes that send no signal, such
        as plain SQL or queryset.update, call `changed()` themselves)."""

        def moved(sender: Any, **kwargs: Any) -> None:
            self.changed()

        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(moved, sender=model, weak=False, dispatch_uid=(self.name, model))
        for through in m2m:
            m2m_changed.connect(
                moved, sender=through, weak=False, dispatch_uid=(self.name, through)
            )

    def forget_all(self) -> None:
        """Drop this process's copies and versions read (tests)."""
        with self._lock:
            self._entries.clear()
            self._read.clear()


def _move(cache: VersionedCache[Any], schema: str) -> None:
    try:
        _client().set(cache.key(schema), uuid.uuid4().hex)
    except NoRedis:
        pass
    except redis.RedisError:
        logger.exception("could not move the version of %s", cache.name)


class _MoveAtCommit:
    """The second move of a change, run by `transaction.on_commit`."""

    __slots__ = ("cache", "done", "schema")

    def __init__(self, cache: VersionedCache[Any], schema: str) -> None:
        self.cache = cache
        self.schema = schema
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _move(self.cache, self.schema)


_this_thread = threading.local()


def _still_open(connection: BaseDatabaseWrapper) -> list[_MoveAtCommit]:
    """This thread's changes whose transaction is still open. A change whose move no longer
    waits for the commit is over: committed, or rolled back with its transaction or
    savepoint (Django then drops the callbacks registered in it)."""
    changes: list[_MoveAtCommit] = getattr(_this_thread, "changes", [])
    if not changes:
        return []
    waiting = {id(entry[1]) for entry in connection.run_on_commit}  # (savepoints, func, robust)
    return [c for c in changes if not c.done and id(c) in waiting]


def _changed_in_this_transaction(cache: VersionedCache[Any], schema: str) -> bool:
    if not getattr(_this_thread, "changes", None):
        return False
    changes = _this_thread.changes = _still_open(transaction.get_connection())
    return any(c.cache is cache and c.schema == schema for c in changes)


def forget_everything() -> None:
    """Every cache's `forget_all()`: a test starts from what Redis and the database say."""
    for cache in _ALL:
        cache.forget_all()
    _this_thread.changes = []


def current_together(*caches: VersionedCache[Any]) -> list[Copies[Any]]:
    """`cache.current()` of each, their versions read in one round trip (MGET)."""
    pairs = [(cache, cache._schema()) for cache in caches]
    keys = [cache.key(schema) for cache, schema in pairs]
    try:
        found = _client().mget(keys)
    except redis.RedisError as exc:
        if not isinstance(exc, NoRedis):
            logger.warning("versions unavailable; loading without the cache")
        return [Copies(cache, schema, None) for cache, schema in pairs]
    return [
        Copies(cache, schema, version if isinstance(version, bytes) else cache.version())
        for (cache, schema), version in zip(pairs, found, strict=True)
    ]


class Copies(Generic[T]):
    def __init__(self, cache: VersionedCache[T], schema: str, version: bytes | None) -> None:
        self.cache = cache
        self.schema = schema
        self.version = version

    def get(self, part: Hashable, load: Callable[[], T]) -> T:
        if self.version is None or _changed_in_this_transaction(self.cache, self.schema):
            return load()
        return self.cache._get((self.schema, self.version, part), load)
