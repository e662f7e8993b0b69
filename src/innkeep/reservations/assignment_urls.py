"""Room-assignment routes on a reservation's path, under /api/v1/ (included by urls_tenant).

Plain routes, no router: the reservations viewset registers `reservations/` with a router
of its own, and these four paths sit beside its detail routes without shadowing them."""

from typing import Any

from django.urls import URLPattern, URLResolver, re_path

from innkeep.reservations.assignment_api import RoomAssignmentViewSet
from innkeep.reservations.assignment_serializers import CODE_PATTERN

# A confirmation code; any other path is the API's JSON 404 for a path that names nothing.
ON_RESERVATION = rf"^reservations/(?P<code>{CODE_PATTERN[1:-1]})/"

# path after the code -> the method and the viewset's action; named reservation-<path>
ROUTES: dict[str, dict[str, Any]] = {
    "available-rooms": {"get": "available_rooms"},
    "assign-room": {"post": "assign_room"},
    "unassign-room": {"post": "unassign_room"},
    "move-room": {"post": "move_room"},
}

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(
        rf"{ON_RESERVATION}{route}/$",
        RoomAssignmentViewSet.as_view(actions),
        name=f"reservation-{route}",
    )
    for route, actions in ROUTES.items()
]
