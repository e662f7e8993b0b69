"""Which hotel a host is, kept per process behind a platform-wide version: asked once, and
asked again after any hotel or domain changes, or once the copy is too old. A host that is
no hotel's is remembered for a few seconds."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from innkeep.core.redis_client import client as redis_client
from innkeep.tenancy.middleware import HotelRoutingMiddleware
from innkeep.tenancy.models import Domain, Hotel, HotelStatus
from innkeep.tenancy.selectors import (
    HOSTS,
    ROUTING_RECHECK_SECONDS,
    UNKNOWN_HOST_SECONDS,
    HotelRecord,
)
from innkeep.tenancy.services import hotel_change_status, hotel_signup
from tests.factories import signup_data

pytestmark = pytest.mark.django_db

PATH = "/api/v1/public/hotel/"
ALIAS = f"alias.{settings.ROOT_DOMAIN}"  # a second domain (ALLOWED_HOSTS takes it)


def domain_lookups(client, host: str) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """(status, how many times the request looked the host up in tenancy_domain)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(PATH, HTTP_HOST=host)
    return response.status_code, sum(
        'FROM "tenancy_domain"' in q["sql"] for q in captured.captured_queries
    )


def test_a_host_is_looked_up_once_then_kept(client, hotel_a):
    assert domain_lookups(client, hotel_a.host) == (200, 1)
    assert domain_lookups(client, hotel_a.host) == (200, 0)


def test_each_host_is_kept_apart(client, hotel_a, hotel_b):
    assert domain_lookups(client, hotel_a.host) == (200, 1)
    assert domain_lookups(client, hotel_b.host) == (200, 1)
    a = client.get(PATH, HTTP_HOST=hotel_a.host).json()
    b = client.get(PATH, HTTP_HOST=hotel_b.host).json()
    assert (a["name"], b["name"]) == ("Alpine Lodge", "Bayview Inn")


def test_a_status_change_is_seen_by_the_next_request(client, hotel_a):
    assert client.get(PATH, HTTP_HOST=hotel_a.host).status_code == 200
    hotel_change_status(hotel=hotel_a.hotel, status=HotelStatus.SUSPENDED, actor=None)
    refused = client.get(PATH, HTTP_HOST=hotel_a.host)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "BOOKING_CLOSED"
    hotel_change_status(hotel=hotel_a.hotel, status=HotelStatus.CLOSED, actor=None)
    gone = client.get(PATH, HTTP_HOST=hotel_a.host)
    assert gone.status_code == 410
    assert gone.json()["error"]["code"] == "HOTEL_CLOSED"


def test_a_removed_domain_is_seen_by_the_next_request(client, hotel_a):
    Domain.objects.create(domain=ALIAS, tenant=hotel_a.hotel, is_primary=False)
    assert client.get(PATH, HTTP_HOST=ALIAS).status_code == 200
    Domain.objects.filter(domain=ALIAS).get().delete()
    response = client.get(PATH, HTTP_HOST=ALIAS)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "HOTEL_NOT_FOUND"


def test_an_unknown_host_is_remembered_for_a_few_seconds(
    client, hotel_a, process_clock, django_assert_num_queries
):
    assert domain_lookups(client, ALIAS) == (404, 1)
    with django_assert_num_queries(0):
        assert client.get(PATH, HTTP_HOST=ALIAS).status_code == 404
    Domain.objects.bulk_create(  # no signal: nothing moves the version
        [Domain(domain=ALIAS, tenant=hotel_a.hotel, is_primary=False)]
    )
    process_clock.advance(UNKNOWN_HOST_SECONDS - 0.5)
    assert domain_lookups(client, ALIAS) == (404, 0)
    process_clock.advance(0.5)
    assert domain_lookups(client, ALIAS) == (200, 1)


def test_a_domain_added_for_a_remembered_unknown_host_is_found_at_once(
    client, hotel_a, as_if_committed
):
    assert client.get(PATH, HTTP_HOST=ALIAS).status_code == 404
    with as_if_committed():
        Domain.objects.create(domain=ALIAS, tenant=hotel_a.hotel, is_primary=False)
    assert domain_lookups(client, ALIAS) == (200, 1)


def test_a_hotel_signed_up_on_a_remembered_unknown_host_is_found_at_once(client, as_if_committed):
    host = f"newcomer.{settings.ROOT_DOMAIN}"
    assert client.get(PATH, HTTP_HOST=host).status_code == 404
    with as_if_committed():
        hotel_signup(**signup_data(hotel_name="Newcomer", subdomain="newcomer"))
    response = client.get(PATH, HTTP_HOST=host)
    assert response.status_code == 200
    assert response.json()["name"] == "Newcomer"


def test_each_request_has_a_hotel_of_its_own(hotel_a, rf):
    seen = []

    def view(request):  # type: ignore[no-untyped-def]
        seen.append(request.tenant)
        return HttpResponse()

    routing = HotelRoutingMiddleware(view)
    for _ in range(2):
        assert routing(rf.get(PATH, HTTP_HOST=hotel_a.host)).status_code == 200
    first, second = seen
    assert first is not second
    assert (first.pk, first.schema_name, first.domain_url, first._state.adding) == (
        hotel_a.hotel.pk,
        hotel_a.schema,
        hotel_a.host,
        False,
    )
    first.name, first.status = "Changed here", HotelStatus.CLOSED  # a careless view
    assert routing(rf.get(PATH, HTTP_HOST=hotel_a.host)).status_code == 200
    assert (seen[2].name, seen[2].status) == ("Alpine Lodge", hotel_a.hotel.status)
    kept = HOSTS.get(hotel_a.host, lambda: None)
    assert isinstance(kept, HotelRecord)
    with pytest.raises(FrozenInstanceError):
        kept.values = ()  # type: ignore[misc]
    assert isinstance(kept.values, tuple)


def test_a_host_is_looked_up_again_after_the_maximum_age(client, hotel_a, process_clock, settings):
    assert domain_lookups(client, hotel_a.host) == (200, 1)
    # a status change whose version move was lost (Redis down, a replica behind)
    Hotel.objects.filter(pk=hotel_a.hotel.pk).update(status=HotelStatus.SUSPENDED)
    process_clock.advance(settings.CACHE_COPY_MAX_AGE - 0.5)
    assert domain_lookups(client, hotel_a.host) == (200, 0)
    process_clock.advance(0.5)
    assert domain_lookups(client, hotel_a.host) == (403, 1)


def test_without_redis_every_request_looks_the_host_up(client, hotel_a, monkeypatch):
    def down(*args, **kwargs):
        raise redis.ConnectionError("redis is down")

    monkeypatch.setattr(redis.Redis, "get", down)
    assert domain_lookups(client, hotel_a.host) == (200, 1)
    assert domain_lookups(client, hotel_a.host) == (200, 1)


def test_another_process_change_is_seen_within_the_recheck_interval(client, hotel_a, process_clock):
    assert client.get(PATH, HTTP_HOST=hotel_a.host).status_code == 200
    # another process suspends the hotel: the row changes and it moves the shared version
    Hotel.objects.filter(pk=hotel_a.hotel.pk).update(status=HotelStatus.SUSPENDED)
    redis_client().set(HOSTS.key(), "moved-by-another-process")
    process_clock.advance(ROUTING_RECHECK_SECONDS / 2)
    assert client.get(PATH, HTTP_HOST=hotel_a.host).status_code == 200  # not read yet
    process_clock.advance(ROUTING_RECHECK_SECONDS)
    assert client.get(PATH, HTTP_HOST=hotel_a.host).status_code == 403
