"""One way for a service to change the fields of a row: lock, apply, check, save, audit.

`audited_update()` is the sequence every `<thing>_update` service runs, in one transaction:

1. lock the row (`SELECT ... FOR UPDATE`) and read it again: a concurrent update of the same
   row waits for this one to commit, and the changes apply to what is committed, not to the
   caller's (possibly stale) copy;
2. set the given fields (a field outside `allowed` is a programming error: TypeError);
3. check the result with the service's `validate(row) -> {field: [messages]}`, or, without
   one, with the model's own field validators and constraints (`full_clean` of the fields
   given). A problem raises ValidationFailed (400 VALIDATION_ERROR, `details.fields`) and the
   transaction rolls back: no row change, no audit row;
4. save only the fields whose value changed (and the `auto_now` ones, such as updated_at);
5. write one audit row, `action`, whose data is `{field: [before, after]}` for exactly the
   fields that changed (values as `jsonable` writes them; a foreign key by its code or pk),
   plus what `related` changed outside the row (many-to-many sets).

"Changed" compares the stored values with the values after `validate`, so a value the
validator normalises back to the stored one (a name with spaces around it) is no change.
Nothing changed: no save, no audit row; the caller still gets the locked row.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Generic, NamedTuple, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from innkeep.core.audit import audit, jsonable
from innkeep.core.changes import unique_violation
from innkeep.core.errors import ValidationFailed

M = TypeVar("M", bound=models.Model)
Diff = dict[str, list[Any]]
Validator = Callable[[M], Mapping[str, list[str]]]


class Updated(NamedTuple, Generic[M]):
    row: M  # the locked, saved instance
    diff: Diff  # what the audit row recorded; empty when nothing changed


def audited_update(
    obj: M,
    *,
    actor: Any,
    action: str,
    changes: Mapping[str, Any],
    allowed: Iterable[str],
    validate: Validator[M] | None = None,
    related: Callable[[M], Diff] | None = None,
    unique: tuple[str, str] | None = None,
    locked: bool = False,
) -> Updated[M]:
    """Change `obj`'s row as described in the module docstring.

    `related(row)` runs once the row is valid, makes the changes that live outside it (a
    many-to-many set) and returns their `{name: [before, after]}` for the audit row.
    `unique=(field, message)`: a unique index refusing the save (a concurrent request took
    the value after `validate` looked) answers as the check does, ValidationFailed on field.
    `locked=True`: the caller has already locked `obj`'s row in its open transaction (with
    locks of its own around it); it is used as it is."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Cannot change {', '.join(sorted(unknown))}")
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked=True needs the transaction that holds the row's lock")
    with _unique_answered(unique), transaction.atomic():
        row = obj if locked else _lock(obj)
        diff = _apply(row, changes, validate)
        if related is not None:
            diff.update(related(row))
        if diff:
            audit(actor=actor, action=action, target=row, data=diff)
    return Updated(row, diff)


def audited_create(
    row: M,
    *,
    actor: Any,
    action: str,
    record: Callable[[M], dict[str, Any]],
    validate: Validator[M],
    then: Callable[[M], None] | None = None,
    unique: tuple[str, str] | None = None,
) -> M:
    """The create services' counterpart: check the unsaved `row` (ValidationFailed, nothing
    written), then in one transaction save it, run `then(row)` (many-to-many sets, what
    follows a new row) and write the audit row `action` with `record(row)`. `unique` as for
    `audited_update`."""
    problems = validate(row)
    if problems:
        raise ValidationFailed(dict(problems))
    with _unique_answered(unique), transaction.atomic():
        row.save()
        if then is not None:
            then(row)
        audit(actor=actor, action=action, target=row, data=record(row))
    return row


