"""What each staff role may do, as Django permissions ("app_label.codename").

One table serves the API (views declare the permission they need) and the tenant admin
(Django admin asks `user.has_perm`). `docs/roles.md` and the OpenAPI description are
generated from `ROLE_PERMISSIONS`, and a test keeps them in sync.
"""

from __future__ import annotations

from innkeep.accounts.models import Role

# Permissions by area. Later apps add their own sets and grant them below.
STAFF_VIEW = frozenset({"accounts.view_user", "accounts.view_invitation"})
STAFF_MANAGE = STAFF_VIEW | {
    "accounts.change_user",
    "accounts.add_invitation",
    "accounts.delete_invitation",
    "accounts.unlock_user",
    "accounts.view_loginattempt",
}
OWNERS_MANAGE = frozenset({"accounts.manage_owners"})
PROFILE_VIEW = frozenset({"properties.view_hotelprofile"})
PROFILE_EDIT = PROFILE_VIEW | {"properties.change_hotelprofile"}
ROOMS_VIEW = frozenset({"properties.view_room"})
CATALOGUE_VIEW = ROOMS_VIEW | {"properties.view_roomtype", "properties.view_extra"}
CATALOGUE_EDIT = CATALOGUE_VIEW | {
    f"properties.{verb}_{model}"
    for verb in ("add", "change", "delete")
    for model in ("roomtype", "room", "extra")
}
HOUSEKEEPING_STATUS = frozenset({"properties.set_housekeeping_status"})
RATES_VIEW = frozenset(
    {
        f"rates.view_{model}"
        for model in (
            "rateplan",
            "dailyrate",
            "restriction",
            "cancellationpolicy",
            "taxrule",
            "promocode",
        )
    }
)
RATES_EDIT = (
    RATES_VIEW
    | {"rates.change_dailyrate", "rates.change_restriction"}
    | {
        f"rates.{verb}_{model}"
        for verb in ("add", "change", "delete")
        for model in ("rateplan", "cancellationpolicy", "taxrule", "promocode")
    }
)
INVENTORY_VIEW = frozenset({"inventory.view_inventoryday"})
INVENTORY_EDIT = INVENTORY_VIEW | {"inventory.change_inventoryday"}
RESERVATIONS_VIEW = frozenset({"reservations.view_reservation"})
FRONT_DESK = RESERVATIONS_VIEW | {
    "reservations.add_reservation",
    "reservations.change_reservation",
    "reservations.cancel_reservation",
    "reservations.check_in_out",
    "reservations.assign_room",
}
RATE_OVERRIDE = frozenset({"reservations.override_rate"})
# The outbox (events app): what was announced to messages, payments and webhooks, and what is
# stuck; the people who run the hotel's systems see it and retry it.
OUTBOX = frozenset({"events.view_outboxevent", "events.retry_outboxevent"})
# Guest messages (notifications): the front desk reads what went out; owners and managers
# also word the templates.
MESSAGES_VIEW = frozenset({"notifications.view_message", "notifications.view_messagetemplate"})
MESSAGES_EDIT = MESSAGES_VIEW | {
    "notifications.add_messagetemplate",
    "notifications.change_messagetemplate",
    "notifications.delete_messagetemplate",
}
SELL_MANAGE = CATALOGUE_EDIT | HOUSEKEEPING_STATUS | RATES_EDIT | INVENTORY_EDIT
SELL_VIEW = CATALOGUE_VIEW | RATES_VIEW | INVENTORY_VIEW

# A manager runs the hotel as its owner does, except for appointing and demoting owners.
RUNS_THE_HOTEL = (
    STAFF_MANAGE | PROFILE_EDIT | SELL_MANAGE | FRONT_DESK | RATE_OVERRIDE | OUTBOX | MESSAGES_EDIT
)

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: RUNS_THE_HOTEL | OWNERS_MANAGE,
    Role.MANAGER: RUNS_THE_HOTEL,
    Role.FRONT_DESK: PROFILE_VIEW | SELL_VIEW | HOUSEKEEPING_STATUS | FRONT_DESK | MESSAGES_VIEW,
    Role.HOUSEKEEPING: PROFILE_VIEW | ROOMS_VIEW | HOUSEKEEPING_STATUS,
    Role.ACCOUNTANT: PROFILE_VIEW | RATES_VIEW | RESERVATIONS_VIEW,
}

