"""Managing staff: roles, the owners' rules, deactivation, invitations."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Invitation, Role, User
from innkeep.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_list_filters_searches_and_orders(api_for, hotel_a, owner_of, make_staff):
    make_staff(hotel_a, Role.HOUSEKEEPING, email="hk@alpine.test")
    make_staff(hotel_a, Role.FRONT_DESK, email="fd@alpine.test")
    client, owner = api_for(hotel_a), owner_of(hotel_a)

    everyone = client.get("/api/v1/users/?ordering=email", **owner.auth).json()
    assert everyone["count"] == 3
    assert [u["email"] for u in everyone["results"]] == [
        "fd@alpine.test",
        "hk@alpine.test",
        "owner@alpine.test",
    ]
    housekeeping = client.get("/api/v1/users/?role=housekeeping", **owner.auth).json()
    assert [u["email"] for u in housekeeping["results"]] == ["hk@alpine.test"]
    found = client.get("/api/v1/users/?search=fd@", **owner.auth).json()
    assert [u["email"] for u in found["results"]] == ["fd@alpine.test"]
    bad = client.get("/api/v1/users/?role=chef", **owner.auth)
    assert bad.status_code == 400
    assert list(bad.json()["error"]["details"]["fields"]) == ["role"]


def test_manager_changes_a_clerks_role_and_it_is_audited(api_for, hotel_a, make_staff):
    manager = make_staff(hotel_a, Role.MANAGER)
    clerk = make_staff(hotel_a, Role.FRONT_DESK)

    response = api_for(hotel_a).patch(
        f"/api/v1/users/{clerk.user.pk}/", {"role": "accountant"}, format="json", **manager.auth
    )

    assert response.status_code == 200
    assert response.json()["role"] == "accountant"
    with tenant_context(hotel_a.hotel):
        event = AuditEvent.objects.get(action="user.updated")
        assert (event.actor_id, event.target_id, event.data) == (
            manager.user.pk,
            str(clerk.user.pk),
            {"role": ["front_desk", "accountant"]},
        )


@pytest.mark.parametrize(
    ("action", "body"),
    [("patch", {"role": "owner"}), ("deactivate", None)],
)
def test_managers_cannot_appoint_or_touch_owners(
    api_for, hotel_a, make_staff, owner_of, action, body
):
    manager = make_staff(hotel_a, Role.MANAGER)
    client = api_for(hotel_a)
    if action == "patch":
        response = client.patch(
            f"/api/v1/users/{manager.user.pk}/", body, format="json", **manager.auth
        )
    else:
        response = client.post(
            f"/api/v1/users/{owner_of(hotel_a).user.pk}/deactivate/", **manager.auth
        )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"
    with tenant_context(hotel_a.hotel):
        assert User.objects.filter(role=Role.OWNER, is_active=True).count() == 1
        assert User.objects.get(pk=manager.user.pk).role == Role.MANAGER


def test_the_last_owner_cannot_be_demoted_or_deactivated(api_for, hotel_a, owner_of):
    owner = owner_of(hotel_a)
    client = api_for(hotel_a)
    demote = client.patch(
        f"/api/v1/users/{owner.user.pk}/", {"role": "manager"}, format="json", **owner.auth
    )
    deactivate = client.post(f"/api/v1/users/{owner.user.pk}/deactivate/", **owner.auth)
    for response in (demote, deactivate):
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "LAST_OWNER"
    with tenant_context(hotel_a.hotel):
        stored = User.objects.get(pk=owner.user.pk)
        assert (stored.role, stored.is_active) == (Role.OWNER, True)


def test_with_two_owners_one_may_step_down(api_for, hotel_a, owner_of, make_staff):
    second = make_staff(hotel_a, Role.OWNER, email="second@alpine.test")
    response = api_for(hotel_a).patch(
        f"/api/v1/users/{second.user.pk}/",
        {"role": "manager"},
        format="json",
        **owner_of(hotel_a).auth,
    )
    assert response.status_code == 200
    assert response.json()["role"] == "manager"


def test_deactivate_and_reactivate(api_for, hotel_a, owner_of, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    off = client.post(f"/api/v1/users/{clerk.user.pk}/deactivate/", **owner.auth)
    assert off.status_code == 200
    assert off.json()["is_active"] is False
    on = client.post(f"/api/v1/users/{clerk.user.pk}/reactivate/", **owner.auth)
    assert on.json()["is_active"] is True
    with tenant_context(hotel_a.hotel):
        assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
            "user.deactivated",
            "user.reactivated",
        ]


def test_invitation_api_creates_lists_and_revokes(api_for, hotel_a, owner_of):
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    created = client.post(
        "/api/v1/invitations/",
        {"email": "Maria@Alpine.test", "role": "front_desk"},
        format="json",
        **owner.auth,
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["email"], body["role"], body["status"], body["invited_by"]) == (
        "maria@alpine.test",
        "front_desk",
        "pending",
        "owner@alpine.test",
    )
    assert "token" not in body
    assert "token_hash" not in body
    listed = client.get("/api/v1/invitations/", **owner.auth).json()
    assert [i["email"] for i in listed["results"]] == ["maria@alpine.test"]

    revoked = client.delete(f"/api/v1/invitations/{body['id']}/", **owner.auth)
    assert revoked.status_code == 204
    again = client.delete(f"/api/v1/invitations/{body['id']}/", **owner.auth)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "INVITATION_NOT_PENDING"


def test_a_new_invitation_replaces_the_pending_one(api_for, hotel_a, owner_of):
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    for role in ("front_desk", "accountant"):
        client.post(
            "/api/v1/invitations/",
            {"email": "m@alpine.test", "role": role},
            format="json",
            **owner.auth,
        )
    with tenant_context(hotel_a.hotel):
        statuses = sorted((i.role, i.status) for i in Invitation.objects.all())
    assert statuses == [("accountant", "pending"), ("front_desk", "revoked")]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"email": "owner@alpine.test", "role": "front_desk"}, 409, "USER_EXISTS"),
        ({"email": "not-an-email", "role": "front_desk"}, 400, "VALIDATION_ERROR"),
        ({"email": "x@alpine.test", "role": "chef"}, 400, "VALIDATION_ERROR"),
        ({"email": "x@alpine.test"}, 400, "VALIDATION_ERROR"),
    ],
)
def test_invitation_refusals(api_for, hotel_a, owner_of, body, status, code):
    response = api_for(hotel_a).post(
        "/api/v1/invitations/", body, format="json", **owner_of(hotel_a).auth
    )
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    with tenant_context(hotel_a.hotel):
        assert not Invitation.objects.exists()


def test_managers_cannot_invite_owners(api_for, hotel_a, make_staff):
    manager = make_staff(hotel_a, Role.MANAGER)
    response = api_for(hotel_a).post(
        "/api/v1/invitations/",
        {"email": "boss@alpine.test", "role": "owner"},
        format="json",
        **manager.auth,
    )
    assert response.status_code == 403
    with tenant_context(hotel_a.hotel):
        assert not Invitation.objects.exists()
