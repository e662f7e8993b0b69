"""Error codes of reservations (booking, changes, cancellations, the guest's lookup).
Every code is listed in docs/errors.md. Other engineers of the app append theirs here."""

# The quote and promo codes a booking refuses with are the rates app's.
from innkeep.rates.errors import QUOTE_EXPIRED, QUOTE_NOT_FOUND  # noqa: F401

RESERVATION_NOT_FOUND = "RESERVATION_NOT_FOUND"
QUOTE_MISMATCH = "QUOTE_MISMATCH"
PROMO_CODE_USED_UP = "PROMO_CODE_USED_UP"
RESERVATION_NOT_MODIFIABLE = "RESERVATION_NOT_MODIFIABLE"

# --- front desk (reservations/front_desk.py) --------------------------------------------
ROOM_NOT_ASSIGNED = "ROOM_NOT_ASSIGNED"
CHECK_IN_NOT_DUE = "CHECK_IN_NOT_DUE"
NO_SHOW_TOO_EARLY = "NO_SHOW_TOO_EARLY"
PARTY_FULL = "PARTY_FULL"
RESERVATION_CLOSED = "RESERVATION_CLOSED"
