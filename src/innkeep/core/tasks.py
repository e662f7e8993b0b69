"""Task base classes and the tenant-aware probe task.

tenant-schemas-celery switches the worker's connection to the schema a task was sent from.
A task that reads or writes hotel data must not quietly run in `public` when it was sent
without a hotel: `HotelTask` refuses to run there.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django_tenants.utils import get_public_schema_name

from innkeep.celery import app


class TenantRequiredError(RuntimeError):
    """A hotel task ran without a hotel schema."""


class HotelTask(app.Task):  # type: ignore[name-defined,misc]
    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if connection.schema_name == get_public_schema_name():
            raise TenantRequiredError(
                f"Task {self.name} needs a hotel schema but was sent without one."
            )
        return super().__call__(*args, **kwargs)


@app.task(base=HotelTask, name="core.schema_probe", time_limit=30)
def schema_probe() -> dict[str, Any]:
    """Which schema did the worker run this in, and whose hotel profile does it see?
    Used by `innkeep check_workers` and the tests to prove tasks keep their hotel."""
    from innkeep.properties.models import HotelProfile

    profile = HotelProfile.objects.first()
    return {"schema": connection.schema_name, "hotel_name": profile.name if profile else None}
