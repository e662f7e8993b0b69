"""The keys the development and test settings use, and the rule production keys must pass.

These defaults are published with the code: anyone can sign a session cookie or a JWT with
them. Production settings call `production_key` for SECRET_KEY and JWT_SIGNING_KEY at import,
so a server given one of them, an empty or a short key (or one key for both) does not start.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

# Published on purpose (development and tests need no configuration); never valid in production.
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me-in-production-0123456789"  # noqa: S105
DEV_JWT_SIGNING_KEY = "dev-insecure-jwt-signing-key-change-me-in-production-0123456789"
TEST_SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
TEST_JWT_SIGNING_KEY = "test-jwt-signing-key-not-for-production-0123456789abcdef"
PUBLISHED_KEYS = frozenset(
    {DEV_SECRET_KEY, DEV_JWT_SIGNING_KEY, TEST_SECRET_KEY, TEST_JWT_SIGNING_KEY}
)

# Django's own deploy check (security.W009) asks as much of SECRET_KEY.
MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 5
GENERATE = 'python3 -c "import secrets; print(secrets.token_urlsafe(64))"'


def production_key(name: str, value: str, *, differs_from: dict[str, str] | None = None) -> str:
    """`value` when it may sign production cookies or tokens; ImproperlyConfigured naming
    the setting (never the value) otherwise."""
    problem = None
    if not value:
        problem = "is not set"
    elif value in PUBLISHED_KEYS:
        problem = "is a development or test key published with the code"
    elif len(value) < MIN_LENGTH or len(set(value)) < MIN_DISTINCT_CHARACTERS:
        problem = f"must be at least {MIN_LENGTH} random characters"
    elif value.startswith("django-insecure-"):
        problem = "is a key Django generated for development"
    else:
        for other, other_value in (differs_from or {}).items():
            if value == other_value:
                problem = f"must differ from {other}"
    if problem:
        raise ImproperlyConfigured(f"{name} {problem}. Generate one with: {GENERATE}")
    return value
