"""The search_path is set once per schema switch (TENANT_LIMIT_SET_CALLS), and a rollback
that reverts the SET never leaves a query running in the wrong schema."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from innkeep.properties.models import RoomType

pytestmark = pytest.mark.django_db


def _search_path() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW search_path")
        return str(cursor.fetchone()[0])


def _sets(queries: CaptureQueriesContext) -> int:
    return sum(q["sql"].startswith("SET search_path") for q in queries.captured_queries)


def test_one_set_per_schema_switch_not_per_statement(hotel_a):  # type: ignore[no-untyped-def]
    with schema_context(hotel_a.schema), CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            RoomType.objects.count()

    assert len(queries.captured_queries) == 6
    assert _sets(queries) == 1


def _query_then_roll_back() -> None:
    with transaction.atomic():
        assert not RoomType.objects.filter(code="ONLYB").exists()
        raise RuntimeError("rolled back")


def test_a_savepoint_rolled_back_after_the_set_is_followed_by_a_new_set(hotel_a, hotel_b):  # type: ignore[no-untyped-def]
    with schema_context(hotel_b.schema):
        RoomType.objects.create(code="ONLYB", name="Only in B", max_adults=2, max_occupancy=2)
    with schema_context(hotel_a.schema):
        # The first statement after the switch carries the SET, inside the savepoint.
        with pytest.raises(RuntimeError):
            _query_then_roll_back()
        # ROLLBACK TO SAVEPOINT reverted that SET; the next statement must set it again.
        assert _search_path().split(",")[0].strip('" ') == hotel_a.schema
        assert not RoomType.objects.filter(code="ONLYB").exists()
    with schema_context(hotel_b.schema):
        assert RoomType.objects.filter(code="ONLYB").count() == 1
