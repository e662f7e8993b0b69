"""Reservations: who booked what, for which nights, in which rooms, and everything that
happened to it since.

A `Reservation` has one `Stay` per room booked (a room type for a range of nights; what the
inventory counts). A stay is given a physical room through `RoomAssignment` rows: a move
during a stay closes one assignment and opens the next, so the history stays, and an
exclusion constraint makes two live assignments of one room on overlapping nights impossible.
Every change writes a `ReservationEvent` (the trail staff read) in the same transaction."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value

from innkeep.core.text import validate_name
from innkeep.properties.models import Extra, Room, RoomType
from innkeep.rates.models import PromoCode, RatePlan


class ReservationStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Pending payment"
    CONFIRMED = "confirmed", "Confirmed"
    CHECKED_IN = "checked_in", "Checked in"
    CHECKED_OUT = "checked_out", "Checked out"
    CANCELLED = "cancelled", "Cancelled"
    NO_SHOW = "no_show", "No-show"


# Statuses whose stays take a room from the inventory.
OCCUPYING_STATUSES = (
    ReservationStatus.PENDING_PAYMENT,
    ReservationStatus.CONFIRMED,
    ReservationStatus.CHECKED_IN,
    ReservationStatus.CHECKED_OUT,
)


class ReservationSource(models.TextChoices):
    WEB = "web", "Booking page"
    STAFF = "staff", "Staff"
    API = "api", "API"
    PHONE = "phone", "Phone"
    WALK_IN = "walk_in", "Walk-in"


class CancelReason(models.TextChoices):
    GUEST = "guest", "Cancelled by the guest"
    HOTEL = "hotel", "Cancelled by the hotel"
    HOLD_EXPIRED = "hold_expired", "Payment not made in time"
    OTHER = "other", "Other"


class Reservation(models.Model):
    code = models.CharField(max_length=8, unique=True)
    status = models.CharField(max_length=20, choices=ReservationStatus.choices, db_index=True)
    source = models.CharField(max_length=10, choices=ReservationSource.choices)
    booker_first_name = models.CharField(max_length=150, validators=[validate_name])
    booker_last_name = models.CharField(max_length=150, validators=[validate_name])
    booker_email = models.EmailField()
    booker_phone = models.CharField(max_length=32, blank=True)
    booker_company = models.CharField(max_length=200, blank=True)
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    taxes = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    special_requests = models.TextField(blank=True)
    promo_code = models.ForeignKey(
        PromoCode, null=True, blank=True, on_delete=models.PROTECT, related_name="reservations"
    )
    discount = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    language = models.CharField(
        max_length=10, blank=True, help_text="The guest's language (messages)."
    )
    hold_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="pending_payment: the inventory is held until then."
    )
    cancellation_fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    cancel_reason = models.CharField(max_length=20, choices=CancelReason.choices, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    quote = models.ForeignKey(
        "Quote", null=True, blank=True, on_delete=models.SET_NULL, related_name="reservations"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations_created",
        help_text="The staff member who took it; empty for the guest's own booking.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("cancel_reservation", "Cancel reservations"),
            ("check_in_out", "Check guests in and out, mark no-shows"),
            ("assign_room", "Assign and move rooms"),
            ("override_rate", "Price a stay by hand"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal__gte=0)
                & Q(taxes__gte=0)
                & Q(total__gte=0)
                & Q(discount__gte=0),
                name="reservations_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="pending_payment") | Q(hold_expires_at__isnull=False),
                name="reservations_pending_payment_has_hold",
            ),
        ]

    def __str__(self) -> str:
        return self.code


# What a stay books, as its detail shows it first (staff API, hotel admin).
STAY_FIELDS = ("room_type", "rate_plan", "check_in", "check_out", "adults", "children")
# What a reservation's detail shows past its booker and amounts (staff API, hotel admin).
DETAIL_FIELDS = (
    "promo_code",
    "special_requests",
    "language",
    "hold_expires_at",
    "cancellation_fee",
    "cancel_reason",
    "cancelled_at",
    "created_by",
)


class Stay(models.Model):
    """One room of a reservation."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="stays")
    room_type = models.ForeignKey(RoomType, on_delete=models.PROTECT, related_name="stays")
    rate_plan = models.ForeignKey(
        RatePlan, null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    check_in = models.DateField()
    check_out = models.DateField()
    adults = models.PositiveSmallIntegerField(default=1)
    children = models.PositiveSmallIntegerField(default=0)
    guest_first_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    guest_last_name = models.CharField(max_length=150, blank=True, validators=[validate_name])
    guest_email = models.EmailField(blank=True)
    guest_phone = models.CharField(max_length=32, blank=True, help_text="E.164")
    nightly = models.JSONField(default=list, blank=True, help_text='[{"date", "price"}] as priced.')
    subtotal = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    taxes = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    rate_override_reason = models.CharField(
        max_length=200, blank=True, help_text="Set when staff priced the stay by hand."
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["check_in", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="reservations_stay_leaves_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(adults__gte=1), name="reservations_stay_at_least_one_adult"
            ),
        ]
        indexes = [
            models.Index(
                fields=["room_type", "check_in", "check_out"], name="reservations_stay_rt_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id} {self.room_type_id} {self.check_in}-{self.check_out}"


class StayExtra(models.Model):
    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="extras")
    extra = models.ForeignKey(Extra, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="reservations_extra_quantity_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.extra_id} x{self.quantity}"


class PartyMember(models.Model):
    """Someone else staying in the room, besides the stay's guest."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="party")
    first_name = models.CharField(max_length=150, validators=[validate_name])
    last_name = models.CharField(max_length=150, validators=[validate_name])
    is_child = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


def _as_range(function: str, lower: str, upper: str, bounds: str) -> Func:
    return Func(F(lower), F(upper), Value(bounds), function=function)


class RoomAssignment(models.Model):
    """A physical room given to a stay for nights [start, end). Live assignments of one room
    never overlap: PostgreSQL refuses it (a GiST exclusion over int8range(room) and
    daterange(nights), which needs no extension). Releasing (cancel, no-show, check-out, a
    move) sets `released_at`; the row stays as history."""

    stay = models.ForeignKey(Stay, on_delete=models.CASCADE, related_name="assignments")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="assignments")
    start = models.DateField()
    end = models.DateField()
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="reservations_assignment_dates"
            ),
            ExclusionConstraint(
                name="reservations_room_never_double_booked",
                expressions=[
                    (_as_range("int8range", "room", "room", "[]"), RangeOperators.OVERLAPS),
                    (_as_range("daterange", "start", "end", "[)"), RangeOperators.OVERLAPS),
                ],
                condition=Q(released_at__isnull=True),
            ),
        ]
        indexes = [models.Index(fields=["stay", "released_at"], name="reservations_assign_stay")]

    def __str__(self) -> str:
        return f"{self.room_id} {self.start}-{self.end} ({self.stay_id})"


class ReservationEvent(models.Model):
    """The trail of a reservation, written in the transaction of each change."""

    reservation = models.ForeignKey(Reservation, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=150, blank=True, help_text="Who, when not a staff user: guest, system, ..."
    )
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.reservation_id} {self.action}"


class Quote(models.Model):
    """A priced offer, valid for 15 minutes. Re-priced and re-checked when used."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    check_in = models.DateField()
    check_out = models.DateField()
    promo_code = models.CharField(max_length=32, blank=True)
    request = models.JSONField(help_text="The rooms asked for, as sent.")
    priced = models.JSONField(help_text="The answer given: lines and totals.")
    currency = models.CharField(max_length=3)
    subtotal = models.DecimalField(max_digits=12, decimal_places=2)
    taxes = models.DecimalField(max_digits=12, decimal_places=2)
    total = models.DecimalField(max_digits=12, decimal_places=2)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.id)
