"""Error codes of the reservations app (docs/errors.md lists them)."""

# --- front desk (reservations/front_desk.py) --------------------------------------------
ROOM_NOT_ASSIGNED = "ROOM_NOT_ASSIGNED"
CHECK_IN_NOT_DUE = "CHECK_IN_NOT_DUE"
NO_SHOW_TOO_EARLY = "NO_SHOW_TOO_EARLY"
PARTY_FULL = "PARTY_FULL"
RESERVATION_CLOSED = "RESERVATION_CLOSED"
