from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from innkeep.core.models import AuditEvent


def audit(
    *, actor: Any, action: str, target: models.Model, data: dict[str, Any] | None = None
) -> None:
    """Record a change. Must be called inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit() must run inside the transaction of the change it records")
    AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


def audit_each(
    *, actor: Any, action: str, targets: Iterable[models.Model], data: dict[str, Any]
) -> None:
    """One audit row per target of a bulk change, each with the same data."""
    recorded = jsonable(data)
    for target in targets:
        audit(actor=actor, action=action, target=target, data=recorded)


def jsonable(value: Any) -> Any:
    """A value as it goes into an audit row."""
    if isinstance(value, Decimal | date | time):
        return str(value)
    if isinstance(value, models.Model):
        return getattr(value, "code", None) or value.pk
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value
