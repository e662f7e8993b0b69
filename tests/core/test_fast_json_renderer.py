"""orjson renders the public booking answers byte for byte as DRF's JSON renderer would."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from innkeep.core.renderers import FastJSONRenderer
from innkeep.rates.catalogue import Night

DATA = {
    "text": "Zimmer für zwei, 東京",
    "int": 7,
    "float": 2.5,
    "none": None,
    "flags": [True, False],
    "nested": [{"date": "2027-03-01", "price": "100.00"}],
    "nights": [Night("2027-03-01", "100.00"), Night("2027-03-02", "120.50")],
    "decimal": Decimal("12.30"),
    "when": datetime(2027, 3, 1, 10, 0, 0, 123456, tzinfo=UTC),
    "day": date(2027, 3, 1),
    "at": time(14, 30),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "lazy": gettext_lazy("Not found."),
}


def test_same_bytes_as_drf():
    assert FastJSONRenderer().render(DATA) == JSONRenderer().render(DATA)


@pytest.mark.parametrize("media_type", ["application/json; indent=2", "application/json; indent=4"])
def test_an_indented_answer_is_drf_s(media_type):
    assert FastJSONRenderer().render(DATA, media_type) == JSONRenderer().render(DATA, media_type)
    assert b"\n" in FastJSONRenderer().render(DATA, media_type)


def test_nothing_renders_as_empty():
    assert FastJSONRenderer().render(None) == b""


def test_a_night_is_an_object_with_its_date_and_price():
    rendered = FastJSONRenderer().render({"nightly": [Night("2027-03-01", "100.00")]})
    assert rendered == b'{"nightly":[{"date":"2027-03-01","price":"100.00"}]}'


def test_a_night_is_read_only():
    night = Night("2027-03-01", "100.00")
    for change in (
        lambda: night.__setitem__("price", "1.00"),
        lambda: night.update(price="1.00"),
        lambda: night.pop("price"),
        night.clear,
    ):
        with pytest.raises(TypeError):
            change()
    assert night == {"date": "2027-03-01", "price": "100.00"}
    assert (night.date, night.price) == ("2027-03-01", "100.00")
