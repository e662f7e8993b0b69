"""What the schemathesis run (`make fuzz`) reads: the documents the schema views serve, every
operation of them. Part of `make test`: a change that drops an operation from the run fails
here without running schemathesis."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from werkzeug.test import Client

from tests.contract.schemathesis_run import (
    APP,
    hotel,
    hotel_open,
    hotel_staff_anonymous,
    open_operations,
    operations_of,
    platform,
)
from tests.openapi_docs import HOTEL, PLATFORM, document, operations

pytestmark = pytest.mark.django_db


def served(host: str) -> dict[str, Any]:
    response = Client(APP).get("/api/schema/?format=json", headers={"Host": host})
    assert response.status_code == 200
    return json.loads(response.get_data())


def test_the_documents_fuzzed_are_the_documents_served(hotel_a):
    assert served(settings.ROOT_DOMAIN) == document(PLATFORM)
    assert served(hotel_a.host) == document(HOTEL)


def test_every_operation_is_fuzzed():
    staff = {(m, p) for m, p, _ in operations(HOTEL)} - open_operations(HOTEL)
    fuzzed = {(op.method.upper(), op.path) for op in operations_of(hotel_staff_anonymous)}
    assert fuzzed == staff
    assert {(op.method.upper(), op.path) for op in operations_of(hotel_open)} == open_operations(
        HOTEL
    )
    assert len(list(operations_of(hotel))) == len(operations(HOTEL))
    assert len(list(operations_of(platform))) == len(operations(PLATFORM)) == 1
