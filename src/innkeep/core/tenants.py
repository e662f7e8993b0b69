"""Typed access to django-tenants' connection state.

django-tenants adds `schema_name`, `set_tenant` and `set_schema_to_public` to the database
connection at run time; the type checker cannot see them, so every use goes through here."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection
from django_tenants.utils import get_public_schema_name, get_tenant_model


def _tenant_connection() -> Any:
    return cast(Any, connection)


def current_schema() -> str:
    return str(_tenant_connection().schema_name)


def current_tenant() -> Any:
    return _tenant_connection().tenant


def activate_public() -> None:
    _tenant_connection().set_schema_to_public()


def activate_hotel(hotel: Any) -> None:
    _tenant_connection().set_tenant(hotel)


_NOT_LOOKED_UP = object()


def current_tenant_id() -> int | None:
    """The id of the tenant whose schema is active; None in `public` and in a schema no
    tenant owns (the template, pooled schemas). A schema name can outlive its tenant (a
    deleted tenant's name taken again by a new one), an id never does.

    `schema_context` activates a schema by name only: the id is then looked up once (one
    query) and remembered for the rest of that block."""
    tenant = current_tenant()
    found = getattr(tenant, "pk", None)
    if found is not None:
        return int(found)
    if tenant.schema_name == get_public_schema_name():
        return None
    found = tenant.__dict__.get("_looked_up_id", _NOT_LOOKED_UP)
    if found is _NOT_LOOKED_UP:
        found = (
            get_tenant_model()
            .objects.filter(schema_name=tenant.schema_name)
            .values_list("pk", flat=True)
            .first()
        )
        tenant.__dict__["_looked_up_id"] = found
    return None if found is None else int(found)
