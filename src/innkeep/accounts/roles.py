"""What each staff role may do, as Django permissions ("app_label.codename").

One table serves the API (views declare the permission they need) and the tenant admin
(Django admin asks `user.has_perm`). `docs/roles.md` and the OpenAPI description are
generated from `ROLE_PERMISSIONS`, and a test keeps them in sync.
"""

from __future__ import annotations

from innkeep.accounts.models import Role

# Permissions by area. Later apps add their own sets and grant them below.
STAFF_VIEW = frozenset({"accounts.view_user", "accounts.view_invitation"})
STAFF_MANAGE = STAFF_VIEW | {
    "accounts.change_user",
    "accounts.add_invitation",
    "accounts.delete_invitation",
    "accounts.unlock_user",
    "accounts.view_loginattempt",
}
OWNERS_MANAGE = frozenset({"accounts.manage_owners"})
PROFILE_VIEW = frozenset({"properties.view_hotelprofile"})
PROFILE_EDIT = PROFILE_VIEW | {"properties.change_hotelprofile"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: STAFF_MANAGE | OWNERS_MANAGE | PROFILE_EDIT,
    Role.MANAGER: STAFF_MANAGE | PROFILE_EDIT,
    Role.FRONT_DESK: PROFILE_VIEW,
    Role.HOUSEKEEPING: PROFILE_VIEW,
    Role.ACCOUNTANT: PROFILE_VIEW,
}

# Said in words for the docs: what each area means to a hotel.
AREA_NAMES: dict[str, str] = {
    "accounts.view_user": "See staff accounts",
    "accounts.view_invitation": "See invitations",
    "accounts.change_user": "Change staff roles and details, deactivate staff",
    "accounts.add_invitation": "Invite staff",
    "accounts.delete_invitation": "Revoke invitations",
    "accounts.unlock_user": "Lift a sign-in lockout",
    "accounts.view_loginattempt": "Review sign-in attempts",
    "accounts.manage_owners": "Appoint, demote and deactivate owners",
    "properties.view_hotelprofile": "See the hotel profile",
    "properties.change_hotelprofile": "Edit the hotel profile",
}


def permissions_for(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(permission: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]


def role_table_markdown() -> str:
    roles = list(ROLE_PERMISSIONS)
    header = "| permission | " + " | ".join(Role(r).label for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    lines = [header, rule]
    for perm, words in AREA_NAMES.items():
        marks = " | ".join("yes" if perm in ROLE_PERMISSIONS[r] else "" for r in roles)
        lines.append(f"| {words} (`{perm}`) | {marks} |")
    return "\n".join(lines)
