"""Settings shared by every environment. Anything that differs between machines is read
from the environment (django-environ); dev/test/prod only change defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF

from innkeep.core.logging import logging_config
from innkeep.core.secret_keys import DEV_JWT_SIGNING_KEY, DEV_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent  # src/innkeep
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)

# The platform lives at ROOT_DOMAIN; hotel <sub> lives at <sub>.ROOT_DOMAIN.
ROOT_DOMAIN = env("ROOT_DOMAIN", default="localhost").lower()
# Scheme and port used when the platform writes absolute URLs (signup answers, emails).
PUBLIC_SCHEME = env("PUBLIC_SCHEME", default="https")
PUBLIC_PORT = env.int("PUBLIC_PORT", default=0)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[ROOT_DOMAIN, f".{ROOT_DOMAIN}"])
# Custom hotel domains are checked against the Domain table by the tenant middleware;
# they still need to be listed here (or ALLOWED_HOSTS=*) for Django to accept them.

SHARED_APPS = [
    "innkeep.tenancy",  # first: its migrate_schemas extends django-tenants' own
    "innkeep.core",
    "innkeep.accounts",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    # After the admin: its templates win over django-tenants' admin index and app list, which
    # colour apps with inline styles (refused by the Content-Security-Policy). Each of our two
    # admin sites shows only its own schema's models anyway.
    "django_tenants",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",  # staff list filters (innkeep.core.filters); no models
    "corsheaders",
    "csp",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "innkeep.web",
    "innkeep.demo",  # `innkeep seed_demo`; no models
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "innkeep.core",
    "innkeep.accounts",
    "innkeep.properties",
    "innkeep.rates",
    "innkeep.inventory",
    "innkeep.reservations",
    "innkeep.events",
    "innkeep.notifications",
    "rest_framework_simplejwt.token_blacklist",
]
INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenancy.Hotel"
TENANT_DOMAIN_MODEL = "tenancy.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "innkeep.urls_public"
ROOT_URLCONF = "innkeep.urls_tenant"
# The schema that `migrate_schemas` keeps current and new hotels are cloned from.
TENANT_TEMPLATE_SCHEMA = "tpl_hotel"
# How many ready-made hotel schemas to keep waiting for signups.
TENANT_POOL_SIZE = env.int("TENANT_POOL_SIZE", default=3)
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
# `SET search_path` once per schema switch and connection, not before every statement: it
# was 38% of a booking's database time (docs/benchmarks.md). Safe since django-tenants 4.0:
# it forgets the path after ROLLBACK and ROLLBACK TO SAVEPOINT, which revert a SET
# (tests/tenancy/test_search_path.py).
TENANT_LIMIT_SET_CALLS = True

MIDDLEWARE = [
    "innkeep.core.middleware.RequestIdMiddleware",
    "innkeep.core.logging.RequestLogMiddleware",
    # Outside everything that may answer (health, unknown hosts, static files, the app).
    "csp.middleware.CSPMiddleware",
    "innkeep.core.health.HealthCheckMiddleware",
    "innkeep.core.middleware.RequestSizeMiddleware",
    "innkeep.tenancy.middleware.HotelRoutingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "innkeep.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/innkeep")
}
DATABASES["default"]["ENGINE"] = "django_tenants.postgresql_backend"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL.rsplit("/", 1)[0] + "/1"),
        # Every key starts with the schema of the hotel it belongs to.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="innkeep"),
    }
}
# Seconds a process uses its copy of a hotel's catalogue, prices, rooms left or of the
# host -> hotel table at most, whatever Redis says (innkeep.core.versioned_cache): the
# longest a change can go unseen when Redis lost its version move.
CACHE_COPY_MAX_AGE = env.float("CACHE_COPY_MAX_AGE", default=30.0)

AUTH_USER_MODEL = "accounts.User"
# Email + password in the current schema; permissions come from the user's role.
AUTHENTICATION_BACKENDS = ["innkeep.accounts.backends.RoleBackend"]
PASSWORD_HASHERS = [
    "innkeep.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
# Both admin sites (innkeep.core.admin_sites) sign in through this form and change passwords
# through this view: the sign-in brakes and attempt log. Named here because they live in
# accounts, which core may not import.
ADMIN_LOGIN_FORM = "innkeep.accounts.forms.GuardedAdminAuthenticationForm"
ADMIN_PASSWORD_CHANGE_VIEW = "innkeep.accounts.forms.GuardedPasswordChangeView"  # noqa: S105

# Host-only cookies: a session made on one hotel's host is never sent to another.
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(PROJECT_DIR / ".data" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(PROJECT_DIR / ".data" / "media"))
STORAGES = {
    # Uploaded files land under MEDIA_ROOT/<schema>/: one folder a hotel.
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Proxies in front of gunicorn that write an X-Forwarded-For hop: the client address of
# every throttle, the sign-in guard, the request log and the sign-in history is that many
# hops from the right of the header (core/client_address.py). 0 ignores the header, which
# any client can send; production says 1 (nginx).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
# Request sizes (innkeep.core.request_limits). The whole body: a 5 MB room photo and its form
# fit; nginx's client_max_body_size (nginx/innkeep/site.conf) is the same number.
REQUEST_BODY_MAX_BYTES = 6 * 1024 * 1024
# Everything but uploaded files (a JSON body, form fields), read into memory; Django's defaults,
# stated because the answers past them are documented (docs/errors.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 100
# An upload larger than this is spooled to a temporary file (/tmp, a tmpfs in production).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "innkeep.accounts.openapi.AccessAwareAutoSchema",
    "EXCEPTION_HANDLER": "innkeep.core.exception_handler.api_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "innkeep.accounts.authentication.HotelJWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Every view states what it needs in `access`; a view that states nothing is closed.
    "DEFAULT_PERMISSION_CLASSES": ["innkeep.core.permissions.DeclaredAccess"],
    # JSON with a nesting limit (innkeep.core.parsers); forms as DRF reads them.
    "DEFAULT_PARSER_CLASSES": [
        "innkeep.core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "innkeep.core.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {
        "signup": env("SIGNUP_THROTTLE", default="20/hour"),
        "password_reset": env("PASSWORD_RESET_THROTTLE", default="10/hour"),
        "public_booking": env("PUBLIC_BOOKING_THROTTLE", default="300/minute"),
        # a confirmation code and an email guard a booking: few tries per client
        "public_reservation_lookup": env("PUBLIC_RESERVATION_LOOKUP_THROTTLE", default="20/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Our throttles read NUM_PROXIES above (core/client_address.py); DRF's own reading of
    # X-Forwarded-For gets the same number, so no DRF default ever trusts more hops.
    "NUM_PROXIES": NUM_PROXIES,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Innkeep API",
    "DESCRIPTION": (
        "Multi-tenant hotel platform. The platform API (signup) lives on the root domain; "
        "each hotel's API lives on `https://<subdomain>.<root domain>/api/v1/`.\n\n"
        "Every error has one shape: "
        '`{"error": {"code": "UPPER_SNAKE", "message": "...", "details": {...}}}`; '
        "validation errors use `VALIDATION_ERROR` with `details.fields`. "
        "The list of codes is in `docs/errors.md`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # ReDoc's default fonts come from Google Fonts; the docs load nothing from another host.
    "REDOC_UI_SETTINGS": {
        "theme": {
            "typography": {
                "fontFamily": "system-ui, sans-serif",
                "headings": {"fontFamily": "system-ui, sans-serif"},
            }
        }
    },
    "COMPONENT_SPLIT_REQUEST": True,
    # Catalogue and rates choice sets appear under several field names (a room's
    # housekeeping_status, the housekeeping endpoint's status...): one name each.
    "ENUM_NAME_OVERRIDES": {
        "HousekeepingStatusEnum": "innkeep.properties.models.HousekeepingStatus",
        "ExtraPricingEnum": "innkeep.properties.models.ExtraPricing",
        "MealPlanEnum": "innkeep.rates.models.MealPlan",
        "GuaranteeEnum": "innkeep.rates.models.Guarantee",
        "CancellationFeeEnum": "innkeep.rates.models.CancellationFee",
        "TaxKindEnum": "innkeep.rates.models.TaxKind",
        "PromoKindEnum": "innkeep.rates.models.PromoKind",
        "ReservationStatusEnum": "innkeep.reservations.models.ReservationStatus",
        "ReservationSourceEnum": "innkeep.reservations.models.ReservationSource",
        "CancelReasonEnum": "innkeep.reservations.models.CancelReason",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "innkeep.accounts.openapi.add_role_table",
    ],
}

# Celery: Redis broker; every task carries the schema it was sent from.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = "innkeep"
CELERY_IMPORTS = ("innkeep.core.mail",)
# emit() sends the outbox relay after commit; beat's sweep delivers what a lost wake-up left.
OUTBOX_WAKE_RELAY = env.bool("OUTBOX_WAKE_RELAY", default=True)
# Guest messages (docs/messages.md): each queued message is sent by its own task after commit.
MESSAGES_SEND_AFTER_COMMIT = env.bool("MESSAGES_SEND_AFTER_COMMIT", default=True)
CELERY_TIMEZONE = "UTC"

# JWTs have their own key (production requires it and refuses SECRET_KEY's value): a leaked
# or rotated one ends every API token without touching admin sessions, and the reverse.
JWT_SIGNING_KEY = env("JWT_SIGNING_KEY", default=DEV_JWT_SIGNING_KEY)
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=14)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    # Tokens carry a digest of the password hash: a password change revokes them all.
    "CHECK_REVOKE_TOKEN": True,
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# Sign-in protection: the token endpoint, the admin login and password changes (docs/roles.md,
# accounts/login_guard.py). Nothing locks an account: failures delay the next try, and the
# delays expire by themselves.
LOGIN_LIMIT_PER_IP = (env.int("LOGIN_LIMIT_PER_IP", default=30), 300)  # attempts, seconds
# Wrong passwords for one account from one address: this many are free, then each one makes
# that address wait before its next try for that account, doubling from 1 s up to the cap.
LOGIN_FREE_FAILURES = env.int("LOGIN_FREE_FAILURES", default=5)
LOGIN_DELAY_MAX = env.int("LOGIN_DELAY_MAX", default=900)  # seconds
# Wrong passwords for one account from every address (many addresses at once): the same,
# for every address, with a small cap: an attacker can make staff wait, never keep them out.
LOGIN_ACCOUNT_FREE_FAILURES = env.int("LOGIN_ACCOUNT_FREE_FAILURES", default=20)
LOGIN_ACCOUNT_DELAY_MAX = env.int("LOGIN_ACCOUNT_DELAY_MAX", default=60)  # seconds
# Failures are forgotten this long after the last one.
LOGIN_FAILURES_KEPT = env.int("LOGIN_FAILURES_KEPT", default=3600)  # seconds

INVITATION_TTL = timedelta(days=7)
PASSWORD_RESET_TTL = timedelta(hours=1)
EMAIL_VERIFICATION_TTL = timedelta(days=7)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default=f"Innkeep <no-reply@{ROOT_DOMAIN}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Providers through django-anymail: EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend and
# ANYMAIL='{"MAILGUN_API_KEY": "..."}' (JSON). SMTP needs only EMAIL_HOST/PORT/USER/PASSWORD.
ANYMAIL = env.json("ANYMAIL", default={})
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 10
EMAIL_SUBJECT_PREFIX = "[Innkeep] "
# Guest messages go out From "<hotel name> <this address>", Reply-To the hotel's own address
# (docs/messages.md); the platform's domain is the one whose SPF/DKIM the provider signs for.
MESSAGES_FROM_EMAIL = env("MESSAGES_FROM_EMAIL", default=f"bookings@{ROOT_DOMAIN}")

# CORS for browser apps calling the API from other origins (none by default).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOWED_ORIGIN_REGEXES = env.list("CORS_ALLOWED_ORIGIN_REGEXES", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_HEADERS = (
    "accept",
    "authorization",
    "content-type",
    "idempotency-key",
    "x-request-id",
)
CORS_EXPOSE_HEADERS = ("x-request-id", "retry-after", "idempotent-replayed")

# Security headers on every response.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp) on every response: everything comes from the page's own
# origin; a script is a file from there or inline with the request's nonce
# (`nonce="{{ request.csp_nonce }}"`: the header names the nonce only on a page that used it).
# Nothing frames a page, no plugin runs, forms post to the page's own origin. Pages that need
# more say so themselves (innkeep.core.docs_views, the signup page); docs/operations.md.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

SIGNUP_TRIAL_DAYS = env.int("SIGNUP_TRIAL_DAYS", default=30)
IDEMPOTENCY_KEY_TTL_HOURS = 24
# How long a request holds its key before a retry may take it over: longer than the longest
# request may live (gunicorn's timeout, 60 s by default), so a live request never loses it.
IDEMPOTENCY_LEASE_SECONDS = env.int("IDEMPOTENCY_LEASE_SECONDS", default=90)

LOG_LEVEL = env("LOG_LEVEL", default="INFO")
# "plain": readable lines (development); "json": one JSON object a line (production default).
# Every line carries the request id and tenant schema; see innkeep.core.logging.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)
