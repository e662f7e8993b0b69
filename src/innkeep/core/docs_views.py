"""Swagger UI and ReDoc, served whole from this site and under the Content-Security-Policy.

drf-spectacular's pages run an inline script (refused without the request's nonce) and its
ReDoc page loads Google Fonts; our templates give the script the nonce, keep the page styles in
a static file and use the system fonts. ReDoc's bundle (drf-spectacular-sidecar) draws
Redocly's logo from their CDN: `redoc_bundle` serves the sidecar's file without that address,
so the docs load nothing from another host (and work offline).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.resources import files

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView

REDOC_SIDECAR_FILE = "static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
REDOCLY_LOGO = b'"https://cdn.redoc.ly/redoc/logo-mini.svg"'
# An empty src loads nothing and fails at once; ReDoc then hides the image (its onError).
NO_LOGO = b'""'

# Both draw their icons as data: images. ReDoc also writes its styles into <style> elements
# (styled-components, no nonce): inline styles on that page, never inline scripts; and its
# search index runs in a Worker made from a blob: URL.
SWAGGER_PAGE_POLICY = {"img-src": [SELF, "data:"]}
REDOC_PAGE_POLICY = {**SWAGGER_PAGE_POLICY, "style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]}


@method_decorator(csp_update(SWAGGER_PAGE_POLICY), name="get")
class SwaggerView(SpectacularSwaggerView):
    template_name = "innkeep/docs/swagger_ui.html"


@method_decorator(csp_update(REDOC_PAGE_POLICY), name="get")
class RedocView(SpectacularRedocView):
    template_name = "innkeep/docs/redoc.html"

    @staticmethod
    def _redoc_standalone() -> str:
        return f"{reverse('redoc-bundle')}?v={_redoc_bundle()[1]}"


@cache
def _redoc_bundle() -> tuple[bytes, str]:
    content = (files("drf_spectacular_sidecar") / REDOC_SIDECAR_FILE).read_bytes()
    content = content.replace(REDOCLY_LOGO, NO_LOGO)
    return content, hashlib.sha256(content).hexdigest()[:16]


def redoc_bundle(request: HttpRequest) -> HttpResponse:
    content, version = _redoc_bundle()
    response = HttpResponse(content, content_type="text/javascript; charset=utf-8")
    # The page asks for ?v=<digest of this content>: a new sidecar is a new address.
    if request.GET.get("v") == version:
        response["Cache-Control"] = "public, max-age=31536000, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    return response
