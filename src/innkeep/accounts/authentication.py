"""JWT authentication bound to the hotel: a token is refused on any other hotel's host,
even where a user with the same id exists there too."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from innkeep.accounts import errors
from innkeep.accounts.tokens import SCHEMA_CLAIM
from innkeep.core.tenants import current_schema


class WrongTenantToken(AuthenticationFailed):
    innkeep_code = errors.TOKEN_WRONG_TENANT
    default_detail = "This token belongs to another hotel."


class RevokedToken(AuthenticationFailed):
    innkeep_code = errors.TOKEN_REVOKED
    default_detail = "This token was revoked (password changed or account deactivated)."


class HotelJWTAuthentication(JWTAuthentication):
    def get_validated_token(self, raw_token: bytes) -> Any:
        try:
            token = super().get_validated_token(raw_token)
        except InvalidToken as exc:
            exc.innkeep_code = errors.TOKEN_INVALID  # type: ignore[attr-defined]
            raise
        if token.get(SCHEMA_CLAIM) != current_schema():
            raise WrongTenantToken()
        return token

    def get_user(self, validated_token: Any) -> Any:
        try:
            return super().get_user(validated_token)
        except AuthenticationFailed as exc:
            # simplejwt keeps its own code inside the detail dict
            detail = exc.detail
            code = str(detail.get("code")) if isinstance(detail, dict) else exc.get_codes()
            if code in {"user_inactive", "password_changed"}:
                raise RevokedToken() from exc
            raise
