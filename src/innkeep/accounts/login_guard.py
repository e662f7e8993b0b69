"""Passwords checked with brakes that an outsider cannot turn against staff.

Used by the token endpoint, the admin login and password changes alike. Nothing locks an
account (anyone who knows an owner's email could lock a one-owner hotel out); instead, as
OWASP recommends, failures make the next try wait, and waits expire by themselves:

- per address: `LOGIN_LIMIT_PER_IP` tries in a fixed window, whatever the account;
- per account *and* address: `LOGIN_FREE_FAILURES` wrong passwords are free, then each one
  makes that address wait before its next try for that account, doubling from 1 s up to
  `LOGIN_DELAY_MAX`. An attacker hammering from one address slows only themselves: the
  owner, from anywhere else, is not delayed by it;
- per account: after `LOGIN_ACCOUNT_FREE_FAILURES` wrong passwords from every address
  together (many addresses at once), each one makes every address wait, doubling up to
  `LOGIN_ACCOUNT_DELAY_MAX`, kept small: the owner waits a minute at worst.

Failures are forgotten `LOGIN_FAILURES_KEPT` seconds after the last one; a success forgets
its own address's failures. A try while a wait runs is refused (429 `LOGIN_THROTTLED`,
`Retry-After`) without looking at the password, and is not a failure.

Nothing here tells whether an email has an account: an unknown email gets the same counts,
delays, codes and work (the password is hashed either way, the same rows are written and
updated). Counts live in Redis (`core.rate_limits`, the mechanism of every throttle) under
a digest of the email, never the email itself."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import F
from django.utils import timezone

from innkeep.accounts import errors
from innkeep.accounts.models import LoginAttempt, LoginChannel, User, normalize_email
from innkeep.core import clock
from innkeep.core.errors import InnkeepError
from innkeep.core.rate_limits import (
    Delay,
    count_in_window,
    delay_key,
    failure_delay,
    forget,
    record_failures,
)
from innkeep.core.tenants import current_schema


class InvalidCredentials(InnkeepError):
    status = 401
    code = errors.INVALID_CREDENTIALS
    default_message = "Email or password is not right."


class LoginThrottled(InnkeepError):
    status = 429
    code = errors.LOGIN_THROTTLED
    default_message = "Too many sign-in attempts. Try again later."

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            details={"retry_after": retry_after}, headers={"Retry-After": str(retry_after)}
        )
        self.retry_after = retry_after


class Reason:
    """`LoginAttempt.reason` of a refused try."""

    THROTTLED = "throttled"  # the address's limit
    DELAYED = "delayed"  # a wait after failures
    BAD_CREDENTIALS = "bad_credentials"


def _account_key(email: str) -> str:
    digest = hashlib.sha256(email.encode()).hexdigest()[:32]
    return delay_key(f"signin:{digest}", schema=current_schema())


def _pair_key(email: str, ip: str | None) -> str:
    return f"{_account_key(email)}:from:{ip or '-'}"


def _delays(email: str, ip: str | None) -> dict[str, Delay]:
    kept = settings.LOGIN_FAILURES_KEPT
    return {
        _pair_key(email, ip): Delay(
            free=settings.LOGIN_FREE_FAILURES, cap=settings.LOGIN_DELAY_MAX, reset=kept
        ),
        _account_key(email): Delay(
            free=settings.LOGIN_ACCOUNT_FREE_FAILURES,
            cap=settings.LOGIN_ACCOUNT_DELAY_MAX,
            reset=kept,
        ),
    }


def _record(
    *, email: str, user: User | None, ip: str | None, channel: str, ok: bool, reason: str = ""
) -> None:
    LoginAttempt.objects.create(
        email=email[:254], user=user, ip_address=ip, channel=channel, succeeded=ok, reason=reason
    )


def _refuse_if_braked(*, email: str, user: User | None, ip: str | None, channel: str) -> None:
    now = clock.now().timestamp()
    limit, period = settings.LOGIN_LIMIT_PER_IP
    window = count_in_window(
        name=f"signin-ip:{ip or '-'}", period=period, now=now, schema=current_schema()
    )
    if window is not None and window.count > limit:
        _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason=Reason.THROTTLED)
        raise LoginThrottled(retry_after=max(1, int(window.ends_at - now)))
    wait = failure_delay(keys=list(_delays(email, ip)), now=now)
    if wait > 0:
        _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason=Reason.DELAYED)
        raise LoginThrottled(retry_after=wait)


def _failed(*, email: str, user: User | None, ip: str | None, channel: str) -> None:
    record_failures(delays=_delays(email, ip), now=clock.now().timestamp())
    # The same statement whether or not the email has an account.
    User.objects.filter(email=email).update(failed_login_count=F("failed_login_count") + 1)
    _record(email=email, user=user, ip=ip, channel=channel, ok=False, reason=Reason.BAD_CREDENTIALS)


def _succeeded(*, email: str, user: User, ip: str | None, channel: str) -> None:
    forget(keys=[_pair_key(email, ip)])
    User.objects.filter(pk=user.pk).update(failed_login_count=0)
    _record(email=email, user=user, ip=ip, channel=channel, ok=True)


def sign_in(*, email: str, password: str, ip: str | None, channel: str) -> User:
    """The user for these credentials, or a refusal: InvalidCredentials, LoginThrottled.
    Every attempt is recorded."""
    email = normalize_email(email)
    user = User.objects.filter(email=email).first()
    _refuse_if_braked(email=email, user=user, ip=ip, channel=channel)
    authenticated = authenticate(None, username=email, password=password)
    if authenticated is None:
        _failed(email=email, user=user, ip=ip, channel=channel)
        raise InvalidCredentials()
    _succeeded(email=email, user=authenticated, ip=ip, channel=channel)
    return authenticated


def password_matches(*, user: User, password: str, ip: str | None) -> bool:
    """Whether this is the signed-in user's password (a password change asks for it), with
    the sign-in's brakes and counts: a stolen token or session cannot guess it freely.
    Raises LoginThrottled while a wait runs."""
    channel = LoginChannel.PASSWORD_CHANGE
    _refuse_if_braked(email=user.email, user=user, ip=ip, channel=channel)
    if not user.check_password(password):
        _failed(email=user.email, user=user, ip=ip, channel=channel)
        return False
    _succeeded(email=user.email, user=user, ip=ip, channel=channel)
    return True


def clear_delays(*, user: User) -> None:
    """Forget the account's failures from every address (an unlock, a password reset):
    the addresses are the ones its recent failures came from."""
    # Rows are stamped with the real time (not `clock`); older failures are forgotten.
    kept = timedelta(seconds=settings.LOGIN_FAILURES_KEPT + settings.LOGIN_DELAY_MAX)
    addresses = (
        LoginAttempt.objects.filter(
            email=user.email, succeeded=False, created_at__gte=timezone.now() - kept
        )
        .values_list("ip_address", flat=True)
        .distinct()
    )
    forget(keys=[_account_key(user.email), *(_pair_key(user.email, ip) for ip in addresses)])
    User.objects.filter(pk=user.pk).update(failed_login_count=0)


def _duration(seconds: int) -> str:
    for unit, one, many in ((3600, "an hour", "hours"), (60, "a minute", "minutes")):
        if seconds >= unit and seconds % unit == 0:
            count = seconds // unit
            return one if count == 1 else f"{count} {many}"
    return f"{seconds} s"


def brakes_described() -> str:
    """What this module does with this deployment's settings (the API's descriptions)."""
    per_ip, period = settings.LOGIN_LIMIT_PER_IP
    return (
        "Nothing locks an account: tries are braked, and the brakes expire by themselves "
        "(429 `LOGIN_THROTTLED` with `Retry-After` in seconds; the password is not looked "
        f"at then). More than {per_ip} tries from one address in {_duration(period)}; after "
        f"{settings.LOGIN_FREE_FAILURES} wrong passwords for one account from one address, "
        "that address waits before each next try for that account, 1 s doubling with each "
        f"further wrong one up to {_duration(settings.LOGIN_DELAY_MAX)}; after "
        f"{settings.LOGIN_ACCOUNT_FREE_FAILURES} for one account from every address "
        f"together, everyone waits, up to {_duration(settings.LOGIN_ACCOUNT_DELAY_MAX)}. "
        "So the right password from an address that is not the attacker's gets in at "
        "once, or after that short wait. Unknown emails are braked the same way. Failures "
        f"are forgotten {_duration(settings.LOGIN_FAILURES_KEPT)} after the last one; a "
        "sign-in forgets its address's; owners and managers clear them all with "
        "`POST /api/v1/users/{id}/unlock/`."
    )
