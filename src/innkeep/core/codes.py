"""The short codes that name things staff and integrations refer to (room types, extras,
rate plans): 1-16 capital letters, digits, '-' or '_'."""

from __future__ import annotations

from django.core.validators import RegexValidator

CODE_REGEX = r"^[A-Z0-9][A-Z0-9_-]{0,15}$"
CODE_VALIDATOR = RegexValidator(CODE_REGEX, "Use 1-16 capital letters, digits, '-' or '_'.")
