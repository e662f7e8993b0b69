"""Production refuses to start with a key anyone can read (the development and test
defaults), an empty or short one, or one key for both cookies and JWTs; JWTs are signed with
their own key everywhere."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import jwt
import pytest
from django.conf import settings
from django_tenants.utils import tenant_context

from innkeep.accounts.models import User
from innkeep.accounts.tokens import tokens_for
from innkeep.core import secret_keys

GOOD_SECRET = secrets.token_urlsafe(64)
GOOD_JWT_KEY = secrets.token_urlsafe(64)
SCRIPT = """
import django
django.setup()
from django.conf import settings
print(settings.SIMPLE_JWT["SIGNING_KEY"])
"""


def start_production(**keys: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "JWT_SIGNING_KEY"}
        },
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.prod",
        "ROOT_DOMAIN": "example.com",
        **keys,
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_signs_jwts_with_their_own_key():
    started = start_production(SECRET_KEY=GOOD_SECRET, JWT_SIGNING_KEY=GOOD_JWT_KEY)
    assert started.returncode == 0, started.stderr
    assert started.stdout.strip() == GOOD_JWT_KEY


@pytest.mark.parametrize(
    ("keys", "refused"),
    [
        ({"SECRET_KEY": secret_keys.DEV_SECRET_KEY, "JWT_SIGNING_KEY": GOOD_JWT_KEY}, "SECRET_KEY"),
        (
            {"SECRET_KEY": secret_keys.TEST_SECRET_KEY, "JWT_SIGNING_KEY": GOOD_JWT_KEY},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": "", "JWT_SIGNING_KEY": GOOD_JWT_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "short-but-not-published", "JWT_SIGNING_KEY": GOOD_JWT_KEY}, "SECRET_KEY"),
        ({"SECRET_KEY": "a" * 60, "JWT_SIGNING_KEY": GOOD_JWT_KEY}, "SECRET_KEY"),
        (
            {"SECRET_KEY": "django-insecure-" + GOOD_SECRET, "JWT_SIGNING_KEY": GOOD_JWT_KEY},
            "SECRET_KEY",
        ),
        ({"SECRET_KEY": GOOD_SECRET}, "JWT_SIGNING_KEY"),
        ({"SECRET_KEY": GOOD_SECRET, "JWT_SIGNING_KEY": ""}, "JWT_SIGNING_KEY"),
        ({"SECRET_KEY": GOOD_SECRET, "JWT_SIGNING_KEY": GOOD_SECRET}, "JWT_SIGNING_KEY"),
        (
            {"SECRET_KEY": GOOD_SECRET, "JWT_SIGNING_KEY": secret_keys.DEV_JWT_SIGNING_KEY},
            "JWT_SIGNING_KEY",
        ),
        (
            {"SECRET_KEY": GOOD_SECRET, "JWT_SIGNING_KEY": secret_keys.TEST_JWT_SIGNING_KEY},
            "JWT_SIGNING_KEY",
        ),
        ({"SECRET_KEY": GOOD_SECRET, "JWT_SIGNING_KEY": "short"}, "JWT_SIGNING_KEY"),
    ],
)
def test_production_refuses_to_start_with_a_key_anyone_could_know(keys, refused):
    started = start_production(**keys)

    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert f"ImproperlyConfigured: {refused} " in started.stderr
    for value in keys.values():
        if len(value) > 8:
            assert value not in started.stderr  # the message names the setting, not the key


def test_the_test_settings_sign_jwts_with_their_own_key():
    assert settings.SIMPLE_JWT["SIGNING_KEY"] == settings.JWT_SIGNING_KEY
    assert settings.JWT_SIGNING_KEY != settings.SECRET_KEY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    [secret_keys.DEV_SECRET_KEY, secret_keys.TEST_SECRET_KEY, secret_keys.DEV_JWT_SIGNING_KEY],
)
def test_a_token_signed_with_another_key_is_refused(api_for, hotel_a, key):
    """What the audit did: sign an owner's claims with the published development key."""
    with tenant_context(hotel_a.hotel):
        access = tokens_for(User.objects.get(email=hotel_a.owner_email))["access"]
    claims = jwt.decode(access, options={"verify_signature": False})
    forged = jwt.encode(claims, key, algorithm="HS256")

    response = api_for(hotel_a).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {forged}")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "TOKEN_INVALID"
