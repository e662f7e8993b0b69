"""Error codes of the catalogue: hotel profile, room types, rooms, extras."""

ROOM_TYPE_IN_USE = "ROOM_TYPE_IN_USE"
ROOM_IN_USE = "ROOM_IN_USE"
