"""Each operation of both OpenAPI documents says who may call it, read from the permission
classes the view really runs, and documents the refusals that follow (401 where credentials
are read, 403 where a role's permission is needed, 429 where a throttle applies)."""

from __future__ import annotations

import re

import pytest
from django.urls import resolve
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.views import APIView

from innkeep.accounts.models import Role
from innkeep.accounts.openapi import access_rule, describe_rule
from innkeep.core.permissions import AUTHENTICATED, PUBLIC, DeclaredAccess
from tests.accounts.conftest import ALL_ROLES
from tests.accounts.endpoints import EXPECTED
from tests.openapi_docs import HOTEL, PLATFORM, document, operations

ACCESS_LINE = re.compile(r"\*\*Access:\*\* (.*)$")
ROLE_BY_LABEL = {Role(role).label.lower(): role for role in Role.values}


def described(operation: dict) -> str:
    lines = [ACCESS_LINE.search(line) for line in operation["description"].splitlines()]
    found = [match.group(1) for match in lines if match]
    assert len(found) == 1, operation["description"]
    return found[0]


def roles_described(text: str) -> object:
    if text == "public, no sign-in.":
        return "public"
    if text == "any signed-in staff member of this hotel.":
        return ALL_ROLES
    match = re.fullmatch(r"`[a-z_.]+` \((.*)\)\.", text)
    assert match is not None, text
    return frozenset(ROLE_BY_LABEL[label] for label in match.group(1).split(", "))


def test_signup_says_it_is_public():
    signup = document(PLATFORM)["paths"]["/api/v1/signup/"]["post"]
    assert described(signup) == "public, no sign-in."


def test_every_hotel_operation_describes_who_the_permission_matrix_lets_in():
    """tests/accounts/test_permission_matrix.py proves EXPECTED against real requests."""
    seen = set()
    for method, path, operation in operations(HOTEL):
        concrete = re.sub(r"\{[a-z_]+\}", "1", path)
        if "quote_id" in path:
            concrete = path.replace("{quote_id}", "7c1d0a57-0f3c-4a44-9b57-1e5a7a1d3c11")
        name = resolve(concrete, urlconf=HOTEL).url_name
        seen.add((name, method))
        assert roles_described(described(operation)) == EXPECTED[(name, method)], (method, path)
    assert seen == set(EXPECTED)


def _view(*permissions: type[BasePermission], access: dict[str, str] | None = None) -> APIView:
    view = APIView()
    view.permission_classes = list(permissions)
    view.access = access or {}  # type: ignore[attr-defined]
    return view


@pytest.mark.parametrize(
    ("permissions", "access", "rule"),
    [
        ((), None, PUBLIC),
        ((AllowAny,), None, PUBLIC),
        ((IsAuthenticated,), None, AUTHENTICATED),
        ((DeclaredAccess,), {"POST": PUBLIC}, PUBLIC),
        ((DeclaredAccess,), {"GET": PUBLIC}, None),
        ((DeclaredAccess,), {"POST": "accounts.view_user"}, "accounts.view_user"),
        ((IsAuthenticated, DeclaredAccess), {"POST": PUBLIC}, AUTHENTICATED),
        ((AllowAny, DeclaredAccess), {"POST": "accounts.view_user"}, "accounts.view_user"),
    ],
)
def test_the_described_rule_is_the_one_every_permission_class_lets_through(
    permissions, access, rule
):
    assert access_rule(_view(*permissions, access=access), "POST") == rule


def test_a_permission_class_the_generator_cannot_read_fails_the_schema():
    class OnlyOnTuesdays(BasePermission):
        pass

    with pytest.raises(TypeError, match="OnlyOnTuesdays"):
        access_rule(_view(OnlyOnTuesdays), "POST")


def test_rules_read_as_words():
    assert describe_rule(PUBLIC) == "**Access:** public, no sign-in."
    assert describe_rule(None) == "**Access:** nobody (closed)."


@pytest.mark.parametrize("urlconf", [HOTEL, PLATFORM])
def test_the_refusals_that_access_implies_are_documented(urlconf):
    for method, path, operation in operations(urlconf):
        responses = set(operation["responses"])
        text = described(operation)
        if text != "public, no sign-in.":
            assert "401" in responses, (method, path)
        if text.startswith("`"):
            assert "403" in responses, (method, path)


def test_staff_lists_document_401_and_403():
    paths = document(HOTEL)["paths"]
    for path in ("/api/v1/invitations/", "/api/v1/invitations/{id}/", "/api/v1/login-attempts/"):
        assert {"401", "403"} <= set(paths[path]["get"]["responses"]), path


def test_throttled_operations_document_429():
    paths = document(HOTEL)["paths"]
    for path, method in [
        ("/api/v1/public/hotel/", "get"),
        ("/api/v1/auth/password-reset/", "post"),
    ]:
        assert "429" in paths[path][method]["responses"], path
    assert "429" in document(PLATFORM)["paths"]["/api/v1/signup/"]["post"]["responses"]


@pytest.mark.parametrize("urlconf", [HOTEL, PLATFORM])
def test_an_operation_on_a_named_object_documents_404(urlconf):
    """An id that names nothing (or another hotel's object) is a 404 on every such path;
    GET /api/v1/invitations/{id}/ did not say so."""
    for method, path, operation in operations(urlconf):
        if "{" in path:
            assert "404" in operation["responses"], (method, path)
