"""The catalogue in the hotel admin. Saves and deletes go through the services, as the API's
do: room types fill their calendar, rooms move the calendar's totals, everything is audited,
and a refused change (409, or a rule the form cannot see) shows as a message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from innkeep.core.admin_sites import hotel_admin_site
from innkeep.core.errors import InnkeepError, ValidationFailed
from innkeep.core.phones import normalize_phone
from innkeep.properties import services
from innkeep.properties.models import (
    Extra,
    HotelProfile,
    HousekeepingStatus,
    Room,
    RoomType,
    RoomTypePhoto,
)


def error_text(exc: InnkeepError) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.fields.items())
    return exc.message


def changes_of(obj: models.Model, form: forms.ModelForm, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in form.changed_data if name in fields}


class ServiceBackedAdmin(admin.ModelAdmin):
    """Subclasses say how to create, update and remove through the services."""

    def create(self, request: HttpRequest, obj: Any, form: Any) -> models.Model:
        raise NotImplementedError

    def update(self, request: HttpRequest, obj: Any, form: Any) -> None:
        raise NotImplementedError

    def remove(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            self.update(request, obj, form)
            return
        created = self.create(request, obj, form)
        obj.pk = created.pk  # inlines, the "added" message and the log need it
        obj._state.adding = False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            try:
                self.remove(request, obj)
            except InnkeepError as exc:
                self.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except InnkeepError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().delete_view(request, *args, **kwargs)
        except InnkeepError as exc:
            self.message_user(request, error_text(exc), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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

    def get_queryset(self, request: HttpRequest) -> QuerySet[RoomType]:
        return super().get_queryset(request).annotate(room_total=models.Count("rooms"))

    @admin.display(description="Rooms", ordering="room_total")
    def rooms_count(self, room_type: Any) -> int:
        return int(room_type.room_total)

    def create(self, request: HttpRequest, obj: RoomType, form: Any) -> RoomType:
        return services.room_type_create(
            actor=request.user, **{name: getattr(obj, name) for name in services.ROOM_TYPE_FIELDS}
        )

    def update(self, request: HttpRequest, obj: RoomType, form: Any) -> None:
        services.room_type_update(
            actor=request.user,
            room_type=obj,
            changes=changes_of(obj, form, services.ROOM_TYPE_FIELDS),
        )

    def remove(self, request: HttpRequest, obj: RoomType) -> None:
        services.room_type_delete(actor=request.user, room_type=obj)

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


@admin.register(Room, site=hotel_admin_site)
class RoomAdmin(ServiceBackedAdmin):
    list_display = ["number", "room_type", "floor", "housekeeping_status", "active"]
    list_filter = ["room_type", "housekeeping_status", "active", "floor"]
    list_select_related = ["room_type"]
    search_fields = ["number", "notes"]
    fields = list(services.ROOM_FIELDS)
    actions = ["mark_clean", "mark_dirty", "mark_inspected", "mark_out_of_order"]

    def create(self, request: HttpRequest, obj: Room, form: Any) -> Room:
        return services.room_create(
            actor=request.user, **{name: getattr(obj, name) for name in services.ROOM_FIELDS}
        )

    def update(self, request: HttpRequest, obj: Room, form: Any) -> None:
        services.room_update(
            actor=request.user, room=obj, changes=changes_of(obj, form, services.ROOM_FIELDS)
        )

    def remove(self, request: HttpRequest, obj: Room) -> None:
        services.room_delete(actor=request.user, room=obj)

    def has_set_housekeeping_status_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("properties.set_housekeeping_status")

    def _set_status(self, request: HttpRequest, queryset: QuerySet[Room], status: str) -> None:
        done = 0
        for room in queryset.select_related("room_type"):
            try:
                services.room_set_housekeeping(actor=request.user, room=room, status=status)
                done += 1
            except InnkeepError as exc:
                self.message_user(request, f"{room}: {error_text(exc)}", messages.ERROR)
        if done:
            self.message_user(request, f"{done} room(s) now {HousekeepingStatus(status).label}.")

    @admin.action(description="Mark clean", permissions=["set_housekeeping_status"])
    def mark_clean(self, request: HttpRequest, queryset: QuerySet[Room]) -> None:
        self._set_status(request, queryset, HousekeepingStatus.CLEAN)

    @admin.action(description="Mark dirty", permissions=["set_housekeeping_status"])
    def mark_dirty(self, request: HttpRequest, queryset: QuerySet[Room]) -> None:
        self._set_status(request, queryset, HousekeepingStatus.DIRTY)

    @admin.action(description="Mark inspected", permissions=["set_housekeeping_status"])
    def mark_inspected(self, request: HttpRequest, queryset: QuerySet[Room]) -> None:
        self._set_status(request, queryset, HousekeepingStatus.INSPECTED)

    @admin.action(description="Mark out of order", permissions=["set_housekeeping_status"])
    def mark_out_of_order(self, request: HttpRequest, queryset: QuerySet[Room]) -> None:
        self._set_status(request, queryset, HousekeepingStatus.OUT_OF_ORDER)


@admin.register(Extra, site=hotel_admin_site)
class ExtraAdmin(ServiceBackedAdmin):
    list_display = ["code", "name", "price", "pricing", "sort_order", "active"]
    list_filter = ["pricing", "active"]
    search_fields = ["code", "name"]
    fields = list(services.EXTRA_FIELDS)

    def create(self, request: HttpRequest, obj: Extra, form: Any) -> Extra:
        return services.extra_create(
            actor=request.user, **{name: getattr(obj, name) for name in services.EXTRA_FIELDS}
        )

    def update(self, request: HttpRequest, obj: Extra, form: Any) -> None:
        services.extra_update(
            actor=request.user, extra=obj, changes=changes_of(obj, form, services.EXTRA_FIELDS)
        )

    def remove(self, request: HttpRequest, obj: Extra) -> None:
        services.extra_delete(actor=request.user, extra=obj)
