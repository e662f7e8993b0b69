"""The hotel API's endpoints for tests that go through all of them (the permission matrix,
the fuzzer): who may call each, what a call that is let through answers, a valid body for
each write, and the objects they point at."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role, User
from innkeep.accounts.services import invitation_create
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import RoomType, RoomTypePhoto
from innkeep.properties.selectors import hotel_today
from innkeep.rates.models import CancellationPolicy, RatePlan
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.booking import Booker, reservation_create
from innkeep.reservations.booking import RoomRequest as BookingRoom
from innkeep.reservations.quotes import RoomRequest, quote_create
from tests.accounts.conftest import ALL_ROLES, PASSWORD
from tests.properties.catalogue import image_file
from tests.properties.world import catalogue_world
from tests.reservations import assignment_world
from tests.reservations.world import reservation_paths, reservation_world

PUBLIC = "public"
MANAGERS = frozenset({Role.OWNER, Role.MANAGER})
DESK = MANAGERS | {Role.FRONT_DESK}
ROOM_STAFF = DESK | {Role.HOUSEKEEPING}
RATE_READERS = DESK | {Role.ACCOUNTANT}
READERS = DESK | {Role.ACCOUNTANT}  # reservations.view_reservation

# (url name, method) -> who may call it: PUBLIC, or the set of roles allowed.
EXPECTED: dict[tuple[str, str], Any] = {
    ("auth-token", "POST"): PUBLIC,
    ("auth-refresh", "POST"): PUBLIC,
    ("auth-logout", "POST"): PUBLIC,
    ("auth-password-reset", "POST"): PUBLIC,
    ("public-hotel", "GET"): PUBLIC,
    ("public-availability", "GET"): PUBLIC,
    ("public-quotes", "POST"): PUBLIC,
    ("public-quote", "GET"): PUBLIC,
    ("public-reservations", "POST"): PUBLIC,
    ("public-reservation", "GET"): PUBLIC,
    ("public-reservation-cancel", "POST"): PUBLIC,
    ("me", "GET"): ALL_ROLES,
    ("me", "PATCH"): ALL_ROLES,
    ("me-password", "POST"): ALL_ROLES,
    ("me-verify-email", "POST"): ALL_ROLES,
    ("login-attempts", "GET"): MANAGERS,
    ("user-list", "GET"): MANAGERS,
    ("user-detail", "GET"): MANAGERS,
    ("user-detail", "PATCH"): MANAGERS,
    ("user-deactivate", "POST"): MANAGERS,
    ("user-reactivate", "POST"): MANAGERS,
    ("user-unlock", "POST"): MANAGERS,
    ("invitation-list", "GET"): MANAGERS,
    ("invitation-list", "POST"): MANAGERS,
    ("invitation-detail", "GET"): MANAGERS,
    ("invitation-detail", "DELETE"): MANAGERS,
    # catalogue
    ("hotel-profile", "GET"): ALL_ROLES,
    ("hotel-profile", "PATCH"): MANAGERS,
    ("room-type-list", "GET"): DESK,
    ("room-type-list", "POST"): MANAGERS,
    ("room-type-detail", "GET"): DESK,
    ("room-type-detail", "PATCH"): MANAGERS,
    ("room-type-detail", "DELETE"): MANAGERS,
    ("room-type-photos", "POST"): MANAGERS,
    ("room-type-photo-detail", "DELETE"): MANAGERS,
    ("room-list", "GET"): ROOM_STAFF,
    ("room-list", "POST"): MANAGERS,
    ("room-detail", "GET"): ROOM_STAFF,
    ("room-detail", "PATCH"): MANAGERS,
    ("room-detail", "DELETE"): MANAGERS,
    ("room-housekeeping", "POST"): ROOM_STAFF,
    ("extra-list", "GET"): DESK,
    ("extra-list", "POST"): MANAGERS,
    ("extra-detail", "GET"): DESK,
    ("extra-detail", "PATCH"): MANAGERS,
    ("extra-detail", "DELETE"): MANAGERS,
    # rates and inventory
    ("rate-plan-list", "GET"): RATE_READERS,
    ("rate-plan-list", "POST"): MANAGERS,
    ("rate-plan-detail", "GET"): RATE_READERS,
    ("rate-plan-detail", "PATCH"): MANAGERS,
    ("rate-plan-detail", "DELETE"): MANAGERS,
    ("cancellation-policy-list", "GET"): RATE_READERS,
    ("cancellation-policy-list", "POST"): MANAGERS,
    ("cancellation-policy-detail", "GET"): RATE_READERS,
    ("cancellation-policy-detail", "PATCH"): MANAGERS,
    ("cancellation-policy-detail", "DELETE"): MANAGERS,
    ("tax-list", "GET"): RATE_READERS,
    ("tax-list", "POST"): MANAGERS,
    ("tax-detail", "GET"): RATE_READERS,
    ("tax-detail", "PATCH"): MANAGERS,
    ("tax-detail", "DELETE"): MANAGERS,
    ("promo-code-list", "GET"): RATE_READERS,
    ("promo-code-list", "POST"): MANAGERS,
    ("promo-code-detail", "GET"): RATE_READERS,
    ("promo-code-detail", "PATCH"): MANAGERS,
    ("promo-code-detail", "DELETE"): MANAGERS,
    ("rate-list", "GET"): RATE_READERS,
    ("rate-bulk", "POST"): MANAGERS,
    ("restriction-list", "GET"): RATE_READERS,
    ("restriction-bulk", "POST"): MANAGERS,
    ("inventory-list", "GET"): DESK,
    ("inventory-bulk", "POST"): MANAGERS,
    # room assignment
    ("reservation-available-rooms", "GET"): READERS,
    ("reservation-assign-room", "POST"): DESK,
    ("reservation-unassign-room", "POST"): DESK,
    ("reservation-move-room", "POST"): DESK,
    # reservations
    ("reservation-list", "GET"): READERS,
    ("reservation-list", "POST"): DESK,
    ("reservation-detail", "PATCH"): DESK,
    ("reservation-confirm", "POST"): DESK,
    ("reservation-cancel", "POST"): DESK,
    ("reservation-detail", "GET"): READERS,
    ("reservation-events", "GET"): READERS,
    ("reservation-check-in", "POST"): DESK,
    ("reservation-check-out", "POST"): DESK,
    ("reservation-no-show", "POST"): DESK,
    ("reservation-party", "POST"): DESK,
    ("reservation-party-member", "DELETE"): DESK,
    ("front-desk-arrivals", "GET"): READERS,
    ("front-desk-departures", "GET"): READERS,
    ("front-desk-in-house", "GET"): READERS,
}

# (url name, method) -> the status of a call that is let through. The matrix asserts it
# exactly for every caller allowed (a 400 or a 409 is not "allowed"), so the bodies and the
# world below are valid for each of them.
SUCCESS: dict[tuple[str, str], int] = {
    ("auth-token", "POST"): 200,
    ("auth-refresh", "POST"): 200,
    ("auth-logout", "POST"): 204,
    ("auth-password-reset", "POST"): 202,
    ("public-hotel", "GET"): 200,
    ("public-availability", "GET"): 200,
    ("public-quotes", "POST"): 201,
    ("public-quote", "GET"): 200,
    ("public-reservations", "POST"): 201,
    ("public-reservation", "GET"): 200,
    ("public-reservation-cancel", "POST"): 200,
    ("me", "GET"): 200,
    ("me", "PATCH"): 200,
    ("me-password", "POST"): 200,
    ("me-verify-email", "POST"): 202,  # every caller's address is still unverified
    ("login-attempts", "GET"): 200,
    ("user-list", "GET"): 200,
    ("user-detail", "GET"): 200,
    ("user-detail", "PATCH"): 200,
    ("user-deactivate", "POST"): 200,
    ("user-reactivate", "POST"): 200,
    ("user-unlock", "POST"): 200,
    ("invitation-list", "GET"): 200,
    ("invitation-list", "POST"): 201,
    ("invitation-detail", "GET"): 200,
    ("invitation-detail", "DELETE"): 204,
    ("hotel-profile", "GET"): 200,
    ("hotel-profile", "PATCH"): 200,
    ("room-type-list", "GET"): 200,
    ("room-type-list", "POST"): 201,
    ("room-type-detail", "GET"): 200,
    ("room-type-detail", "PATCH"): 200,
    ("room-type-detail", "DELETE"): 204,
    ("room-type-photos", "POST"): 201,
    ("room-type-photo-detail", "DELETE"): 204,
    ("room-list", "GET"): 200,
    ("room-list", "POST"): 201,
    ("room-detail", "GET"): 200,
    ("room-detail", "PATCH"): 200,
    ("room-detail", "DELETE"): 204,
    ("room-housekeeping", "POST"): 200,
    ("extra-list", "GET"): 200,
    ("extra-list", "POST"): 201,
    ("extra-detail", "GET"): 200,
    ("extra-detail", "PATCH"): 200,
    ("extra-detail", "DELETE"): 204,
    ("rate-plan-list", "GET"): 200,
    ("rate-plan-list", "POST"): 201,
    ("rate-plan-detail", "GET"): 200,
    ("rate-plan-detail", "PATCH"): 200,
    ("rate-plan-detail", "DELETE"): 204,
    ("cancellation-policy-list", "GET"): 200,
    ("cancellation-policy-list", "POST"): 201,
    ("cancellation-policy-detail", "GET"): 200,
    ("cancellation-policy-detail", "PATCH"): 200,
    ("cancellation-policy-detail", "DELETE"): 204,
    ("tax-list", "GET"): 200,
    ("tax-list", "POST"): 201,
    ("tax-detail", "GET"): 200,
    ("tax-detail", "PATCH"): 200,
    ("tax-detail", "DELETE"): 204,
    ("promo-code-list", "GET"): 200,
    ("promo-code-list", "POST"): 201,
    ("promo-code-detail", "GET"): 200,
    ("promo-code-detail", "PATCH"): 200,
    ("promo-code-detail", "DELETE"): 204,
    ("rate-list", "GET"): 200,
    ("rate-bulk", "POST"): 200,
    ("restriction-list", "GET"): 200,
    ("restriction-bulk", "POST"): 200,
    ("inventory-list", "GET"): 200,
    ("inventory-bulk", "POST"): 200,
    ("reservation-available-rooms", "GET"): 200,
    ("reservation-assign-room", "POST"): 200,
    ("reservation-unassign-room", "POST"): 200,
    ("reservation-move-room", "POST"): 200,
    ("reservation-list", "GET"): 200,
    ("reservation-list", "POST"): 201,
    ("reservation-detail", "PATCH"): 200,
    ("reservation-confirm", "POST"): 200,
    ("reservation-cancel", "POST"): 200,
    ("reservation-detail", "GET"): 200,
    ("reservation-events", "GET"): 200,
    ("reservation-check-in", "POST"): 200,
    ("reservation-check-out", "POST"): 200,
    ("reservation-no-show", "POST"): 200,
    ("reservation-party", "POST"): 201,
    ("reservation-party-member", "DELETE"): 204,
    ("front-desk-arrivals", "GET"): 200,
    ("front-desk-departures", "GET"): 200,
    ("front-desk-in-house", "GET"): 200,
}

# The bodies' dates: the matrix stops the hotel's clock on FIRST_NIGHT, so they are never
# in the past (the fuzzer brings dates of its own).
FIRST_NIGHT = "2027-03-01"
STAY = {"check_in": FIRST_NIGHT, "check_out": "2027-03-04"}
GUEST_EMAIL = "matrix@guest.test"

# A valid body (for a GET: query) for each call; every caller made by build_world has the
# password PASSWORD.
BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("auth-token", "POST"): {"email": "caller-front_desk@alpine.test", "password": PASSWORD},
    ("auth-refresh", "POST"): {"refresh": "not-a-token"},  # the matrix sends a real one
    ("auth-logout", "POST"): {"refresh": "not-a-token"},  # the matrix sends a real one
    ("auth-password-reset", "POST"): {"email": "target@alpine.test"},
    ("public-availability", "GET"): {**STAY, "adults": 2},
    ("public-quotes", "POST"): {
        **STAY,
        "rooms": [{"room_type": "MTX", "rate_plan": "BAR", "adults": 2, "children": 0}],
    },
    ("public-reservations", "POST"): {
        **STAY,
        "booker": {"first_name": "Ana", "last_name": "Ruiz", "email": GUEST_EMAIL},
        "rooms": [{"room_type": "MTX", "rate_plan": "BAR", "adults": 2, "children": 0}],
    },
    ("public-reservation", "GET"): {"email": GUEST_EMAIL},
    ("public-reservation-cancel", "POST"): {"email": GUEST_EMAIL},
    ("me", "PATCH"): {"first_name": "Renamed"},
    ("me-password", "POST"): {"current_password": PASSWORD, "new_password": "x-Long-enough-77"},
    ("user-detail", "PATCH"): {"first_name": "Renamed"},
    ("invitation-list", "POST"): {"email": "new.hire@alpine.test", "role": "front_desk"},
    ("hotel-profile", "PATCH"): {"city": "Zermatt"},
    ("room-type-list", "POST"): {"code": "NEW", "name": "New room"},
    ("room-type-detail", "PATCH"): {"name": "Renamed"},
    ("room-list", "POST"): {"number": "999", "room_type": "MTX"},
    ("room-detail", "PATCH"): {"notes": "Squeaky door"},
    ("room-housekeeping", "POST"): {"status": "dirty"},
    ("extra-list", "POST"): {
        "code": "BRK",
        "name": "Breakfast",
        "price": "9.50",
        "pricing": "per_stay",
    },
    ("extra-detail", "PATCH"): {"price": "11.00"},
    ("rate-plan-list", "POST"): {"code": "NRF", "name": "Non-refundable", "room_types": ["MTX"]},
    ("rate-plan-detail", "PATCH"): {"name": "Renamed"},
    ("cancellation-policy-list", "POST"): {"name": "Strict", "free_until_days": 14},
    ("cancellation-policy-detail", "PATCH"): {"free_until_days": 3},
    ("tax-list", "POST"): {"name": "City tax", "kind": "per_person_night", "amount": "2.00"},
    ("tax-detail", "PATCH"): {"amount": "12.00"},
    ("promo-code-list", "POST"): {"code": "spring", "kind": "amount", "value": "20.00"},
    ("promo-code-detail", "PATCH"): {"active": False},
    ("rate-bulk", "POST"): {
        "rate_plan": "BAR",
        "room_types": ["MTX"],
        "date_from": "2027-03-01",
        "date_to": "2027-03-07",
        "price": "99.00",
    },
    ("restriction-bulk", "POST"): {
        "room_types": ["MTX"],
        "date_from": "2027-03-01",
        "date_to": "2027-03-07",
        "min_stay": 2,
    },
    ("inventory-bulk", "POST"): {
        "room_types": ["MTX"],
        "date_from": "2027-03-01",
        "date_to": "2027-03-07",
        "blocked": 1,
    },
    **assignment_world.BODIES,
    ("reservation-list", "GET"): {"status": "confirmed,checked_in", "q": "ada"},
    ("reservation-party", "POST"): {"first_name": "Eva", "last_name": "Ruiz"},
    ("reservation-list", "POST"): {
        "check_in": "2027-03-01",
        "check_out": "2027-03-03",
        "source": "walk_in",
        "booker": {"first_name": "Walk", "last_name": "In", "email": "walk.in@guest.test"},
        "rooms": [{"room_type": "BKG", "rate_plan": "BKR", "adults": 1}],
    },
    ("reservation-detail", "PATCH"): {"check_out": "2027-03-05"},
    ("reservation-cancel", "POST"): {"reason": "guest", "note": "Plans changed."},
}


# Bodies that only the world can make (a live refresh token, a fresh upload), and how
# they are sent.
WORLD_BODIES: dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("auth-refresh", "POST"): lambda world: {"refresh": world["callers"][Role.OWNER].refresh},
    ("auth-logout", "POST"): lambda world: {"refresh": world["callers"][Role.OWNER].refresh},
    ("room-type-photos", "POST"): lambda world: {"image": image_file()},
}
FORMATS: dict[tuple[str, str], str] = {("room-type-photos", "POST"): "multipart"}


def request_body(endpoint: tuple[str, str], world: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The body of a call to `endpoint` and its format, valid for every caller allowed."""
    make = WORLD_BODIES.get(endpoint)
    body = make(world) if make is not None else BODIES.get(endpoint, {})
    return body, FORMATS.get(endpoint, "json")


