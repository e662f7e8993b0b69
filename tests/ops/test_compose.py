"""The compose files, checked without a Docker engine: valid against the Compose Specification's
JSON schema (vendored by check-jsonschema), and every service runs something that exists:
our image's entrypoint roles, files in the image, pinned third-party images."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ops import nginxconf

PROJECT_DIR = nginxconf.PROJECT_DIR
DEV = PROJECT_DIR / "docker-compose.yml"
PROD = PROJECT_DIR / "docker-compose.prod.yml"
ENTRYPOINT = PROJECT_DIR / "docker" / "entrypoint.sh"
APP_SERVICES = {"web", "worker", "beat"}


def load(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def entrypoint_roles() -> set[str]:
    """The `case` labels of docker/entrypoint.sh (the process kinds the image runs)."""
    labels = re.findall(r"^  ([a-z|]+)\)$", ENTRYPOINT.read_text(), flags=re.MULTILINE)
    return {role for label in labels for role in label.split("|")}


def builds_our_image(service: dict[str, Any]) -> bool:
    build = service.get("build")
    return isinstance(build, dict) and build.get("dockerfile") == "docker/Dockerfile"


def test_compose_files_match_the_compose_specification():
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(DEV),
            str(PROD),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_the_entrypoint_knows_every_process_kind():
    assert {"web", "worker", "beat", "migrate", "manage"} <= entrypoint_roles()


@pytest.mark.parametrize("path", [DEV, PROD], ids=["dev", "prod"])
def test_every_service_runs_something_that_exists(path: Path):
    services = load(path)["services"]
    dockerfile = (PROJECT_DIR / "docker" / "Dockerfile").read_text()
    stages = set(re.findall(r"^FROM \S+ AS (\S+)$", dockerfile, flags=re.MULTILINE))

    for name, service in services.items():
        if builds_our_image(service):
            assert service["build"]["context"] == "."
            assert service["build"]["target"] in stages, name
        if builds_our_image(service) and service["build"]["target"] == "runtime":
            command = service.get("command")
            assert isinstance(command, list), f"{name}: command must be a list"
            assert command[0] in entrypoint_roles(), f"{name}: unknown role {command[0]!r}"
            for test_command in [service.get("healthcheck", {}).get("test", [])]:
                for word in test_command:
                    if word.startswith("/app/"):
                        assert (PROJECT_DIR / word.removeprefix("/app/")).exists(), word
        elif not builds_our_image(service):
            image = service["image"]
            assert ":" in image, f"{name}: pin the image's tag ({image})"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (PROJECT_DIR / source).exists(), f"{name}: {source} does not exist"


def test_development_stack_has_the_whole_platform():
    compose = load(DEV)
    services = compose["services"]

    assert {"postgres", "redis", "web", "worker", "beat", "nginx", "mailpit"} <= set(services)
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    assert "--reload" in services["web"]["command"]  # autoreload on code changes
    assert set(compose["volumes"]) >= {"pgdata", "media"}
    nginx_mounts = {v.split(":")[0] for v in services["nginx"]["volumes"]}
    assert "./nginx/templates/innkeep-dev.conf.template" in nginx_mounts


def test_production_stack_is_hardened():
    compose = load(PROD)
    services = compose["services"]
    named_volumes = set(compose["volumes"])

    assert services["web"]["command"] == ["web"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["beat"]["deploy"]["replicas"] == 1
    for name, service in services.items():
        # No bind mounts: every volume is a named one declared below.
        for volume in service.get("volumes", []):
            assert volume.split(":", 1)[0] in named_volumes, f"{name}: {volume}"
        assert service["deploy"]["resources"]["limits"], name
        if name != "migrate":
            assert service["restart"] == "unless-stopped", name
            assert service["healthcheck"]["test"], name
    for name in APP_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert services[name]["environment"]["MIGRATE_ON_START"] == "false"


def test_production_secrets_come_only_from_the_environment():
    text = PROD.read_text()
    environment = load(PROD)["services"]["web"]["environment"]

    for secret in (
        "SECRET_KEY",
        "JWT_SIGNING_KEY",
        "DATABASE_URL",
        "POSTGRES_PASSWORD",
        "ROOT_DOMAIN",
    ):
        assert f"${{{secret}:?" in text, f"{secret} must be required from the environment"
    assert environment["SECRET_KEY"] == "${SECRET_KEY:?SECRET_KEY is required}"
    assert environment["JWT_SIGNING_KEY"] == "${JWT_SIGNING_KEY:?JWT_SIGNING_KEY is required}"
    assert environment["SENTRY_DSN"] == "${SENTRY_DSN:-}"


def documented_variables() -> set[str]:
    text = (PROJECT_DIR / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_env_example_documents_every_variable():
    read: set[str] = set()
    for settings_file in (PROJECT_DIR / "src" / "innkeep" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"', settings_file.read_text()))
    for path in (DEV, PROD):
        read |= set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", path.read_text()))
    for script in (PROJECT_DIR / "docker").iterdir():
        if script.suffix in {".py", ".sh"}:
            text = script.read_text()
            read |= set(re.findall(r'environ(?:\.get)?\(\s*"([A-Z][A-Z0-9_]*)"', text))
            read |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    for template in nginxconf.TEMPLATES.values():
        read |= nginxconf.template_variables(template)

    missing = read - documented_variables()
    assert not missing, f"add these to .env.example: {sorted(missing)}"
