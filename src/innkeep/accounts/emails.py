"""The emails staff receive. Links point at the hotel's own host."""

from __future__ import annotations

from typing import Any

from innkeep.accounts.models import Invitation, User
from innkeep.core.mail import send_email_after_commit
from innkeep.core.tenants import current_tenant
from innkeep.tenancy.selectors import hotel_base_url


def _hotel_context() -> dict[str, Any]:
    hotel = current_tenant()
    return {"hotel_name": hotel.name, "base_url": hotel_base_url(hotel=hotel)}


def invitation(*, invitation: Invitation, raw_token: str) -> None:
    context = _hotel_context()
    inviter = invitation.invited_by
    context.update(
        invitation=invitation,
        role=invitation.get_role_display(),
        inviter=inviter.get_full_name() if inviter else context["hotel_name"],
        link=f"{context['base_url']}/invitations/{raw_token}/",
    )
    send_email_after_commit(
        to=invitation.email,
        template="accounts/email/invitation",
        context=context,
        from_name=context["hotel_name"],
        reply_to=inviter.email if inviter else None,
    )


def password_reset(*, user: User, raw_token: str) -> None:
    _send_link(user=user, path=f"/password-reset/{raw_token}/", template="password_reset")


def email_verification(*, user: User, raw_token: str) -> None:
    _send_link(user=user, path=f"/verify-email/{raw_token}/", template="verify_email")


def _send_link(*, user: User, path: str, template: str) -> None:
    """A mail to a staff member whose point is one link on their hotel's host."""
    context = _hotel_context()
    context.update(user=user, link=f"{context['base_url']}{path}")
    send_email_after_commit(
        to=user.email,
        template=f"accounts/email/{template}",
        context=context,
        from_name=context["hotel_name"],
    )
