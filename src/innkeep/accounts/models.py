"""Users. The table exists in every hotel schema (that hotel's staff) and in `public`
(platform operators), so a user belongs to exactly one hotel, or to the platform."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

from innkeep.core.mail import normalize_email
from innkeep.core.phones import STORED_HELP, e164_constraint, validate_e164_or_blank
from innkeep.core.text import validate_name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MANAGER = "manager", "Manager"
    FRONT_DESK = "front_desk", "Front desk"
    HOUSEKEEPING = "housekeeping", "Housekeeping"
    ACCOUNTANT = "accountant", "Accountant"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=normalize_email(username or ""))

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    # Stored lower-cased (see save), so unique=True is case-insensitive uniqueness.
    email = models.EmailField(max_length=254, unique=True)
    first_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    last_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    phone = models.CharField(
        max_length=32, blank=True, validators=[validate_e164_or_blank], help_text=STORED_HELP
    )
    # Blank for platform operators (public schema); one of Role for hotel staff.
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May sign in to the admin.")
    date_joined = models.DateTimeField(default=timezone.now)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # Wrong passwords since the last right one, for staff to see (accounts/login_guard.py):
    # it never blocks anything; the delays that brake guessing live in Redis and expire.
    failed_login_count = models.PositiveIntegerField(default=0)
    # Carried in every JWT and mixed into the admin session hash: moving it (deactivation,
    # role or password change, signing out everywhere) ends every token and session issued
    # before, and reactivation cannot bring them back.
    token_generation = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        ordering = ["email"]
        permissions = [
            ("manage_owners", "Can appoint, demote and deactivate owners"),
            ("unlock_user", "Can clear sign-in delays"),
        ]
        constraints = [e164_constraint(field="phone", name="accounts_user_phone_e164")]

    def __str__(self) -> str:
        return self.email

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash covers the password only; with the generation, a deactivated and
        # then reactivated user's old admin sessions stay ended, like their tokens.
        return salted_hmac(
            "innkeep.accounts.User.get_session_auth_hash",
            f"{self.password}:{self.token_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        return self.first_name or self.email


class TokenPurpose(models.TextChoices):
    SIGNUP_HANDOFF = "signup_handoff", "Sign-in after signup"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_VERIFICATION = "email_verification", "Email verification"


class UserToken(models.Model):
    """A single-use, expiring secret sent to a user as a link. Only its hash is stored.

    Signup happens on the root domain, whose cookies a hotel's host never sees (cookies are
    host-only): the owner is handed over to their hotel with one of these; password resets
    and email verification use them too."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=32, choices=TokenPurpose.choices)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.purpose} for {self.user_id}"


class Invitation(models.Model):
    """An invitation to join the hotel's staff with a role. Accepting it creates the user."""

    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} as {self.role}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class LoginChannel(models.TextChoices):
    API = "api", "API token"
    ADMIN = "admin", "Admin"
    PASSWORD_CHANGE = "password_change", "Password change"


class LoginAttempt(models.Model):
    """Every sign-in attempt (and every current password given to change it), kept for the
    owner to review. `ip_address` is the client's (core/client_address.py)."""

    email = models.CharField(max_length=254, db_index=True)
    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_attempts"
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    channel = models.CharField(max_length=20, choices=LoginChannel.choices)
    succeeded = models.BooleanField()
    reason = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} {'ok' if self.succeeded else self.reason}"
