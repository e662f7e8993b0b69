"""Task base classes and idempotency-record housekeeping.

tenant-schemas-celery puts the schema that was active when a task was sent into the message
headers (`_schema_name`), and the worker switches its connection to that schema before the
task runs. Two base classes make the schema a task may run in explicit:

- `HotelTask`: reads or writes one hotel's data. It refuses to run in `public` (sent from the
  platform, sent without a schema, or for a schema that is not a hotel) instead of quietly
  touching platform tables.
- `PlatformTask`: works on the platform (public schema). It refuses to run inside a hotel.

Both retry database hiccups with exponential backoff; time limits come from the settings
(CELERY_TASK_TIME_LIMIT / CELERY_TASK_SOFT_TIME_LIMIT) unless a task sets tighter ones.
See docs/async.md.
"""

from __future__ import annotations

from typing import Any

from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.app import get_schema_name_from_task

from innkeep.celery import app
from innkeep.core.models import IdempotencyRecord
from innkeep.core.tenants import current_schema


class TenantRequiredError(RuntimeError):
    """A hotel task was about to run without a hotel schema."""


class PlatformOnlyError(RuntimeError):
    """A platform task was about to run inside a hotel's schema."""


class _InnkeepTask(app.Task):  # type: ignore[name-defined,misc]
    abstract = True
    # Transient database trouble (restart, failover, dropped connection): try again later.
    # Everything else fails at once and is reported.
    autoretry_for = (OperationalError, InterfaceError)
    retry_backoff = 5  # seconds: 5, 10, 20, 40, 80 (+ jitter)
    retry_backoff_max = 600
    retry_jitter = True
    retry_kwargs = {"max_retries": 5}

    def _sent_for_schema(self) -> str | None:
        return get_schema_name_from_task(self, {})


class HotelTask(_InnkeepTask):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if current_schema() == get_public_schema_name():
            sent_for = self._sent_for_schema()
            if sent_for and sent_for != get_public_schema_name():
                detail = f"was sent for schema {sent_for!r}, which is not a hotel"
            else:
                detail = "was sent without one"
            raise TenantRequiredError(f"Task {self.name} needs a hotel schema but {detail}.")
        return super().__call__(*args, **kwargs)


class PlatformTask(_InnkeepTask):
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if current_schema() != get_public_schema_name():
            raise PlatformOnlyError(
                f"Task {self.name} works on the platform but was sent from hotel schema "
                f"{current_schema()!r}."
            )
        return super().__call__(*args, **kwargs)


def purge_expired_idempotency_records() -> int:
    """Delete the Idempotency-Key records of the current schema that have expired (a request
    retried after `expires_at` is treated as new anyway). Returns how many were deleted."""
    deleted, _ = IdempotencyRecord.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


@app.task(
    base=HotelTask, name="core.purge_idempotency_records", time_limit=120, soft_time_limit=100
)
def purge_idempotency_records() -> int:
    """One hotel's expired idempotency records. Beat runs it for every hotel through
    `tenancy.fan_out`."""
    return purge_expired_idempotency_records()


@app.task(
    base=PlatformTask,
    name="core.purge_platform_idempotency_records",
    time_limit=120,
    soft_time_limit=100,
)
def purge_platform_idempotency_records() -> int:
    """The platform's (public schema: signup) expired idempotency records."""
    return purge_expired_idempotency_records()
