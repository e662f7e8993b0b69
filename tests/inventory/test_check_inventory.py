"""`innkeep check_inventory`: the recount finds exactly the nights whose sold or total drifted
(and the missing ones), --fix repairs exactly them where PostgreSQL's CHECK allows, a second
run finds nothing. Real database, hotel Alpine Lodge (Europe/Madrid), clock fixed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import HousekeepingStatus, Room, RoomType
from innkeep.reservations.models import Reservation, ReservationStatus
from innkeep.reservations.recount import recount_inventory
from tests.inventory.factories import book, calendar, make_room_type, make_stay, set_night

# The recount's own tests make drift on purpose: the check after each test would fail them.
pytestmark = pytest.mark.allow_drift

NOW = datetime(2026, 5, 10, 10, 0, tzinfo=UTC)  # 12:00 in Madrid
TODAY = date(2026, 5, 10)
HEADER = "  room_type  date        drift       sold  expected_sold  total  expected_total  blocked"


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def alpine(db, hotel_a, at) -> Iterator[dict[str, RoomType]]:
    """Alpine Lodge at NOW with DBL (4 sellable rooms, one more out of order, one inactive)
    and SGL (2 rooms), calendar from today for 10 nights (2026-05-10 .. 2026-05-19)."""
    at(NOW)
    with schema_context(hotel_a.schema):
        room_types = {
            "DBL": make_room_type("DBL", 4, out_of_order=1, inactive=1),
            "SGL": make_room_type("SGL", 2, sort_order=1),
        }
        assert inventory_extend_horizon(days=9) == 20
        yield room_types


def check(*args: str, expect_exit: int = 0) -> list[str]:
    out = StringIO()
    if expect_exit:
        with pytest.raises(CommandError) as excinfo:
            call_command("check_inventory", *args, stdout=out)
        assert excinfo.value.returncode == expect_exit
    else:
        call_command("check_inventory", *args, stdout=out)
    return out.getvalue().splitlines()


def alpine_check(*args: str, expect_exit: int = 0) -> list[str]:
    return check("--schema", "hotel_alpine", *args, expect_exit=expect_exit)


def test_a_calendar_that_agrees_with_the_reservations_has_no_drift(alpine):
    dbl, sgl = alpine["DBL"], alpine["SGL"]
    book(dbl, day(1), day(4))
    book(dbl, day(2), day(3), status=ReservationStatus.CHECKED_IN)
    book(sgl, day(0), day(2), status=ReservationStatus.PENDING_PAYMENT)
    book(sgl, day(8), day(10))  # the last night of the calendar
    book(sgl, day(3), day(5), status=ReservationStatus.CANCELLED)

    assert alpine_check() == [
        "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)",
        "1 hotel(s) checked, 0 with drift: 0 night(s)",
    ]


def test_finds_exactly_the_drifted_nights_and_fix_repairs_exactly_them(alpine):
    dbl, sgl = alpine["DBL"], alpine["SGL"]
    book(dbl, day(1), day(4))
    book(dbl, day(2), day(3), status=ReservationStatus.CHECKED_IN)
    book(sgl, day(0), day(2), status=ReservationStatus.PENDING_PAYMENT)
    set_night(dbl, day(2), sold=1)  # 2 stays that night
    set_night(sgl, day(5), sold=1)  # nobody
    set_night(dbl, day(9), sold=3, blocked=1)  # nobody, one room blocked
    before = {"DBL": calendar(dbl), "SGL": calendar(sgl)}

    assert alpine_check(expect_exit=1) == [
        "hotel_alpine: 3 night(s) drifted (2026-05-10 .. 2026-05-19)",
        HEADER,
        "  DBL        2026-05-12  sold           1              2      4               4        0",
        "  SGL        2026-05-15  sold           1              0      2               2        0",
        "  DBL        2026-05-19  sold           3              0      4               4        1",
        "1 hotel(s) checked, 1 with drift: 3 night(s)",
    ]
    assert {"DBL": calendar(dbl), "SGL": calendar(sgl)} == before  # a check changes nothing

    assert alpine_check("--fix") == [
        "hotel_alpine: 3 night(s) drifted, 3 fixed, 0 unfixable (2026-05-10 .. 2026-05-19)",
        f"{HEADER}  fix",
        "  DBL        2026-05-12  sold           1              2      4               4        0"
        "  fixed",
        "  SGL        2026-05-15  sold           1              0      2               2        0"
        "  fixed",
        "  DBL        2026-05-19  sold           3              0      4               4        1"
        "  fixed",
        "1 hotel(s) checked, 1 with drift: 3 night(s), 3 fixed, 0 unfixable",
    ]
    assert calendar(dbl) == {
        **before["DBL"],
        day(2): (2, 4, 0),
        day(9): (0, 4, 1),
    }
    assert calendar(sgl) == {**before["SGL"], day(5): (0, 2, 0)}

    assert alpine_check() == [
        "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)",
        "1 hotel(s) checked, 0 with drift: 0 night(s)",
    ]


@pytest.mark.parametrize("status", [ReservationStatus.CANCELLED, ReservationStatus.NO_SHOW])
def test_reservations_that_do_not_occupy_a_room_do_not_count(alpine, status):
    dbl = alpine["DBL"]
    book(dbl, day(1), day(3))
    gone = book(dbl, day(2), day(4))
    # cancelled (or no-show) after holding its nights, without giving them back
    Reservation.objects.filter(pk=gone.reservation_id).update(status=status)
    make_stay(dbl, day(5), day(6), status=status)  # never held

    result = recount_inventory()

    assert [(d.date, d.kind, d.stored_sold, d.expected_sold) for d in result.drifts] == [
        (day(2), "sold", 2, 1),
        (day(3), "sold", 1, 0),
    ]
    recount_inventory(fix=True)
    assert {night: sold for night, (sold, _, _) in calendar(dbl).items() if sold} == {
        day(1): 1,
        day(2): 1,
    }


def test_missing_nights_are_reported_and_created(alpine):
    dbl, sgl = alpine["DBL"], alpine["SGL"]
    book(dbl, day(2), day(5))
    book(dbl, day(3), day(4))
    InventoryDay.objects.filter(room_type=dbl, date=day(3)).delete()
    InventoryDay.objects.filter(room_type=sgl, date__gte=day(8)).delete()  # calendar ends early

    assert alpine_check(expect_exit=1) == [
        "hotel_alpine: 3 night(s) drifted (2026-05-10 .. 2026-05-19)",
        HEADER,
        "  DBL        2026-05-13  missing        -              2      -               4        -",
        "  SGL        2026-05-18  missing        -              0      -               2        -",
        "  SGL        2026-05-19  missing        -              0      -               2        -",
        "1 hotel(s) checked, 1 with drift: 3 night(s)",
    ]
    lines = alpine_check("--fix")
    assert lines[0] == (
        "hotel_alpine: 3 night(s) drifted, 3 fixed, 0 unfixable (2026-05-10 .. 2026-05-19)"
    )
    assert [line.split()[-1] for line in lines[2:5]] == ["created"] * 3

    assert calendar(dbl)[day(3)] == (2, 4, 0)
    assert {night: calendar(sgl)[night] for night in (day(8), day(9))} == {
        day(8): (0, 2, 0),
        day(9): (0, 2, 0),
    }
    assert len(calendar(dbl)) == len(calendar(sgl)) == 10
    assert alpine_check()[0] == "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)"


def test_a_missing_night_the_rooms_cannot_hold_is_unfixable(alpine):
    sgl = alpine["SGL"]
    for _ in range(3):  # three stays, two rooms: an overbooking made behind the calendar
        make_stay(sgl, day(4), day(5))
    InventoryDay.objects.filter(room_type=sgl, date=day(4)).delete()

    lines = alpine_check("--fix", expect_exit=1)

    assert lines[2] == (
        "  SGL        2026-05-14  missing        -              3      -               2        -"
        "  unfixable"
    )
    assert day(4) not in calendar(sgl)


def test_from_checks_past_sold_counts_but_not_past_totals(alpine):
    dbl, sgl = alpine["DBL"], alpine["SGL"]
    for n in (-3, -2, -1):
        InventoryDay.objects.create(room_type=dbl, date=day(n), total=9, sold=0)  # old total
    make_stay(dbl, day(-2), day(1))  # in house: nights -2, -1 not counted, night 0 is
    make_stay(sgl, day(-1), day(0), status=ReservationStatus.CHECKED_OUT)  # no row that night
    set_night(dbl, day(0), sold=1)

    assert alpine_check()[0] == "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)"
    assert alpine_check("--from", "2026-05-06", expect_exit=1) == [
        "hotel_alpine: 3 night(s) drifted (2026-05-06 .. 2026-05-19)",
        HEADER,
        "  DBL        2026-05-08  sold           0              1      9               -        0",
        "  DBL        2026-05-09  sold           0              1      9               -        0",
        "  SGL        2026-05-09  missing        -              1      -               2        -",
        "1 hotel(s) checked, 1 with drift: 3 night(s)",
    ]

    alpine_check("--from", "2026-05-06", "--fix")

    assert calendar(dbl)[day(-3)] == (0, 9, 0)
    assert calendar(dbl)[day(-2)] == (1, 9, 0)
    assert calendar(dbl)[day(-1)] == (1, 9, 0)
    assert calendar(sgl)[day(-1)] == (1, 2, 0)
    assert alpine_check("--from", "2026-05-06")[0] == (
        "hotel_alpine: no drift (2026-05-06 .. 2026-05-19)"
    )


def test_totals_drift_after_a_room_is_deactivated_behind_the_services_back(alpine):
    dbl = alpine["DBL"]
    InventoryDay.objects.create(room_type=dbl, date=day(-1), total=4, sold=0)
    for _ in range(4):
        book(dbl, day(1), day(2))  # full
    for _ in range(3):
        book(dbl, day(2), day(4))
    set_night(dbl, day(2), sold=4)  # one too many
    set_night(dbl, day(3), sold=2, blocked=1)  # one too few, and a room blocked

    Room.objects.filter(number="DBL-1").update(active=False)  # 3 sellable rooms now

    lines = alpine_check("--from", "2026-05-09", "--fix", expect_exit=1)

    assert lines[:6] == [
        "hotel_alpine: 10 night(s) drifted, 8 fixed, 2 unfixable (2026-05-09 .. 2026-05-19)",
        f"{HEADER}  fix",
        "  DBL        2026-05-10  total          0              0      4               3        0"
        "  fixed",
        "  DBL        2026-05-11  total          4              4      4               3        0"
        "  unfixable",
        "  DBL        2026-05-12  sold+total     4              3      4               3        0"
        "  fixed",
        "  DBL        2026-05-13  sold+total     2              3      4               3        1"
        "  sold fixed, total unfixable",
    ]
    assert lines[-1] == "1 hotel(s) checked, 1 with drift: 10 night(s), 8 fixed, 2 unfixable"
    assert calendar(dbl) == {
        day(-1): (0, 4, 0),  # the past keeps its total
        day(0): (0, 3, 0),
        day(1): (4, 4, 0),
        day(2): (3, 3, 0),
        day(3): (3, 4, 1),
        **{day(n): (0, 3, 0) for n in range(4, 10)},
    }
    assert alpine_check(expect_exit=1)[2:4] == [
        "  DBL        2026-05-11  total          4              4      4               3        0",
        "  DBL        2026-05-13  total          3              3      4               3        1",
    ]


@pytest.mark.parametrize(
    ("change", "rooms"),
    [
        (
            lambda dbl: Room.objects.filter(number="DBL-1").update(
                housekeeping_status=HousekeepingStatus.OUT_OF_ORDER
            ),
            3,
        ),
        (
            lambda dbl: Room.objects.filter(number="DBL-5").update(
                housekeeping_status=HousekeepingStatus.CLEAN
            ),
            5,
        ),
        (lambda dbl: Room.objects.create(number="DBL-9", room_type=dbl), 5),
    ],
    ids=["out-of-order", "back-in-order", "added"],
)
def test_totals_follow_the_sellable_rooms(alpine, change, rooms):
    dbl = alpine["DBL"]
    change(dbl)

    result = recount_inventory(fix=True)

    assert [(d.date, d.kind, d.stored_total, d.expected_total) for d in result.drifts] == [
        (day(n), "total", 4, rooms) for n in range(10)
    ]
    assert {total for _, total, _ in calendar(dbl).values()} == {rooms}
    assert recount_inventory().drifts == []


# --- hotels, exit codes, the hotel's today ---------------------------------------------------


@pytest.fixture
def both_drifted(alpine, hotel_b) -> dict[str, RoomType]:
    """Alpine and Bayview each with one drifted night (Bayview: SUP, 3 rooms, 3 nights)."""
    set_night(alpine["DBL"], day(1), sold=2)
    with schema_context(hotel_b.schema):
        sup = make_room_type("SUP", 3)
        inventory_extend_horizon(days=2)
        set_night(sup, day(2), sold=1)
    return {**alpine, "SUP": sup}


def test_a_schema_run_touches_only_that_hotel(both_drifted, hotel_b):
    lines = check("--schema", "hotel_alpine", "--fix")

    assert lines[0].startswith("hotel_alpine: 1 night(s) drifted, 1 fixed")
    assert not [line for line in lines if "bayview" in line]
    assert calendar(both_drifted["DBL"])[day(1)] == (0, 4, 0)
    with schema_context(hotel_b.schema):
        assert calendar(both_drifted["SUP"])[day(2)] == (1, 3, 0)


def test_by_default_every_hotel_is_checked(both_drifted, hotel_b):
    lines = check(expect_exit=1)

    assert [line for line in lines if line.startswith(("hotel_", "1 ", "2 "))] == [
        "hotel_alpine: 1 night(s) drifted (2026-05-10 .. 2026-05-19)",
        "hotel_bayview: 1 night(s) drifted (2026-05-10 .. 2026-05-12)",
        "2 hotel(s) checked, 2 with drift: 2 night(s)",
    ]

    check("--fix")

    assert check() == [
        "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)",
        "hotel_bayview: no drift (2026-05-10 .. 2026-05-12)",
        "2 hotel(s) checked, 0 with drift: 0 night(s)",
    ]
    with schema_context(hotel_b.schema):
        assert calendar(both_drifted["SUP"])[day(2)] == (0, 3, 0)


def test_a_hotel_without_calendar_has_nothing_to_check(db, hotel_b, at):
    at(NOW)

    assert check("--schema", "hotel_bayview") == [
        "hotel_bayview: no calendar from 2026-05-10",
        "1 hotel(s) checked, 0 with drift: 0 night(s)",
    ]


def test_unknown_schema(db):
    with pytest.raises(CommandError, match="no hotel with schema 'hotel_nowhere'") as excinfo:
        call_command("check_inventory", "--schema", "hotel_nowhere")
    assert excinfo.value.returncode == 2


@pytest.fixture
def command_line(monkeypatch, capsys):
    """Run `innkeep check_inventory ...` as from a shell (in this test's transaction):
    returns (exit code, stdout, stderr)."""
    # a command run from the command line closes the connections when done; not this one
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            execute_from_command_line(["innkeep", "check_inventory", *args])
            code = 0
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_exit_codes_from_the_command_line(both_drifted, command_line):
    code, _, err = command_line("--schema", "hotel_alpine")
    assert (code, err) == (1, "CommandError: inventory drift found; run with --fix to repair\n")

    code, out, err = command_line("--schema", "hotel_alpine", "--fix")
    assert (code, err) == (0, "")
    assert "fixed" in out

    assert command_line("--schema", "hotel_alpine")[:2] == (
        0,
        "hotel_alpine: no drift (2026-05-10 .. 2026-05-19)\n"
        "1 hotel(s) checked, 0 with drift: 0 night(s)\n",
    )

    code, _, err = command_line("--schema", "hotel_alpine", "--from", "2026-13-01")
    assert code == 2
    assert "argument --from: '2026-13-01' is not a date (YYYY-MM-DD)" in err

    code, _, err = command_line("--schema", "hotel_nowhere")
    assert (code, err) == (2, "CommandError: no hotel with schema 'hotel_nowhere'\n")


def test_unfixable_drift_exits_1_after_the_fix(alpine, command_line):
    Room.objects.filter(room_type=alpine["SGL"]).update(active=False)  # 0 rooms
    make_stay(alpine["SGL"], day(1), day(2))
    set_night(alpine["SGL"], day(1), sold=1)  # right, but more than the 0 rooms left

    code, _, err = command_line("--schema", "hotel_alpine", "--fix")

    assert (code, err) == (1, "CommandError: 1 night(s) could not be fixed\n")


@pytest.mark.parametrize(
    ("utc", "today"),
    [
        (datetime(2026, 5, 9, 21, 59, tzinfo=UTC), date(2026, 5, 9)),  # 23:59 in Madrid
        (datetime(2026, 5, 9, 22, 0, tzinfo=UTC), date(2026, 5, 10)),  # 00:00 in Madrid
    ],
)
def test_today_is_the_hotels_today(db, hotel_a, at, utc, today):
    at(utc)
    with schema_context(hotel_a.schema):
        dbl = make_room_type("DBL", 2)
        for night in (date(2026, 5, 9), date(2026, 5, 10)):
            InventoryDay.objects.create(room_type=dbl, date=night, total=2, sold=1)

        result = recount_inventory()

    assert (result.today, result.start, result.end) == (today, today, date(2026, 5, 10))
    assert [d.date for d in result.drifts] == [
        night for night in (date(2026, 5, 9), date(2026, 5, 10)) if night >= today
    ]


# --- the recount is one statement, whatever the number of stays -----------------------------


def queries(**kwargs: object) -> int:
    with CaptureQueriesContext(connections["default"]) as captured:
        recount_inventory(**kwargs)  # type: ignore[arg-type]
    # (django-tenants sets the search_path on each cursor: not counted)
    return sum(not q["sql"].startswith("SET search_path") for q in captured.captured_queries)


def test_a_fixed_number_of_queries_whatever_the_stays(alpine):
    dbl, sgl = alpine["DBL"], alpine["SGL"]
    make_stay(dbl, day(1), day(2))
    few = (queries(), queries(fix=True))
    for n in range(16):
        make_stay(sgl if n % 2 else dbl, day(n % 8), day(n % 8 + 2))
    InventoryDay.objects.filter(date=day(7)).delete()

    # hotel profile, sellable rooms, calendar end, the recount; with --fix: savepoint, lock,
    # one UPDATE for all the drifted nights (and one INSERT for all the missing ones), release
    assert few == (4, 8)
    assert (queries(), queries(fix=True)) == (4, 9)
    assert recount_inventory().drifts == []
