"""What every app's services (the writes) share: apply a set of field changes and say what
changed, collect validation problems by field, and answer a unique-index race the way the
check before the insert does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import IntegrityError, models

from innkeep.core.audit import jsonable
from innkeep.core.errors import InnkeepError, ValidationFailed


def apply_changes(
    instance: models.Model, changes: Mapping[str, Any], *, allowed: Iterable[str]
) -> dict[str, list[Any]]:
    """Set the given fields on `instance`; returns {field: [old, new]} for those that changed.
    A field outside `allowed` is a programming error."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))}")
    diff: dict[str, list[Any]] = {}
    for field, value in changes.items():
        old = getattr(instance, field)
        if old != value:
            diff[field] = [jsonable(old), jsonable(value)]
            setattr(instance, field, value)
    return diff


def unique_violation(exc: IntegrityError, field: str, message: str) -> InnkeepError:
    """A unique index refused a row that a concurrent request inserted first: the same
    answer as the check before the insert. Any other integrity error is re-raised."""
    if getattr(exc.__cause__, "sqlstate", None) == "23505":
        return ValidationFailed({field: [message]})
    raise exc


def required_text(value: str, field: str, problems: dict[str, list[str]]) -> str:
    value = value.strip()
    if not value:
        problems.setdefault(field, []).append("This field may not be blank.")
    return value


def raise_if(problems: dict[str, list[str]]) -> None:
    if problems:
        raise ValidationFailed(problems)
