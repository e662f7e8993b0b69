"""Confirmation codes: what a guest reads out on the phone and types in the lookup.

Six characters from an alphabet without the look-alikes 0/O, 1/I/L (31 symbols: 887
million codes), drawn with `secrets`, so a code says nothing about the next one and cannot
be guessed from one's own. Unique per hotel: PostgreSQL's unique index decides; a clash
(rare) is retried with a new code inside a savepoint, so the booking's transaction goes on."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 6
ATTEMPTS = 8
# the unique index of Reservation.code (Django names it <table>_<column>_key)
CODE_CONSTRAINT_SUFFIX = "_code_key"

T = TypeVar("T")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str) -> str:
    """A code as a guest may type it: any case, spaces around."""
    return raw.strip().upper()


def _is_code_clash(exc: IntegrityError) -> bool:
    diag = getattr(exc.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None) or ""
    return name.endswith(CODE_CONSTRAINT_SUFFIX)


def with_unique_code(create: Callable[[str], T]) -> T:
    """`create(code)` with a fresh code, again with another while the code is taken."""
    for _ in range(ATTEMPTS):
        code = new_code()
        try:
            with transaction.atomic():  # a savepoint: a clash undoes only this insert
                return create(code)
        except IntegrityError as exc:
            if not _is_code_clash(exc):
                raise
    raise RuntimeError(f"No free confirmation code after {ATTEMPTS} attempts.")