@dataclass(frozen=True)
class AuditedRows(Generic[M]):
    """One kind of row its services create and change the same way: audit actions
    `<noun>.created` and `<noun>.updated`, the fields a change may touch, the checks, and
    the unique index answered as a check (see `audited_update`)."""

    noun: str
    allowed: tuple[str, ...]
    validate: Validator[M]
    unique: tuple[str, str] | None = None

    def create(
        self,
        row: M,
        *,
        actor: Any,
        record: Callable[[M], dict[str, Any]],
        then: Callable[[M], None] | None = None,
    ) -> M:
        return audited_create(
            row,
            action=f"{self.noun}.created",
            validate=self.validate,
            unique=self.unique,
            actor=actor,
            record=record,
            then=then,
        )

    def update(
        self,
        row: M,
        *,
        actor: Any,
        changes: Mapping[str, Any],
        related: Callable[[M], Diff] | None = None,
        locked: bool = False,
    ) -> M:
        return audited_update(
            row,
            actor=actor,
            changes=changes,
            related=related,
            locked=locked,
            action=f"{self.noun}.updated",
            allowed=self.allowed,
            validate=self.validate,
            unique=self.unique,
        ).row


def set_related(
    manager: Any, rows: Iterable[models.Model], *, name: str, key: str = "code"
) -> Diff:
    """`related=` work: make a many-to-many set exactly `rows` (each once); returns
    `{name: [old keys, new keys]}` (sorted) when that changed it, else nothing."""
    wanted = list({row.pk: row for row in rows}.values())
    old = sorted(manager.values_list(key, flat=True))
    new = sorted(getattr(row, key) for row in wanted)
    if old == new:
        return {}
    manager.set(wanted)
    return {name: [old, new]}


def replacing(name: str, rows: Iterable[models.Model] | None) -> Callable[[Any], Diff] | None:
    """`related=replacing("room_types", rows)`: the locked row's many-to-many `name` becomes
    exactly `rows`; `rows=None` (not given) leaves it alone."""
    if rows is None:
        return None
    return lambda row: set_related(getattr(row, name), rows, name=name)


def already_checked(row: models.Model) -> dict[str, list[str]]:
    """`validate=already_checked`: the service checked the values before taking the lock."""
    return {}


def model_problems(row: models.Model, fields: Iterable[str]) -> dict[str, list[str]]:
    """What the model's own validators (field validators, choices, lengths, constraints,
    `clean()`) say about these fields of `row`, by field."""
    wanted = set(fields)
    exclude = {field.name for field in row._meta.fields if field.name not in wanted}
    try:
        row.full_clean(exclude=exclude)
    except ValidationError as exc:
        return {field: list(messages) for field, messages in exc.message_dict.items()}
    return {}


@contextmanager
def _unique_answered(unique: tuple[str, str] | None) -> Iterator[None]:
    """A unique index refusing the write (a concurrent request took the value after the
    check looked) answers as the check does: ValidationFailed on `unique`'s field."""
    try:
        yield
    except IntegrityError as exc:
        if unique is None:
            raise
        raise unique_violation(exc, *unique) from None


def _lock(obj: M) -> M:
    return type(obj)._default_manager.select_for_update().get(pk=obj.pk)


def _apply(row: M, changes: Mapping[str, Any], validate: Validator[M] | None) -> Diff:
    """Set, check and save the changes; returns {field: [before, after]} of the row."""
    fields = _tracked_fields(row)
    before = {field.name: copy.deepcopy(getattr(row, field.attname)) for field in fields}
    # A foreign key is recorded by its object (its code): keep the old one before it goes.
    old_objects = {
        name: getattr(row, name) for name in changes if row._meta.get_field(name).is_relation
    }
    for name, value in changes.items():
        setattr(row, name, value)
    problems = validate(row) if validate is not None else model_problems(row, changes)
    if problems:
        raise ValidationFailed(dict(problems))
    changed = [field for field in fields if getattr(row, field.attname) != before[field.name]]
    if changed:
        row.save(update_fields=[field.name for field in changed] + _auto_now_fields(row))
    return {
        field.name: [
            jsonable(old_objects.get(field.name, before[field.name])),
            jsonable(getattr(row, field.name)),
        ]
        for field in changed
    }


def _tracked_fields(row: models.Model) -> list[models.Field[Any, Any]]:
    """The stored fields a change can touch: not the key, not the automatic timestamps."""
    return [
        field
        for field in row._meta.concrete_fields
        if not field.primary_key and not _is_automatic(field)
    ]


def _auto_now_fields(row: models.Model) -> list[str]:
    return [field.name for field in row._meta.concrete_fields if getattr(field, "auto_now", False)]


def _is_automatic(field: models.Field[Any, Any]) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
