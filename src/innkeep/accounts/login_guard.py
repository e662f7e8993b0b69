"""Sign-in with brakes: per-IP and per-account rate limits, recorded attempts, and a lockout
after repeated failures that an owner or manager lifts (or a password reset by email).

Used by the token endpoint and the admin login form alike."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from innkeep.accounts import errors
from innkeep.accounts.models import LoginAttempt, User, normalize_email
from innkeep.core.errors import InnkeepError


class InvalidCredentials(InnkeepError):
    status = 401
    code = errors.INVALID_CREDENTIALS
    default_message = "Email or password is not right."


class AccountLocked(InnkeepError):
    status = 403
    code = errors.ACCOUNT_LOCKED
    default_message = (
        "This account is locked after too many failed sign-ins. Ask an owner or manager to "
        "unlock it, or reset your password by email."
    )


class LoginThrottled(InnkeepError):
    status = 429
    code = errors.LOGIN_THROTTLED
    default_message = "Too many sign-in attempts. Try again later."

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            details={"retry_after": retry_after}, headers={"Retry-After": str(retry_after)}
        )
        self.retry_after = retry_after


def _over_limit(key: str, limit: int, window: int) -> int | None:
    """Count one attempt in a fixed window; seconds to wait when over the limit."""
    now = int(time.time())
    bucket_key = f"login-rate:{key}:{now // window}"
    cache.add(bucket_key, 0, timeout=window + 5)
    try:
        count = cache.incr(bucket_key)
    except ValueError:  # expired between add and incr
        cache.set(bucket_key, 1, timeout=window + 5)
        count = 1
    if count > limit:
        return max(1, window - now % window)
    return None


def _record(
    *, email: str, user: User | None, ip: str | None, channel: str, ok: bool, reason: str = ""
) -> None:
    LoginAttempt.objects.create(
        email=email[:254], user=user, ip_address=ip, channel=channel, succeeded=ok, reason=reason
    )


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def sign_in(*, email: str, password: str, ip: str | None, channel: str) -> User:
    """The user for these credentials, or a refusal: InvalidCredentials, AccountLocked,
    LoginThrottled. Every attempt is recorded."""
    email = normalize_email(email)
    waits = [
        _over_limit(f"ip:{ip}", *settings.LOGIN_LIMIT_PER_IP),
        _over_limit(f"account:{email}", *settings.LOGIN_LIMIT_PER_ACCOUNT),
    ]
    user = User.objects.filter(email=email).first()
    wait = max((w for w in waits if w is not None), default=None)
    if wait is not None:
        _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason="throttled")
        raise LoginThrottled(retry_after=wait)
    if user is not None and user.is_locked:
        _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason="locked")
        raise AccountLocked()
    authenticated = authenticate(None, username=email, password=password)
    if authenticated is None:
        if user is not None:
            _count_failure(user)
        _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason="bad_credentials")
        raise InvalidCredentials()
    User.objects.filter(pk=authenticated.pk).update(failed_login_count=0)
    _record(email=email, user=authenticated, ip=ip, channel=channel, ok=True)
    return authenticated


def _count_failure(user: User) -> None:
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    User.objects.filter(
        pk=user.pk,
        locked_at__isnull=True,
        failed_login_count__gte=settings.LOGIN_LOCKOUT_THRESHOLD,
    ).update(locked_at=timezone.now())
