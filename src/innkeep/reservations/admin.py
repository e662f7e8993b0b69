"""Reservations in the hotel admin: the list with the API's filters and search, a read-only
detail (stays, party, room assignments, the trail), and the front desk's actions as admin
actions. The actions call the same services as the API, so the same rules, trail and
outbox events apply; each needs its permission (roles, via has_perm)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from innkeep.core.admin_sites import ViewOnlyAdmin, ViewOnlyInline, hotel_admin_site
from innkeep.core.errors import InnkeepError
from innkeep.core.service_admin import error_text
from innkeep.properties.models import RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.models import RatePlan
from innkeep.reservations import front_desk, selectors
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.filters import search_condition
from innkeep.reservations.holds import reservation_confirm
from innkeep.reservations.models import (
    DETAIL_FIELDS,
    STAY_FIELDS,
    CancelReason,
    PartyMember,
    Reservation,
    ReservationEvent,
    RoomAssignment,
    Stay,
)
from innkeep.reservations.selectors import with_stay


class ReadOnlyInline(ViewOnlyInline):
    view_permission = "reservations.view_reservation"


class StayInline(ReadOnlyInline):
    model = Stay
    fields = [
        *STAY_FIELDS,
        "guest_first_name",
        "guest_last_name",
        "total",
        "rate_override_reason",
        "checked_in_at",
        "checked_out_at",
    ]
    readonly_fields = fields  # type: ignore[assignment]


class EventInline(ReadOnlyInline):
    model = ReservationEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "actor_label", "details"]
    readonly_fields = fields  # type: ignore[assignment]


class ArrivalFilter(admin.SimpleListFilter):
    title = "arrival"
    parameter_name = "arrives"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("today", "Today"), ("in_house", "In house now"), ("departs", "Leaving today")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = hotel_today()
        picked = {
            "today": lambda: selectors.arrivals_on(today),
            "in_house": selectors.in_house,
            "departs": lambda: selectors.departures_on(today),
        }.get(self.value() or "")
        if picked is None:
            return queryset
        return queryset.filter(pk__in=picked().values("pk"))


class StayCodeFilter(admin.SimpleListFilter):
    """Reservations with a stay of the `catalogue` row picked (by code); `parameter_name`
    is the stay's field."""

    catalogue: type[RoomType] | type[RatePlan]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(row.code, row.name) for row in self.catalogue.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        return with_stay(queryset, **{f"{self.parameter_name}__code": self.value()})


class RoomTypeFilter(StayCodeFilter):
    title = "room type"
    parameter_name = "room_type"
    catalogue = RoomType


class RatePlanFilter(StayCodeFilter):
    title = "rate plan"
    parameter_name = "rate_plan"
    catalogue = RatePlan


def _listed(separator: str, parts: Iterable[str]) -> str:
    return separator.join(parts) or "-"


def each_reservation(
    description: str, permission: str, done: str, service: Callable[..., Any], **arguments: Any
) -> Any:
    """An admin action: `service` on each reservation picked, by this user; a refusal is
    reported for its reservation and the others go on."""

    @admin.action(description=description, permissions=[permission])
    def run(admin_page: Any, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        admin_page._each(request, queryset, done, service, **arguments)

    return run


@admin.register(Reservation, site=hotel_admin_site)
class ReservationAdmin(ViewOnlyAdmin):
    # Reservations are made and changed through the services (API, actions), never by form.
    inlines = [StayInline, EventInline]
    actions = ["check_in", "check_out", "no_show", "confirm", "cancel_for_guest"]
    list_display = [
        "code",
        "status",
        "source",
        "booker_last_name",
        "booker_first_name",
        "booker_email",
        "total",
        "currency",
        "created_at",
    ]
    list_filter = ["status", "source", ArrivalFilter, RoomTypeFilter, RatePlanFilter]
    search_fields = ["code"]  # the real search is search_condition (get_search_results)
    search_help_text = "Name, email, phone or confirmation code."
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [
        "code",
        "status",
        "source",
        "booker_first_name",
        "booker_last_name",
        "booker_email",
        "booker_phone",
        "booker_company",
        "currency",
        "subtotal",
        "taxes",
        "discount",
        "total",
        *DETAIL_FIELDS,
        "created_at",
        "updated_at",
        "party",
        "room_assignments",
    ]
    fields = readonly_fields  # type: ignore[assignment]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Reservation], search_term: str
    ) -> tuple[QuerySet[Reservation], bool]:
        term = search_term.strip()[:100]
        if not term:
            return queryset, False
        return queryset.filter(search_condition(term)), False

    @admin.display(description="Party")
    def party(self, reservation: Reservation) -> str:
        members = PartyMember.objects.filter(stay__reservation=reservation).order_by("id")
        return _listed(
            ", ",
            (f"{m.first_name} {m.last_name}" + (" (child)" if m.is_child else "") for m in members),
        )

    @admin.display(description="Rooms")
    def room_assignments(self, reservation: Reservation) -> str:
        rows = RoomAssignment.objects.filter(stay__reservation=reservation).select_related("room")
        return _listed(
            "; ",
            (
                f"{a.room.number} {a.start}..{a.end}" + (" (released)" if a.released_at else "")
                for a in rows.order_by("start", "id")
            ),
        )

    # --- actions ---------------------------------------------------------------------------

    def has_check_in_out_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reservations.check_in_out")

    def has_confirm_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reservations.change_reservation")

    def has_cancel_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("reservations.cancel_reservation")

    def _each(
        self,
        request: HttpRequest,
        queryset: QuerySet[Reservation],
        done: str,
        service: Callable[..., Any],
        **arguments: Any,
    ) -> None:
        count = 0
        for reservation in queryset.order_by("id"):
            try:
                result = service(reservation=reservation, actor=request.user, **arguments)
            except InnkeepError as exc:
                self.message_user(request, f"{reservation.code}: {error_text(exc)}", messages.ERROR)
                continue
            count += 1
            for warning in getattr(result, "warnings", []):
                self.message_user(
                    request, f"{reservation.code}: {warning.message}", messages.WARNING
                )
        if count:
            self.message_user(request, f"{count} reservation(s) {done}.")

    check_in = each_reservation(
        "Check in", "check_in_out", "checked in", front_desk.reservation_check_in
    )
    check_out = each_reservation(
        "Check out", "check_in_out", "checked out", front_desk.reservation_check_out
    )
    no_show = each_reservation(
        "Mark no-show", "check_in_out", "marked no-show", front_desk.reservation_no_show
    )
    confirm = each_reservation(
        "Confirm (guarantee received)", "confirm", "confirmed", reservation_confirm
    )
    cancel_for_guest = each_reservation(
        "Cancel (guest's request, fee per policy)",
        "cancel",
        "cancelled",
        reservation_cancel,
        reason=CancelReason.GUEST,
    )
