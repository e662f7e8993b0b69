"""Rate limits per IP and per account, recorded attempts, lockout and its lifting."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.accounts.models import LoginAttempt, Role, User

pytestmark = pytest.mark.django_db


def token(client, email, password, ip="198.51.100.7"):
    return client.post(
        "/api/v1/auth/token/", {"email": email, "password": password}, format="json", REMOTE_ADDR=ip
    )


def test_lockout_after_repeated_failures_then_an_owner_lifts_it(
    settings, api_for, hotel_a, make_staff, owner_of
):
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)

    codes = [token(client, clerk.user.email, "wrong").json()["error"]["code"] for _ in range(3)]
    assert codes == ["INVALID_CREDENTIALS"] * 3

    locked = token(client, clerk.user.email, clerk.password)  # even the right password
    assert locked.status_code == 403
    assert locked.json()["error"]["code"] == "ACCOUNT_LOCKED"
    listed = client.get(f"/api/v1/users/{clerk.user.pk}/", **owner_of(hotel_a).auth).json()
    assert (listed["locked"], listed["failed_login_count"]) == (True, 3)

    unlock = client.post(f"/api/v1/users/{clerk.user.pk}/unlock/", **owner_of(hotel_a).auth)
    assert unlock.status_code == 200
    assert unlock.json()["locked"] is False
    assert token(client, clerk.user.email, clerk.password).status_code == 200

    with tenant_context(hotel_a.hotel):
        reasons = list(
            LoginAttempt.objects.filter(email=clerk.user.email)
            .order_by("id")
            .values_list("reason", "succeeded")
        )
    assert reasons == [
        ("bad_credentials", False),
        ("bad_credentials", False),
        ("bad_credentials", False),
        ("locked", False),
        ("", True),
    ]


def test_a_success_resets_the_failure_count(settings, api_for, hotel_a, make_staff):
    settings.LOGIN_LOCKOUT_THRESHOLD = 3
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    for _ in range(2):
        token(client, clerk.user.email, "wrong")
    assert token(client, clerk.user.email, clerk.password).status_code == 200
    for _ in range(2):
        token(client, clerk.user.email, "wrong")
    assert token(client, clerk.user.email, clerk.password).status_code == 200


def test_per_account_rate_limit_is_429_with_retry_after(settings, api_for, hotel_a, make_staff):
    settings.LOGIN_LIMIT_PER_ACCOUNT = (2, 300)
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    token(client, clerk.user.email, "wrong", ip="198.51.100.1")
    token(client, clerk.user.email, "wrong", ip="198.51.100.2")

    third = token(client, clerk.user.email, clerk.password, ip="198.51.100.3")

    assert third.status_code == 429
    error = third.json()["error"]
    assert error["code"] == "LOGIN_THROTTLED"
    assert 0 < error["details"]["retry_after"] <= 300
    assert third["Retry-After"] == str(error["details"]["retry_after"])
    # another account from the same addresses is unaffected
    assert (
        token(client, hotel_a.owner_email, hotel_a.owner_password, ip="198.51.100.3").status_code
        == 200
    )


def test_per_ip_rate_limit_covers_every_account(settings, api_for, hotel_a):
    settings.LOGIN_LIMIT_PER_IP = (3, 300)
    client = api_for(hotel_a)
    for n in range(3):
        token(client, f"guess{n}@alpine.test", "x", ip="203.0.113.9")
    blocked = token(client, hotel_a.owner_email, hotel_a.owner_password, ip="203.0.113.9")
    assert blocked.status_code == 429
    elsewhere = token(client, hotel_a.owner_email, hotel_a.owner_password, ip="203.0.113.10")
    assert elsewhere.status_code == 200


def test_admin_login_shares_the_limits_and_the_lockout(settings, hotel_a, make_staff):
    settings.LOGIN_LOCKOUT_THRESHOLD = 2
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    browser = Client(HTTP_HOST=hotel_a.host)

    def login(password):
        return browser.post(
            "/admin/login/?next=/admin/", {"username": clerk.user.email, "password": password}
        )

    assert login("wrong").status_code == 200
    assert login("wrong").status_code == 200
    locked = login(clerk.password)
    assert locked.status_code == 200
    assert "This account is locked" in locked.content.decode()
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).locked_at is not None
        channels = set(LoginAttempt.objects.values_list("channel", flat=True))
    assert channels == {"admin"}

    settings.LOGIN_LIMIT_PER_IP = (0, 300)
    throttled = login(clerk.password)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert "Too many sign-in attempts" in throttled.content.decode()
