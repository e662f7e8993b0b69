"""Requests through a real nginx (nginx/templates/innkeep.conf.template, TLS) to a real
gunicorn running the app: each host reaches its own hotel, the root domain the platform, an
unknown host a 404, and the rate-limited endpoints answer 429 past their burst."""

from __future__ import annotations

import json
import os
import re
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from django.conf import settings

from innkeep.core.redis_client import client as redis_client
from tests.ops.conftest import PROJECT_DIR, ROOT_DOMAIN, Proxy
from tests.ops.e2e_settings import CUSTOM_DOMAIN

# The session hotels are committed; the mark makes pytest-django create the test database.
pytestmark = pytest.mark.django_db

ALPINE = f"alpine.{ROOT_DOMAIN}"
BAYVIEW = f"bayview.{ROOT_DOMAIN}"


def test_each_hotel_host_reaches_its_own_hotel(proxy: Proxy):
    alpine = proxy.fetch(ALPINE)
    bayview = proxy.fetch(BAYVIEW)

    assert alpine.status == 200, alpine.text
    assert "<h1>Alpine Lodge</h1>" in alpine.text
    assert "Bayview" not in alpine.text
    assert bayview.status == 200, bayview.text
    assert "<h1>Bayview Inn</h1>" in bayview.text
    assert "Alpine" not in bayview.text


def test_root_domain_reaches_the_platform(proxy: Proxy):
    reply = proxy.fetch(ROOT_DOMAIN)

    assert reply.status == 200, reply.text
    assert "Sign your hotel up" in reply.text


def test_unknown_hotel_is_a_clean_404(proxy: Proxy):
    page = proxy.fetch(f"unknown.{ROOT_DOMAIN}")
    api = proxy.fetch(f"unknown.{ROOT_DOMAIN}", "/api/v1/")

    assert page.status == 404
    assert "There is no hotel at this address." in page.text
    assert api.status == 404
    assert json.loads(api.body)["error"]["code"] == "HOTEL_NOT_FOUND"


def test_a_hotel_domain_is_served_with_its_own_certificate(proxy: Proxy):
    reply = proxy.fetch(CUSTOM_DOMAIN)

    assert reply.status == 200, reply.text
    assert "<h1>Alpine Lodge</h1>" in reply.text
    # A hotel's own domain: HSTS for that name only, not for the hotel's other subdomains.
    assert reply.all("Strict-Transport-Security") == ["max-age=31536000"]


def test_a_name_without_a_certificate_never_completes_the_handshake(proxy: Proxy):
    with pytest.raises(ssl.SSLError):
        proxy.fetch("no-certificate.example")


def test_plain_http_redirects_to_https_but_serves_acme_challenges(proxy: Proxy):
    (proxy.acme / ".well-known" / "acme-challenge").mkdir(parents=True, exist_ok=True)
    (proxy.acme / ".well-known" / "acme-challenge" / "token-123").write_text("token-123.key")

    redirect = proxy.fetch(ALPINE, "/admin/?next=x", tls=False)
    challenge = proxy.fetch(
        "book.any-hotel.example", "/.well-known/acme-challenge/token-123", tls=False
    )

    assert redirect.status == 301
    assert redirect.header("Location") == f"https://{ALPINE}/admin/?next=x"
    assert challenge.status == 200
    assert challenge.text == "token-123.key"


def test_security_headers_are_sent_once(proxy: Proxy):
    reply = proxy.fetch(ALPINE)

    assert reply.all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert reply.all("X-Content-Type-Options") == ["nosniff"]
    assert len(reply.all("X-Frame-Options")) == 1
    assert len(reply.all("Referrer-Policy")) == 1
    assert len(reply.all("Content-Security-Policy")) == 1
    assert reply.header("Server") == "nginx"  # no version


