from __future__ import annotations

from django.conf import settings

from innkeep.tenancy.models import Domain, Hotel


def hotel_for_host(*, host: str) -> Hotel | None:
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    return domain.tenant if domain else None


def hotel_domain(*, subdomain: str) -> str:
    return f"{subdomain}.{settings.ROOT_DOMAIN}"


def hotel_base_url(*, hotel: Hotel) -> str:
    """Absolute URL of the hotel's site, e.g. http://grand.localhost:8000"""
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{hotel_domain(subdomain=hotel.subdomain)}{port}"


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
