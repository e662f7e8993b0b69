"""Production settings, loaded as the image loads them: `check --deploy` stays clean with
every production option on (custom domains, Sentry), and the values behind nginx are right."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.ops.test_sentry import DSN

SCRIPT = """
import json, django, sentry_sdk
django.setup()
from django.conf import settings
from django.core.management import call_command
call_command("check", deploy=True, fail_level="WARNING")
client = sentry_sdk.get_client()
print(json.dumps({
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "CSRF_TRUSTED_ORIGINS": settings.CSRF_TRUSTED_ORIGINS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_DOMAIN": settings.SESSION_COOKIE_DOMAIN,
    "NUM_PROXIES": settings.REST_FRAMEWORK["NUM_PROXIES"],
    "formatter": settings.LOGGING["handlers"]["console"]["formatter"],
    "hijack": settings.CELERY_WORKER_HIJACK_ROOT_LOGGER,
    "staticfiles": settings.STORAGES["staticfiles"]["BACKEND"],
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "sentry_active": client.is_active(),
    "sentry_integrations": sorted(client.integrations),
}))
"""


def test_production_settings_pass_check_deploy_with_every_option_on():
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.prod",
        "SECRET_KEY": "p" * 20 + "-production-secret-with-enough-entropy-0123456789",
        "JWT_SIGNING_KEY": "q" * 20 + "-production-jwt-signing-key-with-enough-entropy-0123456789",
        "ROOT_DOMAIN": "innkeep.example.com",
        "CUSTOM_DOMAINS": "book.grand-hotel.example, WWW.Seaview.example.",
        "SENTRY_DSN": DSN,
        "EMAIL_HOST": "smtp.example.com",
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
    assert "System check identified no issues" in result.stdout
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["ALLOWED_HOSTS"] == [
        "innkeep.example.com",
        ".innkeep.example.com",
        "book.grand-hotel.example",
        "www.seaview.example",
    ]
    assert values["CSRF_TRUSTED_ORIGINS"] == []  # each site trusts its own origin only
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_DOMAIN"] is None  # host-only: never shared across hotels
    assert values["NUM_PROXIES"] == 1
    assert values["formatter"] == "json"
    assert values["hijack"] is False
    assert values["staticfiles"].endswith("CompressedManifestStaticFilesStorage")
    assert values["email_host"] == "smtp.example.com"
    assert values["sentry_active"] is True
    assert {"django", "celery", "redis"} <= set(values["sentry_integrations"])
