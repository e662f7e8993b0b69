"""OpenAPI: the hotel JWT scheme, each operation's access rule, and the role table."""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme

from innkeep.accounts.models import Role
from innkeep.accounts.roles import role_table_markdown, roles_with
from innkeep.core.api_schema import InnkeepAutoSchema
from innkeep.core.permissions import AUTHENTICATED, PUBLIC, rule_for


class HotelJWTScheme(SimpleJWTScheme):
    target_class = "innkeep.accounts.authentication.HotelJWTAuthentication"
    name = "hotelJWT"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        definition = super().get_security_definition(auto_schema)
        definition["description"] = (
            "`Authorization: Bearer <access>` from `POST /api/v1/auth/token/` on this hotel's "
            "host. A token of another hotel is refused with 401 TOKEN_WRONG_TENANT."
        )
        return definition


def describe_rule(rule: str | None) -> str:
    if rule is None:
        return "**Access:** nobody (closed)."
    if rule == PUBLIC:
        return "**Access:** public, no sign-in."
    if rule == AUTHENTICATED:
        return "**Access:** any signed-in staff member of this hotel."
    roles = ", ".join(Role(role).label.lower() for role in roles_with(rule))
    return f"**Access:** `{rule}` ({roles or 'no role'})."


class AccessAwareAutoSchema(InnkeepAutoSchema):
    """Appends who may call each operation, read from the view's `access` declaration."""

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        rule = rule_for(self.view, self.method, getattr(self.view, "action", None))
        description = operation.get("description", "")
        operation["description"] = f"{description}\n\n{describe_rule(rule)}".strip()
        return operation


def add_role_table(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    info = result.setdefault("info", {})
    info["description"] = info.get("description", "") + "\n\n## Roles\n\n" + role_table_markdown()
    return result
