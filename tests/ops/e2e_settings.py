"""Settings of the gunicorn that the end-to-end nginx test starts: the test settings, plus one
custom hotel domain (production derives ALLOWED_HOSTS from CUSTOM_DOMAINS the same way),
production's one proxy (nginx) and a sign-in limit per address that a test can reach."""

from innkeep.settings.test import *  # noqa: F403
from innkeep.settings.test import ALLOWED_HOSTS

CUSTOM_DOMAIN = "alpine-lodge.example"
ALLOWED_HOSTS = [*ALLOWED_HOSTS, CUSTOM_DOMAIN]
NUM_PROXIES = 1
LOGIN_LIMIT_PER_IP = (3, 300)
# As production: nginx says the request came over HTTPS, so CSRF checks https:// origins.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
