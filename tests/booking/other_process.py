"""Another web process, for tests of what every process keeps in memory: it answers the
public availability API through Django's test client, on the test database and the test
run's Redis keys, with a clock of its own that the test moves.

    python -m tests.booking.other_process     (DATABASE_URL and INNKEEP_KEY_PREFIX set)

One JSON request per line on stdin, one JSON answer per line on stdout:
    {"get": "/api/v1/public/availability/?...", "host": "x.innkeep.test"}
        -> {"status": 200, "body": {...}}
    {"advance": 30.0}  (seconds, on this process's clock)  -> {"now": 1030.0}
"""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "innkeep.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from innkeep.core import clock

    # the test run's keys: the versions the test process moves are the ones read here
    settings.CACHES["default"]["KEY_PREFIX"] = os.environ["INNKEEP_KEY_PREFIX"]
    now = [1000.0]
    clock.monotonic = lambda: now[0]  # type: ignore[assignment]
    client = Client()
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        asked = json.loads(line)
        if "advance" in asked:
            now[0] += asked["advance"]
            answer = {"now": now[0]}
        else:
            response = client.get(asked["get"], HTTP_HOST=asked["host"])
            answer = {"status": response.status_code, "body": response.json()}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