# Said in words for the docs: what each area means to a hotel.
AREA_NAMES: dict[str, str] = {
    "accounts.view_user": "See staff accounts",
    "accounts.view_invitation": "See invitations",
    "accounts.change_user": "Change staff roles and details, deactivate staff",
    "accounts.add_invitation": "Invite staff",
    "accounts.delete_invitation": "Revoke invitations",
    "accounts.unlock_user": "Clear sign-in delays",
    "accounts.view_loginattempt": "Review sign-in attempts",
    "accounts.manage_owners": "Appoint, demote and deactivate owners",
    "properties.view_hotelprofile": "See the hotel profile",
    "properties.change_hotelprofile": "Edit the hotel profile",
    "properties.view_roomtype": "See room types",
    "properties.add_roomtype": "Create room types",
    "properties.change_roomtype": "Edit room types and their photos",
    "properties.delete_roomtype": "Delete unused room types",
    "properties.view_room": "See rooms",
    "properties.add_room": "Add rooms",
    "properties.change_room": "Edit rooms (type, floor, active, out of order)",
    "properties.delete_room": "Delete rooms that never had a reservation",
    "properties.set_housekeeping_status": "Set a room's housekeeping status",
    "properties.view_extra": "See extras",
    "properties.add_extra": "Create extras",
    "properties.change_extra": "Edit extras",
    "properties.delete_extra": "Delete extras",
    "rates.view_rateplan": "See rate plans",
    "rates.add_rateplan": "Create rate plans",
    "rates.change_rateplan": "Edit rate plans",
    "rates.delete_rateplan": "Delete unused rate plans",
    "rates.view_dailyrate": "See daily prices",
    "rates.change_dailyrate": "Set daily prices (bulk)",
    "rates.view_restriction": "See restrictions (min/max stay, closed...)",
    "rates.change_restriction": "Set restrictions (bulk)",
    "rates.view_cancellationpolicy": "See cancellation policies",
    "rates.add_cancellationpolicy": "Create cancellation policies",
    "rates.change_cancellationpolicy": "Edit cancellation policies",
    "rates.delete_cancellationpolicy": "Delete unused cancellation policies",
    "rates.view_taxrule": "See taxes",
    "rates.add_taxrule": "Create taxes",
    "rates.change_taxrule": "Edit taxes",
    "rates.delete_taxrule": "Delete taxes",
    "rates.view_promocode": "See promo codes",
    "rates.add_promocode": "Create promo codes",
    "rates.change_promocode": "Edit promo codes",
    "rates.delete_promocode": "Delete unused promo codes",
    "inventory.view_inventoryday": "See the inventory calendar",
    "inventory.change_inventoryday": "Block rooms from sale (bulk)",
    "reservations.view_reservation": "See reservations, their trail and the front-desk lists",
    "reservations.add_reservation": "Take phone and walk-in bookings",
    "reservations.change_reservation": "Change reservations (dates, rooms, party), confirm them",
    "reservations.cancel_reservation": "Cancel reservations",
    "reservations.check_in_out": "Check guests in and out, mark no-shows",
    "reservations.assign_room": "Assign and move rooms",
    "reservations.override_rate": "Price a stay by hand (with a reason)",
    "events.view_outboxevent": "See the outbox: events announced, pending, failing, parked",
    "events.retry_outboxevent": "Retry parked or failing outbox events",
    "notifications.view_message": "See the messages sent to guests and what became of them",
    "notifications.view_messagetemplate": "See the hotel's message templates",
    "notifications.add_messagetemplate": "Write the hotel's own message templates",
    "notifications.change_messagetemplate": "Edit the hotel's message templates",
    "notifications.delete_messagetemplate": "Delete message templates (the shipped ones return)",
}


def permissions_for(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(permission: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]


def role_table_markdown() -> str:
    roles = list(ROLE_PERMISSIONS)
    header = "| permission | " + " | ".join(Role(r).label for r in roles) + " |"
    rule = "|---|" + "---|" * len(roles)
    lines = [header, rule]
    for perm, words in AREA_NAMES.items():
        marks = " | ".join("yes" if perm in ROLE_PERMISSIONS[r] else "" for r in roles)
        lines.append(f"| {words} (`{perm}`) | {marks} |")
    return "\n".join(lines)
