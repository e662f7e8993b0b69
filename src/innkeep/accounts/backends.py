"""Authentication backend: email + password against the current schema's users, with
permissions coming from the user's role (see roles.py) instead of per-user grants."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from innkeep.accounts.roles import permissions_for


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:  # platform operators (public schema)
            return super().get_all_permissions(user_obj, obj)
        return set(permissions_for(user_obj.role))

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        return user_obj.is_active and perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return user_obj.is_active and any(
            perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj)
        )
