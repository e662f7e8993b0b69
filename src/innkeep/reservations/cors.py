"""The public booking API answers any web page: a hotel's own site searches and quotes from
the guest's browser, and hotels' sites are too many to list in CORS_ALLOWED_ORIGINS.
Nothing there reads cookies or credentials (and CORS_ALLOW_CREDENTIALS stays off), so no
origin can act as anyone through it. The staff API keeps to CORS_ALLOWED_ORIGINS."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

PUBLIC_API = "/api/v1/public/"


def allow_any_origin_on_the_public_api(sender: Any, request: HttpRequest, **kwargs: Any) -> bool:
    return request.path.startswith(PUBLIC_API)