def api_endpoints() -> set[tuple[str, str]]:
    """(url name, METHOD) for every route under /api/v1/ of the hotel URL conf."""
    found: set[tuple[str, str]] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and route.startswith("api/v1/"):
                callback = pattern.callback
                if hasattr(callback, "actions"):  # a viewset route
                    methods = [m.upper() for m in callback.actions if m != "head"]
                else:
                    view = callback.view_class  # type: ignore[attr-defined]
                    methods = [
                        m.upper()
                        for m in view.http_method_names
                        if m not in {"options", "head"} and hasattr(view, m)
                    ]
                found.update((pattern.name, method) for method in methods)

    walk(get_resolver("innkeep.urls_tenant").url_patterns, "")
    return found


def hotel_digest(schema: str) -> dict[str, str]:
    """A digest of every row of every table in the schema."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema]
        )
        tables = [row[0] for row in cursor.fetchall()]
        digest = {}
        for table in tables:
            cursor.execute(
                f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                f'FROM "{schema}"."{table}" t'
            )
            digest[table] = cursor.fetchone()[0]
    return digest


def build_world(hotel_a, hotel_b, make_staff, owner_of):  # type: ignore[no-untyped-def]
    """One user of each role in hotel A; clerks that an owner or a manager may change:
    an active one, a deactivated one and one with sign-in delays; a pending invitation (not for an
    owner); one of each catalogue object, and spare objects that nothing refers to (so
    deleting them is allowed); and the owner of hotel B (whose user id also exists in A).
    `put_on_sale` adds what booking needs, for the calls in ON_SALE."""
    callers = {
        role: make_staff(hotel_a, role, email=f"caller-{role}@alpine.test") for role in Role.values
    }
    target = make_staff(hotel_a, Role.FRONT_DESK, email="target@alpine.test")
    with tenant_context(hotel_a.hotel):
        inactive = User.objects.create(
            email="inactive@alpine.test", role=Role.FRONT_DESK, is_active=False
        )
        # wrong passwords behind it (nothing locks an account: unlock clears the delays)
        locked = User.objects.create(
            email="locked@alpine.test", role=Role.FRONT_DESK, failed_login_count=5
        )
        invitation = invitation_create(
            actor=callers[Role.OWNER].user, email="pending@alpine.test", role=Role.HOUSEKEEPING
        )
        catalogue = catalogue_world()
        spare = spare_world(catalogue)
        assignment = assignment_world.assignment_world(catalogue)
        reservations = reservation_world(catalogue)
    callers["other_hotel_owner"] = owner_of(hotel_b)
    return {
        "callers": callers,
        "target": target.user,
        "inactive": inactive,
        "locked": locked,
        "invitation": invitation,
        "catalogue": catalogue,
        "spare": spare,
        "assignment": assignment,
        "reservations": reservations,
    }


# The calls that need MTX priced and on sale (calendar rows, BAR prices, a quote): the
# matrix puts the world on sale for these only, as it costs a few queries.
ON_SALE = {
    ("public-availability", "GET"),
    ("public-quotes", "POST"),
    ("public-quote", "GET"),
    ("public-reservations", "POST"),
    ("public-reservation", "GET"),
    ("public-reservation-cancel", "POST"),
    ("inventory-bulk", "POST"),
}


def put_on_sale(world: dict[str, Any]) -> None:
    """Calendar and BAR prices for MTX from the hotel's today, and world["quote"], a quote
    for three nights. Call inside hotel A's schema."""
    objects = world["catalogue"]
    today = hotel_today()
    inventory_extend_horizon(days=10)
    rates_bulk_set(
        rate_plan=objects["rate_plan"],
        room_types=[objects["room_type"]],
        date_from=today,
        date_to=today + timedelta(days=9),
        weekdays=None,
        price=Decimal("100.00"),
    )
    world["quote"] = quote_create(
        check_in=today,
        check_out=today + timedelta(days=3),
        promo_code=None,
        rooms=[RoomRequest(room_type="MTX", rate_plan="BAR", adults=2)],
    )
    # booked after the bodies' nights (stay, blocks), which keeps the one MTX room for them
    world["reservation"] = reservation_create(
        check_in=today + timedelta(days=8),
        check_out=today + timedelta(days=9),
        booker=Booker(first_name="Ana", last_name="Ruiz", email=GUEST_EMAIL),
        rooms=[BookingRoom(room_type="MTX", rate_plan="BAR", adults=2)],
        source="web",
        actor="guest",
    )


