"""audited_update: lock, apply, validate, save what changed, audit it, in one transaction."""

from __future__ import annotations

import re
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from innkeep.core.audited_update import (
    AuditedRows,
    already_checked,
    audited_create,
    audited_update,
    model_problems,
    set_related,
)
from innkeep.core.errors import ValidationFailed
from innkeep.core.models import AuditEvent
from innkeep.properties.models import Extra, RoomType
from innkeep.rates.models import RatePlan
from tests.factories import ExtraFactory, RatePlanFactory, RoomFactory, RoomTypeFactory

ROOM_TYPE_FIELDS = ("code", "name", "max_adults", "max_occupancy", "active")


def update(row, changes, **options):  # type: ignore[no-untyped-def]
    options.setdefault("validate", already_checked)
    return audited_update(
        row,
        actor=None,
        action="thing.updated",
        changes=changes,
        allowed=options.pop("allowed", ROOM_TYPE_FIELDS),
        **options,
    )


def audit_rows() -> list[tuple[str, str, dict]]:
    return list(AuditEvent.objects.values_list("action", "target_id", "data"))


def updates_in(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


@pytest.mark.django_db
class TestInOneTransaction:
    def test_the_audit_row_holds_exactly_the_changed_fields(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double", max_adults=2)

            updated = update(room_type, {"name": "Double", "max_adults": 3, "active": False})

            assert updated.diff == {"max_adults": [2, 3], "active": [True, False]}
            assert audit_rows() == [
                (
                    "thing.updated",
                    str(room_type.pk),
                    {"max_adults": [2, 3], "active": [True, False]},
                )
            ]
            stored = RoomType.objects.get(pk=room_type.pk)
            assert (stored.name, stored.max_adults, stored.active) == ("Double", 3, False)

    def test_only_the_changed_fields_and_updated_at_are_saved(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double")
            # Written behind the caller's back: a save of every field would undo it.
            RoomType.objects.filter(pk=room_type.pk).update(description="sea view")

            with CaptureQueriesContext(connection) as queries:
                update(room_type, {"max_adults": 3}, allowed=("max_adults", "description"))

            [sql] = updates_in(queries)
            assigned = sql.split(" SET ")[1].split(" WHERE ")[0]
            assert sorted(re.findall(r'"(\w+)" =', assigned)) == ["max_adults", "updated_at"]
            assert RoomType.objects.get(pk=room_type.pk).description == "sea view"

    def test_it_changes_the_locked_row_not_the_callers_copy(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            stale = RoomTypeFactory(code="DBL", name="Double", max_adults=2)
            RoomType.objects.filter(pk=stale.pk).update(max_adults=4)

            updated = update(stale, {"max_adults": 3, "max_occupancy": 3})

            assert updated.row is not stale
            assert updated.diff == {"max_adults": [4, 3], "max_occupancy": [2, 3]}

    def test_unchanged_values_save_nothing_and_write_no_audit_row(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double", max_adults=2)
            stamp = room_type.updated_at

            with CaptureQueriesContext(connection) as queries:
                updated = update(room_type, {"name": "Double", "max_adults": 2})

            assert updated.diff == {}
            assert updated.row.pk == room_type.pk
            assert updates_in(queries) == []
            assert audit_rows() == []
            assert RoomType.objects.get(pk=room_type.pk).updated_at == stamp

    def test_a_value_the_validator_normalises_back_is_no_change(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double")

            def strip(row):  # type: ignore[no-untyped-def]
                row.name = row.name.strip()
                return {}

            updated = update(room_type, {"name": "  Double  "}, validate=strip)

            assert updated.diff == {}
            assert audit_rows() == []

    def test_what_the_validator_changes_is_saved_and_recorded(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double", max_adults=2)

            def keep_occupancy_in_step(row):  # type: ignore[no-untyped-def]
                row.max_occupancy = row.max_adults + row.max_children
                return {}

            updated = update(room_type, {"max_adults": 3}, validate=keep_occupancy_in_step)

            assert updated.diff == {"max_adults": [2, 3], "max_occupancy": [2, 3]}
            assert RoomType.objects.get(pk=room_type.pk).max_occupancy == 3

    def test_a_validation_failure_changes_no_row_and_writes_no_audit_row(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL", name="Double", max_adults=2)

            with pytest.raises(ValidationFailed) as refused:
                update(
                    room_type,
                    {"name": "Suite", "max_adults": 0},
                    validate=lambda row: {"max_adults": ["At least one adult must fit."]},
                )

            assert refused.value.details == {
                "fields": {"max_adults": ["At least one adult must fit."]}
            }
            stored = RoomType.objects.get(pk=room_type.pk)
            assert (stored.name, stored.max_adults) == ("Double", 2)
            assert audit_rows() == []

    def test_without_a_validator_the_models_own_validators_check_the_given_fields(
        self, in_hotel, hotel_a
    ):
        with in_hotel(hotel_a):
            extra = ExtraFactory(code="BRK", name="Breakfast", price=Decimal("10.00"))

            with pytest.raises(ValidationFailed) as refused:
                audited_update(
                    extra,
                    actor=None,
                    action="extra.updated",
                    changes={"code": "not a code", "pricing": "per_year"},
                    allowed=("code", "pricing"),
                )

            assert refused.value.fields == {
                "code": ["Use 1-16 capital letters, digits, '-' or '_'."],
                "pricing": ["Value 'per_year' is not a valid choice."],
            }
            assert Extra.objects.get(pk=extra.pk).code == "BRK"
            assert audit_rows() == []

    def test_model_problems_leave_the_fields_not_given_alone(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            extra = ExtraFactory.build(code="not a code", name="Breakfast", pricing="per_year")

            assert model_problems(extra, ["name"]) == {}
            assert set(model_problems(extra, ["code", "name"])) == {"code"}

    def test_a_unique_index_race_answers_like_the_check(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            RoomTypeFactory(code="TWN")
            room_type = RoomTypeFactory(code="DBL")

            with pytest.raises(ValidationFailed) as refused:
                update(room_type, {"code": "TWN"}, unique=("code", "Taken."))

            assert refused.value.fields == {"code": ["Taken."]}
            assert RoomType.objects.get(pk=room_type.pk).code == "DBL"
            assert audit_rows() == []

    def test_a_foreign_key_is_recorded_by_its_code(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room = RoomFactory(number="101", room_type=RoomTypeFactory(code="DBL"))
            twin = RoomTypeFactory(code="TWN")

            updated = update(room, {"room_type": twin}, allowed=("room_type",))

            assert updated.diff == {"room_type": ["DBL", "TWN"]}
            assert room.__class__.objects.get(pk=room.pk).room_type_id == twin.pk

    def test_related_changes_join_the_audit_row_once_the_row_is_valid(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            dbl, twn = RoomTypeFactory(code="DBL"), RoomTypeFactory(code="TWN")
            plan = RatePlanFactory(code="BAR", name="Best")
            plan.room_types.set([dbl])

            def sell(row):  # type: ignore[no-untyped-def]
                return set_related(row.room_types, [twn, dbl, twn], name="room_types")

            updated = update(plan, {"name": "Best rate"}, allowed=("name",), related=sell)

            assert updated.diff == {
                "name": ["Best", "Best rate"],
                "room_types": [["DBL"], ["DBL", "TWN"]],
            }
            assert [row[2] for row in audit_rows()] == [updated.diff]
            assert sorted(
                RatePlan.objects.get(pk=plan.pk).room_types.values_list("code", flat=True)
            ) == [
                "DBL",
                "TWN",
            ]

    def test_a_field_outside_allowed_is_a_programming_error(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            room_type = RoomTypeFactory(code="DBL")

            with pytest.raises(TypeError, match="Cannot change code"):
                update(room_type, {"code": "X"}, allowed=("name",))


@pytest.mark.django_db
class TestCreate:
    def test_a_refused_row_is_not_saved_and_not_audited(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            followed: list[int] = []
            with pytest.raises(ValidationFailed) as refused:
                audited_create(
                    RoomType(code="DBL", name=""),
                    actor=None,
                    action="room_type.created",
                    record=lambda row: {"code": row.code},
                    validate=lambda row: {"name": ["This field may not be blank."]},
                    then=lambda row: followed.append(row.pk),
                )

            assert refused.value.fields == {"name": ["This field may not be blank."]}
            assert (RoomType.objects.count(), audit_rows(), followed) == (0, [], [])

    def test_it_saves_follows_up_and_audits_in_one_go(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            followed: list[int] = []
            created = audited_create(
                RoomType(code="DBL", name="Double"),
                actor=None,
                action="room_type.created",
                record=lambda row: {"code": row.code},
                validate=already_checked,
                then=lambda row: followed.append(row.pk),
            )

            assert followed == [created.pk]
            assert audit_rows() == [("room_type.created", str(created.pk), {"code": "DBL"})]

    def test_a_unique_index_race_answers_like_the_check_and_leaves_nothing(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            RoomTypeFactory(code="DBL")

            with pytest.raises(ValidationFailed) as refused:
                audited_create(
                    RoomType(code="DBL", name="Double"),
                    actor=None,
                    action="room_type.created",
                    record=lambda row: {},
                    validate=already_checked,
                    unique=("code", "Taken."),
                )

            assert refused.value.fields == {"code": ["Taken."]}
            assert (RoomType.objects.count(), audit_rows()) == (1, [])


def test_a_concurrent_update_waits_for_the_lock_and_sees_what_was_committed(committed, hotel_a):
    """One transaction holds the row's lock; an update started meanwhile blocks on it and,
    once the holder commits, applies its change to the committed row."""
    with tenant_context(hotel_a.hotel):
        room_type = RoomTypeFactory(code="LOCKED", name="Locked", max_adults=2)
    holding, release = threading.Event(), threading.Event()
    waiter_pid: list[int] = []
    outcome: list[object] = []

    def holder() -> None:
        with tenant_context(hotel_a.hotel):
            try:
                with transaction.atomic():
                    locked = RoomType.objects.select_for_update().get(pk=room_type.pk)
                    holding.set()
                    release.wait()
                    locked.name, locked.max_adults = "Renamed", 4
                    locked.save(update_fields=["name", "max_adults"])
            finally:
                connection.close()

    def updater() -> None:
        with tenant_context(hotel_a.hotel):
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    waiter_pid.append(cursor.fetchone()[0])
                outcome.append(update(room_type, {"max_adults": 3}))  # a stale copy
            except Exception as exc:
                outcome.append(exc)
            finally:
                connection.close()

    first = threading.Thread(target=holder)
    first.start()
    try:
        assert holding.wait(30)
        second = threading.Thread(target=updater)
        second.start()
        assert _blocked_on_a_lock(waiter_pid), "the update did not wait for the row's lock"
        assert outcome == []  # still waiting
    finally:
        release.set()
        first.join(30)
    second.join(30)
    try:
        [updated] = outcome
        assert not isinstance(updated, Exception), updated
        # The before is what the holder committed (4), not what the updater was given (2).
        assert updated.diff == {"max_adults": [4, 3]}  # type: ignore[attr-defined]
        with tenant_context(hotel_a.hotel):
            stored = RoomType.objects.get(pk=room_type.pk)
            assert (stored.name, stored.max_adults) == ("Renamed", 3)
            assert list(
                AuditEvent.objects.filter(target_id=str(room_type.pk)).values_list(
                    "data", flat=True
                )
            ) == [{"max_adults": [4, 3]}]
    finally:
        with tenant_context(hotel_a.hotel):
            AuditEvent.objects.filter(
                target_type="properties.roomtype", target_id=str(room_type.pk)
            ).delete()
            RoomType.objects.filter(pk=room_type.pk).delete()


def _blocked_on_a_lock(pid: list[int]) -> bool:
    """Whether the updater's connection comes to wait on another's lock (polled: how soon
    it gets there is the scheduler's business; 30 s only ends a broken run)."""
    deadline = time.monotonic() + 30
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            if pid:
                cursor.execute("SELECT cardinality(pg_blocking_pids(%s)) > 0", [pid[0]])
                if cursor.fetchone()[0]:
                    return True
            time.sleep(0.01)
    return False


@pytest.mark.django_db
class TestAuditedRows:
    """One kind's create and update share its action names, checks and unique answer."""

    KIND = AuditedRows(
        "widget",
        ("code", "name"),
        lambda row: {"name": ["Required."]} if not row.name.strip() else {},
        unique=("code", "Taken."),
    )

    def test_create_and_update_write_the_kinds_actions(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            created = self.KIND.create(
                RoomType(code="DBL", name="Double"),
                actor=None,
                record=lambda row: {"code": row.code},
            )
            updated = self.KIND.update(created, actor=None, changes={"name": "Big double"})

            assert isinstance(updated, RoomType)
            assert RoomType.objects.get(pk=created.pk).name == "Big double"
            assert sorted(audit_rows()) == [
                ("widget.created", str(created.pk), {"code": "DBL"}),
                ("widget.updated", str(created.pk), {"name": ["Double", "Big double"]}),
            ]

    def test_both_run_the_kinds_checks_and_unique_answer(self, in_hotel, hotel_a):
        with in_hotel(hotel_a):
            RoomTypeFactory(code="DBL", name="Double")
            other = RoomTypeFactory(code="TWN", name="Twin")

            with pytest.raises(ValidationFailed) as blank:
                self.KIND.create(RoomType(code="SGL", name=" "), actor=None, record=dict)
            with pytest.raises(ValidationFailed) as taken:
                self.KIND.update(other, actor=None, changes={"code": "DBL"})
            with pytest.raises(TypeError, match="Cannot change max_adults"):
                self.KIND.update(other, actor=None, changes={"max_adults": 3})

            assert blank.value.fields == {"name": ["Required."]}
            assert taken.value.fields == {"code": ["Taken."]}
            assert not RoomType.objects.filter(code="SGL").exists()
            assert RoomType.objects.get(pk=other.pk).code == "TWN"
            assert audit_rows() == []
