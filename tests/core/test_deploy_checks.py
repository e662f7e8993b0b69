from __future__ import annotations

import os
import subprocess
import sys


def run_check(**env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "JWT_SIGNING_KEY"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "innkeep", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_check_deploy():
    result = run_check(
        DJANGO_SETTINGS_MODULE="innkeep.settings.prod",
        SECRET_KEY="k" * 20 + "-production-secret-with-enough-entropy-0123456789",
        JWT_SIGNING_KEY="j" * 20 + "-production-jwt-signing-key-with-enough-entropy-0123456789",
        ROOT_DOMAIN="example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_check(DJANGO_SETTINGS_MODULE="innkeep.settings.prod", ROOT_DOMAIN="example.com")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_development_settings_fail_check_deploy():
    result = run_check(DJANGO_SETTINGS_MODULE="innkeep.settings.dev")
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on
