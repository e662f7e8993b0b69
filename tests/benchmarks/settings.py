"""Settings of the gunicorn that the HTTP availability benchmark starts: production settings
(DEBUG off, JSON logs, Redis cache, throttling, every production middleware), with what a run
on loopback needs. The harness sets the environment: SECRET_KEY, DATABASE_URL (the bench
database), ROOT_DOMAIN, CACHE_KEY_PREFIX (its own Redis keys), PUBLIC_BOOKING_THROTTLE (high:
the throttle runs, with its Redis round trips, but never refuses), LOG_LEVEL=WARNING (no
line per request), STATIC_ROOT.
"""

from innkeep.settings.prod import *  # noqa: F403
from innkeep.settings.prod import ROOT_DOMAIN

# Plain HTTP on 127.0.0.1: no nginx in front to end TLS, so no redirect to HTTPS.
SECURE_SSL_REDIRECT = False
ALLOWED_HOSTS = [ROOT_DOMAIN, f".{ROOT_DOMAIN}"]
