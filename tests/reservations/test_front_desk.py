"""Check-in, check-out, no-show and party changes through the staff API: each leaves its
trail row and outbox event; a refused one changes nothing. The nightly no-show run acts
on each hotel's local cut-off; the front-desk lists follow the hotel's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from django_tenants.utils import tenant_context

from innkeep.core import clock
from innkeep.events.models import OutboxEvent
from innkeep.inventory.models import InventoryDay
from innkeep.properties.models import HotelProfile, HousekeepingStatus, Room
from innkeep.reservations.models import (
    PartyMember,
    Reservation,
    ReservationEvent,
    ReservationStatus,
    RoomAssignment,
    Stay,
)
from innkeep.reservations.tasks import mark_no_shows
from tests.accounts.endpoints import hotel_digest
from tests.factories import InventoryDayFactory, PartyMemberFactory, RoomTypeFactory
from tests.reservations.desk import room_of, stay_of

pytestmark = pytest.mark.django_db

S = ReservationStatus


def trail(code: str) -> list[tuple[str, str, str]]:
    return list(
        ReservationEvent.objects.filter(reservation__code=code)
        .order_by("id")
        .values_list("action", "from_status", "to_status")
    )


def topics(code: str) -> list[str]:
    return list(
        OutboxEvent.objects.filter(aggregate_id=code).order_by("id").values_list("topic", flat=True)
    )


def post(api_for, hotel, staff, path, body=None):  # type: ignore[no-untyped-def]
    return api_for(hotel).post(path, body or {}, format="json", **staff.auth)


@pytest.fixture
def desk(hotel_a, make_staff, frozen_now):  # type: ignore[no-untyped-def]
    return make_staff(hotel_a, "front_desk")


# --- check-in --------------------------------------------------------------------------


def test_check_in_moves_sets_the_stays_and_warns_of_a_dirty_room(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        room = room_of(dbl, "101", housekeeping_status=HousekeepingStatus.DIRTY)
        stay_of("CHK001", room_type=dbl, check_in=date(2027, 3, 1), room=room)

    response = post(api_for, hotel_a, desk, "/api/v1/reservations/CHK001/check-in/")

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "checked_in"
    assert body["warnings"] == [
        {
            "code": "ROOM_NOT_CLEAN",
            "message": "Room 101 is Dirty.",
            "details": {"room": "101", "housekeeping_status": "dirty"},
        }
    ]
    with tenant_context(hotel_a.hotel):
        assert trail("CHK001") == [("status_changed", "confirmed", "checked_in")]
        assert ReservationEvent.objects.get(reservation__code="CHK001").details == {
            "rooms": ["101"]
        }
        assert ReservationEvent.objects.get(reservation__code="CHK001").actor == desk.user
        assert topics("CHK001") == ["reservation.checked_in"]
        assert Stay.objects.get(reservation__code="CHK001").checked_in_at == clock.now()


def test_a_clean_room_gives_no_warning(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        stay_of("CHK002", room_type=dbl, check_in=date(2027, 3, 1), room=room_of(dbl, "101"))
    response = post(api_for, hotel_a, desk, "/api/v1/reservations/CHK002/check-in/")
    assert (response.status_code, response.json()["warnings"]) == (200, [])


@pytest.mark.parametrize(
    ("status", "check_in", "room", "code"),
    [
        (S.CONFIRMED, date(2027, 3, 1), False, "ROOM_NOT_ASSIGNED"),
        (S.CONFIRMED, date(2027, 3, 2), True, "CHECK_IN_NOT_DUE"),
        (S.CANCELLED, date(2027, 3, 1), True, "INVALID_STATUS_TRANSITION"),
        (S.CHECKED_IN, date(2027, 3, 1), True, "INVALID_STATUS_TRANSITION"),
    ],
)
def test_a_refused_check_in_changes_nothing(api_for, hotel_a, desk, status, check_in, room, code):
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        stay = stay_of(
            "CHK003",
            status=status,
            room_type=dbl,
            check_in=check_in,
            room=room_of(dbl, "101") if room else None,
        )
    before = hotel_digest(hotel_a.schema)

    response = post(api_for, hotel_a, desk, "/api/v1/reservations/CHK003/check-in/")

    assert (response.status_code, response.json()["error"]["code"]) == (409, code)
    if code == "ROOM_NOT_ASSIGNED":
        assert response.json()["error"]["details"] == {"stays": [stay.pk]}
    assert hotel_digest(hotel_a.schema) == before


# --- check-out -------------------------------------------------------------------------


def test_an_early_check_out_dirties_and_releases_the_room_from_today(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        room = room_of(dbl, "101")
        stay_of(
            "OUT001",
            status=S.CHECKED_IN,
            room_type=dbl,
            check_in=date(2027, 2, 27),
            check_out=date(2027, 3, 3),
            room=room,
        )

    response = post(api_for, hotel_a, desk, "/api/v1/reservations/OUT001/check-out/")

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["rooms"]) == ("checked_out", [])
    with tenant_context(hotel_a.hotel):
        assert Room.objects.get(pk=room.pk).housekeeping_status == "dirty"
        assignment = RoomAssignment.objects.get(stay__reservation__code="OUT001")
        assert assignment.end == date(2027, 3, 1)
        assert assignment.released_at is not None
        assert trail("OUT001") == [
            ("status_changed", "checked_in", "checked_out"),
            ("room_released", "", ""),
        ]
        assert topics("OUT001") == ["reservation.checked_out", "room.released"]
        assert Stay.objects.get(reservation__code="OUT001").checked_out_at == clock.now()


def test_check_out_of_a_guest_not_in_house_is_refused(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        stay_of("OUT002", room_type=dbl, check_in=date(2027, 3, 1), room=room_of(dbl, "101"))
    before = hotel_digest(hotel_a.schema)
    response = post(api_for, hotel_a, desk, "/api/v1/reservations/OUT002/check-out/")
    assert (response.status_code, response.json()["error"]["code"]) == (
        409,
        "INVALID_STATUS_TRANSITION",
    )
    assert hotel_digest(hotel_a.schema) == before


# --- no-show ---------------------------------------------------------------------------


def missed(
    code: str,
    check_in: date,
    check_out: date,
    *,
    with_room: bool = True,
    status: str = S.CONFIRMED,
) -> Stay:
    """A stay (confirmed unless told) whose nights are sold in the calendar (one room of two)."""
    dbl = RoomTypeFactory(code=f"T{code[-3:]}")
    night = check_in
    while night < check_out:
        InventoryDayFactory(room_type=dbl, date=night, total=2, sold=1)
        night = date.fromordinal(night.toordinal() + 1)
    rooms = [room_of(dbl, f"{letter}{code[-3:]}") for letter in "RS"]  # the calendar's two
    room = rooms[0] if with_room else None
    return stay_of(
        code, status=status, room_type=dbl, check_in=check_in, check_out=check_out, room=room
    )


def sold(stay: Stay) -> list[int]:
    return list(
        InventoryDay.objects.filter(room_type=stay.room_type)
        .order_by("date")
        .values_list("sold", flat=True)
    )


def test_a_no_show_after_the_arrival_date_frees_nights_and_room(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        stay = missed("NOS001", date(2027, 2, 28), date(2027, 3, 2))

    response = post(api_for, hotel_a, desk, "/api/v1/reservations/NOS001/no-show/")

    assert (response.status_code, response.json()["status"]) == (200, "no_show")
    with tenant_context(hotel_a.hotel):
        assert sold(stay) == [0, 0]
        assert not RoomAssignment.objects.filter(stay=stay, released_at__isnull=True).exists()
        assert trail("NOS001") == [
            ("status_changed", "confirmed", "no_show"),
            ("room_released", "", ""),
        ]
        assert topics("NOS001") == ["reservation.no_show", "room.released"]


def test_a_no_show_on_the_arrival_date_is_too_early(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        missed("NOS002", date(2027, 3, 1), date(2027, 3, 2))
    before = hotel_digest(hotel_a.schema)
    response = post(api_for, hotel_a, desk, "/api/v1/reservations/NOS002/no-show/")
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "NO_SHOW_TOO_EARLY",
        "message": "A reservation becomes a no-show only after its arrival date.",
        "details": {"arrival": "2027-03-01", "today": "2027-03-01"},
    }
    assert hotel_digest(hotel_a.schema) == before


@pytest.mark.parametrize(
    ("now", "marked"),
    [
        # Madrid is UTC+1: the cut-off (04:00 local) is 03:00 UTC.
        (datetime(2027, 3, 2, 2, 59, tzinfo=UTC), ["NIT002"]),
        (datetime(2027, 3, 2, 3, 0, tzinfo=UTC), ["NIT001", "NIT002"]),
    ],
)
def test_the_nightly_run_marks_arrivals_past_the_local_cut_off(hotel_a, monkeypatch, now, marked):
    monkeypatch.setattr(clock, "now", lambda: now)
    with tenant_context(hotel_a.hotel):
        assert HotelProfile.objects.get().no_show_cutoff == time(4, 0)
        missed("NIT001", date(2027, 3, 1), date(2027, 3, 3))  # arrived yesterday
        missed("NIT002", date(2027, 2, 28), date(2027, 3, 3))  # the day before
        missed("NIT003", date(2027, 3, 2), date(2027, 3, 3))  # today: may still come
        missed("NIT004", date(2027, 2, 28), date(2027, 3, 3), status=S.CHECKED_IN)

        assert mark_no_shows() == marked
        assert mark_no_shows() == []  # a second run finds nothing

        statuses = dict(Reservation.objects.values_list("code", "status"))
        for code in ("NIT001", "NIT002", "NIT003"):
            assert statuses[code] == ("no_show" if code in marked else "confirmed"), code
        assert statuses["NIT004"] == "checked_in"
        event = ReservationEvent.objects.get(reservation__code="NIT002", action="status_changed")
        assert (event.actor, event.actor_label, event.to_status) == (None, "system", "no_show")


def test_the_cut_off_is_the_hotel_profiles(hotel_a, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2027, 3, 2, 0, 30, tzinfo=UTC))
    with tenant_context(hotel_a.hotel):
        HotelProfile.objects.update(no_show_cutoff=time(1, 0))  # 00:30 UTC = 01:30 Madrid
        missed("CUT001", date(2027, 3, 1), date(2027, 3, 2))
        assert mark_no_shows() == ["CUT001"]


# --- party -----------------------------------------------------------------------------


def test_party_members_added_and_removed_are_in_the_trail(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        stay = stay_of("PTY001", adults=2, children=0)
    client = api_for(hotel_a)

    added = post(
        api_for,
        hotel_a,
        desk,
        "/api/v1/reservations/PTY001/party/",
        {"first_name": "Eva", "last_name": "Ruiz"},
    )
    assert added.status_code == 201, added.content
    member = added.json()
    assert member == {
        "id": member["id"],
        "stay": stay.pk,
        "first_name": "Eva",
        "last_name": "Ruiz",
        "is_child": False,
    }
    full = post(
        api_for,
        hotel_a,
        desk,
        "/api/v1/reservations/PTY001/party/",
        {"first_name": "Max", "last_name": "Ruiz"},
    )
    assert (full.status_code, full.json()["error"]["code"]) == (409, "PARTY_FULL")
    removed = client.delete(f"/api/v1/reservations/PTY001/party/{member['id']}/", **desk.auth)
    assert removed.status_code == 204
    gone = client.delete(f"/api/v1/reservations/PTY001/party/{member['id']}/", **desk.auth)
    assert gone.status_code == 404

    with tenant_context(hotel_a.hotel):
        assert not PartyMember.objects.filter(stay=stay).exists()
        assert trail("PTY001") == [("party_member_added", "", ""), ("party_member_removed", "", "")]
        assert topics("PTY001") == ["reservation.modified", "reservation.modified"]
        payloads = OutboxEvent.objects.filter(aggregate_id="PTY001").order_by("id")
        assert [p.payload["change"] for p in payloads] == [
            "party_member_added",
            "party_member_removed",
        ]
        assert "Eva" not in str([p.payload for p in payloads])  # no personal data


def test_the_party_of_a_closed_reservation_does_not_change(api_for, hotel_a, desk):
    with tenant_context(hotel_a.hotel):
        stay = stay_of("PTY002", status=S.CANCELLED, adults=2)
        member = PartyMemberFactory(stay=stay)
    before = hotel_digest(hotel_a.schema)
    added = post(
        api_for,
        hotel_a,
        desk,
        "/api/v1/reservations/PTY002/party/",
        {"first_name": "Eva", "last_name": "Ruiz"},
    )
    removed = api_for(hotel_a).delete(
        f"/api/v1/reservations/PTY002/party/{member.pk}/", **desk.auth
    )
    assert [added.json()["error"]["code"], removed.json()["error"]["code"]] == [
        "RESERVATION_CLOSED",
        "RESERVATION_CLOSED",
    ]
    assert hotel_digest(hotel_a.schema) == before


# --- front-desk lists in the hotel's time zone ---------------------------------------------


@pytest.mark.parametrize(
    ("timezone", "now", "today"),
    [
        # 23:30 UTC on 1 March is already 2 March in Madrid ...
        ("Europe/Madrid", datetime(2027, 3, 1, 23, 30, tzinfo=UTC), date(2027, 3, 2)),
        ("Europe/Madrid", datetime(2027, 3, 1, 22, 30, tzinfo=UTC), date(2027, 3, 1)),
        # ... and 02:00 UTC on 2 March still 1 March in New York.
        ("America/New_York", datetime(2027, 3, 2, 2, 0, tzinfo=UTC), date(2027, 3, 1)),
    ],
)
def test_front_desk_lists_follow_the_hotels_today(
    api_for, hotel_a, owner_of, monkeypatch, timezone, now, today
):
    monkeypatch.setattr(clock, "now", lambda: now)
    with tenant_context(hotel_a.hotel):
        HotelProfile.objects.update(timezone=timezone)
        dbl = RoomTypeFactory(code="DBL")
        stay_of("ARR001", room_type=dbl, check_in=date(2027, 3, 1), check_out=date(2027, 3, 2))
        stay_of("ARR002", room_type=dbl, check_in=date(2027, 3, 2), check_out=date(2027, 3, 4))
        stay_of(
            "INH001",
            status=S.CHECKED_IN,
            room_type=dbl,
            check_in=date(2027, 2, 27),
            check_out=date(2027, 3, 1),
        )
        stay_of(
            "INH002",
            status=S.CHECKED_IN,
            room_type=dbl,
            check_in=date(2027, 2, 27),
            check_out=date(2027, 3, 2),
        )
        stay_of(
            "OUT009",
            status=S.CHECKED_OUT,
            room_type=dbl,
            check_in=date(2027, 2, 27),
            check_out=date(2027, 3, 2),
        )
        stay_of(
            "CXL001",
            status=S.CANCELLED,
            room_type=dbl,
            check_in=date(2027, 3, 1),
            check_out=date(2027, 3, 2),
        )
    client, owner = api_for(hotel_a), owner_of(hotel_a)

    def listed(name: str) -> list[str]:
        response = client.get(f"/api/v1/front-desk/{name}/", **owner.auth)
        assert response.status_code == 200
        return sorted(row["code"] for row in response.json()["results"])

    if today == date(2027, 3, 1):
        assert listed("arrivals") == ["ARR001"]
        assert listed("departures") == ["INH001"]
    else:
        assert listed("arrivals") == ["ARR002"]
        assert listed("departures") == ["INH002", "OUT009"]
    assert listed("in-house") == ["INH001", "INH002"]
