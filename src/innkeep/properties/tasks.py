"""Background work of the catalogue."""

from __future__ import annotations

from typing import Any

from innkeep.celery import app
from innkeep.core.tasks import HotelTask
from innkeep.core.tenants import current_schema
from innkeep.properties.models import HotelProfile


# Named before it moved here from core (which cannot read a hotel's profile): scripts, docs
# and fan-out calls know it by this name.
@app.task(base=HotelTask, name="core.schema_probe", time_limit=30, soft_time_limit=25)
def schema_probe() -> dict[str, Any]:
    """Which schema did the worker run this in, and whose hotel profile does it see?
    The tests use it to prove that tasks keep their hotel."""
    profile = HotelProfile.objects.first()
    return {"schema": current_schema(), "hotel_name": profile.name if profile else None}
