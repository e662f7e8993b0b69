"""The image, checked without a Docker engine: the Dockerfile's stages read right, and its
entrypoint really runs (the `migrate` role, against the test database, with django-tenants'
multiprocessing executor), as do its start-up helpers and health check."""

from __future__ import annotations

import importlib.util
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.db import connections

from tests.ops import nginxconf
from tests.ops.conftest import database_url_of_tests

PROJECT_DIR = nginxconf.PROJECT_DIR
DOCKERFILE = PROJECT_DIR / "docker" / "Dockerfile"
ENTRYPOINT = PROJECT_DIR / "docker" / "entrypoint.sh"
BEAT_TABLES = {  # table: primary key, tasks first (they point at the schedules)
    "django_celery_beat_periodictask": "id",
    "django_celery_beat_periodictasks": "ident",
    "django_celery_beat_intervalschedule": "id",
    "django_celery_beat_crontabschedule": "id",
}

pytestmark = pytest.mark.django_db


def stages() -> dict[str, str]:
    """Dockerfile stage name -> its text."""
    text = DOCKERFILE.read_text()
    parts = re.split(r"^(FROM \S+ AS \S+)$", text, flags=re.MULTILINE)
    return {
        header.split()[-1]: header + body
        for header, body in zip(parts[1::2], parts[2::2], strict=True)
    }


def bootstrap() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "innkeep_bootstrap", PROJECT_DIR / "docker" / "bootstrap.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_image_is_multi_stage_slim_and_non_root():
    found = stages()
    runtime = found["runtime"]

    assert list(found) == ["build", "static", "nginx", "runtime"]  # runtime: the default target
    assert "build-essential" in found["build"]
    for forbidden in ("apt-get install", "build-essential", "gcc", "pip install"):
        assert forbidden not in runtime, forbidden
    assert re.search(r"^USER innkeep:innkeep$", runtime, flags=re.MULTILINE)
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in runtime
    assert 'CMD ["web"]' in runtime
    assert 'CMD ["python", "/app/docker/healthcheck.py"]' in runtime
    assert "HEALTHCHECK" in found["nginx"]
    assert "DJANGO_SETTINGS_MODULE=innkeep.settings.prod" in found["static"]
    assert "collectstatic --noinput" in found["static"]
    assert "COPY --from=static /app/static" in runtime
    assert "COPY --from=static /app/static /srv/innkeep/static" in found["nginx"]


def test_everything_the_dockerfile_copies_is_in_the_build_context():
    ignored = (PROJECT_DIR / ".dockerignore").read_text().splitlines()
    allowed = {line[1:].rstrip("/") for line in ignored if line.startswith("!")}
    sources = re.findall(r"^COPY (?!--from)(.+) \S+$", DOCKERFILE.read_text(), flags=re.MULTILINE)

    for source in (s for line in sources for s in line.split()):
        assert (PROJECT_DIR / source).exists(), source
        assert source.split("/")[0] in allowed, f"{source} is excluded by .dockerignore"
    assert os.access(ENTRYPOINT, os.X_OK)
    subprocess.run(["sh", "-n", str(ENTRYPOINT)], check=True)


def test_production_static_files_collect_with_hashed_names(tmp_path: Path):
    """What the image's `static` stage runs."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.prod",
        # throwaway keys, as the image makes them: production refuses a published one
        "SECRET_KEY": secrets.token_urlsafe(64),
        "JWT_SIGNING_KEY": secrets.token_urlsafe(64),
        "ROOT_DOMAIN": "build.invalid",
        "STATIC_ROOT": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "innkeep", "collectstatic", "--noinput", "--verbosity", "0"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list((tmp_path / "admin" / "css").glob("base.*.css.gz"))


@pytest.fixture
def beat_rows_restored() -> Iterator[None]:
    """The entrypoint commits beat's schedule into the test database; put it back as it was
    (on a connection of its own: the test's transaction would roll the cleanup back)."""
    own = connections.create_connection("default")
    try:
        with own.cursor() as cursor:
            before = {}
            for table, key in BEAT_TABLES.items():
                cursor.execute(f"SELECT {key} FROM public.{table}")
                before[table] = [row[0] for row in cursor.fetchall()]
        yield
        with own.cursor() as cursor:
            for table, key in BEAT_TABLES.items():
                cursor.execute(
                    f"DELETE FROM public.{table} WHERE NOT ({key} = ANY(%s))", [before[table]]
                )
    finally:
        own.close()


def test_the_migrate_role_migrates_every_hotel_in_parallel(tmp_path: Path, beat_rows_restored):
    role_file = tmp_path / "role"
    environment = {
        **os.environ,
        "APP_DIR": str(PROJECT_DIR),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.test",
        "DATABASE_URL": database_url_of_tests(),
        "MIGRATE_FORCE": "true",
        "MIGRATION_EXECUTOR": "multiprocessing",
        "INNKEEP_ROLE_FILE": str(role_file),
        "WAIT_TIMEOUT": "10",
    }

    result = subprocess.run(
        [str(ENTRYPOINT), "migrate"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,
        check=False,
    )

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert role_file.read_text().strip() == "migrate"
    assert "database and redis are up" in output
    assert "migrating: public schema, hotels (multiprocessing executor)" in output
    assert "multiprocessing:hotel_alpine" in output
    assert "multiprocessing:hotel_bayview" in output


def test_migrate_is_quick_when_nothing_is_pending():
    module = bootstrap()

    assert module.pending_migrations("public") == []
    assert module.pending_migrations("tpl_hotel") == []
    assert module.pending_migrations("no_such_schema") == ["<schema missing>"]
    assert module.migrations_pending() is False


def test_waiting_gives_up_naming_what_is_down():
    module = bootstrap()

    def down() -> None:
        raise ConnectionRefusedError

    with pytest.raises(SystemExit, match="redis unreachable"):
        module.wait_for({"redis": down}, timeout=0.2, interval=0.05)


def test_the_healthcheck_of_beat_checks_its_dependencies(tmp_path: Path):
    (tmp_path / "role").write_text("beat\n")
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.test",
        "DATABASE_URL": database_url_of_tests(),
        "INNKEEP_ROLE_FILE": str(tmp_path / "role"),
    }

    result = subprocess.run(
        [sys.executable, str(PROJECT_DIR / "docker" / "healthcheck.py")],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("beat: ok")
