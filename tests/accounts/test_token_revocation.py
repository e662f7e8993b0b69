"""What ends tokens and sessions. Every token carries its user's token generation; signing out
everywhere, deactivation, a role change and a password change move it, so every token and
admin session issued before stops at once, and reactivation revives none of them. A plain
logout ends its refresh token and the access tokens issued with it, and nothing else."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from rest_framework.test import APIRequestFactory
from rest_framework_simplejwt.state import token_backend

from innkeep.accounts.authentication import HotelJWTAuthentication
from innkeep.accounts.models import Role, User
from innkeep.accounts.services import staff_deactivate, staff_reactivate, staff_update
from innkeep.core.models import AuditEvent

pytestmark = pytest.mark.django_db

REFRESH = "/api/v1/auth/token/refresh/"
LOGOUT = "/api/v1/auth/logout/"
OPERATOR_PASSWORD = "ops-Password-2027"


def me(client, access: str) -> tuple[int, str | None]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {access}")
    code = response.json()["error"]["code"] if response.status_code != 200 else None
    return response.status_code, code


def refresh(client, token: str):  # type: ignore[no-untyped-def]
    return client.post(REFRESH, {"refresh": token}, format="json")


def sign_in(client, staff) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = client.post(
        "/api/v1/auth/token/",
        {"email": staff.user.email, "password": staff.password},
        format="json",
    )
    assert response.status_code == 200
    return response.json()


def generation(test_hotel, user: User) -> int:  # type: ignore[no-untyped-def]
    with tenant_context(test_hotel.hotel):
        return User.objects.get(pk=user.pk).token_generation


def admin_browser(test_hotel, staff) -> Client:  # type: ignore[no-untyped-def]
    browser = Client(HTTP_HOST=test_hotel.host)
    browser.post("/admin/login/", {"username": staff.user.email, "password": staff.password})
    assert browser.get("/api/v1/me/").status_code == 200
    return browser


def test_reactivation_revives_no_token_or_session_issued_before_the_deactivation(
    api_for, hotel_a, owner_of, make_staff
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    browser = admin_browser(hotel_a, clerk)

    assert (
        client.post(f"/api/v1/users/{clerk.user.pk}/deactivate/", **owner.auth).status_code == 200
    )
    assert (
        client.post(f"/api/v1/users/{clerk.user.pk}/reactivate/", **owner.auth).status_code == 200
    )

    assert me(client, clerk.access) == (401, "TOKEN_REVOKED")
    assert refresh(client, clerk.refresh).status_code == 401
    assert browser.get("/api/v1/me/").status_code == 401  # the admin session ended too
    assert me(client, sign_in(client, clerk)["access"]) == (200, None)  # signing in again works


def test_deactivation_bumps_the_generation_with_its_audit_row(hotel_a, owner_of, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    with tenant_context(hotel_a.hotel):
        staff_deactivate(actor=owner_of(hotel_a).user, user=clerk.user)
        staff_reactivate(actor=owner_of(hotel_a).user, user=clerk.user)
        assert list(
            AuditEvent.objects.filter(target_id=str(clerk.user.pk)).values_list("action", flat=True)
        ) == ["user.reactivated", "user.deactivated"]
    assert generation(hotel_a, clerk.user) == 1  # reactivation moves nothing back


def test_a_refused_deactivation_ends_no_token(api_for, hotel_a, owner_of):
    owner = owner_of(hotel_a)
    before = generation(hotel_a, owner.user)

    answer = api_for(hotel_a).post(f"/api/v1/users/{owner.user.pk}/deactivate/", **owner.auth)

    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "LAST_OWNER"
    assert generation(hotel_a, owner.user) == before
    assert me(api_for(hotel_a), owner.access) == (200, None)


def test_logout_ends_its_refresh_token_and_its_access_token(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    other = sign_in(client, clerk)  # a second session, on another device

    assert client.post(LOGOUT, {"refresh": clerk.refresh}, format="json").status_code == 204

    assert me(client, clerk.access) == (401, "TOKEN_REVOKED")
    assert refresh(client, clerk.refresh).json()["error"]["code"] == "TOKEN_INVALID"
    assert me(client, other["access"]) == (200, None)
    assert refresh(client, other["refresh"]).status_code == 200
    assert generation(hotel_a, clerk.user) == 0


def test_logging_out_a_token_twice_is_401_the_second_time(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    assert client.post(LOGOUT, {"refresh": clerk.refresh}, format="json").status_code == 204

    again = client.post(LOGOUT, {"refresh": clerk.refresh}, format="json")

    assert again.status_code == 401
    assert again.json()["error"]["code"] == "TOKEN_INVALID"


def test_logout_everywhere_ends_every_session_of_the_user(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    colleague = make_staff(hotel_a, Role.MANAGER)
    client = api_for(hotel_a)
    other = sign_in(client, clerk)
    browser = admin_browser(hotel_a, clerk)

    answer = client.post(LOGOUT, {"refresh": clerk.refresh, "all": True}, format="json")

    assert answer.status_code == 204
    for pair in ({"access": clerk.access, "refresh": clerk.refresh}, other):
        assert me(client, pair["access"]) == (401, "TOKEN_REVOKED")
        assert refresh(client, pair["refresh"]).status_code == 401
    assert browser.get("/api/v1/me/").status_code == 401
    assert me(client, colleague.access) == (200, None)  # nobody else's
    assert generation(hotel_a, clerk.user) == 1
    with tenant_context(hotel_a.hotel):
        assert list(
            AuditEvent.objects.filter(target_id=str(clerk.user.pk)).values_list("action", flat=True)
        ) == ["user.signed_out_everywhere"]


def test_a_refused_logout_everywhere_ends_nothing(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)

    answer = client.post(LOGOUT, {"refresh": clerk.access, "all": True}, format="json")

    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "TOKEN_INVALID"
    assert generation(hotel_a, clerk.user) == 0
    assert me(client, clerk.access) == (200, None)


def test_logout_all_must_be_a_boolean(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    answer = api_for(hotel_a).post(
        LOGOUT, {"refresh": clerk.refresh, "all": "everything"}, format="json"
    )
    assert answer.status_code == 400
    assert list(answer.json()["error"]["details"]["fields"]) == ["all"]
    assert me(api_for(hotel_a), clerk.access) == (200, None)


def test_a_role_change_ends_every_token_and_session_of_that_person(
    api_for, hotel_a, owner_of, make_staff
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    browser = admin_browser(hotel_a, clerk)

    changed = client.patch(
        f"/api/v1/users/{clerk.user.pk}/",
        {"role": "manager"},
        format="json",
        **owner_of(hotel_a).auth,
    )

    assert changed.status_code == 200
    assert me(client, clerk.access) == (401, "TOKEN_REVOKED")
    assert refresh(client, clerk.refresh).json()["error"]["code"] == "TOKEN_REVOKED"
    assert browser.get("/api/v1/me/").status_code == 401
    fresh = sign_in(client, clerk)
    assert (
        client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {fresh['access']}").json()["role"]
        == "manager"
    )


def test_a_name_change_ends_no_token(api_for, hotel_a, owner_of, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    with tenant_context(hotel_a.hotel):
        staff_update(actor=owner_of(hotel_a).user, user=clerk.user, first_name="Renamed")
    assert me(api_for(hotel_a), clerk.access) == (200, None)
    assert generation(hotel_a, clerk.user) == 0


def test_a_password_change_moves_the_generation_and_the_new_pair_works(
    api_for, hotel_a, make_staff
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)

    fresh = client.post(
        "/api/v1/me/password/",
        {"current_password": clerk.password, "new_password": "brand-New-secret-77"},
        format="json",
        **clerk.auth,
    ).json()

    assert generation(hotel_a, clerk.user) == 1
    assert me(client, fresh["access"]) == (200, None)
    assert refresh(client, fresh["refresh"]).status_code == 200


def test_refreshing_ends_the_pair_it_replaces(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)

    new = refresh(client, clerk.refresh).json()

    assert me(client, clerk.access) == (401, "TOKEN_REVOKED")
    assert me(client, new["access"]) == (200, None)


@pytest.mark.parametrize("claim", ["gen", "refresh_jti"])
def test_an_access_token_without_the_revocation_claims_is_refused(
    api_for, hotel_a, make_staff, claim
):
    """Tokens issued before generations existed (or forged without them) are not accepted."""
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    payload = token_backend.decode(clerk.access)
    del payload[claim]
    assert me(api_for(hotel_a), token_backend.encode(payload)) == (401, "TOKEN_INVALID")


def test_a_refresh_token_without_a_generation_is_refused(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    payload = token_backend.decode(clerk.refresh)
    del payload["gen"]
    answer = refresh(api_for(hotel_a), token_backend.encode(payload))
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "TOKEN_INVALID"


def test_checking_a_token_costs_one_query(hotel_a, make_staff):
    """The user row is read anyway: the generation and the logout check ride along."""
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    request = APIRequestFactory().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {clerk.access}")
    with tenant_context(hotel_a.hotel), CaptureQueriesContext(connection) as queries:
        user, _token = HotelJWTAuthentication().authenticate(request)
    assert user.pk == clerk.user.pk
    # django-tenants sets the search path before each query; that is not a query of ours
    assert len([q for q in queries if not q["sql"].startswith("SET search_path")]) == 1


def test_reactivating_a_platform_operator_revives_no_admin_session(platform_web):
    User.objects.create_superuser("ops@innkeep.test", OPERATOR_PASSWORD)
    other = User.objects.create_superuser(
        "ops2@innkeep.test", OPERATOR_PASSWORD, first_name="Olga", last_name="Ops"
    )
    theirs = Client(HTTP_HOST=settings.ROOT_DOMAIN)
    theirs.post("/admin/login/", {"username": other.email, "password": OPERATOR_PASSWORD})
    assert theirs.get("/admin/").status_code == 200
    platform_web.post(
        "/admin/login/", {"username": "ops@innkeep.test", "password": OPERATOR_PASSWORD}
    )

    deactivated = platform_web.post(
        f"/admin/accounts/user/{other.pk}/change/",
        {
            "email": other.email,
            "first_name": "Olga",
            "last_name": "Ops",
            "phone": "",
            "is_staff": "on",
            "is_superuser": "on",
        },  # is_active unticked
    )
    assert deactivated.status_code == 302
    User.objects.filter(pk=other.pk).update(is_active=True)

    assert User.objects.get(pk=other.pk).token_generation == 1
    assert theirs.get("/admin/").status_code == 302  # to the login page


def test_the_admin_password_change_ends_earlier_tokens_and_sessions_and_is_audited(
    api_for, hotel_a, make_staff
):
    manager = make_staff(hotel_a, Role.MANAGER)
    here, elsewhere = admin_browser(hotel_a, manager), admin_browser(hotel_a, manager)

    changed = here.post(
        "/admin/password_change/",
        {
            "old_password": manager.password,
            "new_password1": "n3w-Secret-2027",
            "new_password2": "n3w-Secret-2027",
        },
    )

    assert changed.status_code == 302
    assert generation(hotel_a, manager.user) == 1
    assert me(api_for(hotel_a), manager.access) == (401, "TOKEN_REVOKED")
    assert here.get("/admin/").status_code == 200  # the session that changed it stays
    assert elsewhere.get("/admin/").status_code == 302  # any other ends
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=manager.user.pk).check_password("n3w-Secret-2027")
        assert list(
            AuditEvent.objects.filter(target_id=str(manager.user.pk)).values_list(
                "action", flat=True
            )
        ) == ["user.password_changed"]
