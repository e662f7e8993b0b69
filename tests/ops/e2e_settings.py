"""Settings of the gunicorn that the end-to-end nginx test starts: the test settings, plus one
custom hotel domain (production derives ALLOWED_HOSTS from CUSTOM_DOMAINS the same way)."""

from innkeep.settings.test import *  # noqa: F403
from innkeep.settings.test import ALLOWED_HOSTS

CUSTOM_DOMAIN = "alpine-lodge.example"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, CUSTOM_DOMAIN]