NGINX_OWN_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def test_the_app_content_security_policy_passes_once_and_nginx_covers_its_own_files(
    proxy: Proxy,
):
    (proxy.files / "static").mkdir(exist_ok=True)
    (proxy.files / "static" / "innkeep-e2e-policy.txt").write_text("served by nginx\n")
    uploads = proxy.files / "media" / "hotel_alpine" / "photos"
    uploads.mkdir(parents=True, exist_ok=True)
    (uploads / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')

    docs = proxy.fetch(ALPINE, "/api/docs/")
    from_nginx = proxy.fetch(ALPINE, "/static/innkeep-e2e-policy.txt")
    upload = proxy.fetch(ALPINE, "/media/hotel_alpine/photos/drawing.svg")
    refused = proxy.fetch(ALPINE, "/media/hotel_alpine/private/invoice.pdf")
    from_app = proxy.fetch(ALPINE, "/static/admin/css/base.css")

    # The app's policy, nonce and all, and only it (two policies would both be enforced).
    (docs_policy,) = docs.all("Content-Security-Policy")
    assert "script-src 'self' 'nonce-" in docs_policy
    nonce = docs_policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'<script nonce="{nonce}">' in docs.text
    (app_policy,) = from_app.all("Content-Security-Policy")
    assert sorted(directive.strip() for directive in app_policy.split(";")) == [
        "base-uri 'self'",
        "default-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
    ]
    # What nginx answers itself: an uploaded SVG opened on its own runs no script.
    assert (from_nginx.status, upload.status, refused.status) == (200, 200, 404)
    for reply in (from_nginx, upload, refused):
        assert reply.all("Content-Security-Policy") == [NGINX_OWN_POLICY]


def test_request_id_runs_from_nginx_through_the_app_logs(proxy: Proxy):
    mine = proxy.fetch(ALPINE, headers={"X-Request-ID": "e2e-request-0001"})
    generated = proxy.fetch(BAYVIEW, headers={"X-Request-ID": "bad id!"})

    assert mine.header("X-Request-ID") == "e2e-request-0001"
    generated_id = generated.header("X-Request-ID") or ""
    assert re.fullmatch(r"[0-9a-f]{32}", generated_id)  # nginx's $request_id

    lines = _app_log_lines(proxy, until=lambda ls: any(generated_id in line for line in ls))
    records = [json.loads(line) for line in lines if line.startswith("{")]
    mine_line = next(r for r in records if r.get("request_id") == "e2e-request-0001")
    generated_line = next(r for r in records if r.get("request_id") == generated_id)
    assert mine_line["tenant"] == "hotel_alpine"
    assert mine_line["status"] == 200
    assert mine_line["path"] == "/"
    assert generated_line["tenant"] == "hotel_bayview"

    access = (proxy.root / "logs" / "access.log").read_text().splitlines()
    access_records = [json.loads(line) for line in access]
    assert any(
        r["request_id"] == "e2e-request-0001" and r["host"] == ALPINE and r["status"] == 200
        for r in access_records
    )


def _app_log_lines(proxy: Proxy, *, until, timeout: float = 5.0) -> list[str]:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        lines = proxy.app_log.read_text().splitlines()
        if until(lines) or time.monotonic() > deadline:
            return lines
        time.sleep(0.05)


def test_static_files_come_from_nginx_and_missing_ones_from_the_app(proxy: Proxy):
    (proxy.files / "static").mkdir(exist_ok=True)
    (proxy.files / "static" / "innkeep-e2e.txt").write_text("served by nginx\n")

    from_nginx = proxy.fetch(ALPINE, "/static/innkeep-e2e.txt")
    from_app = proxy.fetch(ALPINE, "/static/admin/css/base.css")

    assert from_nginx.status == 200
    assert from_nginx.text == "served by nginx\n"
    assert from_nginx.header("Cache-Control") == "max-age=31536000"
    assert from_app.status == 200
    assert "text/css" in (from_app.header("Content-Type") or "")


def test_private_media_is_never_served_directly(proxy: Proxy):
    private = proxy.files / "media" / "hotel_alpine" / "private"
    private.mkdir(parents=True, exist_ok=True)
    (private / "invoice.pdf").write_text("secret")
    public = proxy.files / "media" / "hotel_alpine" / "photos"
    public.mkdir(parents=True, exist_ok=True)
    (public / "room.jpg").write_text("photo")

    assert proxy.fetch(ALPINE, "/media/hotel_alpine/private/invoice.pdf").status == 404
    assert proxy.fetch(ALPINE, "/protected-media/hotel_alpine/private/invoice.pdf").status == 404
    assert proxy.fetch(ALPINE, "/media/hotel_alpine/photos/room.jpg").text == "photo"


def test_signup_posts_are_rate_limited(proxy: Proxy):
    statuses = [
        proxy.fetch(ROOT_DOMAIN, "/signup/", method="POST", body=b"hotel_name=x").status
        for _ in range(12)
    ]
    throttled = proxy.fetch(ROOT_DOMAIN, "/api/v1/signup/", method="POST", body=b"{}")
    still_readable = proxy.fetch(ROOT_DOMAIN, "/signup/")

    # rate 6/min with a burst of 5: six get through (CSRF refuses them: nothing is created).
    assert 429 not in statuses[:6]
    assert statuses[6:] == [429] * 6
    assert throttled.status == 429
    assert throttled.header("Retry-After") == "60"
    assert json.loads(throttled.body)["error"]["code"] == "THROTTLED"
    assert still_readable.status == 200  # reading the form is not limited


def test_sign_in_posts_are_rate_limited(proxy: Proxy):
    statuses = [
        proxy.fetch(BAYVIEW, "/api/v1/auth/token/", method="POST", body=b"{}").status
        for _ in range(14)
    ]

    assert 429 not in statuses[:11]
    assert 429 in statuses[11:]


@pytest.fixture
def app_keys() -> Iterator[None]:
    """The app server's Redis keys (its prefix names the test database, not ours) are
    removed around the test: its counters outlive the test otherwise."""

    def remove() -> None:
        prefix = f"test-{settings.DATABASES['default']['NAME']}-"
        prefix += os.environ.get("PYTEST_XDIST_WORKER", "main")
        keys = list(redis_client().scan_iter(match=f"*:{prefix}:*", count=1000))
        if keys:
            redis_client().delete(*keys)

    remove()
    yield
    remove()


def test_each_client_behind_nginx_has_its_own_sign_in_bucket(proxy: Proxy, app_keys):
    # e2e_settings: NUM_PROXIES = 1 (as production) and 3 sign-in tries per address.
    def sign_in(source: str, email: str, password: str, **headers: str) -> tuple[int, str]:
        reply = proxy.fetch(
            ALPINE,
            "/api/v1/auth/token/",
            method="POST",
            headers={"Content-Type": "application/json", **headers},
            body=json.dumps({"email": email, "password": password}).encode(),
            source=source,
        )
        body = json.loads(reply.body)
        return reply.status, body["error"]["code"] if "error" in body else "ok"

    owner, password = "owner@alpine.test", "a-long-Secret-2027"
    attacker = [sign_in("127.0.0.2", f"guess{n}@alpine.test", "x") for n in range(3)]
    assert attacker == [(401, "INVALID_CREDENTIALS")] * 3
    assert sign_in("127.0.0.2", owner, password) == (429, "LOGIN_THROTTLED")
    # A header of its own does not move the attacker to another bucket (nginx writes it)...
    spoofed = sign_in("127.0.0.2", owner, password, **{"X-Forwarded-For": "127.0.0.3"})
    assert spoofed == (429, "LOGIN_THROTTLED")
    # ...nor lets anyone else land in the attacker's: another client signs in.
    assert sign_in("127.0.0.3", owner, password) == (200, "ok")
    framed = sign_in("127.0.0.4", owner, password, **{"X-Forwarded-For": "127.0.0.2"})
    assert framed == (200, "ok")


def test_the_image_healthcheck_sees_gunicorn_ready(proxy: Proxy, app_server, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "role").write_text("web\n")
    environment = {
        **os.environ,
        "INNKEEP_ROLE_FILE": str(tmp_path / "role"),
        "PORT": app_server.address.rsplit(":", 1)[1],
    }

    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "docker" / "healthcheck.py")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("web: ok")


