"""Who may call a view: each view declares it, per method (APIView) or per action (viewset).

    access = {"GET": "accounts.view_user", "PATCH": "accounts.change_user"}
    access = {"list": "accounts.view_user", "deactivate": "accounts.change_user"}

A value is a permission ("app_label.codename", granted by roles, see accounts/roles.py),
PUBLIC (anyone) or AUTHENTICATED (any signed-in staff member of this hotel). A method or
action the view does not declare is one the endpoint does not take: 405 METHOD_NOT_ALLOWED
for every caller, before credentials are looked at (forgetting a rule closes the endpoint).
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import MethodNotAllowed, NotAuthenticated
from rest_framework.permissions import BasePermission

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def rule_for(view: Any, method: str, action: str | None = None) -> str | None:
    access: dict[str, str] = getattr(view, "access", {})
    if action and action in access:
        return access[action]
    if method == "HEAD":
        method = "GET"
    if method == "OPTIONS":
        return PUBLIC if access else None
    return access.get(method)


class DeclaredAccess(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        rule = rule_for(view, request.method, getattr(view, "action", None))
        if rule is None:
            # Permissions are checked before DRF looks for the method's handler: without
            # this, a method nobody may call would be 403 instead of 405.
            raise MethodNotAllowed(request.method)
        if rule == PUBLIC:
            return True
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated()
        if rule == AUTHENTICATED:
            return True
        return bool(request.user.has_perm(rule))
