"""Staff API of the catalogue: hotel profile, room types (+ photos), rooms, extras."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from innkeep.core.api_schema import ERROR_RESPONSES
from innkeep.core.crud_api import (
    CrudViewSet,
    create_schema,
    destroy_schema,
    list_schema,
    model_access,
    retrieve_schema,
    update_schema,
)
from innkeep.core.errors import NotFound
from innkeep.core.filters import ActiveFilterSet
from innkeep.properties import api_examples, selectors, services
from innkeep.properties.filters import ExtraFilter, RoomFilter
from innkeep.properties.models import Extra, Room, RoomType
from innkeep.properties.serializers import (
    ExtraInputSerializer,
    ExtraSerializer,
    HotelProfileSerializer,
    HotelProfileUpdateSerializer,
    HousekeepingSerializer,
    RoomInputSerializer,
    RoomSerializer,
    RoomTypeInputSerializer,
    RoomTypePhotoSerializer,
    RoomTypePhotoUploadSerializer,
    RoomTypeSerializer,
)


class HotelProfileView(APIView):
    access = {"GET": "properties.view_hotelprofile", "PATCH": "properties.change_hotelprofile"}

    @extend_schema(
        operation_id="hotel_profile",
        summary="The hotel's profile",
        responses={200: HotelProfileSerializer, **ERROR_RESPONSES(401, 403)},
        tags=["catalogue"],
    )
    def get(self, request: Request) -> Response:
        return Response(HotelProfileSerializer(selectors.hotel_profile()).data)

    @extend_schema(
        operation_id="hotel_profile_update",
        summary="Change the hotel's profile",
        description=(
            "Send only the fields to change. Time zone (IANA), currency (ISO 4217) and country "
            "(ISO 3166-1 alpha-2) are checked like at signup; languages are ISO 639-1 codes. "
            "The phone is stored and answered as E.164 (+34910000000); a number without its "
            "country code is read in the hotel's country (the new one, when it changes too)."
        ),
        request=HotelProfileUpdateSerializer,
        responses={200: HotelProfileSerializer, **ERROR_RESPONSES(400, 401, 403)},
        examples=[
            OpenApiExample(
                "Check-in time and languages",
                value={"check_in_time": "14:00", "languages": ["en", "es"]},
                request_only=True,
            ),
            api_examples.HOTEL_PROFILE,
        ],
        tags=["catalogue"],
    )
    def patch(self, request: Request) -> Response:
        serializer = HotelProfileUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        profile = services.hotel_profile_update(
            actor=request.user, changes=serializer.validated_data
        )
        return Response(HotelProfileSerializer(profile).data)


class WithCurrencyContext:
    """Money is shown next to the hotel's currency. The OpenAPI generator builds serializers
    outside any request (on the platform, with no hotel profile to read): it gets none, and
    the schema costs no query."""

    def get_serializer_context(self) -> dict[str, Any]:
        context: dict[str, Any] = super().get_serializer_context()  # type: ignore[misc]
        if getattr(self, "swagger_fake_view", False):
            return context
        return {**context, "currency": selectors.hotel_profile().currency}


# --- room types ------------------------------------------------------------------------

ROOM_TYPE_EXAMPLE = OpenApiExample(
    "Double room",
    value={
        "code": "DBL",
        "name": "Double room",
        "description": "Quiet, garden view.",
        "max_adults": 2,
        "max_children": 1,
        "max_occupancy": 3,
        "bed_setup": "1 queen",
        "sort_order": 10,
    },
    request_only=True,
)


@extend_schema(tags=["catalogue"])
@extend_schema_view(
    list=list_schema("List room types", RoomTypeSerializer),
    retrieve=retrieve_schema("One room type", RoomTypeSerializer),
    create=create_schema(
        "Create a room type",
        RoomTypeInputSerializer,
        RoomTypeSerializer,
        description=(
            "Its inventory calendar is filled from today for the rolling horizon (730 days), "
            "with no rooms yet: add rooms to make it sellable."
        ),
        examples=[ROOM_TYPE_EXAMPLE, api_examples.ROOM_TYPE],
    ),
    partial_update=update_schema(
        "Change a room type",
        RoomTypeInputSerializer,
        RoomTypeSerializer,
        description="Send only the fields to change. `active=false` stops selling it.",
    ),
    destroy=destroy_schema(
        "Delete a room type nobody refers to",
        errors=(401, 403, 404, 409),
        description=(
            "Refused with 409 `ROOM_TYPE_IN_USE` while it has rooms, rate plans selling it, "
            "prices or reservations (`details.references` lists them): deactivate it instead."
        ),
    ),
)
class RoomTypeViewSet(CrudViewSet):
    """Room types: what the hotel sells. Creating one fills its inventory calendar."""

    serializer_class = RoomTypeSerializer
    input_serializer_class = RoomTypeInputSerializer
    access = model_access(
        RoomType, photos="properties.change_roomtype", delete_photo="properties.change_roomtype"
    )
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code", "name", "max_occupancy", "created_at"]
    ordering = ["sort_order", "code"]
    filterset_class = ActiveFilterSet

    def get_queryset(self) -> QuerySet[RoomType]:
        return selectors.room_types_query()

    def create_with(self, data: dict[str, Any]) -> RoomType:
        return services.room_type_create(actor=self.request.user, **data)

    def update_with(self, room_type: RoomType, changes: dict[str, Any]) -> RoomType:
        return services.room_type_update(
            actor=self.request.user, room_type=room_type, changes=changes
        )

    def delete_with(self, room_type: RoomType) -> None:
        services.room_type_delete(actor=self.request.user, room_type=room_type)

    @extend_schema(
        summary="Add a photo",
        description=(
            "`multipart/form-data` with an `image` (JPEG, PNG or WebP, at most 5 MB). Stored in "
            "this hotel's own media folder."
        ),
        request={"multipart/form-data": RoomTypePhotoUploadSerializer},
        responses={201: RoomTypePhotoSerializer, **ERROR_RESPONSES(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def photos(self, request: Request, pk: str | None = None) -> Response:
        room_type = self.get_object()
        serializer = RoomTypePhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo = services.room_type_photo_add(
            actor=request.user, room_type=room_type, **serializer.validated_data
        )
        return Response(
            RoomTypePhotoSerializer(photo, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Delete a photo",
        parameters=[OpenApiParameter("photo_id", int, OpenApiParameter.PATH)],
        responses={204: None, **ERROR_RESPONSES(401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"photos/(?P<photo_id>[0-9]{1,18})",
        url_name="photo-detail",
    )
    def delete_photo(self, request: Request, pk: str | None = None, photo_id: str = "") -> Response:
        photo = selectors.room_type_photo(room_type=self.get_object(), photo_id=int(photo_id))
        if photo is None:
            raise NotFound()
        services.room_type_photo_delete(actor=request.user, photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- rooms -----------------------------------------------------------------------------


@extend_schema(tags=["catalogue"])
@extend_schema_view(
    list=list_schema("List rooms", RoomSerializer),
    retrieve=retrieve_schema("One room", RoomSerializer),
    create=create_schema(
        "Add a room",
        RoomInputSerializer,
        RoomSerializer,
        errors=(400, 401, 403, 409),
        description=(
            "`room_type` is the room type's code. A sellable room (active, not out of order) "
            "adds one to its type's inventory total on every night from today."
        ),
        examples=[
            OpenApiExample(
                "Room 101",
                value={"number": "101", "floor": 1, "room_type": "DBL"},
                request_only=True,
            ),
            api_examples.ROOM,
        ],
    ),
    partial_update=update_schema(
        "Change a room",
        RoomInputSerializer,
        RoomSerializer,
        errors=(400, 401, 403, 404, 409),
        description=(
            "Send only the fields to change. Changing its type, deactivating it or taking it "
            "out of order moves the inventory totals; a change that would leave fewer rooms "
            "than are sold and blocked on some night is refused as a whole with 409 "
            "`INVENTORY_CONFLICT` (`details.nights` lists them)."
        ),
    ),
    destroy=destroy_schema(
        "Delete a room that never had a reservation",
        errors=(401, 403, 404, 409),
        description="Refused with 409 `ROOM_IN_USE` when it had one: deactivate it instead.",
    ),
)
class RoomViewSet(CrudViewSet):
    """The hotel's rooms. Adding, moving, deactivating or taking one out of order moves the
    inventory calendar's totals from today on."""

    serializer_class = RoomSerializer
    input_serializer_class = RoomInputSerializer
    access = model_access(Room, housekeeping="properties.set_housekeeping_status")
    search_fields = ["number", "notes"]
    ordering_fields = ["number", "floor", "room_type__code", "housekeeping_status", "updated_at"]
    ordering = ["number"]
    filterset_class = RoomFilter

    def get_queryset(self) -> QuerySet[Room]:
        return selectors.rooms_query()

    def create_with(self, data: dict[str, Any]) -> Room:
        return services.room_create(actor=self.request.user, **data)

    def update_with(self, room: Room, changes: dict[str, Any]) -> Room:
        return services.room_update(actor=self.request.user, room=room, changes=changes)

    def delete_with(self, room: Room) -> None:
        services.room_delete(actor=self.request.user, room=room)

    @extend_schema(
        summary="Set the housekeeping status",
        description=(
            "clean, dirty, inspected or out_of_order. Out of order takes the room off sale "
            "(409 `INVENTORY_CONFLICT` if it is needed for rooms already sold)."
        ),
        request=HousekeepingSerializer,
        responses={200: RoomSerializer, **ERROR_RESPONSES(400, 401, 403, 404, 409)},
        examples=[
            OpenApiExample("Clean", value={"status": "clean"}, request_only=True),
            api_examples.ROOM,
        ],
    )
    @action(detail=True, methods=["post"])
    def housekeeping(self, request: Request, pk: str | None = None) -> Response:
        room = self.get_object()
        serializer = HousekeepingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        room = services.room_set_housekeeping(
            actor=request.user, room=room, status=serializer.validated_data["status"]
        )
        return self.output(room)