def spare_world(objects: dict[str, Any]) -> dict[str, Any]:
    """A room type (with a photo), a cancellation policy and a rate plan that no room,
    price, plan or reservation refers to: what the detail endpoints change and delete."""
    room_type = RoomType.objects.create(code="SPR", name="Spare room")
    return {
        "room_type": room_type,
        "photo": RoomTypePhoto.objects.create(room_type=room_type, image="room-types/s.png"),
        "policy": CancellationPolicy.objects.create(name="Spare", free_until_days=1),
        "rate_plan": RatePlan.objects.create(
            code="OLD", name="Old rate", cancellation_policy=objects["policy"]
        ),
    }


def url_for(name: str, world: dict[str, Any]) -> str:
    # Until the world is put on sale, the quote is one that does not exist.
    quote_id = world["quote"].id if "quote" in world else "7c1d0a57-0f3c-4a44-9b57-1e5a7a1d3c11"
    code = world["reservation"].code if "reservation" in world else "ZZZZZZ"
    paths = {
        "auth-token": "/api/v1/auth/token/",
        "auth-refresh": "/api/v1/auth/token/refresh/",
        "auth-logout": "/api/v1/auth/logout/",
        "auth-password-reset": "/api/v1/auth/password-reset/",
        "public-hotel": "/api/v1/public/hotel/",
        "public-availability": "/api/v1/public/availability/",
        "public-quotes": "/api/v1/public/quotes/",
        "public-quote": f"/api/v1/public/quotes/{quote_id}/",
        "public-reservations": "/api/v1/public/reservations/",
        "public-reservation": f"/api/v1/public/reservations/{code}/",
        "public-reservation-cancel": f"/api/v1/public/reservations/{code}/cancel/",
        "me": "/api/v1/me/",
        "me-password": "/api/v1/me/password/",
        "me-verify-email": "/api/v1/me/verify-email/",
        "login-attempts": "/api/v1/login-attempts/",
        "user-list": "/api/v1/users/",
        "user-detail": f"/api/v1/users/{world['target'].pk}/",
        "user-deactivate": f"/api/v1/users/{world['target'].pk}/deactivate/",
        "user-reactivate": f"/api/v1/users/{world['inactive'].pk}/reactivate/",
        "user-unlock": f"/api/v1/users/{world['locked'].pk}/unlock/",
        "invitation-list": "/api/v1/invitations/",
        "invitation-detail": f"/api/v1/invitations/{world['invitation'].pk}/",
        **catalogue_paths({**world["catalogue"], **world["spare"]}),
        **assignment_world.assignment_paths(world["assignment"]),
        **reservation_paths(world["reservations"]),
    }
    return paths[name]


