"""Per-process copies of data that requests read far more often than it changes (which
hotel a host is, a hotel's catalogue, prices and rooms left), each kept under a shared
version.

The version of each thing lives in Redis (`innkeep.core.redis_client`: one GET) and moves
whenever the thing changes, so every process sees a change at its next read; a copy is used
only while its version is current. A copy holds frozen values only: every thread of the
process reads the same one.

A change moves the version once per cache, hotel and transaction, when the transaction
commits (at once outside a transaction): a copy made from what another process read before
the commit is then under the old version. Until it commits, the changing transaction reads
around the copies: it must see its own change, which no other thread may see, and which is
gone if it rolls back.

Redis may lose a move (down or timing out when the change commits, a replica behind after
a failover), so the copies fail safe:
- a copy is used at most `CACHE_COPY_MAX_AGE` seconds (default 30) after it was read,
  whatever the version says: every process sees any change within that time;
- a process that meets a Redis error drops all its copies: while Redis cannot be reached
  nothing is kept and every read loads afresh (slower, never wrong), and the version found
  when it is back may be the one from before the changes made meanwhile;
- a move that failed waits in the process (`pending_moves()`) and is made again with the
  process's next version read or move, until it lands: the other processes then see the
  change at once instead of after the maximum age.

A hotel's copies and versions are keyed by its schema and its id: a hotel deleted and
another signed up on the same subdomain (hence with the same schema name) never sees the
first one's."""

from __future__ import annotations

import dataclasses
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

import redis
from django.conf import settings
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from innkeep.core import clock
from innkeep.core.redis_client import NoRedis, shared_key
from innkeep.core.redis_client import client as _client
from innkeep.core.tenants import current_schema, current_tenant_id

logger = logging.getLogger(__name__)

T = TypeVar("T")
PLATFORM = "public"  # the key space of platform-wide things (django-tenants' public schema)


_ALL: list[VersionedCache[Any]] = []

# (copy key, version, part): what a copy is filed under
Entry = tuple[str, bytes, Hashable]


class VersionedCache(Generic[T]):
    """`get(part, load)` returns this process's copy of `part` for the current version,
    loading and keeping it when there is none. One version per hotel, or one for the whole
    platform (`platform_wide`). At most `max_entries` copies, least recently used first out.

    None (nothing found) is not kept, unless `misses_for` (seconds) says for how long:
    asking again for what does not exist then costs nothing for that long, or until the
    version moves.

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
        misses_for: float = 0.0,
    ) -> None:
        self.name = name
        self.max_entries = max_entries
        self.platform_wide = platform_wide
        self.recheck_after = recheck_after
        self.misses_for = misses_for
        # entry -> (copy, when its reading began)
        self._entries: OrderedDict[Entry, tuple[T, float]] = OrderedDict()
        self._misses: OrderedDict[Entry, tuple[T, float]] = OrderedDict()
        self._read: dict[str, tuple[bytes, float]] = {}  # key -> (version, when read)
        self._dropped = 0  # how many times the copies were dropped
        self._lock = threading.Lock()
        _ALL.append(self)

    def key(self) -> str | None:
        """The Redis key of the version here (the current hotel, or the platform); None in
        a schema that no hotel owns, where nothing is kept."""
        if self.platform_wide:
            return shared_key("version", self.name, schema=PLATFORM)
        schema = current_schema()
        if schema == PLATFORM:
            return shared_key("version", self.name, schema=schema)
        hotel_id = current_tenant_id()
        if hotel_id is None:
            return None
        return shared_key("version", f"{self.name}:{hotel_id}", schema=schema)

    def version(self) -> bytes | None:
        """The current version; a first one is set when there is none (a new hotel, or a
        Redis that lost its keys). None when Redis cannot be reached."""
        key = self.key()
        return None if key is None else self._version(key)

    def _version(self, key: str) -> bytes | None:
        if self.recheck_after:
            read = self._read.get(key)
            if read is not None and clock.monotonic() - read[1] < self.recheck_after:
                return read[0]
        if _pending and not retry_pending_moves():
            return None
        try:
            client = _client()
            found = client.get(key)
            if found is None:
                client.set(key, uuid.uuid4().hex, nx=True)
                found = client.get(key)
        except NoRedis:
            return None
        except redis.RedisError:
            _met_redis_error("version of %s unavailable; loading without the copies", self.name)
            return None
        if not isinstance(found, bytes):
            return None
        if self.recheck_after:
            self._read[key] = (found, clock.monotonic())
        return found

    def get(self, part: Hashable, load: Callable[[], T]) -> T:
        return self.current().get(part, load)

    def current(self) -> Copies[T]:
        """This process's copies at the version current now: for several reads that must
        agree with each other (and cost one round trip)."""
        key = self.key()
        return Copies(self, key, None if key is None else self._version(key))

    def _get(self, entry: Entry, load: Callable[[], T]) -> T:
        now = clock.monotonic()
        max_age = settings.CACHE_COPY_MAX_AGE
        with self._lock:
            dropped = self._dropped
            found = self._entries.get(entry)
            if found is not None:
                if now - found[1] < max_age:
                    self._entries.move_to_end(entry)
                    return found[0]
                del self._entries[entry]
            elif self.misses_for:
                missed = self._misses.get(entry)
                if missed is not None:
                    if now - missed[1] < min(self.misses_for, max_age):
                        return missed[0]
                    del self._misses[entry]
        loaded = load()  # its age counts from now: it holds at least what was there then
        if loaded is None and not self.misses_for:
            return loaded  # not kept: it may be created any moment
        with self._lock:
            if self._dropped != dropped:  # dropped meanwhile (a Redis error): this read
                return loaded  # may predate a change whose move was lost
            kept = self._entries if loaded is not None else self._misses
            kept[entry] = (loaded, now)
            kept.move_to_end(entry)
            while len(kept) > self.max_entries:
                kept.popitem(last=False)
        return loaded

    def changed(self) -> None:
        """The thing changed: move the version once the current transaction commits (at
        once outside a transaction). Several changes of one transaction move it once."""
        key = self.key()
        if key is None:
            return
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            _move(self, key)
            return
        changes = _this_thread.changes = _still_open(connection)
        if any(c.cache is self and c.key == key for c in changes):
            return
        at_commit = _MoveAtCommit(self, key)
        changes.append(at_commit)
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
        """Drop this process's copies and versions read."""
        with self._lock:
            self._dropped += 1
            self._entries.clear()
            self._misses.clear()
            self._read.clear()


