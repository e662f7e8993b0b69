"""Sign-in brakes that an outsider cannot turn against staff: wrong passwords delay the next
try (per account and address, and, capped small, per account), the delays expire by
themselves, the per-address limit counts in Redis windows, unknown emails are braked the
same way, and every attempt is recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.accounts.models import LoginAttempt, Role, User
from innkeep.core.redis_client import client as redis_client
from innkeep.core.redis_client import shared_key

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 1, 9, 0, 0, tzinfo=UTC)  # a multiple of 300 s: a window starts


@pytest.fixture
def clock(monkeypatch):
    """The guard's clock (`innkeep.core.clock.now`), standing still until moved."""

    class Clock:
        now = START

        def advance(self, seconds: float) -> None:
            self.now += timedelta(seconds=seconds)

    moved = Clock()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: moved.now)
    return moved


@pytest.fixture
def brakes(settings, clock):
    """2 free wrong passwords per account and address, then 1, 2, 4, 8, 8... s; the
    account-wide brake out of the way unless a test sets it."""
    settings.LOGIN_FREE_FAILURES = 2
    settings.LOGIN_DELAY_MAX = 8
    settings.LOGIN_ACCOUNT_FREE_FAILURES = 1000
    settings.LOGIN_ACCOUNT_DELAY_MAX = 4
    settings.LOGIN_FAILURES_KEPT = 3600
    return settings


def token(client, email, password, ip="198.51.100.7"):
    return client.post(
        "/api/v1/auth/token/", {"email": email, "password": password}, format="json", REMOTE_ADDR=ip
    )


def outcome(response) -> tuple[int, str | None, int | None]:
    """(status, error code, retry_after) of an answer."""
    if response.status_code == 200:
        return (200, None, None)
    error = response.json()["error"]
    return (response.status_code, error["code"], error["details"].get("retry_after"))


BAD = (401, "INVALID_CREDENTIALS", None)


def waits(seconds: int) -> tuple[int, str, int]:
    return (429, "LOGIN_THROTTLED", seconds)


def reasons(hotel, email: str) -> list[tuple[str, str, bool]]:
    with tenant_context(hotel.hotel):
        return list(
            LoginAttempt.objects.filter(email=email)
            .order_by("id")
            .values_list("ip_address", "reason", "succeeded")
        )


