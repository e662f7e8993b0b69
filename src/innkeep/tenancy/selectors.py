from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from innkeep.core.versioned_cache import VersionedCache
from innkeep.tenancy.models import Domain, Hotel

HOTEL_FIELDS = tuple(field.attname for field in Hotel._meta.concrete_fields)


@dataclass(frozen=True, slots=True)
class HotelRecord:
    """A hotel's row as routing keeps it: values only, shared by every thread of the
    process. Each request gets a Hotel of its own made from them (`hotel()`)."""

    values: tuple[Any, ...]  # HOTEL_FIELDS' values

    def hotel(self) -> Hotel:
        return Hotel.from_db(DEFAULT_DB_ALIAS, HOTEL_FIELDS, self.values)


# Which hotel each host is, kept per process: every request asks, and it changes only when
# a hotel or a domain is saved or deleted (signals move the version; writes that send none
# call `hosts_changed()`). A process reads the version at most once a second: a
# suspension, closure or removed domain reaches the other processes within a second (at
# once in the process that made it). A host that is no hotel's is remembered as such for a
# few seconds (random subdomains cost one query each, not one per request), or until a
# hotel or a domain changes: a hotel signed up on it is found at once.
ROUTING_RECHECK_SECONDS = 1.0
UNKNOWN_HOST_SECONDS = 5.0
HOSTS: VersionedCache[HotelRecord | None] = VersionedCache(
    "hotel-hosts",
    max_entries=4096,
    platform_wide=True,
    recheck_after=ROUTING_RECHECK_SECONDS,
    misses_for=UNKNOWN_HOST_SECONDS,
)


def hotel_for_host(*, host: str) -> Hotel | None:
    """The hotel at this host, as an instance of the caller's own."""
    record = HOSTS.get(host, lambda: _hotel_for_host(host))
    return None if record is None else record.hotel()


def _hotel_for_host(host: str) -> HotelRecord | None:
    values = (
        Domain.objects.filter(domain=host)
        .values_list(*(f"tenant__{name}" for name in HOTEL_FIELDS))
        .first()
    )
    return None if values is None else HotelRecord(tuple(values))


def hosts_changed() -> None:
    """A hotel or a domain changed behind the models' back: every process asks again."""
    HOSTS.changed()


def connect_signals() -> None:
    HOSTS.follows(Hotel, Domain)


def hotel_domain(*, subdomain: str) -> str:
    return f"{subdomain}.{settings.ROOT_DOMAIN}"


def hotel_base_url(*, hotel: Hotel) -> str:
    """Absolute URL of the hotel's site, e.g. http://grand.localhost:8000"""
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{hotel_domain(subdomain=hotel.subdomain)}{port}"


def hotel_origins_source() -> str:
    """Every hotel site, as a Content-Security-Policy source: http://*.localhost:8000"""
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://*.{settings.ROOT_DOMAIN}{port}"


def platform_base_url() -> str:
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{settings.ROOT_DOMAIN}{port}"


def hotel_urls(*, hotel: Hotel) -> dict[str, str]:
    base = hotel_base_url(hotel=hotel)
    return {
        "site": f"{base}/",
        "admin": f"{base}/admin/",
        "api": f"{base}/api/v1/",
        "docs": f"{base}/api/docs/",
    }


def schema_name_for(*, subdomain: str) -> str:
    # Subdomains cannot hold "_", so swapping "-" for "_" keeps the mapping one-to-one.
    return "hotel_" + subdomain.replace("-", "_")
