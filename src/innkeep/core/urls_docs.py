"""OpenAPI schema and its viewers, mounted on both the platform and hotel URL confs.

Each URL conf documents itself: the schema view is told its urlconf explicitly, because
DRF would otherwise enumerate settings.ROOT_URLCONF (the hotel one) on the root domain too."""

from django.urls import URLPattern, path
from drf_spectacular.views import SpectacularAPIView

from innkeep.core.docs_views import RedocView, SwaggerView, redoc_bundle


def docs_urlpatterns(urlconf: str) -> list[URLPattern]:
    return [
        path(
            "api/schema/",
            SpectacularAPIView.as_view(urlconf=urlconf, permission_classes=[]),
            name="schema",
        ),
        path(
            "api/docs/",
            SwaggerView.as_view(url_name="schema", permission_classes=[]),
            name="swagger-ui",
        ),
        path(
            "api/redoc/",
            RedocView.as_view(url_name="schema", permission_classes=[]),
            name="redoc",
        ),
        path("api/redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    ]
