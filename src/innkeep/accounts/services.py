"""Writing staff accounts: creation, roles, deactivation, passwords, invitations,
one-time links. Every change that matters writes an audit row in its transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from innkeep.accounts import emails, errors, login_guard
from innkeep.accounts.models import Invitation, Role, TokenPurpose, User, UserToken, normalize_email
from innkeep.accounts.selectors import phone_region
from innkeep.accounts.tokens import tokens_end_all
from innkeep.core.audit import audit
from innkeep.core.audited_update import audited_update
from innkeep.core.errors import Conflict, InnkeepError, ValidationFailed
from innkeep.core.phones import normalize_phone

SIGNUP_HANDOFF = TokenPurpose.SIGNUP_HANDOFF


class LastOwner(Conflict):
    code = errors.LAST_OWNER
    default_message = "A hotel needs at least one active owner."


class OwnersOnly(InnkeepError):
    status = 403
    code = "PERMISSION_DENIED"
    default_message = "Only an owner can appoint, demote, deactivate or invite owners."


class UserExists(Conflict):
    code = errors.USER_EXISTS
    default_message = "A staff account with this email already exists."


class InvitationNotPending(Conflict):
    code = errors.INVITATION_NOT_PENDING
    default_message = "This invitation was already accepted or revoked."


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _password_errors(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        return list(exc.messages)
    return []


# --- users -----------------------------------------------------------------------------


def user_create(
    *,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    role: str = Role.FRONT_DESK,
    is_staff: bool = True,
    is_superuser: bool = False,
    email_verified: bool = False,
    password_hash: str | None = None,
) -> User:
    """`password_hash` (from make_password) lets a caller hash before its transaction, so
    the slow hash holds no lock."""
    user = User(
        email=normalize_email(email),
        first_name=first_name,
        last_name=last_name,
        role=role,
        is_staff=is_staff,
        is_superuser=is_superuser,
        email_verified_at=timezone.now() if email_verified else None,
    )
    if password_hash is not None:
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    return user


def _require_owner_rights(actor: User, *roles: str) -> None:
    if Role.OWNER in roles and not actor.has_perm("accounts.manage_owners"):
        raise OwnersOnly()


def _lock_for_change(user: User) -> User:
    """Lock the user's row for a change. When the user is an owner, first lock every owner
    row in id order: two owners demoting each other at once then queue instead of both
    succeeding (or deadlocking)."""
    if User.objects.filter(pk=user.pk, role=Role.OWNER).exists():
        list(User.objects.select_for_update().filter(role=Role.OWNER).order_by("pk"))
    return User.objects.select_for_update().get(pk=user.pk)


def _ensure_another_active_owner(user: User) -> None:
    owners = list(
        User.objects.select_for_update()
        .filter(role=Role.OWNER, is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not [pk for pk in owners if pk != user.pk]:
        raise LastOwner()


STAFF_FIELDS = ("role", "first_name", "last_name", "phone")


def staff_update(
    *,
    actor: User,
    user: User,
    role: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    phone: str | None = None,
) -> User:
    """Change a staff member's role, name or phone (stored as E.164; a national number is
    read in the hotel's country)."""
    if phone is not None:
        phone = normalize_phone(phone, region=phone_region())
    changes = {
        field: value
        for field, value in (
            ("role", role),
            ("first_name", first_name),
            ("last_name", last_name),
            ("phone", phone),
        )
        if value is not None
    }
    with transaction.atomic():
        user = _lock_for_change(user)
        if role is not None and role != user.role:
            _require_owner_rights(actor, role, user.role)
            if user.role == Role.OWNER and user.is_active:
                _ensure_another_active_owner(user)
        updated = audited_update(
            user,
            locked=True,
            actor=actor,
            action="user.updated",
            changes=changes,
            allowed=STAFF_FIELDS,
        )
        if "role" in updated.diff:  # tokens name the role: a new role starts new sessions
            tokens_end_all(user=user)
    return user


def staff_deactivate(*, actor: User, user: User) -> User:
    with transaction.atomic():
        user = _lock_for_change(user)
        if not user.is_active:
            return user
        _require_owner_rights(actor, user.role)
        if user.role == Role.OWNER:
            _ensure_another_active_owner(user)
        user.is_active = False
        user.save(update_fields=["is_active"])
        tokens_end_all(user=user)  # so that reactivation revives none of them
        audit(actor=actor, action="user.deactivated", target=user)
    return user


def staff_reactivate(*, actor: User, user: User) -> User:
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.is_active:
            return user
        _require_owner_rights(actor, user.role)
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit(actor=actor, action="user.reactivated", target=user)
    return user


def staff_unlock(*, actor: User, user: User) -> User:
    """Clear the account's sign-in delays from every address (they expire by themselves;
    this is for someone who cannot wait). Nothing locks an account any more: the name and
    the endpoint stay for the integrations that call them."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        had_failures = user.failed_login_count > 0
        login_guard.clear_delays(user=user)
        user.refresh_from_db(fields=["failed_login_count"])
        if had_failures:
            audit(actor=actor, action="user.unlocked", target=user)
    return user


# --- passwords -------------------------------------------------------------------------


def password_change(
    *, user: User, current_password: str, new_password: str, ip: str | None
) -> User:
    """`ip`: the client's address; wrong current passwords count and are braked as wrong
    sign-ins are (login_guard): a stolen token cannot guess the password freely."""
    if not login_guard.password_matches(user=user, password=current_password, ip=ip):
        raise ValidationFailed({"current_password": ["Your current password is not right."]})
    problems = _password_errors(new_password, user)
    if problems:
        raise ValidationFailed({"new_password": problems})
    return password_replace(user=user, new_password=new_password)


def password_replace(*, user: User, new_password: str) -> User:
    """Set a user's own new password once the old one was proven and the new one validated
    (the API's password change above, the admin's form): every earlier token and session
    ends, and the change is audited."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        user.set_password(new_password)
        user.save(update_fields=["password"])
        tokens_end_all(user=user)
        audit(actor=user, action="user.password_changed", target=user)
    return user