# --- extras ----------------------------------------------------------------------------


@extend_schema(tags=["catalogue"])
@extend_schema_view(
    list=list_schema("List extras", ExtraSerializer),
    retrieve=retrieve_schema("One extra", ExtraSerializer),
    create=create_schema(
        "Create an extra",
        ExtraInputSerializer,
        ExtraSerializer,
        description="`pricing`: per_stay, per_night or per_guest_night.",
        examples=[
            OpenApiExample(
                "Breakfast",
                value={
                    "code": "BRK",
                    "name": "Breakfast",
                    "price": "12.50",
                    "pricing": "per_guest_night",
                },
                request_only=True,
            ),
            api_examples.EXTRA,
        ],
    ),
    partial_update=update_schema("Change an extra", ExtraInputSerializer, ExtraSerializer),
    destroy=destroy_schema(
        "Delete an extra",
        description="Quotes and reservations keep the extras they were priced with.",
    ),
)
class ExtraViewSet(WithCurrencyContext, CrudViewSet):
    """Extras a guest may add to a stay (breakfast, parking...)."""

    serializer_class = ExtraSerializer
    input_serializer_class = ExtraInputSerializer
    access = model_access(Extra)
    search_fields = ["code", "name"]
    ordering_fields = ["sort_order", "code", "name", "price"]
    ordering = ["sort_order", "code"]
    filterset_class = ExtraFilter

    def get_queryset(self) -> QuerySet[Extra]:
        return selectors.extras_query()

    def create_with(self, data: dict[str, Any]) -> Extra:
        return services.extra_create(actor=self.request.user, **data)

    def update_with(self, extra: Extra, changes: dict[str, Any]) -> Extra:
        return services.extra_update(actor=self.request.user, extra=extra, changes=changes)

    def delete_with(self, extra: Extra) -> None:
        services.extra_delete(actor=self.request.user, extra=extra)
