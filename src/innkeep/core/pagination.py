"""Every list of the API: `?page=` and `?page_size=`, answered the same everywhere.

- `page` is a whole number from 1 (`last` names the last page); `page_size` one from 1 to
  MAX_PAGE_SIZE (default PAGE_SIZE). Anything else is 400 VALIDATION_ERROR on that field.
- A page after the last one is empty, not an error: `results` is `[]`, `count` is the
  whole count, `next` is null and `previous` links to the last page. A client walking
  `next` while rows are deleted ends cleanly.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.paginator import Page
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param

from innkeep.core.errors import ValidationFailed

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# Digits only (int() would take " 7", "+7" and "7_0"), and few enough to stay a number.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")

PAGE_DESCRIPTION = (
    "Page number, from 1. A page after the last one is empty (`results: []`, `previous` "
    "links to the last page). Not a whole number from 1: 400 VALIDATION_ERROR."
)
PAGE_SIZE_DESCRIPTION = (
    f"Results per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE}). Outside that: 400 "
    "VALIDATION_ERROR."
)


def _whole_number(
    request: Request, name: str, *, least: int, most: int | None = None
) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    value = int(raw) if _WHOLE_NUMBER.fullmatch(raw) else None
    if value is None or value < least or (most is not None and value > most):
        upper = f" to {most}" if most is not None else ""
        raise ValidationFailed({name: [f"Use a whole number from {least}{upper}."]})
    return value


class StandardPagination(PageNumberPagination):
    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        size = _whole_number(request, self.page_size_query_param, least=1, most=MAX_PAGE_SIZE)
        return size or self.page_size

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any]:
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        if request.query_params.get(self.page_query_param) in self.last_page_strings:
            number = paginator.num_pages
        else:
            number = _whole_number(request, self.page_query_param, least=1) or 1
        if number > paginator.num_pages:
            self.page = Page([], number, paginator)  # past the end: empty, see above
        else:
            self.page = paginator.page(number)
        return list(self.page)

    def get_previous_link(self) -> str | None:
        # both set by paginate_queryset
        assert self.page is not None
        assert self.request is not None
        last = self.page.paginator.num_pages
        if self.page.number <= last:
            return super().get_previous_link()  # type: ignore[no-any-return]
        url = self.request.build_absolute_uri()
        if last == 1:
            return remove_query_param(url, self.page_query_param)  # type: ignore[no-any-return]
        return replace_query_param(url, self.page_query_param, last)  # type: ignore[no-any-return]

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": PAGE_DESCRIPTION,
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": PAGE_SIZE_DESCRIPTION,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            },
        ]
