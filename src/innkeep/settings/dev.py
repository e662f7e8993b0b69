from .base import *  # noqa: F403
from .base import CACHES, env

DEBUG = env.bool("DEBUG", default=True)
PUBLIC_SCHEME = env("PUBLIC_SCHEME", default="http")
PUBLIC_PORT = env.int("PUBLIC_PORT", default=8000)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")

# Static files come straight from the apps (no collectstatic outside production).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# CACHE_URL may be any django-environ cache URL; `make run` sets CACHE_URL=locmemcache:// when
# there is no Redis. The key function and prefix stay: keys are still prefixed per schema.
if env("CACHE_URL", default=""):
    CACHES = {"default": {**CACHES["default"], **env.cache("CACHE_URL")}}
