from __future__ import annotations

from django.db.models import QuerySet

from innkeep.accounts.models import Invitation, LoginAttempt, User, normalize_email
from innkeep.core.tenants import current_tenant


def staff_list() -> QuerySet[User]:
    """Staff accounts (the list's query-parameter filters: innkeep.accounts.filters)."""
    return User.objects.all()


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
