"""URL patterns written as a table: (route, view class, name) a row, each view's as_view()
taken once, so that an app's urls.py lists its paths and nothing else."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.views import View


def view_routes(*rows: tuple[str, type[View], str]) -> list[URLPattern]:
    return [path(route, view.as_view(), name=name) for route, view, name in rows]
