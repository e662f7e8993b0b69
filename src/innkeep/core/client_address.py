"""The address of the client that sent a request: the one answer every throttle, the sign-in
guard, the request log and the audit rows use.

`REMOTE_ADDR` is whoever opened the connection to gunicorn. Behind nginx that is nginx, so
every guest would share one rate-limit bucket; nginx says who its client was in
`X-Forwarded-For`. That header is only as trustworthy as the proxies that wrote it: a client
can send one of its own, and a proxy appends (or, ours, overwrites). `NUM_PROXIES` says how
many proxies in front of the app write a hop, so the client is the hop that many places
from the right; anything to its left was written by someone we do not trust.

- `NUM_PROXIES = 0` (the default outside production): the header is ignored.
- `NUM_PROXIES = 1` (production: nginx, which overwrites the header with `$remote_addr`).
- A header with fewer hops than proxies, or a hop that is not an IP address, means the
  request did not come through the proxies as configured: `REMOTE_ADDR` is used, never a
  value the client could have chosen.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # imported by the logging setup, at settings time: nothing heavy here
    from django.http import HttpRequest


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address (normalised text), or None when there is none to tell."""
    remote = _ip(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "NUM_PROXIES", 0) or 0)
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR") or ""
    hops = [hop for hop in (part.strip() for part in forwarded.split(",")) if hop]
    if len(hops) < proxies:
        return remote
    return _ip(hops[-proxies]) or remote
