from __future__ import annotations

import datetime
from typing import Protocol

from django.db import models

# CODE_REGEX stays importable from here for the serializers that name it.
from innkeep.core.codes import CODE_REGEX as CODE_REGEX
from innkeep.core.codes import CODE_VALIDATOR as CODE_VALIDATOR
from innkeep.core.phones import STORED_HELP, e164_constraint, validate_e164_or_blank
from innkeep.core.text import validate_name


class HotelProfile(models.Model):
    """The hotel as guests see it. Exactly one row per hotel schema."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200, validators=[validate_name])
    legal_name = models.CharField(max_length=200, blank=True, validators=[validate_name])
    email = models.EmailField(blank=True)
    phone = models.CharField(
        max_length=32, blank=True, validators=[validate_e164_or_blank], help_text=STORED_HELP
    )
    website = models.URLField(blank=True)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2)
    timezone = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    check_in_time = models.TimeField(default=datetime.time(15, 0))
    check_out_time = models.TimeField(default=datetime.time(11, 0))
    no_show_cutoff = models.TimeField(
        default=datetime.time(4, 0),
        help_text="Local time on the morning after the arrival date from which a confirmed "
        "guest who has not checked in is marked a no-show (the nightly run).",
    )
    policies = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="properties_profile_one_row"
            ),
            e164_constraint(field="phone", name="properties_profile_phone_e164"),
        ]

    def __str__(self) -> str:
        return self.name


class RoomType(models.Model):
    code = models.CharField(max_length=16, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200, validators=[validate_name])
    description = models.TextField(blank=True)
    max_adults = models.PositiveSmallIntegerField(default=2)
    max_children = models.PositiveSmallIntegerField(default=0)
    max_occupancy = models.PositiveSmallIntegerField(default=2)
    bed_setup = models.CharField(max_length=200, blank=True, help_text="e.g. 1 king or 2 twins")
    sort_order = models.PositiveIntegerField(default=0)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_adults__gte=1) & models.Q(max_occupancy__gte=1),
                name="properties_roomtype_someone_fits",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    max_occupancy__lte=models.F("max_adults") + models.F("max_children")
                ),
                name="properties_roomtype_occupancy_within_limits",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def fits(self, *, adults: int, children: int) -> bool:
        return party_fits(self, adults=adults, children=children)


class PartyLimits(Protocol):
    @property
    def max_adults(self) -> int: ...
    @property
    def max_children(self) -> int: ...
    @property
    def max_occupancy(self) -> int: ...


def party_fits(limits: PartyLimits, *, adults: int, children: int) -> bool:
    """Whether a room of this kind takes this party (a room type, or a copy of one)."""
    return (
        1 <= adults <= limits.max_adults
        and children <= limits.max_children
        and adults + children <= limits.max_occupancy
    )


def room_type_photo_path(instance: RoomTypePhoto, filename: str) -> str:
    # The storage itself prefixes the hotel's schema: files never mix between hotels.
    return f"room-types/{instance.room_type_id}/{filename}"


class RoomTypePhoto(models.Model):
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=room_type_photo_path)
    caption = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.caption or str(self.image.name)


class HousekeepingStatus(models.TextChoices):
    CLEAN = "clean", "Clean"
    DIRTY = "dirty", "Dirty"
    INSPECTED = "inspected", "Inspected"
    OUT_OF_ORDER = "out_of_order", "Out of order"


class Room(models.Model):
    number = models.CharField(max_length=10, unique=True)
    floor = models.SmallIntegerField(null=True, blank=True)
    room_type = models.ForeignKey(RoomType, on_delete=models.PROTECT, related_name="rooms")
    housekeeping_status = models.CharField(
        max_length=20, choices=HousekeepingStatus.choices, default=HousekeepingStatus.CLEAN
    )
    active = models.BooleanField(default=True)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["number"]
        permissions = [("set_housekeeping_status", "Can set a room's housekeeping status")]

    def __str__(self) -> str:
        return self.number

    @property
    def sellable(self) -> bool:
        return self.active and self.housekeeping_status != HousekeepingStatus.OUT_OF_ORDER


class ExtraPricing(models.TextChoices):
    PER_STAY = "per_stay", "Per stay"
    PER_NIGHT = "per_night", "Per night"
    PER_GUEST_NIGHT = "per_guest_night", "Per guest per night"


class Extra(models.Model):
    code = models.CharField(max_length=16, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200, validators=[validate_name])
    description = models.TextField(blank=True)
    price = models.DecimalField(max_digits=10, decimal_places=2)
    pricing = models.CharField(max_length=20, choices=ExtraPricing.choices)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="properties_extra_price_gte_0"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
