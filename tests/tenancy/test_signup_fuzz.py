"""The platform's signup API fed hostile input (tests/fuzzing.py): never a 500, every
refusal a documented error code, and a refused signup leaves no hotel, domain or schema."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from innkeep.tenancy.models import Domain, Hotel
from tests.factories import signup_data
from tests.fuzzing import (
    FUZZ,
    HOSTILE_JSON,
    NOT_JSON,
    assert_refusal_is_documented,
    junk,
    mutated,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/signup/"
bodies = mutated(
    signup_data(), junk, names=["plan", "status", "schema_name", "is_staff"], top=True
).map(lambda body: json.dumps(body).encode()) | st.sampled_from(NOT_JSON + HOSTILE_JSON)


def platform_state() -> tuple[list[str], list[str], list[str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace ORDER BY nspname")
        schemas = [row[0] for row in cursor.fetchall()]
    return (
        sorted(Hotel.objects.values_list("subdomain", flat=True)),
        sorted(Domain.objects.values_list("domain", flat=True)),
        schemas,
    )


@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_signup_answers_no_500_and_a_refusal_leaves_nothing(platform_api, data):
    body = data.draw(bodies, label="body")
    before = platform_state()
    response = platform_api.generic("POST", URL, body, content_type="application/json")
    assert_refusal_is_documented(response, f"POST {URL} {body!r}")
    if response.status_code >= 400:
        assert platform_state() == before, body
