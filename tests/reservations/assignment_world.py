"""What the room-assignment endpoints point at in the permission matrix and the fuzzer
(tests/accounts/endpoints.py): three reservations of the catalogue's MTX and four spare MTX
rooms, so that a call by any allowed role succeeds. Made with the factories; call inside
the hotel's schema. Room M1 (the catalogue's) is left alone: the matrix deletes it."""

from __future__ import annotations

from datetime import date
from typing import Any

from innkeep.reservations.models import ReservationStatus
from tests.factories import RoomAssignmentFactory, RoomFactory, StayFactory

# Nights of the stays, around the matrix's frozen first night (2027-03-01).
ARRIVING = (date(2027, 3, 2), date(2027, 3, 4))
IN_HOUSE = (date(2027, 2, 28), date(2027, 3, 4))


def assignment_world(catalogue: dict[str, Any]) -> dict[str, Any]:
    """`to_assign` (confirmed, no room: available-rooms, assign-room to M2), `to_unassign`
    (confirmed, holds M3) and `to_move` (checked in since 02-28, holds M4: move-room to M5)."""
    room_type, rate_plan = catalogue["room_type"], catalogue["rate_plan"]
    rooms = {n: RoomFactory(number=f"M{n}", room_type=room_type) for n in (2, 3, 4, 5)}

    def stay(code: str, nights: tuple[date, date], status: str = ReservationStatus.CONFIRMED):  # type: ignore[no-untyped-def]
        return StayFactory(
            room_type=room_type,
            rate_plan=rate_plan,
            check_in=nights[0],
            check_out=nights[1],
            reservation__code=code,
            reservation__status=status,
        )

    to_assign = stay("MTXASG", ARRIVING)
    to_unassign = stay("MTXUNA", ARRIVING)
    RoomAssignmentFactory(stay=to_unassign, room=rooms[3])
    to_move = stay("MTXMOV", IN_HOUSE, ReservationStatus.CHECKED_IN)
    RoomAssignmentFactory(stay=to_move, room=rooms[4])
    return {"to_assign": to_assign, "to_unassign": to_unassign, "to_move": to_move}


def assignment_paths(world: dict[str, Any]) -> dict[str, str]:
    def on(key: str, endpoint: str) -> str:
        return f"/api/v1/reservations/{world[key].reservation.code}/{endpoint}/"

    return {
        "reservation-available-rooms": on("to_assign", "available-rooms"),
        "reservation-assign-room": on("to_assign", "assign-room"),
        "reservation-unassign-room": on("to_unassign", "unassign-room"),
        "reservation-move-room": on("to_move", "move-room"),
    }


BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("reservation-assign-room", "POST"): {"room": "M2"},
    ("reservation-move-room", "POST"): {"room": "M5", "date": "2027-03-02"},
}
