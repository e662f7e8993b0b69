"""Public booking routes under /api/v1/public/ on a hotel's host (no sign-in, throttled)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
