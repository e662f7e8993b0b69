"""Error codes of reservations (docs/errors.md, "Reservations"): booking, changes,
cancellations, the guest's lookup, room assignment. Append only."""

# The quote and promo codes a booking refuses with are the rates app's.
from innkeep.rates.errors import QUOTE_EXPIRED, QUOTE_NOT_FOUND  # noqa: F401

# --- booking, changes, cancellations (booking.py, modify.py, cancel.py) ---
RESERVATION_NOT_FOUND = "RESERVATION_NOT_FOUND"
QUOTE_MISMATCH = "QUOTE_MISMATCH"
PROMO_CODE_USED_UP = "PROMO_CODE_USED_UP"
RESERVATION_NOT_MODIFIABLE = "RESERVATION_NOT_MODIFIABLE"
RATE_OVERRIDE_DECISION_NEEDED = "RATE_OVERRIDE_DECISION_NEEDED"

# --- room assignment (reservations/assignment.py) ---
ROOM_OVERLAP_CONFLICT = "ROOM_OVERLAP_CONFLICT"
ROOM_TYPE_MISMATCH = "ROOM_TYPE_MISMATCH"
ROOM_INACTIVE = "ROOM_INACTIVE"
ROOM_OUT_OF_ORDER = "ROOM_OUT_OF_ORDER"
STAY_NOT_ASSIGNABLE = "STAY_NOT_ASSIGNABLE"
ROOM_NOT_ASSIGNED = "ROOM_NOT_ASSIGNED"
STAY_IN_HOUSE = "STAY_IN_HOUSE"
STAY_NOT_IN_HOUSE = "STAY_NOT_IN_HOUSE"

# --- front desk (reservations/front_desk.py) --------------------------------------------
# ROOM_NOT_ASSIGNED (above): check-in of a stay without a room
CHECK_IN_NOT_DUE = "CHECK_IN_NOT_DUE"
NO_SHOW_TOO_EARLY = "NO_SHOW_TOO_EARLY"
PARTY_FULL = "PARTY_FULL"
RESERVATION_CLOSED = "RESERVATION_CLOSED"
