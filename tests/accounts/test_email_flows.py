"""Invitation, password reset and email verification, end to end: the API or page that
starts them, the email that the real pipeline sends, and the page the link opens."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Invitation, Role, User, UserToken

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://alpine\.innkeep\.test(/[\w/-]+/)")


def link_path(message) -> str:
    paths = LINK.findall(message.body)
    assert len(paths) == 1, message.body
    html = message.alternatives[0][0]
    assert f"http://alpine.innkeep.test{paths[0]}" in html
    return paths[0]


def invite(api_for, owner, delivering, email="maria@alpine.test", role="front_desk"):
    with delivering():
        response = api_for_hotel(api_for, owner).post(
            "/api/v1/invitations/", {"email": email, "role": role}, format="json", **owner.auth
        )
    assert response.status_code == 201
    return response


def api_for_hotel(api_for, owner):
    return api_for(owner.hotel)


@pytest.fixture
def owner(owner_of, hotel_a):
    staff = owner_of(hotel_a)
    staff.hotel = hotel_a
    return staff


def test_invitation_email_link_page_and_sign_in(api_for, owner, delivering, hotel_a):
    invite(api_for, owner, delivering)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@alpine.test"]
    assert message.subject == "Ana Ruiz invited you to Alpine Lodge"
    assert message.from_email == "Alpine Lodge via Innkeep <no-reply@innkeep.test>"
    assert message.reply_to == ["owner@alpine.test"]
    assert "as Front desk" in message.body
    path = link_path(message)
    assert path.startswith("/invitations/")

    browser = Client(HTTP_HOST=hotel_a.host)
    page = browser.get(path)
    assert page.status_code == 200
    assert "maria@alpine.test" in page.content.decode()
    accepted = browser.post(
        path,
        {
            "first_name": "Maria",
            "last_name": "Lopez",
            "password": "maria-Secret-2027",
            "password_again": "maria-Secret-2027",
        },
    )
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200  # signed in

    with tenant_context(hotel_a.hotel):
        user = User.objects.get(email="maria@alpine.test")
        assert (user.first_name, user.role, user.is_active) == ("Maria", Role.FRONT_DESK, True)
        assert user.email_verified_at is not None
        assert Invitation.objects.get().status == "accepted"
    # single use
    assert Client(HTTP_HOST=hotel_a.host).get(path).status_code == 400


def test_invitation_page_keeps_the_link_usable_after_a_bad_password(
    api_for, owner, delivering, hotel_a
):
    invite(api_for, owner, delivering)
    path = link_path(mail.outbox[0])
    browser = Client(HTTP_HOST=hotel_a.host)
    weak = browser.post(
        path, {"first_name": "M", "last_name": "L", "password": "123", "password_again": "123"}
    )
    assert weak.status_code == 400
    assert "too short" in weak.content.decode()
    mismatch = browser.post(
        path,
        {
            "first_name": "M",
            "last_name": "L",
            "password": "maria-Secret-2027",
            "password_again": "other",
        },
    )
    assert mismatch.status_code == 400
    assert "not the same" in mismatch.content.decode()
    with tenant_context(hotel_a.hotel):
        assert not User.objects.filter(email="maria@alpine.test").exists()
        assert Invitation.objects.get().status == "pending"


@pytest.mark.parametrize("how", ["expired", "revoked"])
def test_expired_or_revoked_invitation_links_are_refused(api_for, owner, delivering, hotel_a, how):
    invite(api_for, owner, delivering)
    path = link_path(mail.outbox[0])
    with tenant_context(hotel_a.hotel):
        if how == "expired":
            Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        else:
            Invitation.objects.update(revoked_at=timezone.now())
    browser = Client(HTTP_HOST=hotel_a.host)
    assert browser.get(path).status_code == 400
    posted = browser.post(
        path,
        {
            "first_name": "M",
            "last_name": "L",
            "password": "maria-Secret-2027",
            "password_again": "maria-Secret-2027",
        },
    )
    assert posted.status_code == 400
    with tenant_context(hotel_a.hotel):
        assert not User.objects.filter(email="maria@alpine.test").exists()


def test_invitation_link_does_nothing_on_another_hotel(api_for, owner, delivering, hotel_b):
    invite(api_for, owner, delivering)
    path = link_path(mail.outbox[0])
    assert Client(HTTP_HOST=hotel_b.host).get(path).status_code == 400


def test_password_reset_end_to_end(settings, monkeypatch, api_for, hotel_a, make_staff, delivering):
    settings.LOGIN_FREE_FAILURES = 1
    frozen = timezone.now()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: frozen)  # the delay never runs out
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    for _ in range(2):
        client.post(
            "/api/v1/auth/token/", {"email": clerk.user.email, "password": "x"}, format="json"
        )
    delayed = client.post(
        "/api/v1/auth/token/",
        {"email": clerk.user.email, "password": clerk.password},
        format="json",
    )
    assert delayed.status_code == 429

    with delivering():
        response = client.post(
            "/api/v1/auth/password-reset/", {"email": "FRONT_DESK@alpine.test"}, format="json"
        )
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Reset your Alpine Lodge password"
    path = link_path(message)

    browser = Client(HTTP_HOST=hotel_a.host)
    assert browser.get(path).status_code == 200
    weak = browser.post(path, {"password": "short", "password_again": "short"})
    assert weak.status_code == 400  # the link stays usable
    done = browser.post(path, {"password": "new-Secret-2027", "password_again": "new-Secret-2027"})
    assert done.status_code == 200
    assert "Your password is changed" in done.content.decode()

    # old tokens are dead, the delays are gone, the new password works, the link is spent
    assert client.get("/api/v1/me/", **clerk.auth).status_code == 401
    token = client.post(
        "/api/v1/auth/token/",
        {"email": clerk.user.email, "password": "new-Secret-2027"},
        format="json",
    )
    assert token.status_code == 200
    assert browser.get(path).status_code == 400
    with tenant_context(hotel_a.hotel):
        stored = User.objects.get(pk=clerk.user.pk)
        assert stored.failed_login_count == 0


def test_password_reset_answers_the_same_for_unknown_addresses(api_for, hotel_a, delivering):
    client = api_for(hotel_a)
    with delivering():
        known = client.post(
            "/api/v1/auth/password-reset/", {"email": hotel_a.owner_email}, format="json"
        )
        unknown = client.post(
            "/api/v1/auth/password-reset/", {"email": "ghost@alpine.test"}, format="json"
        )
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [[hotel_a.owner_email]]


def test_expired_reset_link_is_refused(api_for, hotel_a, delivering):
    with delivering():
        api_for(hotel_a).post(
            "/api/v1/auth/password-reset/", {"email": hotel_a.owner_email}, format="json"
        )
    path = link_path(mail.outbox[0])
    with tenant_context(hotel_a.hotel):
        UserToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    browser = Client(HTTP_HOST=hotel_a.host)
    assert browser.get(path).status_code == 400
    assert (
        browser.post(
            path, {"password": "new-Secret-2027", "password_again": "new-Secret-2027"}
        ).status_code
        == 400
    )
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(email=hotel_a.owner_email).check_password(hotel_a.owner_password)


def test_reset_page_on_the_web(hotel_a, delivering):
    browser = Client(HTTP_HOST=hotel_a.host)
    assert browser.get("/password-reset/").status_code == 200
    with delivering():
        sent = browser.post("/password-reset/", {"email": hotel_a.owner_email})
    assert sent.status_code == 200
    assert "Check your email" in sent.content.decode()
    assert len(mail.outbox) == 1
    assert '<a href="/password-reset/">' in browser.get("/admin/login/").content.decode()


def test_signup_owner_verifies_the_email_by_link(platform_api, delivering):
    from tests.factories import signup_data

    with delivering():
        response = platform_api.post("/api/v1/signup/", signup_data(), format="json")
    assert response.status_code == 201
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@grand.test"]
    assert message.subject == "Confirm your email for Grand Hotel"
    path = re.findall(r"http://grand\.innkeep\.test(/verify-email/[\w-]+/)", message.body)[0]

    browser = Client(HTTP_HOST="grand.innkeep.test")
    page = browser.get(path)
    assert page.status_code == 200
    assert "ana@grand.test is confirmed" in page.content.decode()
    from innkeep.tenancy.models import Hotel

    with tenant_context(Hotel.objects.get(subdomain="grand")):
        assert User.objects.get(email="ana@grand.test").email_verified_at is not None
    assert browser.get(path).status_code == 400  # single use


def test_resend_verification_only_while_unverified(api_for, owner, delivering, hotel_a):
    client = api_for(hotel_a)
    with delivering():
        first = client.post("/api/v1/me/verify-email/", **owner.auth)
    assert first.status_code == 202
    assert len(mail.outbox) == 1
    Client(HTTP_HOST=hotel_a.host).get(link_path(mail.outbox[0]))
    again = client.post("/api/v1/me/verify-email/", **owner.auth)
    assert again.status_code == 200
    assert again.json() == {"detail": "Your email is already verified."}
    assert client.get("/api/v1/me/", **owner.auth).json()["email_verified"] is True


def test_nothing_is_sent_when_the_change_rolls_back(api_for, owner, delivering, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("innkeep.accounts.services.audit", fail)
    with delivering():
        response = api_for_hotel(api_for, owner).post(
            "/api/v1/invitations/",
            {"email": "x@alpine.test", "role": "front_desk"},
            format="json",
            **owner.auth,
        )
    assert response.status_code == 500
    assert mail.outbox == []