def catalogue_paths(objects: dict[str, Any]) -> dict[str, str]:
    room_type, room = objects["room_type"].pk, objects["room"].pk
    return {
        "hotel-profile": "/api/v1/hotel-profile/",
        "room-type-list": "/api/v1/room-types/",
        "room-type-detail": f"/api/v1/room-types/{room_type}/",
        "room-type-photos": f"/api/v1/room-types/{room_type}/photos/",
        "room-type-photo-detail": (f"/api/v1/room-types/{room_type}/photos/{objects['photo'].pk}/"),
        "room-list": "/api/v1/rooms/",
        "room-detail": f"/api/v1/rooms/{room}/",
        "room-housekeeping": f"/api/v1/rooms/{room}/housekeeping/",
        "extra-list": "/api/v1/extras/",
        "extra-detail": f"/api/v1/extras/{objects['extra'].pk}/",
        "rate-plan-list": "/api/v1/rate-plans/",
        "rate-plan-detail": f"/api/v1/rate-plans/{objects['rate_plan'].pk}/",
        "cancellation-policy-list": "/api/v1/cancellation-policies/",
        "cancellation-policy-detail": f"/api/v1/cancellation-policies/{objects['policy'].pk}/",
        "tax-list": "/api/v1/taxes/",
        "tax-detail": f"/api/v1/taxes/{objects['tax'].pk}/",
        "promo-code-list": "/api/v1/promo-codes/",
        "promo-code-detail": f"/api/v1/promo-codes/{objects['promo'].pk}/",
        "rate-list": "/api/v1/rates/",
        "rate-bulk": "/api/v1/rates/bulk/",
        "restriction-list": "/api/v1/restrictions/",
        "restriction-bulk": "/api/v1/restrictions/bulk/",
        "inventory-list": "/api/v1/inventory/",
        "inventory-bulk": "/api/v1/inventory/bulk/",
    }
