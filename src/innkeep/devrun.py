"""`make run`: from a fresh clone to a running platform with a demo hotel.

Steps, one function each: find PostgreSQL, find Redis (or do without), migrate, seed the demo
hotel, then serve (web server, plus a Celery worker with beat when Redis is there) until
Ctrl-C. A second run keeps the data and is quick: migrate and seed_demo are no-ops by then.

Environment: DATABASE_URL and REDIS_URL win when set. PORT (default 8000) is the web port.
INNKEEP_PG_PORT / INNKEEP_REDIS_PORT (default 5432 / 6379) say where on 127.0.0.1 to look.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_DIR / ".data"
DB_NAME = "innkeep"
LOCAL_HOST = "127.0.0.1"
SETTINGS_DEFAULT_DATABASE_URL = f"postgres://postgres@{LOCAL_HOST}:5432/{DB_NAME}"  # base.py
# Keep in sync with innkeep.demo.management.commands.seed_demo (a test checks it).
DEMO_SUBDOMAIN = "demo"
DEMO_OWNER_EMAIL = "owner@demo.test"
DEMO_OWNER_PASSWORD = "demo-Owner-2027"  # noqa: S105 - documented demo credentials
STOP_TIMEOUT = 10.0


@dataclass(frozen=True)
class Database:
    url: str
    description: str


def say(message: str) -> None:
    print(f"[innkeep] {message}", flush=True)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    """True when something accepts TCP connections on host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def safe_url(url: str) -> str:
    """The URL with its password hidden, for printing."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


# --- PostgreSQL -------------------------------------------------------------------------


def local_postgres_url(port: int) -> str | None:
    """The URL of database `innkeep` on 127.0.0.1:port, if a server answers there."""
    if not port_open(LOCAL_HOST, port):
        return None
    return f"postgres://postgres@{LOCAL_HOST}:{port}/{DB_NAME}"


def start_embedded_postgres() -> Database:
    """A PostgreSQL 16 (the `pgserver` wheel) with its data in .data/pg/, listening on a Unix
    socket only. It stops when this process exits; the data stays."""
    try:
        with warnings.catch_warnings():  # "XDG_RUNTIME_DIR is not set": harmless here
            warnings.simplefilter("ignore")
            import pgserver
    except ImportError:
        raise SystemExit(
            "No PostgreSQL found (DATABASE_URL unset, nothing on 127.0.0.1) and the `pgserver` "
            'package is missing: pip install -e ".[embedded-db]", or start PostgreSQL.'
        ) from None
    DATA_DIR.mkdir(exist_ok=True)
    server = pgserver.get_server(DATA_DIR / "pg", cleanup_mode="stop")
    return Database(
        url=server.get_uri(DB_NAME), description=f"embedded PostgreSQL, data in {DATA_DIR / 'pg'}"
    )


def find_database(env: Mapping[str, str] = os.environ) -> Database:
    """DATABASE_URL if set; else 127.0.0.1:INNKEEP_PG_PORT (5432) if it answers; else an
    embedded server."""
    if env.get("DATABASE_URL"):
        return Database(url=env["DATABASE_URL"], description="DATABASE_URL")
    port = int(env.get("INNKEEP_PG_PORT", "5432"))
    url = local_postgres_url(port)
    if url is not None:
        return Database(url=url, description=f"PostgreSQL on {LOCAL_HOST}:{port}")
    return start_embedded_postgres()


def database_name(url: str) -> str:
    import environ

    return str(environ.Env.db_url_config(url)["NAME"])


def ensure_database(url: str) -> bool:
    """Create the database the URL names when it is missing. True when it was created."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        **config.get("OPTIONS", {}),
    }
    params = {k: v for k, v in params.items() if v is not None}
    name = config["NAME"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return True


# --- Redis ------------------------------------------------------------------------------


def redis_available(url: str, timeout: float = 0.5) -> bool:
    """True when a Redis server answers PING at `url`."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False
    finally:
        client.close()


def find_redis(env: Mapping[str, str] = os.environ) -> str | None:
    """REDIS_URL if set; else 127.0.0.1:INNKEEP_REDIS_PORT (6379) if Redis answers; else None."""
    if env.get("REDIS_URL"):
        return env["REDIS_URL"]
    url = f"redis://{LOCAL_HOST}:{int(env.get('INNKEEP_REDIS_PORT', '6379'))}/0"
    return url if redis_available(url) else None


# --- Child processes --------------------------------------------------------------------


def child_env(
    *, database_url: str, redis_url: str | None, port: int, base: Mapping[str, str] = os.environ
) -> dict[str, str]:
    """The environment of every child: `base` (ours) plus what was found."""
    env = dict(base)
    env.update(
        DJANGO_SETTINGS_MODULE="innkeep.settings.dev",
        DATABASE_URL=database_url,
        PYTHONUNBUFFERED="1",
    )
    env.setdefault("PUBLIC_PORT", str(port))  # absolute URLs in pages and emails
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        # No broker: tasks run in the process that sends them; the cache lives in memory.
        env.update(CELERY_TASK_ALWAYS_EAGER="true", CACHE_URL="locmemcache://")
    return env


def innkeep(*args: str) -> list[str]:
    return [sys.executable, "-m", "innkeep", *args]


def run_step(title: str, command: list[str], env: dict[str, str]) -> None:
    say(f"{title}: {' '.join(command[2:])}")
    result = subprocess.run(command, env=env, cwd=PROJECT_DIR, check=False)  # noqa: S603
    if result.returncode != 0:
        raise SystemExit(f"{title} failed (exit {result.returncode}).")


def migrate(env: dict[str, str]) -> None:
    run_step("Migrating", innkeep("migrate", "--noinput"), env)
    run_step("Scheduling periodic tasks", innkeep("setup_periodic_tasks"), env)


def seed(env: dict[str, str]) -> None:
    run_step("Seeding", innkeep("seed_demo"), env)


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    # A session of its own: Ctrl-C reaches us only, and we stop each child's whole group
    # (runserver's autoreloader, Celery's pool processes) in order.
    return subprocess.Popen(command, env=env, cwd=PROJECT_DIR, start_new_session=True)  # noqa: S603


def start_services(
    env: dict[str, str], *, port: int, with_worker: bool
) -> dict[str, subprocess.Popen[bytes]]:
    services = {"web": start(innkeep("runserver", f"0.0.0.0:{port}"), env)}
    if with_worker:
        worker = [sys.executable, "-m", "celery", "-A", "innkeep", "worker", "-B", "-l", "info"]
        worker += ["--concurrency", "2"]
        worker += ["--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"]
        services["worker"] = start(worker, env)
    return services


def stop_services(services: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in services.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for name, process in services.items():
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in {STOP_TIMEOUT:.0f}s; killing it.")
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def stop_requested() -> threading.Event:
    """An event that SIGINT (Ctrl-C) and SIGTERM set from now on."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    return stop


def wait_for_stop(services: dict[str, subprocess.Popen[bytes]], stop: threading.Event) -> int:
    """Block until a stop is requested or a service dies. Returns the exit code to use."""
    while not stop.wait(0.5):
        for name, process in services.items():
            if process.poll() is not None:
                say(f"{name} exited with code {process.returncode}; stopping.")
                return 1
    return 0


def print_urls(*, port: int, database_url: str, with_worker: bool) -> None:
    root = os.environ.get("ROOT_DOMAIN", "localhost")
    platform = f"http://{root}:{port}"
    innkeep_command = ".venv/bin/innkeep"
    if database_url != SETTINGS_DEFAULT_DATABASE_URL:
        innkeep_command = f"DATABASE_URL='{database_url}' {innkeep_command}"
    hotel = f"http://{DEMO_SUBDOMAIN}.{root}:{port}"
    lines = [
        "",
        "Innkeep is running. Ctrl-C stops everything.",
        f"  Platform:         {platform}/",
        f"  Demo hotel:       {hotel}/",
        f"  Demo hotel admin: {hotel}/admin/  ({DEMO_OWNER_EMAIL} / {DEMO_OWNER_PASSWORD})",
        f"  API docs:         {platform}/api/docs/  and  {hotel}/api/docs/",
        f"  Platform admin:   {platform}/admin/",
        f"    create an operator: {innkeep_command} createsuperuser",
        "  Celery:           "
        + ("worker + beat running" if with_worker else "no Redis, tasks run in-process"),
        "",
    ]
    print("\n".join(lines), flush=True)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # so atexit handlers (embedded PostgreSQL) still run


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    port = int(os.environ.get("PORT", "8000"))
    database = find_database()
    if ensure_database(database.url):
        say(f"Created database {database_name(database.url)!r}.")
    say(f"PostgreSQL: {database.description} ({safe_url(database.url)})")
    redis_url = find_redis()
    if redis_url:
        say(f"Redis: {safe_url(redis_url)} (cache, Celery broker; worker + beat will run)")
    else:
        say("Redis: none found; Celery tasks run in-process (eager) and the cache is in memory.")
    env = child_env(database_url=database.url, redis_url=redis_url, port=port)
    migrate(env)
    seed(env)
    stop = stop_requested()
    services = start_services(env, port=port, with_worker=redis_url is not None)
    print_urls(port=port, database_url=database.url, with_worker=redis_url is not None)
    try:
        code = wait_for_stop(services, stop)
    finally:
        say("Stopping...")
        stop_services(services)
    say("Stopped.")
    return code


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
