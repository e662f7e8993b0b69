"""Production: behind nginx (TLS ends there), JSON logs, Sentry when SENTRY_DSN is set.

Every value comes from the environment; `.env.example` lists them all. `innkeep check --deploy`
passes with these settings (tests/core/test_deploy_checks.py).
"""

from innkeep.core.logging import logging_config
from innkeep.core.secret_keys import production_key
from innkeep.core.sentry import init_sentry

from .base import *  # noqa: F403
from .base import LOG_LEVEL, ROOT_DOMAIN, SIMPLE_JWT, env

DEBUG = False
# Both keys are required, each its own, none of the published development or test ones: a
# server given such a key refuses to start (ImproperlyConfigured) instead of signing cookies
# and tokens anyone could forge.
SECRET_KEY = production_key("SECRET_KEY", env("SECRET_KEY", default=""))
JWT_SIGNING_KEY = production_key(
    "JWT_SIGNING_KEY", env("JWT_SIGNING_KEY", default=""), differs_from={"SECRET_KEY": SECRET_KEY}
)
SIMPLE_JWT = {**SIMPLE_JWT, "SIGNING_KEY": JWT_SIGNING_KEY}
PUBLIC_SCHEME = env("PUBLIC_SCHEME", default="https")

# Hosts: the platform, every hotel subdomain, and hotels' own domains (CUSTOM_DOMAINS, comma
# separated). A custom domain must also be a Domain row (see docs/operations.md).
CUSTOM_DOMAINS = [
    domain.strip().lower().rstrip(".")
    for domain in env.list("CUSTOM_DOMAINS", default=[])
    if domain.strip()
]
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[ROOT_DOMAIN, f".{ROOT_DOMAIN}", *CUSTOM_DOMAINS])
# A form posted to a hotel (or the platform) is trusted from that same origin only: Django
# compares Origin (or, over HTTPS without it, Referer) with the request's own scheme and Host,
# so each hotel's subdomain and custom domains need no entry here. An entry is trusted on
# every host: `https://*.ROOT_DOMAIN` would let any hotel's pages post to every other hotel.
# List only other origins that must post to every site (none by default).
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# TLS ends at nginx, which sets X-Forwarded-Proto (and overwrites whatever the client sent).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading HSTS binds every subdomain of ROOT_DOMAIN to HTTPS for years: an operator's
# decision (SECURE_HSTS_PRELOAD=true), not a default; until then the reminder is silenced.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Client addresses: nginx is the one proxy in front of gunicorn and overwrites
# X-Forwarded-For with its client (behind a load balancer, nginx's real_ip module makes
# that client the real one: still 1; see docs/operations.md).
NUM_PROXIES = env.int("NUM_PROXIES", default=1)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": NUM_PROXIES}  # noqa: F405

# Static files are collected into the image at build time; nginx serves them from its own
# copy, whitenoise from this one. Hashed names let both cache them for a year.
STATIC_ROOT = env("STATIC_ROOT", default="/app/static")
MEDIA_ROOT = env("MEDIA_ROOT", default="/app/media")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: SMTP (EMAIL_HOST, EMAIL_PORT, ... in base) or a provider through django-anymail.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")

# Hotels are migrated in parallel by `innkeep migrate --executor multiprocessing`.
TENANT_MULTIPROCESSING_MAX_PROCESSES = env.int("MIGRATION_PROCESSES", default=4)
TENANT_MULTIPROCESSING_CHUNKS = env.int("MIGRATION_CHUNKS", default=4)

# One JSON object a line (stderr, collected by Docker): request id, tenant, user id, latency.
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)
# Celery workers log through LOGGING too, instead of replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Errors to Sentry (off without SENTRY_DSN); no personal data is sent.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        release=env("SENTRY_RELEASE", default="") or None,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
