"""Reservations (the minimum the inventory and quotes need so far; the reservations issue
grows this app: booking flow, room assignment, events, reviews)."""

from __future__ import annotations

import uuid

from django.db import models

from innkeep.core.text import validate_name
from innkeep.properties.models import Room, RoomType
from innkeep.rates.models import RatePlan


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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code


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
    room = models.ForeignKey(
        Room, null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    total = models.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        ordering = ["check_in", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(check_out__gt=models.F("check_in")),
                name="reservations_stay_leaves_after_arrival",
            )
        ]
        indexes = [
            models.Index(
                fields=["room_type", "check_in", "check_out"], name="reservations_stay_rt_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reservation_id} {self.room_type_id} {self.check_in}-{self.check_out}"


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