def _met_redis_error(message: str, *args: Any) -> None:
    """What this process kept may be out of date once Redis answers again (the moves made
    meanwhile are lost): drop it all."""
    logger.warning(message, *args)
    for cache in _ALL:
        cache.forget_all()


# Redis key -> cache name, of versions whose move failed: moved again until it lands
_pending: dict[str, str] = {}
_pending_lock = threading.Lock()


def _move(cache: VersionedCache[Any], key: str) -> None:
    """Move the version at `key`, and in the same round trip those whose move failed."""
    with _pending_lock:
        waiting = [other for other in _pending if other != key]
    try:
        if waiting:
            _client().mset({other: uuid.uuid4().hex for other in [key, *waiting]})
        else:
            _client().set(key, uuid.uuid4().hex)
    except NoRedis:
        return
    except redis.RedisError:
        with _pending_lock:
            _pending[key] = cache.name
        _met_redis_error("could not move the version of %s; it will be moved again", cache.name)
        return
    _moved([key, *waiting])
    if waiting:
        logger.warning("moved %d version(s) whose move had failed", len(waiting))


def _moved(keys: list[str]) -> None:
    with _pending_lock:
        for key in keys:
            _pending.pop(key, None)
    for cache in _ALL:  # this process's other threads see the change at once
        for key in keys:
            cache._read.pop(key, None)


def retry_pending_moves() -> bool:
    """Move the versions whose move failed, in one round trip. True when none is left."""
    with _pending_lock:
        keys = list(_pending)
    if not keys:
        return True
    try:
        _client().mset({key: uuid.uuid4().hex for key in keys})
    except NoRedis:
        pass  # no shared versions any more: nothing to move
    except redis.RedisError:
        _met_redis_error("%d version move(s) still waiting for Redis", len(keys))
        return False
    else:
        logger.warning("moved %d version(s) whose move had failed", len(keys))
    _moved(keys)
    return not _pending


def pending_moves() -> dict[str, str]:
    """The versions whose move failed and waits to be made again: Redis key -> cache."""
    with _pending_lock:
        return dict(_pending)


class _MoveAtCommit:
    """A change's move, run by `transaction.on_commit`."""

    __slots__ = ("cache", "done", "key")

    def __init__(self, cache: VersionedCache[Any], key: str) -> None:
        self.cache = cache
        self.key = key
        self.done = False

    def __call__(self) -> None:
        self.done = True
        _move(self.cache, self.key)


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


def _changed_in_this_transaction(cache: VersionedCache[Any], key: str) -> bool:
    if not getattr(_this_thread, "changes", None):
        return False
    changes = _this_thread.changes = _still_open(transaction.get_connection())
    return any(c.cache is cache and c.key == key for c in changes)


def forget_everything() -> None:
    """Every cache's `forget_all()`, and no move waiting: a test starts from what Redis and
    the database say."""
    for cache in _ALL:
        cache.forget_all()
    _this_thread.changes = []
    with _pending_lock:
        _pending.clear()


def current_together(*caches: VersionedCache[Any]) -> list[Copies[Any]]:
    """`cache.current()` of each, their versions read in one round trip (MGET)."""
    keys = [cache.key() for cache in caches]
    asked = [key for key in keys if key is not None]
    if not asked or (_pending and not retry_pending_moves()):
        return [Copies(cache, key, None) for cache, key in zip(caches, keys, strict=True)]
    try:
        found = dict(zip(asked, _client().mget(asked), strict=True))
    except redis.RedisError as exc:
        if not isinstance(exc, NoRedis):
            _met_redis_error("versions unavailable; loading without the copies")
        return [Copies(cache, key, None) for cache, key in zip(caches, keys, strict=True)]
    copies = []
    for cache, key in zip(caches, keys, strict=True):
        version: bytes | None = None
        if key is not None:
            read = found[key]
            version = read if isinstance(read, bytes) else cache._version(key)  # a first one
        copies.append(Copies(cache, key, version))
    return copies


class Copies(Generic[T]):
    def __init__(self, cache: VersionedCache[T], key: str | None, version: bytes | None) -> None:
        self.cache = cache
        self.key = key
        self.version = version

    def get(self, part: Hashable, load: Callable[[], T]) -> T:
        if (
            self.key is None
            or self.version is None
            or _changed_in_this_transaction(self.cache, self.key)
        ):
            return load()
        return self.cache._get((self.key, self.version, part), load)


C = TypeVar("C")


def fields_of(copy_class: type[C], source: Any, **computed: Any) -> C:
    """A frozen copy (a dataclass) of `source`: each of its fields read from the attribute of
    the same name, except those given in `computed` (derived or converted values)."""
    return copy_class(
        **{
            f.name: getattr(source, f.name)
            for f in dataclasses.fields(copy_class)  # type: ignore[arg-type]
            if f.name not in computed
        },
        **computed,
    )
