"""Schemathesis over both OpenAPI documents (how it runs: tests/contract/schemathesis_run.py):
the platform anonymously, a hotel as its owner and anonymously; 0 failures of its checks for
server errors, status codes, content types and response schemas. `make fuzz` runs it."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.contract.schemathesis_run import (
    UNCHECKED,
    call,
    hotel,
    hotel_open,
    hotel_staff_anonymous,
    platform,
    point_at_world,
)

pytestmark = pytest.mark.django_db


@platform.parametrize()
@UNCHECKED
def test_platform_anonymously(case):
    call(case, settings.ROOT_DOMAIN)


@hotel.parametrize()
@UNCHECKED
def test_hotel_as_owner(case, hotel_a, on_sale, media_root):
    point_at_world(case, on_sale)
    call(case, hotel_a.host, on_sale["auth"])


@hotel_open.parametrize()
@UNCHECKED
def test_hotel_public_operations_anonymously(case, hotel_a, on_sale):
    point_at_world(case, on_sale)
    call(case, hotel_a.host)


@hotel_staff_anonymous.parametrize()
@UNCHECKED
def test_hotel_staff_operations_anonymously(case, hotel_a):
    call(case, hotel_a.host)
