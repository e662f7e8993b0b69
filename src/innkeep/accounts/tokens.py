"""JWTs that belong to one hotel: every token names the schema it was issued in."""

from __future__ import annotations

from typing import Any

from rest_framework_simplejwt.tokens import RefreshToken

from innkeep.core.tenants import current_schema

SCHEMA_CLAIM = "schema"


def tokens_for(user: Any) -> dict[str, str]:
    refresh = RefreshToken.for_user(user)
    refresh[SCHEMA_CLAIM] = current_schema()
    refresh["role"] = user.role
    return {"access": str(refresh.access_token), "refresh": str(refresh)}
