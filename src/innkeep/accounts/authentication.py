"""JWT authentication bound to the hotel: a token is refused on any other hotel's host,
even where a user with the same id exists there too, and once it was revoked (see tokens.py).
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import AccessToken

from innkeep.accounts.tokens import TokenRefused, decoded, token_user


class RefusedToken(AuthenticationFailed):
    """A DRF authentication failure (so DRF answers 401 with WWW-Authenticate and marks the
    request anonymous) that carries Innkeep's code."""

    def __init__(self, refusal: TokenRefused) -> None:
        super().__init__(refusal.message)
        self.innkeep_code = refusal.code


class HotelJWTAuthentication(JWTAuthentication):
    def get_validated_token(self, raw_token: bytes) -> Any:
        try:
            return decoded(AccessToken, raw_token)
        except TokenRefused as refusal:
            raise RefusedToken(refusal) from None

    def get_user(self, validated_token: Any) -> Any:
        try:
            return token_user(validated_token)
        except TokenRefused as refusal:
            raise RefusedToken(refusal) from None
