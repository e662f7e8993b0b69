"""What every app's services (the writes) share: collect validation problems by field, and
answer a unique-index race the way the check before the insert does. (Changing a row's
fields, with its lock and audit row, is `innkeep.core.audited_update`.)"""

from __future__ import annotations

from django.db import IntegrityError

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
