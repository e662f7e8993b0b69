"""Typed access to django-tenants' connection state.

django-tenants adds `schema_name`, `set_tenant` and `set_schema_to_public` to the database
connection at run time; the type checker cannot see them, so every use goes through here."""

from __future__ import annotations

from typing import Any, cast

from django.db import connection


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
