"""The standard error answers, as tests expect them."""

from __future__ import annotations


def refusal(field: str, message: str) -> dict:
    """The 400 VALIDATION_ERROR naming one field with one message."""
    return {
        "error": {
            "code": "VALIDATION_ERROR",
            "message": "Some fields are not valid.",
            "details": {"fields": {field: [message]}},
        }
    }
