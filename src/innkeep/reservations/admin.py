"""Reservations in the hotel admin: the list with the API's filters and search, a read-only
detail (stays, party, room assignments, the trail), and the front desk's actions as admin
actions. The actions call the same services as the API, so the same rules, trail and
outbox events apply; each needs its permission (roles, via has_perm)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from innkeep.core.admin_sites import ReadOnlyAdmin, hotel_admin_site
from innkeep.core.errors import InnkeepError
from innkeep.properties.admin import error_text
from innkeep.properties.models import RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.models import RatePlan
from innkeep.reservations import front_desk, selectors
from innkeep.reservations.cancel import reservation_cancel
from innkeep.reservations.filters import search_condition
from innkeep.reservations.holds import reservation_confirm
from innkeep.reservations.models import (
    CancelReason,
    PartyMember,
    Reservation,
    ReservationEvent,
    RoomAssignment,
    Stay,
)
from innkeep.reservations.selectors import with_stay


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("reservations.view_reservation")


class StayInline(ReadOnlyInline):
    model = Stay
    fields = [
        "room_type",
        "rate_plan",
        "check_in",
        "check_out",
        "adults",
        "children",
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


class RoomTypeFilter(admin.SimpleListFilter):
    title = "room type"
    parameter_name = "room_type"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(rt.code, rt.name) for rt in RoomType.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        return with_stay(queryset, room_type__code=self.value())


class RatePlanFilter(admin.SimpleListFilter):
    title = "rate plan"
    parameter_name = "rate_plan"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(plan.code, plan.name) for plan in RatePlan.objects.all()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.value():
            return queryset
        return with_stay(queryset, rate_plan__code=self.value())


# Reservations are made and changed through the services (API, actions), never by form.
@admin.register(Reservation, site=hotel_admin_site)
class ReservationAdmin(ReadOnlyAdmin):
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
    inlines = [StayInline, EventInline]
    actions = ["check_in", "check_out", "no_show", "confirm", "cancel_for_guest"]
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
        "promo_code",
        "special_requests",
        "language",
        "hold_expires_at",
        "cancellation_fee",
        "cancel_reason",
        "cancelled_at",
        "created_by",
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
        return (
            ", ".join(
                f"{m.first_name} {m.last_name}" + (" (child)" if m.is_child else "")
                for m in members
            )
            or "-"
        )

    @admin.display(description="Rooms")
    def room_assignments(self, reservation: Reservation) -> str:
        rows = RoomAssignment.objects.filter(stay__reservation=reservation).select_related("room")
        return (
            "; ".join(
                f"{a.room.number} {a.start}..{a.end}" + (" (released)" if a.released_at else "")
                for a in rows.order_by("start", "id")
            )
            or "-"
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
        call: Callable[[Reservation], Any],
    ) -> None:
        count = 0
        for reservation in queryset.order_by("id"):
            try:
                result = call(reservation)
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

    @admin.action(description="Check in", permissions=["check_in_out"])
    def check_in(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        self._each(
            request,
            queryset,
            "checked in",
            lambda r: front_desk.reservation_check_in(reservation=r, actor=request.user),
        )

    @admin.action(description="Check out", permissions=["check_in_out"])
    def check_out(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        self._each(
            request,
            queryset,
            "checked out",
            lambda r: front_desk.reservation_check_out(reservation=r, actor=request.user),
        )

    @admin.action(description="Mark no-show", permissions=["check_in_out"])
    def no_show(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        self._each(
            request,
            queryset,
            "marked no-show",
            lambda r: front_desk.reservation_no_show(reservation=r, actor=request.user),
        )

    @admin.action(description="Confirm (guarantee received)", permissions=["confirm"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        self._each(
            request,
            queryset,
            "confirmed",
            lambda r: reservation_confirm(reservation=r, actor=request.user),
        )

    @admin.action(description="Cancel (guest's request, fee per policy)", permissions=["cancel"])
    def cancel_for_guest(self, request: HttpRequest, queryset: QuerySet[Reservation]) -> None:
        self._each(
            request,
            queryset,
            "cancelled",
            lambda r: reservation_cancel(
                reservation=r, actor=request.user, reason=CancelReason.GUEST
            ),
        )
