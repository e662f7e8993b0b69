"""JWTs that belong to one hotel and stay revoked.

Every token names the schema it was issued in and its user's token generation; an access
token also names the refresh token it was issued with. A token is accepted only when its
user is active, still has that generation (moving it ends every earlier token at once) and,
for an access token, when its refresh token has not been spent (rotated or signed out).
Spending a refresh token takes a row lock on its OutstandingToken, so PostgreSQL lets one
of two simultaneous refreshes or logouts win.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.db.models import Exists, F
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from innkeep.accounts import errors
from innkeep.accounts.models import User
from innkeep.core.audit import audit
from innkeep.core.errors import InnkeepError
from innkeep.core.tenants import current_schema

SCHEMA_CLAIM = "schema"
GENERATION_CLAIM = "gen"
REFRESH_JTI_CLAIM = "refresh_jti"
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
    default_message = (
        "This token was revoked (signed out, password or role changed, or account deactivated)."
    )


def tokens_for(user: User) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)  # records its OutstandingToken
    refresh[SCHEMA_CLAIM] = current_schema()
    refresh["role"] = user.role
    refresh[GENERATION_CLAIM] = user.token_generation
    access = refresh.access_token  # copies the claims above
    access[REFRESH_JTI_CLAIM] = refresh[api_settings.JTI_CLAIM]
    return {"access": str(access), "refresh": str(refresh)}


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
    generation = token.get(GENERATION_CLAIM)
    if not isinstance(user_id, str) or not _USER_ID.fullmatch(user_id) or int(user_id) > _MAX_ID:
        raise TokenRefused()
    if type(generation) is not int:  # bool is an int too
        raise TokenRefused()
    users = User.objects.filter(pk=int(user_id))
    is_access = isinstance(token, AccessToken)
    if is_access:
        refresh_jti = token.get(REFRESH_JTI_CLAIM)
        if not isinstance(refresh_jti, str):
            raise TokenRefused()
        spent = BlacklistedToken.objects.filter(token__jti=refresh_jti)
        users = users.annotate(refresh_spent=Exists(spent))
    user = users.first()
    if user is None:
        raise TokenRefused()
    if (
        not user.is_active
        or generation != user.token_generation
        or token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password)
        or (is_access and user.refresh_spent)  # type: ignore[attr-defined]
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
    """A new pair for a refresh token, which is spent: it and its access tokens stop."""
    with transaction.atomic():
        refresh = decoded(RefreshToken, raw)
        user = token_user(refresh)
        _spend(refresh)
        return tokens_for(user)


def token_sign_out(*, raw: str, everywhere: bool = False) -> User:
    """Spend the refresh token (its access tokens stop with it); `everywhere` ends every
    token and admin session of its user too."""
    with transaction.atomic():
        refresh = decoded(RefreshToken, raw)
        user = token_user(refresh)
        _spend(refresh)
        if everywhere:
            tokens_end_all(user=user)
            audit(actor=user, action="user.signed_out_everywhere", target=user)
    return user


def tokens_end_all(*, user: User) -> None:
    """Move the user's token generation: every token and admin session issued before ends.
    Call it inside the transaction of the change that needs it (and its audit row)."""
    User.objects.filter(pk=user.pk).update(token_generation=F("token_generation") + 1)
    user.refresh_from_db(fields=["token_generation"])
