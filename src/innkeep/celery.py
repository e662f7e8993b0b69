"""Celery application. Built on tenant-schemas-celery: a task sent while a hotel's schema is
active carries that schema in its headers and the worker switches to it before running."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innkeep.settings.dev")

app = CeleryApp("innkeep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
