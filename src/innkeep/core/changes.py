"""What every app's services (the writes) share: normalise and check the values they are
given, collect the problems by field, and answer a unique-index race the way the check
before the insert does. (Changing a row's
fields, with its lock and audit row, is `innkeep.core.audited_update`.)"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models

from innkeep.core.codes import CODE_VALIDATOR
from innkeep.core.errors import InnkeepError, ValidationFailed


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


def upper_code(changes: Mapping[str, Any], field: str = "code") -> dict[str, Any]:
    """The changes with their code as stored: stripped and upper-cased."""
    changes = dict(changes)
    if isinstance(changes.get(field), str):
        changes[field] = changes[field].strip().upper()
    return changes


def code_errors(code: str, *, model: type[models.Model], pk: int | None, taken: str) -> list[str]:
    """A code in the CODE_VALIDATOR format that no other row of `model` has."""
    try:
        CODE_VALIDATOR(code)
    except ValidationError as exc:
        return list(exc.messages)
    if model._default_manager.filter(code=code).exclude(pk=pk).exists():
        return [taken]
    return []


def name_and_code_problems(row: Any, *, taken: str) -> dict[str, list[str]]:
    """The problems of a row named by `name` (required; stored stripped) and by a unique
    `code` (`taken`: the message when another row has it), by field."""
    problems: dict[str, list[str]] = {}
    row.name = required_text(row.name, "name", problems)
    if code_problems := code_errors(row.code, model=type(row), pk=row.pk, taken=taken):
        problems["code"] = code_problems
    return problems