def test_wrong_passwords_delay_the_next_try_from_that_address_doubling_up_to_the_cap(
    brakes, clock, api_for, hotel_a, make_staff
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    email = clerk.user.email

    assert [outcome(token(client, email, "wrong")) for _ in range(3)] == [BAD, BAD, BAD]
    # The third wrong one made this address wait 1 s: even the right password waits.
    refused = token(client, email, clerk.password)
    assert outcome(refused) == waits(1)
    assert refused["Retry-After"] == "1"

    seen = []
    for _ in range(4):
        clock.advance(seen[-1][2] if seen else 1)
        assert outcome(token(client, email, "wrong")) == BAD
        seen.append(outcome(token(client, email, "wrong")))
    assert seen == [waits(2), waits(4), waits(8), waits(8)]  # doubling, then the cap

    clock.advance(7)
    assert outcome(token(client, email, clerk.password)) == waits(1)
    clock.advance(1)
    assert outcome(token(client, email, clerk.password)) == (200, None, None)


def test_an_attacker_hammering_from_one_address_never_keeps_the_owner_out(
    brakes, clock, api_for, hotel_a
):
    client = api_for(hotel_a)
    attacker, owner = "203.0.113.66", "198.51.100.20"
    for _ in range(3):
        token(client, hotel_a.owner_email, "guess", ip=attacker)
    for _ in range(20):  # tries while the wait runs are refused and cost nothing
        assert token(client, hotel_a.owner_email, "guess", ip=attacker).status_code == 429

    assert token(client, hotel_a.owner_email, hotel_a.owner_password, ip=owner).status_code == 200
    # ...and the attacker's address is still braked: the owner's success is not theirs.
    assert outcome(token(client, hotel_a.owner_email, "guess", ip=attacker)) == waits(1)


def test_nothing_locks_an_account_failures_are_forgotten_after_a_quiet_while(
    brakes, clock, api_for, hotel_a, make_staff, owner_of
):
    brakes.LOGIN_LIMIT_PER_IP = (1000, 300)
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    for _ in range(40):
        token(client, clerk.user.email, "wrong")
        clock.advance(8)
    listed = client.get(f"/api/v1/users/{clerk.user.pk}/", **owner_of(hotel_a).auth).json()
    assert (listed["locked"], listed["failed_login_count"]) == (False, 40)

    clock.advance(3600)  # an hour without a failure: they are forgotten, the free ones too
    assert [outcome(token(client, clerk.user.email, "wrong")) for _ in range(3)] == [BAD] * 3
    clock.advance(1)
    assert outcome(token(client, clerk.user.email, clerk.password)) == (200, None, None)
    listed = client.get(f"/api/v1/users/{clerk.user.pk}/", **owner_of(hotel_a).auth).json()
    assert listed["failed_login_count"] == 0


def test_many_addresses_at_once_slow_the_account_for_everyone_but_only_a_little(
    brakes, clock, api_for, hotel_a
):
    brakes.LOGIN_ACCOUNT_FREE_FAILURES = 3
    client = api_for(hotel_a)
    botnet = [f"203.0.113.{n}" for n in range(1, 8)]
    assert [outcome(token(client, hotel_a.owner_email, "guess", ip=ip)) for ip in botnet[:4]] == [
        BAD
    ] * 4
    # The fourth failure made every address wait 1 s, the owner's too; more double it...
    owner = "198.51.100.20"
    assert outcome(token(client, hotel_a.owner_email, hotel_a.owner_password, ip=owner)) == (
        waits(1)
    )
    for ip in botnet[4:]:
        clock.advance(4)
        token(client, hotel_a.owner_email, "guess", ip=ip)
    # ...up to LOGIN_ACCOUNT_DELAY_MAX (4 s), never more: the owner waits and gets in.
    assert outcome(token(client, hotel_a.owner_email, hotel_a.owner_password, ip=owner)) == (
        waits(4)
    )
    clock.advance(4)
    assert token(client, hotel_a.owner_email, hotel_a.owner_password, ip=owner).status_code == 200


def test_unknown_emails_are_braked_exactly_like_accounts(brakes, clock, api_for, hotel_a):
    client = api_for(hotel_a)

    def tries(email: str, ip: str) -> list[tuple[int, str | None, int | None]]:
        seen = []
        for _ in range(6):
            seen.append(outcome(token(client, email, "guess", ip=ip)))
            seen.append(outcome(token(client, email, "guess", ip=ip)))
            clock.advance(1)
        return seen

    known = tries(hotel_a.owner_email, "203.0.113.1")
    unknown = tries("nobody@alpine.test", "203.0.113.2")

    assert known == unknown
    assert known[:4] == [BAD, BAD, BAD, waits(1)]
    assert [reason for _, reason, _ in reasons(hotel_a, hotel_a.owner_email)] == [
        reason for _, reason, _ in reasons(hotel_a, "nobody@alpine.test")
    ]


def test_a_success_forgets_that_addresses_failures(brakes, clock, api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    for _ in range(2):
        token(client, clerk.user.email, "wrong")
    assert token(client, clerk.user.email, clerk.password).status_code == 200
    assert [outcome(token(client, clerk.user.email, "wrong")) for _ in range(3)] == [BAD] * 3
    assert outcome(token(client, clerk.user.email, clerk.password)) == waits(1)


def test_unlock_clears_every_delay_of_the_account_at_once(
    brakes, clock, api_for, hotel_a, make_staff, owner_of
):
    brakes.LOGIN_ACCOUNT_FREE_FAILURES = 4
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    for ip in ("203.0.113.1", "203.0.113.2"):
        for _ in range(3):
            token(client, clerk.user.email, "wrong", ip=ip)
    assert token(client, clerk.user.email, clerk.password, ip="203.0.113.1").status_code == 429
    assert token(client, clerk.user.email, clerk.password, ip="198.51.100.9").status_code == 429

    unlock = client.post(f"/api/v1/users/{clerk.user.pk}/unlock/", **owner_of(hotel_a).auth)

    assert unlock.status_code == 200
    assert (unlock.json()["locked"], unlock.json()["failed_login_count"]) == (False, 0)
    for ip in ("203.0.113.1", "203.0.113.2", "198.51.100.9"):
        assert token(client, clerk.user.email, clerk.password, ip=ip).status_code == 200


def test_every_attempt_is_recorded_with_its_reason(brakes, clock, api_for, hotel_a, make_staff):
    brakes.LOGIN_LIMIT_PER_IP = (5, 300)
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    token(client, clerk.user.email, clerk.password, ip="198.51.100.1")
    for _ in range(4):
        token(client, clerk.user.email, "wrong", ip="198.51.100.1")
    token(client, clerk.user.email, clerk.password, ip="198.51.100.1")

    assert reasons(hotel_a, clerk.user.email) == [
        ("198.51.100.1", "", True),
        ("198.51.100.1", "bad_credentials", False),
        ("198.51.100.1", "bad_credentials", False),
        ("198.51.100.1", "bad_credentials", False),
        ("198.51.100.1", "delayed", False),
        ("198.51.100.1", "throttled", False),
    ]


def test_the_per_address_limit_counts_in_redis_windows_over_every_account(
    brakes, clock, api_for, hotel_a
):
    brakes.LOGIN_LIMIT_PER_IP = (3, 300)
    client = api_for(hotel_a)
    for n in range(3):
        token(client, f"guess{n}@alpine.test", "x", ip="203.0.113.9")

    blocked = token(client, hotel_a.owner_email, hotel_a.owner_password, ip="203.0.113.9")

    assert outcome(blocked) == waits(300)
    assert blocked["Retry-After"] == "300"
    window = int(START.timestamp()) // 300
    key = shared_key("throttle", f"signin-ip:203.0.113.9:{window}", schema=hotel_a.schema)
    assert redis_client().get(key) == b"4"
    assert 0 < redis_client().ttl(key) <= 300
    elsewhere = token(client, hotel_a.owner_email, hotel_a.owner_password, ip="203.0.113.10")
    assert elsewhere.status_code == 200
    clock.advance(300)  # the next window
    again = token(client, hotel_a.owner_email, hotel_a.owner_password, ip="203.0.113.9")
    assert again.status_code == 200


def test_without_redis_sign_in_still_works(brakes, api_for, hotel_a, monkeypatch):
    def down(*args, **kwargs):
        raise redis.ConnectionError("redis is down")

    monkeypatch.setattr(redis.Redis, "evalsha", down)
    client = api_for(hotel_a)
    assert [token(client, hotel_a.owner_email, "wrong").status_code for _ in range(5)] == [401] * 5
    assert token(client, hotel_a.owner_email, hotel_a.owner_password).status_code == 200


def test_admin_login_shares_the_brakes(brakes, clock, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    browser = Client(HTTP_HOST=hotel_a.host)

    def login(password):
        return browser.post(
            "/admin/login/?next=/admin/", {"username": clerk.user.email, "password": password}
        )

    assert [login("wrong").status_code for _ in range(3)] == [200] * 3
    delayed = login(clerk.password)
    assert delayed.status_code == 429
    assert delayed["Retry-After"] == "1"
    assert "Too many sign-in attempts" in delayed.content.decode()
    clock.advance(1)
    assert login(clerk.password).status_code == 302
    with tenant_context(hotel_a.hotel):
        channels = set(LoginAttempt.objects.values_list("channel", flat=True))
    assert channels == {"admin"}


def test_guessing_the_current_password_with_a_token_is_braked_the_same_way(
    brakes, clock, api_for, hotel_a, make_staff
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)

    def change(current: str, ip: str = "203.0.113.5"):
        return client.post(
            "/api/v1/me/password/",
            {"current_password": current, "new_password": "a-New-Secret-2027"},
            format="json",
            REMOTE_ADDR=ip,
            **clerk.auth,
        )

    wrong = [change("guess") for _ in range(3)]
    assert [r.status_code for r in wrong] == [400] * 3
    assert wrong[0].json()["error"]["details"]["fields"] == {
        "current_password": ["Your current password is not right."]
    }
    refused = change(clerk.password)  # the right one waits too
    assert outcome(refused) == waits(1)
    assert refused["Retry-After"] == "1"
    # The same counts as the sign-in's: that address's next sign-in for this account waits.
    assert outcome(token(client, clerk.user.email, clerk.password, ip="203.0.113.5")) == waits(1)
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).check_password(clerk.password)
    assert reasons(hotel_a, clerk.user.email) == [
        ("203.0.113.5", "bad_credentials", False),
        ("203.0.113.5", "bad_credentials", False),
        ("203.0.113.5", "bad_credentials", False),
        ("203.0.113.5", "delayed", False),
        ("203.0.113.5", "delayed", False),
    ]
    with tenant_context(hotel_a.hotel):
        channels = list(LoginAttempt.objects.order_by("id").values_list("channel", flat=True))
    assert channels == ["password_change"] * 4 + ["api"]

    clock.advance(1)
    assert change(clerk.password).status_code == 200


def test_behind_the_proxy_the_brakes_and_the_history_use_the_clients_address(
    brakes, clock, api_for, hotel_a
):
    brakes.NUM_PROXIES = 1
    brakes.LOGIN_LIMIT_PER_IP = (2, 300)
    client = api_for(hotel_a)

    def via_nginx(email: str, password: str, client_ip: str):
        return client.post(
            "/api/v1/auth/token/",
            {"email": email, "password": password},
            format="json",
            REMOTE_ADDR="10.0.0.1",  # nginx
            HTTP_X_FORWARDED_FOR=f"192.0.2.250, {client_ip}",  # the left hop: the client's own
        )

    via_nginx("guess1@alpine.test", "x", "203.0.113.1")
    via_nginx("guess2@alpine.test", "x", "203.0.113.1")
    assert via_nginx("guess3@alpine.test", "x", "203.0.113.1").status_code == 429
    other = via_nginx(hotel_a.owner_email, hotel_a.owner_password, "203.0.113.2")

    assert other.status_code == 200
    assert reasons(hotel_a, "guess3@alpine.test") == [("203.0.113.1", "throttled", False)]
    assert reasons(hotel_a, hotel_a.owner_email) == [("203.0.113.2", "", True)]


def test_the_admin_password_change_brakes_the_old_password_too(brakes, clock, hotel_a, make_staff):
    manager = make_staff(hotel_a, Role.MANAGER)
    browser = Client(HTTP_HOST=hotel_a.host)
    assert (
        browser.post(
            "/admin/login/?next=/admin/",
            {"username": manager.user.email, "password": manager.password},
        ).status_code
        == 302
    )

    def change(old: str):
        return browser.post(
            "/admin/password_change/",
            {
                "old_password": old,
                "new_password1": "n3w-Secret-2027",
                "new_password2": "n3w-Secret-2027",
            },
        )

    wrong = [change("guess") for _ in range(3)]
    assert [r.status_code for r in wrong] == [200] * 3
    assert "Your old password was entered incorrectly" in wrong[0].content.decode()
    delayed = change(manager.password)
    assert delayed.status_code == 429
    assert delayed["Retry-After"] == "1"
    assert "Too many sign-in attempts" in delayed.content.decode()
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=manager.user.pk).check_password(manager.password)
    clock.advance(1)
    assert change(manager.password).status_code == 302
