"""OpenAPI: the hotel JWT scheme, each operation's access rule, and the role table."""

from __future__ import annotations

from typing import Any

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework.permissions import AllowAny, IsAuthenticated

from innkeep.accounts.models import Role
from innkeep.accounts.roles import role_table_markdown, roles_with
from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.openapi import InnkeepAutoSchema
from innkeep.core.permissions import AUTHENTICATED, PUBLIC, DeclaredAccess, rule_for


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


def access_rule(view: Any, method: str) -> str | None:
    """Who gets past every permission class of `view` for `method`, as a rule of
    core/permissions.py (None: nobody). DRF lets a request through only when every class
    does, so the narrowest rule wins."""
    rules: list[str | None] = []
    for permission in view.get_permissions():
        if isinstance(permission, DeclaredAccess):
            rules.append(rule_for(view, method, getattr(view, "action", None)))
        elif isinstance(permission, IsAuthenticated):
            rules.append(AUTHENTICATED)
        elif isinstance(permission, AllowAny):
            rules.append(PUBLIC)
        else:
            raise TypeError(
                f"{type(view).__name__}: say in innkeep.accounts.openapi.access_rule who "
                f"{type(permission).__name__} lets through"
            )
    if None in rules:
        return None
    granted = {rule for rule in rules if rule is not None and rule not in (PUBLIC, AUTHENTICATED)}
    if len(granted) > 1:
        raise TypeError(f"{type(view).__name__}: several permissions at once: {sorted(granted)}")
    if granted:
        return granted.pop()
    return AUTHENTICATED if AUTHENTICATED in rules else PUBLIC


class AccessAwareAutoSchema(InnkeepAutoSchema):
    """Appends who may call each operation, read from the permission classes the view runs,
    and documents the refusals that follow from them: 401 where the view reads credentials
    (a malformed or expired token is refused even on an open operation), 403 where a role's
    permission is needed, 404 where the path names an object, 429 where a throttle applies."""

    def access(self) -> str | None:
        return access_rule(self.view, self.method)

    def get_operation(self, *args: Any, **kwargs: Any) -> Any:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        description = operation.get("description", "")
        operation["description"] = f"{description}\n\n{describe_rule(self.access())}".strip()
        return operation

    def implied_refusals(self) -> list[int]:
        rule = self.access()
        statuses = []
        if self.view.get_authenticators():
            statuses.append(401)
        if rule not in (PUBLIC, AUTHENTICATED):
            statuses.append(403)
        if "{" in self.path:  # an id that names nothing, or something of another hotel
            statuses.append(404)
        if self.view.get_throttles():
            statuses.append(429)
        return statuses

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        responses = super()._get_response_bodies(direction)
        for status in self.implied_refusals():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    ERROR_RESPONSES(status)[status], str(status), direction=direction
                )
        return dict(sorted(responses.items()))


def add_role_table(result: dict[str, Any], generator: Any, **kwargs: Any) -> dict[str, Any]:
    info = result.setdefault("info", {})
    info["description"] = info.get("description", "") + "\n\n## Roles\n\n" + role_table_markdown()
    return result
