"""Routes of this app under /api/v1/ on a hotel's host (included by urls_tenant)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
