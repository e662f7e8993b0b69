"""Names people type (a hotel, a room type, a rate plan, a person): one rule for all of them.

A name is shown to guests and staff, in pages, emails, invoices and exports. Control
characters break those (a newline in an email header, a NUL PostgreSQL refuses), and
invisible formatting characters make a name read other than it is: U+202E (right-to-left
override) turns "Suite\u202etxt.exe" into "Suiteexe.txt". Such a name is refused, not
silently changed, with a message naming the characters, so that what is stored is what the
person saw. Allowed: every letter, mark, digit, punctuation, symbol and space of any
script, and the two joiners (U+200C, U+200D) that some scripts and emoji need.

`validate_name` is a Django validator: on the model fields (admin forms, `full_clean`), on
the API's serializer fields (400 VALIDATION_ERROR on the field) and in the signup rules.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

# Cc: control characters (C0, DEL, C1); Cf: invisible formatting (bidi overrides and
# isolates, zero-width space, BOM...); Cs: lone surrogates (JSON "\ud800"); Zl, Zp: line and
# paragraph separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_JOINERS = frozenset({"\u200c", "\u200d"})
NAME_INVALID = "name_invalid"


def refused_characters(value: str) -> list[str]:
    """The characters a name may not hold, as U+XXXX, each once, in order of appearance."""
    found: dict[str, None] = {}
    for char in value:
        if unicodedata.category(char) in _REFUSED_CATEGORIES and char not in _JOINERS:
            found[f"U+{ord(char):04X}"] = None
    return list(found)


def name_problems(value: str) -> list[str]:
    refused = refused_characters(value)
    if not refused:
        return []
    return [
        "Names may not contain control or invisible formatting characters; remove "
        f"{', '.join(refused)}."
    ]


def validate_name(value: str) -> None:
    problems = name_problems(value)
    if problems:
        raise ValidationError(problems[0], code=NAME_INVALID)
