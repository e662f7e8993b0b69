"""Status changes go through one transition table per model.

`move()` is the only way a status changes: it locks the row, checks the table, saves and
writes the audit row in one transaction, so a refused move changes nothing and an accepted
one always leaves its trace."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from innkeep.core.audit import audit
from innkeep.core.errors import InvalidTransition

M = TypeVar("M", bound=models.Model)

# record(locked_obj, source, target, actor, reason, data): writes the audit row of a move.
Recorder = Callable[[Any, str, str, Any, str, dict[str, Any]], None]


def audit_move(
    obj: models.Model, source: str, target: str, actor: Any, reason: str, data: dict[str, Any]
) -> None:
    """The default record of a move: a core AuditEvent `<model>.status_changed`."""
    audit(
        actor=actor,
        action=f"{obj._meta.model_name}.status_changed",
        target=obj,
        data={"from": source, "to": target, "reason": reason, **data},
    )


class TransitionTable:
    def __init__(
        self,
        name: str,
        moves: Mapping[str, Iterable[str]],
        *,
        field: str = "status",
        record: Recorder = audit_move,
    ) -> None:
        self.name = name
        self.field = field
        self._moves = {src: frozenset(dst) for src, dst in moves.items()}
        self._record = record

    def allowed(self, source: str) -> frozenset[str]:
        return self._moves.get(source, frozenset())

    def can(self, source: str, target: str) -> bool:
        return target in self.allowed(source)

    def check(self, source: str, target: str) -> None:
        if not self.can(source, target):
            raise InvalidTransition(
                f"A {self.name} cannot go from {source} to {target}.",
                details={"from": source, "to": target, "allowed": sorted(self.allowed(source))},
            )

    def move(
        self,
        obj: M,
        *,
        to: str,
        actor: Any,
        reason: str = "",
        changes: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
    ) -> M:
        """Lock `obj`'s row, check the move from its current (locked) status, save the new
        status with `changes` (other fields that move with it), and record it. Returns the
        locked, saved instance; raises InvalidTransition (409) and changes nothing when the
        table refuses."""
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            source = str(getattr(locked, self.field))
            self.check(source, to)
            fields = {self.field: to, **(changes or {})}
            for name, value in fields.items():
                setattr(locked, name, value)
            locked.save(update_fields=list(fields))
            self._record(locked, source, to, actor, reason, dict(data or {}))
        return locked
