"""Hotel-bound JWTs: obtain, refresh (rotation), logout, wrong hotel, revocation."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import User
from innkeep.accounts.services import staff_deactivate

pytestmark = pytest.mark.django_db


def obtain(client, email, password):
    return client.post("/api/v1/auth/token/", {"email": email, "password": password}, format="json")


def test_owner_obtains_tokens_and_reads_me(api_for, hotel_a):
    client = api_for(hotel_a)
    response = obtain(client, hotel_a.owner_email, hotel_a.owner_password)
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}

    me = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
    assert me.status_code == 200
    body = me.json()
    assert body["email"] == hotel_a.owner_email
    assert body["role"] == "owner"
    assert body["hotel"] == {"name": "Alpine Lodge", "subdomain": "alpine"}
    assert "accounts.manage_owners" in body["permissions"]
    assert body["email_verified"] is False


def test_email_is_matched_case_insensitively(api_for, hotel_a):
    response = obtain(api_for(hotel_a), hotel_a.owner_email.upper(), hotel_a.owner_password)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("owner@alpine.test", "wrong-password"), ("nobody@alpine.test", "a-long-Secret-2027")],
)
def test_bad_credentials_are_401_with_one_answer(api_for, hotel_a, email, password):
    response = obtain(api_for(hotel_a), email, password)
    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "INVALID_CREDENTIALS",
        "message": "Email or password is not right.",
        "details": {},
    }


def test_owner_of_a_cannot_obtain_tokens_on_b(api_for, hotel_a, hotel_b):
    response = obtain(api_for(hotel_b), hotel_a.owner_email, hotel_a.owner_password)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "INVALID_CREDENTIALS"


def test_token_of_a_is_refused_on_b_even_for_the_same_user_id(api_for, owner_of, hotel_a, hotel_b):
    owner_a, owner_b = owner_of(hotel_a), owner_of(hotel_b)
    assert owner_a.user.pk == owner_b.user.pk  # same id, different hotels

    response = api_for(hotel_b).get("/api/v1/me/", **owner_a.auth)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_WRONG_TENANT"
    refresh = api_for(hotel_b).post(
        "/api/v1/auth/token/refresh/", {"refresh": owner_a.refresh}, format="json"
    )
    assert refresh.status_code == 401
    assert refresh.json()["error"]["code"] == "TOKEN_WRONG_TENANT"


def test_token_is_refused_on_the_platform_api(platform_api, owner_of, hotel_a):
    response = platform_api.get("/api/v1/me/", **owner_of(hotel_a).auth)
    assert response.status_code == 404


def test_garbage_token_is_401_token_invalid(api_for, hotel_a):
    response = api_for(hotel_a).get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer not.a.jwt")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_INVALID"


def test_refresh_rotates_and_the_old_refresh_token_dies(api_for, owner_of, hotel_a):
    client = api_for(hotel_a)
    owner = owner_of(hotel_a)

    first = client.post("/api/v1/auth/token/refresh/", {"refresh": owner.refresh}, format="json")
    assert first.status_code == 200
    new_pair = first.json()
    assert new_pair["refresh"] != owner.refresh
    assert (
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {new_pair['access']}").status_code
        == 200
    )

    replay = client.post("/api/v1/auth/token/refresh/", {"refresh": owner.refresh}, format="json")
    assert replay.status_code == 401
    assert replay.json()["error"]["code"] == "TOKEN_INVALID"


def test_logout_revokes_the_refresh_token(api_for, owner_of, hotel_a):
    client = api_for(hotel_a)
    owner = owner_of(hotel_a)
    assert (
        client.post("/api/v1/auth/logout/", {"refresh": owner.refresh}, format="json").status_code
        == 204
    )
    again = client.post("/api/v1/auth/token/refresh/", {"refresh": owner.refresh}, format="json")
    assert again.status_code == 401
    assert again.json()["error"]["code"] == "TOKEN_INVALID"


def test_deactivation_kills_access_and_refresh_tokens(api_for, make_staff, owner_of, hotel_a):
    client = api_for(hotel_a)
    clerk = make_staff(hotel_a, "front_desk")
    with tenant_context(hotel_a.hotel):
        staff_deactivate(actor=owner_of(hotel_a).user, user=clerk.user)

    me = client.get("/api/v1/me/", **clerk.auth)
    assert me.status_code == 401
    assert me.json()["error"]["code"] == "TOKEN_REVOKED"
    refresh = client.post("/api/v1/auth/token/refresh/", {"refresh": clerk.refresh}, format="json")
    assert refresh.status_code == 401
    assert refresh.json()["error"]["code"] in {"TOKEN_INVALID", "TOKEN_REVOKED"}
    assert obtain(client, clerk.user.email, clerk.password).status_code == 401


def test_password_change_revokes_old_tokens_and_returns_new_ones(api_for, make_staff, hotel_a):
    client = api_for(hotel_a)
    clerk = make_staff(hotel_a, "front_desk")

    response = client.post(
        "/api/v1/me/password/",
        {"current_password": clerk.password, "new_password": "brand-New-secret-77"},
        format="json",
        **clerk.auth,
    )

    assert response.status_code == 200
    fresh = response.json()
    old = client.get("/api/v1/me/", **clerk.auth)
    assert old.status_code == 401
    assert old.json()["error"]["code"] == "TOKEN_REVOKED"
    old_refresh = client.post(
        "/api/v1/auth/token/refresh/", {"refresh": clerk.refresh}, format="json"
    )
    assert old_refresh.status_code == 401
    assert (
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {fresh['access']}").status_code == 200
    )
    assert obtain(client, clerk.user.email, "brand-New-secret-77").status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"current_password": "wrong", "new_password": "brand-New-secret-77"}, "current_password"),
        ({"current_password": "staff-Password-2027", "new_password": "short"}, "new_password"),
        ({"current_password": "staff-Password-2027"}, "new_password"),
    ],
)
def test_password_change_refusals(api_for, make_staff, hotel_a, body, field):
    clerk = make_staff(hotel_a, "front_desk")
    response = api_for(hotel_a).post("/api/v1/me/password/", body, format="json", **clerk.auth)
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).check_password(clerk.password)


def test_me_patch_changes_only_my_name_and_phone(api_for, make_staff, hotel_a):
    clerk = make_staff(hotel_a, "front_desk")
    response = api_for(hotel_a).patch(
        "/api/v1/me/",
        {"first_name": "Zoe", "phone": "+34600111222", "role": "owner", "email": "x@y.test"},
        format="json",
        **clerk.auth,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["first_name"], body["phone"], body["role"], body["email"]) == (
        "Zoe",
        "+34600111222",
        "front_desk",
        "front_desk@alpine.test",
    )


def test_session_authentication_works_for_the_api_too(web_for, hotel_a):
    browser = web_for(hotel_a)
    browser.post(
        "/admin/login/?next=/admin/",
        {"username": hotel_a.owner_email, "password": hotel_a.owner_password},
    )
    response = browser.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == hotel_a.owner_email
