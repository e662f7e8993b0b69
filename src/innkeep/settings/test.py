import os

from innkeep.core.secret_keys import TEST_JWT_SIGNING_KEY, TEST_SECRET_KEY

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, SIMPLE_JWT, env

DEBUG = False
ROOT_DOMAIN = "innkeep.test"
ALLOWED_HOSTS = [ROOT_DOMAIN, f".{ROOT_DOMAIN}", "testserver"]
PUBLIC_SCHEME = "http"
PUBLIC_PORT = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TENANT_POOL_SIZE = 0
# One Redis key space and queue per database and pytest-xdist worker, so test runs that share
# a Redis server never see each other's keys or tasks.
_run = f"{DATABASES['default']['NAME']}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
CACHES["default"]["KEY_PREFIX"] = f"test-{_run}"
CELERY_TASK_DEFAULT_QUEUE = f"innkeep-test-{_run}"
# Tests that commit events (races) would leave a relay message per commit in Redis for a worker
# that may never run; the tests of the wake-up turn it on (tests/events).
OUTBOX_WAKE_RELAY = env.bool("OUTBOX_WAKE_RELAY", default=False)
# Likewise each guest message's send task: the tests of sending turn it on (tests/notifications).
MESSAGES_SEND_AFTER_COMMIT = env.bool("MESSAGES_SEND_AFTER_COMMIT", default=False)
SECRET_KEY = env("SECRET_KEY", default=TEST_SECRET_KEY)
JWT_SIGNING_KEY = env("JWT_SIGNING_KEY", default=TEST_JWT_SIGNING_KEY)
SIMPLE_JWT = {**SIMPLE_JWT, "SIGNING_KEY": JWT_SIGNING_KEY}
# Throttles stay on (tests of throttling lower the rates themselves) but never get in the way.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "signup": "1000/minute",
        "password_reset": "1000/minute",
        "public_booking": "10000/minute",
        "public_reservation_lookup": "10000/minute",
    },
}

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
DEFAULT_FROM_EMAIL = f"Innkeep <no-reply@{ROOT_DOMAIN}>"
MESSAGES_FROM_EMAIL = f"bookings@{ROOT_DOMAIN}"
