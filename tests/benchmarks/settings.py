"""Settings of the gunicorn that the HTTP benchmarks start (availability searches, bookings):
production settings (DEBUG off, JSON logs, Redis cache, throttling, every production
middleware), with what a run on loopback needs. The harness sets the environment:
SECRET_KEY, DATABASE_URL (the bench database), ROOT_DOMAIN, CACHE_KEY_PREFIX (its own Redis
keys), BENCH_CELERY_QUEUE (its own broker queue), LOG_LEVEL=WARNING (no line per request),
STATIC_ROOT.
"""

import os

from innkeep.settings.prod import *  # noqa: F403
from innkeep.settings.prod import REST_FRAMEWORK, ROOT_DOMAIN

# Plain HTTP on 127.0.0.1: no nginx in front to end TLS, so no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = [ROOT_DOMAIN, f".{ROOT_DOMAIN}"]

# The public throttles are lifted here, for the bench only: they still run on every request
# (a Redis INCR per client address and window, as in production), but at this rate they
# never refuse, so a figure measures the search or the booking, not the limit. The bench
# spreads its requests over 4,096 client addresses (X-Forwarded-For, one proxy trusted).
LIFTED_RATE = "1000000/minute"
REST_FRAMEWORK = {
    **REST_FRAMEWORK,
    "DEFAULT_THROTTLE_RATES": {
        **REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
        "public_booking": LIFTED_RATE,
        "public_reservation_lookup": LIFTED_RATE,
    },
}

# Each booking wakes the outbox relay after commit: a message to the broker (Redis), as in
# production, but into the bench's own queue, which no worker reads and the harness deletes.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "innkeep-bench")
