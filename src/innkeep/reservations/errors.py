"""Error codes of reservations (docs/errors.md, "Reservations"). Append only: several
changes add their codes here."""

# --- room assignment (reservations/assignment.py) ---
ROOM_OVERLAP_CONFLICT = "ROOM_OVERLAP_CONFLICT"
ROOM_TYPE_MISMATCH = "ROOM_TYPE_MISMATCH"
ROOM_INACTIVE = "ROOM_INACTIVE"
ROOM_OUT_OF_ORDER = "ROOM_OUT_OF_ORDER"
STAY_NOT_ASSIGNABLE = "STAY_NOT_ASSIGNABLE"
ROOM_NOT_ASSIGNED = "ROOM_NOT_ASSIGNED"
STAY_IN_HOUSE = "STAY_IN_HOUSE"
STAY_NOT_IN_HOUSE = "STAY_NOT_IN_HOUSE"