def password_reset_request(*, email: str) -> None:
    """Sends a link if an active account has this email; says nothing either way."""
    user = User.objects.filter(email=normalize_email(email), is_active=True).first()
    if user is None:
        return
    with transaction.atomic():
        raw = token_issue(
            user=user, purpose=TokenPurpose.PASSWORD_RESET, ttl=settings.PASSWORD_RESET_TTL
        )
        emails.password_reset(user=user, raw_token=raw)


def token_is_usable(*, raw: str, purpose: str) -> bool:
    return _usable_tokens(raw=raw, purpose=purpose).exists()


def password_reset_confirm(*, raw: str, new_password: str) -> User | None:
    """Set the password with a reset link. None when the link is unknown, used or expired.
    A password that fails validation raises and leaves the link usable."""
    with transaction.atomic():
        token = (
            _usable_tokens(raw=raw, purpose=TokenPurpose.PASSWORD_RESET).select_for_update().first()
        )
        if token is None:
            return None
        user = User.objects.select_for_update().get(pk=token.user_id)
        problems = _password_errors(new_password, user)
        if problems:
            raise ValidationFailed({"new_password": problems})
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        user.set_password(new_password)
        # The link came to this mailbox: the address is verified and the sign-in delays go.
        if user.email_verified_at is None:
            user.email_verified_at = timezone.now()
        user.save()
        login_guard.clear_delays(user=user)
        tokens_end_all(user=user)
        audit(actor=user, action="user.password_reset", target=user)
    return user


# --- email verification ----------------------------------------------------------------


def email_verification_send(*, user: User) -> bool:
    """Send a verification link unless the address is verified already."""
    if user.email_verified_at is not None:
        return False
    with transaction.atomic():
        raw = token_issue(
            user=user,
            purpose=TokenPurpose.EMAIL_VERIFICATION,
            ttl=settings.EMAIL_VERIFICATION_TTL,
        )
        emails.email_verification(user=user, raw_token=raw)
    return True


def email_verify(*, raw: str) -> User | None:
    user = token_redeem(raw=raw, purpose=TokenPurpose.EMAIL_VERIFICATION)
    if user is None:
        return None
    if user.email_verified_at is None:
        User.objects.filter(pk=user.pk).update(email_verified_at=timezone.now())
        user.refresh_from_db()
    return user


# --- invitations -----------------------------------------------------------------------


def invitation_create(*, actor: User, email: str, role: str) -> Invitation:
    email = normalize_email(email)
    _require_owner_rights(actor, role)
    if User.objects.filter(email=email).exists():
        raise UserExists(details={"email": email})
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        # A new invitation replaces any pending one for the same address.
        Invitation.objects.filter(
            email=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            email=email,
            role=role,
            token_hash=_hash(raw),
            invited_by=actor,
            expires_at=now + settings.INVITATION_TTL,
        )
        audit(actor=actor, action="invitation.created", target=invitation, data={"role": role})
        emails.invitation(invitation=invitation, raw_token=raw)
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise InvitationNotPending()
        _require_owner_rights(actor, invitation.role)
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit(actor=actor, action="invitation.revoked", target=invitation)
    return invitation


def invitation_for_token(*, raw: str) -> Invitation | None:
    """The pending, unexpired invitation behind a link, if any."""
    return (
        Invitation.objects.filter(
            token_hash=_hash(raw),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by")
        .first()
    )


def invitation_accept(*, raw: str, first_name: str, last_name: str, password: str) -> User | None:
    """Create the invited user. None when the link is not (or no longer) valid; invalid
    names or password raise ValidationFailed and leave the invitation pending."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .filter(
                token_hash=_hash(raw),
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if invitation is None:
            return None
        problems: dict[str, list[str]] = {}
        if not first_name.strip():
            problems["first_name"] = ["This field is required."]
        if not last_name.strip():
            problems["last_name"] = ["This field is required."]
        probe = User(email=invitation.email, first_name=first_name, last_name=last_name)
        if password_problems := _password_errors(password, probe):
            problems["password"] = password_problems
        if problems:
            raise ValidationFailed(problems)
        if User.objects.filter(email=invitation.email).exists():
            raise UserExists(details={"email": invitation.email})
        user = user_create(
            email=invitation.email,
            password=password,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=invitation.role,
            email_verified=True,  # the link came to this address
        )
        invitation.accepted_at = timezone.now()
        invitation.user = user
        invitation.save(update_fields=["accepted_at", "user"])
        audit(actor=user, action="invitation.accepted", target=invitation)
    return user


# --- one-time links --------------------------------------------------------------------


def token_issue(*, user: User, purpose: str, ttl: timedelta) -> str:
    """Returns the raw token; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    UserToken.objects.create(
        user=user, token_hash=_hash(raw), purpose=purpose, expires_at=timezone.now() + ttl
    )
    return raw


def _usable_tokens(*, raw: str, purpose: str) -> Any:
    return UserToken.objects.filter(
        token_hash=_hash(raw),
        purpose=purpose,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        user__is_active=True,
    )


def token_redeem(*, raw: str, purpose: str) -> User | None:
    """The token's active user, once; None for an unknown, used or expired token."""
    with transaction.atomic():
        token = (
            _usable_tokens(raw=raw, purpose=purpose)
            .select_for_update()
            .select_related("user")
            .first()
        )
        if token is None:
            return None
        token.used_at = timezone.now()
        token.save(update_fields=["used_at"])
        return token.user
