"""The image's HEALTHCHECK: exit 0 when this container's process is ready, 1 otherwise.

The entrypoint writes the process kind to /tmp/innkeep-role:
- web: GET /readyz on gunicorn (PostgreSQL and Redis answer, the app serves requests);
- worker: the Celery worker of this container answers a ping over the broker;
- beat (and anything else): PostgreSQL and Redis answer (innkeep.core.health.readiness).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import urllib.error
import urllib.request

ROLE_FILE = os.environ.get("INNKEEP_ROLE_FILE", "/tmp/innkeep-role")  # noqa: S108
TIMEOUT = float(os.environ.get("HEALTHCHECK_TIMEOUT", "4"))


def role() -> str:
    try:
        with open(ROLE_FILE) as handle:
            return handle.read().strip() or "web"
    except OSError:
        return "web"


def check_web() -> tuple[bool, str]:
    port = os.environ.get("PORT", "8000")
    url = f"http://127.0.0.1:{port}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status == 200, response.read().decode()
    except urllib.error.HTTPError as exc:
        return False, exc.read().decode()
    except OSError as exc:
        return False, repr(exc)


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innkeep.settings.prod")
    import django

    django.setup()


def check_worker() -> tuple[bool, str]:
    _django()
    from innkeep.celery import app

    destination = f"celery@{socket.gethostname()}"
    replies = app.control.ping(destination=[destination], timeout=TIMEOUT)
    return bool(replies), json.dumps(replies)


def check_dependencies() -> tuple[bool, str]:
    _django()
    from innkeep.core.health import readiness

    ok, checks = readiness()
    return ok, json.dumps(checks)


def main() -> int:
    kind = role()
    check = {"web": check_web, "worker": check_worker}.get(kind, check_dependencies)
    ok, detail = check()
    print(f"{kind}: {'ok' if ok else 'unhealthy'} {detail}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
