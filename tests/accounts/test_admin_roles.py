"""The hotel admin shows each role what it may do, and changes go through the services."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Invitation, Role, User

pytestmark = pytest.mark.django_db


def signed_in(hotel, staff) -> Client:
    browser = Client(HTTP_HOST=hotel.host)
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": staff.user.email, "password": staff.password}
    )
    assert response.status_code == 302
    return browser


@pytest.mark.parametrize(
    ("role", "sees_staff", "sees_profile_edit"),
    [
        (Role.MANAGER, True, True),
        (Role.FRONT_DESK, False, False),
        (Role.HOUSEKEEPING, False, False),
        (Role.ACCOUNTANT, False, False),
    ],
)
def test_admin_index_follows_the_role(hotel_a, make_staff, role, sees_staff, sees_profile_edit):
    browser = signed_in(hotel_a, make_staff(hotel_a, role))
    index = browser.get("/admin/").content.decode()
    assert ('href="/admin/accounts/user/"' in index) is sees_staff
    assert browser.get("/admin/accounts/user/").status_code == (200 if sees_staff else 403)
    assert browser.get("/admin/accounts/invitation/").status_code == (200 if sees_staff else 403)
    assert 'href="/admin/properties/hotelprofile/"' in index  # everyone may look


def test_admin_role_change_of_the_last_owner_is_refused_with_a_message(hotel_a, owner_of):
    owner = owner_of(hotel_a)
    browser = signed_in(hotel_a, owner)
    response = browser.post(
        f"/admin/accounts/user/{owner.user.pk}/change/",
        {
            "first_name": "Ana",
            "last_name": "Ruiz",
            "phone": "",
            "role": "manager",
            "is_active": "on",
        },
        follow=True,
    )
    assert "A hotel needs at least one active owner." in response.content.decode()
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=owner.user.pk).role == Role.OWNER


def test_admin_invitation_goes_through_the_service(hotel_a, owner_of, delivering):
    from django.core import mail

    browser = signed_in(hotel_a, owner_of(hotel_a))
    with delivering():
        response = browser.post(
            "/admin/accounts/invitation/add/",
            {"email": "admin.invite@alpine.test", "role": "manager"},
        )
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.status) == (
        "admin.invite@alpine.test",
        "manager",
        "pending",
    )
    assert [m.to for m in mail.outbox] == [["admin.invite@alpine.test"]]


def test_admin_unlock_action_clears_the_sign_in_delays(
    settings, monkeypatch, hotel_a, owner_of, make_staff
):
    settings.LOGIN_FREE_FAILURES = 1
    frozen = timezone.now()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: frozen)  # the delay never runs out
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    api = Client(HTTP_HOST=hotel_a.host)

    def sign_in(password: str) -> int:
        return api.post(
            "/api/v1/auth/token/",
            {"email": clerk.user.email, "password": password},
            content_type="application/json",
        ).status_code

    assert [sign_in("wrong"), sign_in("wrong"), sign_in(clerk.password)] == [401, 401, 429]
    browser = signed_in(hotel_a, owner_of(hotel_a))
    browser.post("/admin/accounts/user/", {"action": "unlock", "_selected_action": [clerk.user.pk]})
    assert sign_in(clerk.password) == 200
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).failed_login_count == 0
