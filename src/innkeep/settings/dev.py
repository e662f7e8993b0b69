from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
PUBLIC_SCHEME = env("PUBLIC_SCHEME", default="http")
PUBLIC_PORT = env.int("PUBLIC_PORT", default=8000)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
