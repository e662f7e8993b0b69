"""The catalogue a search reads is kept per process, and every change moves its version."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.properties.models import RoomType
from innkeep.rates.availability import search
from innkeep.rates.catalogue import VERSION_KEY, catalogue_changed, forget_all
from tests.booking.conftest import d

pytestmark = pytest.mark.django_db


def names(hotel) -> list[str]:
    with tenant_context(hotel):
        result = search(check_in=d(1), check_out=d(2), adults=1, children=0)
    return [offer.room_type.name for offer in result.rooms]


def reads(hotel) -> int:
    with tenant_context(hotel), CaptureQueriesContext(connection) as captured:
        search(check_in=d(1), check_out=d(2), adults=1, children=0)
    return len([q for q in captured.captured_queries if not q["sql"].startswith("SET")])


def test_a_saved_change_is_seen_by_the_next_search(hotel_a, catalogue):
    assert names(hotel_a.hotel) == ["Single", "Double", "Family"]
    with tenant_context(hotel_a.hotel):
        catalogue.dbl.name = "Double deluxe"
        catalogue.dbl.save()
    assert names(hotel_a.hotel) == ["Single", "Double deluxe", "Family"]


def test_the_catalogue_is_read_once_then_kept(hotel_a, catalogue):
    forget_all()
    assert reads(hotel_a.hotel) == 9  # catalogue (6) + nights (3)
    assert reads(hotel_a.hotel) == 3


def test_another_process_change_moves_the_shared_version(hotel_a, catalogue):
    names(hotel_a.hotel)
    with tenant_context(hotel_a.hotel):
        # what another process's write looks like from here: rows change, the version moves
        RoomType.objects.filter(code="SGL").update(name="Solo")
        assert names(hotel_a.hotel) == ["Single", "Double", "Family"]  # not told yet
        catalogue_changed()
    assert names(hotel_a.hotel) == ["Solo", "Double", "Family"]


def test_each_hotel_has_its_own_version_and_copy(hotel_a, hotel_b, catalogue):
    names(hotel_a.hotel)
    with tenant_context(hotel_b.hotel):
        version_b = cache.get(VERSION_KEY)
        catalogue_changed()
        assert cache.get(VERSION_KEY) != version_b
    assert reads(hotel_a.hotel) == 3  # hotel A's copy is still good


def test_without_the_shared_cache_every_search_reads_the_catalogue(hotel_a, catalogue, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    assert reads(hotel_a.hotel) == 9
    assert reads(hotel_a.hotel) == 9
