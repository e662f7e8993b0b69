"""Routing overhead: one small hotel page with 1 hotel in the database versus 500.

Two databases hold the two states (the 1-hotel one is a copy of the main one, made before
the other hotels were signed up), so the same process can alternate between them: the
`default` connection is swapped between two wrappers in blocks, ABBA order, and every
request goes through Django's WSGI handler in-process (django.test.Client).
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend
from django.http import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.benchmarks.stats import progress


def _wrapper(database: str) -> BaseDatabaseWrapper:
    settings_dict = copy.deepcopy(connections.settings["default"])
    settings_dict["NAME"] = database
    backend = load_backend(settings_dict["ENGINE"])
    return backend.DatabaseWrapper(settings_dict, "default")


@dataclass
class RoutingResults:
    samples: dict[str, list[int]]
    queries: dict[str, list[str]]
    path: str


def _check(response: HttpResponseBase, *, host: str, path: str, expect: str) -> None:
    if response.status_code != 200 or expect not in response.content.decode():
        raise RuntimeError(f"GET {host}{path} answered {response.status_code}, without {expect!r}")


def smoke(*, host: str, path: str, expect: str) -> None:
    """One request before the long part of the run, so that a broken page fails fast."""
    _check(Client(HTTP_HOST=host).get(path), host=host, path=path, expect=expect)


def run(
    *, states: dict[str, str], host: str, path: str, expect: str, requests: int, warmup: int
) -> RoutingResults:
    """`states` maps a label to a database name. Each state gets `requests` timed requests
    after `warmup` untimed ones."""
    original = connections["default"]
    wrappers = {label: _wrapper(name) for label, name in states.items()}
    client = Client(HTTP_HOST=host)
    samples: dict[str, list[int]] = {label: [] for label in states}
    queries: dict[str, list[str]] = {}

    def check(response: HttpResponseBase) -> None:
        _check(response, host=host, path=path, expect=expect)

    def get() -> None:
        check(client.get(path))

    try:
        for label, wrapper in wrappers.items():
            connections["default"] = wrapper
            progress(f"routing: {warmup} warm-up requests, {label}")
            for _ in range(warmup):
                get()
            with CaptureQueriesContext(wrapper) as captured:
                get()
            queries[label] = [q["sql"] for q in captured.captured_queries]

        block = 20
        labels = list(wrappers)
        progress(f"routing: {requests} timed requests per state, blocks of {block}, ABBA order")
        for round_no in range(max(requests // block, 1)):
            order = labels if round_no % 2 == 0 else labels[::-1]
            for label in order:
                connections["default"] = wrappers[label]
                out = samples[label]
                for _ in range(block):
                    start = time.perf_counter_ns()
                    response = client.get(path)
                    out.append(time.perf_counter_ns() - start)
                    check(response)
    finally:
        connections["default"] = original
        for wrapper in wrappers.values():
            wrapper.close()
    return RoutingResults(samples=samples, queries=queries, path=path)
