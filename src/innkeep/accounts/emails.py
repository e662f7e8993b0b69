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
    context = _hotel_context()
    context.update(user=user, link=f"{context['base_url']}/password-reset/{raw_token}/")
    send_email_after_commit(
        to=user.email,
        template="accounts/email/password_reset",
        context=context,
        from_name=context["hotel_name"],
    )


def email_verification(*, user: User, raw_token: str) -> None:
    context = _hotel_context()
    context.update(user=user, link=f"{context['base_url']}/verify-email/{raw_token}/")
    send_email_after_commit(
        to=user.email,
        template="accounts/email/verify_email",
        context=context,
        from_name=context["hotel_name"],
    )
