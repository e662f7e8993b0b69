"""Room-assignment routes on a reservation's path, under /api/v1/ (included by urls_tenant).

Plain routes, no router: the reservations viewset registers `reservations/` with a router
of its own, and these four paths sit beside its detail routes without shadowing them."""

from django.urls import URLPattern, URLResolver, re_path

from innkeep.reservations.assignment_api import RoomAssignmentViewSet
from innkeep.reservations.assignment_serializers import CODE_PATTERN

# A confirmation code; any other path is the API's JSON 404 for a path that names nothing.
ON_RESERVATION = rf"^reservations/(?P<code>{CODE_PATTERN[1:-1]})/"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(
        ON_RESERVATION + r"available-rooms/$",
        RoomAssignmentViewSet.as_view({"get": "available_rooms"}),
        name="reservation-available-rooms",
    ),
    re_path(
        ON_RESERVATION + r"assign-room/$",
        RoomAssignmentViewSet.as_view({"post": "assign_room"}),
        name="reservation-assign-room",
    ),
    re_path(
        ON_RESERVATION + r"unassign-room/$",
        RoomAssignmentViewSet.as_view({"post": "unassign_room"}),
        name="reservation-unassign-room",
    ),
    re_path(
        ON_RESERVATION + r"move-room/$",
        RoomAssignmentViewSet.as_view({"post": "move_room"}),
        name="reservation-move-room",
    ),
]
