from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from innkeep.accounts.models import LoginToken, Role, User, normalize_email

SIGNUP_HANDOFF = "signup_handoff"


def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.FRONT_DESK,
    is_staff: bool = True,
    is_superuser: bool = False,
) -> User:
    return User.objects.create_user(
        email=normalize_email(email),
        password=password,
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=is_staff,
        is_superuser=is_superuser,
    )


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def login_token_issue(*, user: User, purpose: str, ttl: timedelta) -> str:
    """Returns the raw token; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    LoginToken.objects.create(
        user=user, token_hash=_hash(raw), purpose=purpose, expires_at=timezone.now() + ttl
    )
    return raw


def login_token_redeem(*, raw: str, purpose: str) -> User | None:
    """The token's active user, once; None for an unknown, used or expired token."""
    with transaction.atomic():
        token = (
            LoginToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=_hash(raw), purpose=purpose, used_at__isnull=True)
            .first()
        )
        if token is None or token.expires_at <= timezone.now() or not token.user.is_active:
            return None
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        return token.user
