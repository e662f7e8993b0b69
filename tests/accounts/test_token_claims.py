"""Validly signed tokens whose claims are not what Innkeep issues: 401 TOKEN_INVALID, never a
500 (whoever holds the signing key must not be able to crash the API either)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework_simplejwt.state import token_backend

pytestmark = pytest.mark.django_db

BAD_USER_IDS = ["abc", 1.5, 1.0, [1], {"id": 1}, True, 10**30, "99999999999999999999", "", " 1"]


def forged(token: str, **claims: Any) -> str:
    payload = token_backend.decode(token)
    payload.update(claims)
    return token_backend.encode(payload)


@pytest.mark.parametrize("user_id", BAD_USER_IDS, ids=repr)
def test_access_token_with_a_user_id_that_is_not_an_id_is_401(api_for, owner_of, hotel_a, user_id):
    token = forged(owner_of(hotel_a).access, user_id=user_id)

    response = api_for(hotel_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_INVALID"


@pytest.mark.parametrize("path", ["/api/v1/auth/token/refresh/", "/api/v1/auth/logout/"])
@pytest.mark.parametrize("user_id", BAD_USER_IDS, ids=repr)
def test_refresh_token_with_a_user_id_that_is_not_an_id_is_401(
    api_for, owner_of, hotel_a, path, user_id
):
    token = forged(owner_of(hotel_a).refresh, user_id=user_id)

    response = api_for(hotel_a).post(path, {"refresh": token}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_INVALID"


OTHER_BAD_CLAIMS = [
    {"exp": 10**20},  # past year 9999: simplejwt's datetime conversion overflows
    {"gen": "0"},
    {"gen": True},
    {"gen": None},
    {"schema": None},
]


@pytest.mark.parametrize("claims", OTHER_BAD_CLAIMS, ids=repr)
def test_access_token_with_unreadable_claims_is_401(api_for, owner_of, hotel_a, claims):
    token = forged(owner_of(hotel_a).access, **claims)

    response = api_for(hotel_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"TOKEN_INVALID", "TOKEN_WRONG_TENANT"}


@pytest.mark.parametrize("claims", [*OTHER_BAD_CLAIMS, {"jti": ["x"]}, {"jti": None}], ids=repr)
@pytest.mark.parametrize("path", ["/api/v1/auth/token/refresh/", "/api/v1/auth/logout/"])
def test_refresh_token_with_unreadable_claims_is_401(api_for, owner_of, hotel_a, path, claims):
    token = forged(owner_of(hotel_a).refresh, **claims)

    response = api_for(hotel_a).post(path, {"refresh": token}, format="json")

    assert response.status_code == 401
    assert response.json()["error"]["code"] in {"TOKEN_INVALID", "TOKEN_WRONG_TENANT"}


def test_access_token_refers_to_a_refresh_token_by_a_string_id(api_for, owner_of, hotel_a):
    token = forged(owner_of(hotel_a).access, refresh_jti=["x"])
    response = api_for(hotel_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_INVALID"
