"""CSRF under the production settings (loaded as the image loads them): a form posted to a
hotel is trusted from that hotel's own origin only, never from another hotel's; the platform
trusts the root domain only."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from django.test import Client

from innkeep.tenancy.models import Domain

pytestmark = pytest.mark.django_db

ROOT = "innkeep.test"
CUSTOM_DOMAIN = "book.alpine-lodge.example"
SCRIPT = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
}))
"""


@pytest.fixture(scope="module")
def production() -> dict[str, list[str]]:
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.prod",
        "SECRET_KEY": "p" * 20 + "-production-secret-with-enough-entropy-0123456789",
        "JWT_SIGNING_KEY": "q" * 20 + "-production-jwt-signing-key-with-enough-entropy-0123456789",
        "ROOT_DOMAIN": ROOT,
        "CUSTOM_DOMAINS": CUSTOM_DOMAIN,
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def as_in_production(settings, production, hotel_a):  # type: ignore[no-untyped-def]
    """The production CSRF settings, behind nginx (X-Forwarded-Proto: https)."""
    settings.CSRF_TRUSTED_ORIGINS = production["CSRF_TRUSTED_ORIGINS"]
    settings.SECURE_PROXY_SSL_HEADER = tuple(production["SECURE_PROXY_SSL_HEADER"])
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, CUSTOM_DOMAIN]
    Domain.objects.create(domain=CUSTOM_DOMAIN, tenant=hotel_a.hotel, is_primary=False)


def browser(host: str) -> tuple[Client, str]:
    """A browser on that host's sign-in page: its client (CSRF checked) and the form's token."""
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https")
    page = client.get("/admin/login/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    return client, token.group(1)


def sign_in(hotel, host: str, **headers: str):  # type: ignore[no-untyped-def]
    client, token = browser(host)
    response = client.post(
        "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": token,
            "username": hotel.owner_email,
            "password": hotel.owner_password,
        },
        headers=headers,
    )
    return client, response


def test_a_hotel_refuses_a_form_posted_from_another_hotel(as_in_production, hotel_a, hotel_b):
    client, response = sign_in(hotel_a, hotel_a.host, origin=f"https://{hotel_b.host}")

    assert response.status_code == 403
    assert b"CSRF verification failed" in response.content
    assert "sessionid" not in client.cookies


def test_a_hotel_accepts_a_form_posted_from_its_own_origin(as_in_production, hotel_a):
    client, response = sign_in(hotel_a, hotel_a.host, origin=f"https://{hotel_a.host}")

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert "sessionid" in client.cookies


def test_without_origin_a_referer_from_another_hotel_is_refused(as_in_production, hotel_a, hotel_b):
    _, other = sign_in(hotel_a, hotel_a.host, referer=f"https://{hotel_b.host}/admin/")
    _, own = sign_in(hotel_a, hotel_a.host, referer=f"https://{hotel_a.host}/admin/login/")

    assert other.status_code == 403
    assert own.status_code == 302


def test_a_hotel_domain_trusts_itself_and_not_the_subdomains(as_in_production, hotel_a):
    _, own = sign_in(hotel_a, CUSTOM_DOMAIN, origin=f"https://{CUSTOM_DOMAIN}")
    _, subdomain = sign_in(hotel_a, CUSTOM_DOMAIN, origin=f"https://{hotel_a.host}")

    assert own.status_code == 302
    assert subdomain.status_code == 403


def test_the_platform_trusts_the_root_domain_only(as_in_production, hotel_a):
    client, token = browser(ROOT)
    from_hotel = client.post(
        "/signup/", {"csrfmiddlewaretoken": token}, headers={"origin": f"https://{hotel_a.host}"}
    )
    from_itself = client.post(
        "/signup/", {"csrfmiddlewaretoken": token}, headers={"origin": f"https://{ROOT}"}
    )

    assert from_hotel.status_code == 403
    assert from_itself.status_code == 400  # past CSRF: the empty form's errors
