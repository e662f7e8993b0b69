"""The schemathesis run of tests/contract/test_schemathesis.py (`make fuzz`): schemathesis over
both OpenAPI documents, through Django's WSGI application in this process; the platform
anonymously, a hotel as its owner (JWT) and anonymously.

- Seeded and derandomized (SEED): the same requests on every run, so CI is repeatable and a
  failure prints a `curl` that reproduces it. Phases: the documents' examples, coverage
  (boundary and invalid values of every parameter and field, and methods no operation
  declares) and fuzzing (EXAMPLES generated cases per operation).
- In process: each request goes through Django's WSGI handler on the test's database
  connection, so it sees the test's world, and a savepoint rolled back after each request
  undoes what it wrote: a DELETE or a signup never reaches the next case.
- The documents are the ones the schema views serve (test_schemathesis_setup.py compares
  them), made at import without a request. schemathesis' `from_wsgi` would read them over
  WSGI, but only from a fixture (the database is closed at import), and its pytest
  integration cannot load a schema from a fixture under pytest 9.2 (it sets
  `Function._nodeid`, which pytest 9.2 removed); the plugin's module-level `parametrize`
  makes one test per operation instead, which pytest-xdist spreads over its workers.
- In the fuzzing phase what names an object names one of the test world (point_at_world);
  the coverage phase keeps sending ids and codes that name nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import forget_run_keys
from tests.openapi_docs import HOTEL, PLATFORM, document, operations

SEED = 20270301
EXAMPLES = 12  # random cases per operation in the fuzzing phase
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class InProcessWSGI:
    """Django's WSGI handler, keeping the test's database connection across requests: the
    handler closes connections at the end of each request (close_old_connections), which
    inside the test's transaction would break it. The Django test client does the same."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.handler(environ, start_response)
            body = b"".join(result)
            result.close()  # sends request_finished
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


APP = InProcessWSGI()


def open_operations(urlconf: str) -> set[tuple[str, str]]:
    return {
        (method, path)
        for method, path, operation in operations(urlconf)
        if "**Access:** public" in operation["description"]
    }


def load(urlconf: str, *, coverage: bool = True) -> Any:
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
            # No input drawn from earlier answers: those hold ids and times that differ
            # between runs, and the same seed must make the same requests.
            "phases": {
                "examples": {"extra-data-sources": {"responses": False}},
                "coverage": {"enabled": coverage, "extra-data-sources": {"responses": False}},
                "fuzzing": {
                    "extra-data-sources": {"responses": False},
                    "error-feedback": {"enabled": False},
                },
            },
        }
    )
    schema = schemathesis.openapi.from_dict(document(urlconf), config=config)
    schema.app = APP
    return schema


def operations_of(schema: Any) -> Iterator[Any]:
    for result in schema.get_all_operations():
        yield result.ok()


def is_open(urlconf: str) -> Any:
    names = open_operations(urlconf)
    return lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in names


platform = load(PLATFORM)
hotel = load(HOTEL)
# Anonymous on staff operations: every answer is a 401 before the body is read, so the
# coverage phase's hundreds of bodies per operation would test the same refusal.
hotel_open = load(HOTEL).include(is_open(HOTEL))
hotel_staff_anonymous = load(HOTEL, coverage=False).exclude(is_open(HOTEL))

# The test's fixtures are the same for every case of an operation: Hypothesis is told so.
UNCHECKED = hypothesis_settings(suppress_health_check=list(HealthCheck))


REFERENCES = {"room_type": "MTX", "rate_plan": "BAR", "code": "PARK"}
DATE_PAIRS = (("check_in", "check_out"), ("date_from", "date_to"))


def point_at_world(case: Any, world: dict[str, Any]) -> None:
    """In the fuzzing phase, what names an object names one of the world: path ids, codes of
    room types, rate plans and extras, a cancellation policy's id, and dates within the
    world's 60 days on sale. The coverage phase keeps sending what names nothing."""
    if case.meta is None or case.meta.phase.name.value != "fuzzing":
        return
    for collection, pk in world["ids"].items():
        if case.path.startswith(f"/api/v1{collection}{{id}}/"):
            case.path_parameters["id"] = pk
    for name in ("photo_id", "quote_id"):
        if name in (case.path_parameters or {}):
            case.path_parameters[name] = world[name]
    for values in (case.query, case.body):
        _refer(values, world)
        rooms = values.get("rooms") if isinstance(values, dict) else None
        for room in rooms if isinstance(rooms, list) else []:
            _refer(room, world)
            extras = room.get("extras") if isinstance(room, dict) else None
            for extra in extras if isinstance(extras, list) else []:
                _refer(extra, world)


def _refer(values: Any, world: dict[str, Any]) -> None:
    if not isinstance(values, dict):
        return
    for key, code in REFERENCES.items():
        if isinstance(values.get(key), str) and (key != "code" or "quantity" in values):
            values[key] = code
        if isinstance(values.get(f"{key}s"), list):
            values[f"{key}s"] = [code]
    if isinstance(values.get("cancellation_policy"), int):
        values["cancellation_policy"] = world["ids"]["/cancellation-policies/"]
    for first, last in DATE_PAIRS:
        if isinstance(values.get(first), str) and isinstance(values.get(last), str):
            values[first], values[last] = world["stay"]


def call(case: Any, host: str, headers: dict[str, str] | None = None) -> None:
    """One request in a savepoint rolled back after it, then this run's Redis keys and
    per-process copies forgotten: each case meets the same world, and throttle counters
    never add up across cases (thousands of signups a minute would all be 429)."""
    try:
        with transaction.atomic():
            case.call_and_validate(headers={"Host": host, **(headers or {})}, checks=CHECKS)
            transaction.set_rollback(True)
    finally:
        forget_run_keys()
