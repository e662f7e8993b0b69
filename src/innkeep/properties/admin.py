"""The catalogue in the hotel admin. Saves and deletes go through the services, as the API's
do: room types fill their calendar, rooms move the calendar's totals, everything is audited,
and a refused change (409, or a rule the form cannot see) shows as a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from innkeep.core.admin_sites import hotel_admin_site
from innkeep.core.errors import ValidationFailed
from innkeep.core.phones import normalize_phone
from innkeep.core.service_admin import (
    SavedThrough,
    ServiceBackedAdmin,
    action_with,
    changes_of,
    for_each_reporting_refusals,
)
from innkeep.properties import services
from innkeep.properties.models import (
    Extra,
    HotelProfile,
    HousekeepingStatus,
    Room,
    RoomType,
    RoomTypePhoto,
)


class HotelProfileForm(forms.ModelForm):
    website = forms.URLField(max_length=200, required=False, assume_scheme="https")

    class Meta:
        model = HotelProfile
        fields = list(services.PROFILE_FIELDS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "phone" in data:
            # A national number is read in the country on the form (checked after the phone).
            region = data.get("country") or self.instance.country
            try:
                data["phone"] = normalize_phone(data["phone"], region=region)
            except ValidationFailed as exc:
                self.add_error("phone", exc.fields["phone"])
        return data


@admin.register(HotelProfile, site=hotel_admin_site)
class HotelProfileAdmin(ServiceBackedAdmin):
    form = HotelProfileForm
    list_display = ["name", "city", "country", "timezone", "currency"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return not HotelProfile.objects.exists()

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def create(self, request: HttpRequest, obj: HotelProfile, form: Any) -> HotelProfile:
        obj.save()  # only when a hotel somehow lost its profile
        return obj

    def update(self, request: HttpRequest, obj: HotelProfile, form: Any) -> None:
        services.hotel_profile_update(
            actor=request.user, changes=changes_of(obj, form, services.PROFILE_FIELDS)
        )


class RoomTypePhotoInline(admin.TabularInline):
    model = RoomTypePhoto
    extra = 0
    fields = ["image", "caption", "sort_order"]

    # Photos are part of the room type: its permissions rule them.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("properties.view_roomtype")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("properties.change_roomtype")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("properties.change_roomtype")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("properties.change_roomtype")


@admin.register(RoomType, site=hotel_admin_site)
class RoomTypeAdmin(ServiceBackedAdmin):
    list_display = [
        "code",
        "name",
        "max_adults",
        "max_children",
        "max_occupancy",
        "rooms_count",
        "sort_order",
        "active",
    ]
    list_filter = ["active"]
    search_fields = ["code", "name"]
    fields = list(services.ROOM_TYPE_FIELDS)
    inlines = [RoomTypePhotoInline]
    saved_through = SavedThrough.named(services, "room_type", fields=services.ROOM_TYPE_FIELDS)

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoomType]:
        return super().get_queryset(request).annotate(room_total=models.Count("rooms"))

    @admin.display(description="Rooms", ordering="room_total")
    def rooms_count(self, room_type: Any) -> int:
        return int(room_type.room_total)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """Photos go through the services too: checked (type, size), stored per hotel."""
        room_type = form.instance
        # What the admin's change message reads (formset.save() would set them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for photo_form in formset.forms:
            if not photo_form.has_changed() or photo_form in formset.deleted_forms:
                continue
            photo = photo_form.instance
            if photo.pk is None:
                added = services.room_type_photo_add(
                    actor=request.user,
                    room_type=room_type,
                    image=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data.get("caption") or "",
                    sort_order=photo_form.cleaned_data.get("sort_order") or 0,
                )
                formset.new_objects.append(added)
            else:
                photo.save()
                formset.changed_objects.append((photo, photo_form.changed_data))
        for photo_form in formset.deleted_forms:
            if photo_form.instance.pk is not None:
                services.room_type_photo_delete(actor=request.user, photo=photo_form.instance)
                formset.deleted_objects.append(photo_form.instance)


def _marks(status: HousekeepingStatus) -> Any:
    return action_with(
        "_set_status",
        status,
        description=f"Mark {status.label.lower()}",
        permissions=["set_housekeeping_status"],
    )


@admin.register(Room, site=hotel_admin_site)
class RoomAdmin(ServiceBackedAdmin):
    list_display = ["number", "room_type", "floor", "housekeeping_status", "active"]
    list_filter = ["room_type", "housekeeping_status", "active", "floor"]
    list_select_related = ["room_type"]
    search_fields = ["number", "notes"]
    fields = list(services.ROOM_FIELDS)
    actions = ["mark_clean", "mark_dirty", "mark_inspected", "mark_out_of_order"]
    saved_through = SavedThrough.named(services, "room", fields=services.ROOM_FIELDS)

    def has_set_housekeeping_status_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("properties.set_housekeeping_status")

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Room], status: str) -> None:
        done = for_each_reporting_refusals(
            self,
            request,
            queryset.select_related("room_type"),
            lambda room: services.room_set_housekeeping(
                actor=request.user, room=room, status=status
            ),
        )
        if done:
            self.message_user(request, f"{done} room(s) now {HousekeepingStatus(status).label}.")

    mark_clean = _marks(HousekeepingStatus.CLEAN)
    mark_dirty = _marks(HousekeepingStatus.DIRTY)
    mark_inspected = _marks(HousekeepingStatus.INSPECTED)
    mark_out_of_order = _marks(HousekeepingStatus.OUT_OF_ORDER)


@admin.register(Extra, site=hotel_admin_site)
class ExtraAdmin(ServiceBackedAdmin):
    list_display = ["code", "name", "price", "pricing", "sort_order", "active"]
    list_filter = ["pricing", "active"]
    search_fields = ["code", "name"]
    fields = list(services.EXTRA_FIELDS)
    saved_through = SavedThrough.named(services, "extra", fields=services.EXTRA_FIELDS)
