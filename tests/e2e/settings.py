"""Settings of the gunicorn that the browser tests start: the test settings on ROOT_DOMAIN
localhost (browsers resolve localhost and *.localhost to the loopback and treat them as secure
origins, as in development), with the port in the absolute URLs the app writes."""

import os

from innkeep.settings.test import *  # noqa: F403

ROOT_DOMAIN = "localhost"
ALLOWED_HOSTS = [ROOT_DOMAIN, f".{ROOT_DOMAIN}"]
PUBLIC_PORT = int(os.environ["INNKEEP_E2E_PORT"])
DEFAULT_FROM_EMAIL = f"Innkeep <no-reply@{ROOT_DOMAIN}>"
