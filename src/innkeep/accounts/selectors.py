from __future__ import annotations

from django.db.models import QuerySet

from innkeep.accounts.models import Invitation, LoginAttempt, Role, User, normalize_email
from innkeep.core.errors import ValidationFailed
from innkeep.core.tenants import current_tenant

_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def staff_list(*, role: str | None = None, is_active: str | None = None) -> QuerySet[User]:
    users = User.objects.all()
    problems: dict[str, list[str]] = {}
    if role is not None:
        if role not in Role.values:
            problems["role"] = [f"Choose one of {', '.join(Role.values)}."]
        users = users.filter(role=role)
    if is_active is not None:
        if is_active.lower() not in _BOOLEANS:
            problems["is_active"] = ["Use true or false."]
        else:
            users = users.filter(is_active=_BOOLEANS[is_active.lower()])
    if problems:
        raise ValidationFailed(problems)
    return users


def is_sign_in_address(*, email: str) -> bool:
    """Whether a staff account (active or not) signs in with this address: such an address
    is never published (an outsider who knows it knows whom to attack)."""
    return bool(email) and User.objects.filter(email=normalize_email(email)).exists()


def invitation_list() -> QuerySet[Invitation]:
    return Invitation.objects.select_related("invited_by")


def login_attempt_list() -> QuerySet[LoginAttempt]:
    return LoginAttempt.objects.all()


def phone_region() -> str | None:
    """Where a staff member's number without a country code is read: the hotel's country.
    None in the public schema (platform operators give their country code)."""
    return getattr(current_tenant(), "country", None) or None