def test_bodies_too_large_or_too_deep_get_the_apis_answer_through_nginx(proxy: Proxy):
    json_headers = {"Content-Type": "application/json"}
    path = "/api/v1/public/quotes/"
    over_nginx = proxy.fetch(
        ALPINE, path, method="POST", headers=json_headers, body=b"x" * (6 * 1024 * 1024 + 1)
    )
    over_django = proxy.fetch(
        ALPINE, path, method="POST", headers=json_headers, body=b"[" + b"1," * 1_500_000 + b"1]"
    )
    nested = proxy.fetch(
        ALPINE, path, method="POST", headers=json_headers, body=b"[" * 1000 + b"]" * 1000
    )

    # nginx's own 413 and the app's are the same answer; neither is ever a 500
    assert over_nginx.status == 413
    assert json.loads(over_nginx.body)["error"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "message": "The request body is too large: at most 6291456 bytes.",
        "details": {"max_bytes": 6291456},
    }
    assert over_django.status == 413
    assert json.loads(over_django.body)["error"]["details"] == {"max_bytes": 2621440}
    assert nested.status == 400
    assert json.loads(nested.body)["error"]["code"] == "MALFORMED_REQUEST"


def test_a_form_posted_through_nginx_on_another_port_passes_csrf(proxy: Proxy, app_keys):
    # As the dev compose serves at localhost:8080: the browser's Origin carries the port, so
    # nginx must pass the Host with it or Django's Origin check refuses every form (403).
    host = f"{ALPINE}:{proxy.https_port}"
    # A client of its own: the sign-in tests before this one used up 127.0.0.1's burst.
    page = proxy.fetch(ALPINE, "/admin/login/", headers={"Host": host}, source="127.0.0.5")
    cookie = next(c for c in page.all("Set-Cookie") if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert page.status == 200
    assert token is not None
    form = f"csrfmiddlewaretoken={token.group(1)}&username=owner%40alpine.test"
    form += "&password=a-long-Secret-2027"
    reply = proxy.fetch(
        ALPINE,
        "/admin/login/?next=/admin/",
        method="POST",
        body=form.encode(),
        source="127.0.0.5",
        headers={
            "Host": host,
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/admin/login/",
            "Cookie": cookie.split(";", 1)[0],
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )

    assert reply.status == 302, reply.text
    assert reply.header("Location") == "/admin/"
