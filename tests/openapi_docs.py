"""The OpenAPI documents as the schema views serve them (same generator, same URL confs), made
without a request or a database: for tests that read the schema, and for schemathesis."""

from __future__ import annotations

import copy
import json
from functools import cache
from typing import Any

from drf_spectacular.generators import SchemaGenerator

HOTEL = "innkeep.urls_tenant"
PLATFORM = "innkeep.urls_public"
METHODS = ("get", "put", "post", "patch", "delete")


@cache
def _document(urlconf: str) -> str:
    schema = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    return json.dumps(schema, default=str)


def document(urlconf: str) -> dict[str, Any]:
    """A fresh copy each call: callers may change it."""
    return copy.deepcopy(json.loads(_document(urlconf)))


def operations(urlconf: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(METHOD, path, operation) for every operation of the document."""
    return [
        (method.upper(), path, operation)
        for path, item in document(urlconf)["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def component(urlconf: str, name: str) -> dict[str, Any]:
    schema: dict[str, Any] = document(urlconf)["components"]["schemas"][name]
    return schema
