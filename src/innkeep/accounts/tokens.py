"""JWTs that belong to one hotel: every token names the schema it was issued in.

A token is accepted only when its claims are what Innkeep issues and its user is active with
the password it was issued for. Spending a refresh token (refresh, logout) takes a row lock
on its OutstandingToken, so PostgreSQL lets one of two simultaneous refreshes or logouts win.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from innkeep.accounts import errors
from innkeep.accounts.models import User
from innkeep.core.errors import InnkeepError
from innkeep.core.tenants import current_schema

SCHEMA_CLAIM = "schema"
_USER_ID = re.compile(r"[1-9][0-9]{0,18}")  # how simplejwt writes a primary key: str(pk)
_MAX_ID = 2**63 - 1  # bigint


class TokenRefused(InnkeepError):
    status = 401
    code = errors.TOKEN_INVALID
    default_message = "The token is invalid, expired or revoked."


class WrongTenantToken(TokenRefused):
    code = errors.TOKEN_WRONG_TENANT
    default_message = "This token belongs to another hotel."


class RevokedToken(TokenRefused):
    code = errors.TOKEN_REVOKED
    default_message = "This token was revoked (password changed or account deactivated)."


def tokens_for(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)  # records its OutstandingToken
    refresh[SCHEMA_CLAIM] = current_schema()
    refresh["role"] = user.role
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


def decoded(token_class: type[Token], raw: str | bytes) -> Any:
    """Signature, expiry, type (and the blacklist for refresh tokens). Claims that simplejwt
    cannot read (an `exp` past year 9999...) are a refusal, not a crash."""
    try:
        return token_class(raw)  # type: ignore[arg-type]
    except (TokenError, OverflowError, ValueError, TypeError, OSError):
        raise TokenRefused() from None


def token_user(token: Token) -> User:
    """The user a validated token speaks for, in one query; TokenRefused when the token is
    not (or no longer) good here."""
    if token.get(SCHEMA_CLAIM) != current_schema():
        raise WrongTenantToken()
    user_id = token.get(api_settings.USER_ID_CLAIM)
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id) or int(user_id) > _MAX_ID:
        raise TokenRefused()
    user = User.objects.filter(pk=int(user_id)).first()
    if user is None:
        raise TokenRefused()
    if not user.is_active or token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(
        user.password
    ):
        raise RevokedToken()
    return user


def _spend(refresh: RefreshToken) -> None:
    """Blacklist the refresh token, once: the row lock makes a second, simultaneous spender
    wait, then find the blacklist row (READ COMMITTED reads it in its next statement)."""
    jti = refresh.get(api_settings.JTI_CLAIM)
    try:
        # get(), not first(): the model orders by user, an outer join FOR UPDATE refuses
        outstanding = OutstandingToken.objects.select_for_update(no_key=True).get(
            jti=jti if isinstance(jti, str) else ""
        )
    except OutstandingToken.DoesNotExist:
        raise TokenRefused() from None
    if BlacklistedToken.objects.filter(token=outstanding).exists():
        raise TokenRefused()
    BlacklistedToken.objects.create(token=outstanding)


def token_refresh(*, raw: str) -> dict[str, str]:
    """A new pair for a refresh token, which is spent."""
    with transaction.atomic():
        refresh = decoded(RefreshToken, raw)
        user = token_user(refresh)
        _spend(refresh)
        return tokens_for(user)


def token_sign_out(*, raw: str) -> User:
    """Spend the refresh token."""
    with transaction.atomic():
        refresh = decoded(RefreshToken, raw)
        user = token_user(refresh)
        _spend(refresh)
    return user
