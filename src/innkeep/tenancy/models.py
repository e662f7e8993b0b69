"""Public-schema models: plans, hotels (the tenants), their domains, the schema pool."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django_tenants.models import DomainMixin, TenantMixin

from innkeep.core.state_machine import TransitionTable
from innkeep.core.text import validate_name


class Plan(models.Model):  # type: ignore[django-manager-missing]  # stubs vs TenantMixin
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100, validators=[validate_name])
    monthly_price = models.DecimalField(max_digits=10, decimal_places=2, default=Decimal("0"))
    currency = models.CharField(max_length=3, default="EUR")
    max_rooms = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: no limit.")
    is_default = models.BooleanField(default=False, help_text="Given to new signups.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["monthly_price", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="tenancy_plan_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name


class HotelStatus(models.TextChoices):
    TRIAL = "trial", "Trial"
    ACTIVE = "active", "Active"
    PAST_DUE = "past_due", "Past due"
    SUSPENDED = "suspended", "Suspended"
    CLOSED = "closed", "Closed"


HOTEL_TRANSITIONS = TransitionTable(
    "hotel",
    {
        HotelStatus.TRIAL: {HotelStatus.ACTIVE, HotelStatus.SUSPENDED, HotelStatus.CLOSED},
        HotelStatus.ACTIVE: {HotelStatus.PAST_DUE, HotelStatus.SUSPENDED, HotelStatus.CLOSED},
        HotelStatus.PAST_DUE: {HotelStatus.ACTIVE, HotelStatus.SUSPENDED, HotelStatus.CLOSED},
        HotelStatus.SUSPENDED: {HotelStatus.ACTIVE, HotelStatus.CLOSED},
        HotelStatus.CLOSED: set(),
    },
)


class Hotel(TenantMixin):
    """A hotel is a tenant: one PostgreSQL schema holds everything it owns."""

    name = models.CharField(max_length=200, validators=[validate_name])
    subdomain = models.CharField(max_length=40, unique=True)
    status = models.CharField(
        max_length=20, choices=HotelStatus.choices, default=HotelStatus.TRIAL, db_index=True
    )
    timezone = models.CharField(max_length=64)
    currency = models.CharField(max_length=3)
    country = models.CharField(max_length=2)
    plan = models.ForeignKey(
        Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="hotels"
    )
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are provisioned by innkeep.tenancy.provisioning, inside the signup
    # transaction, never by save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.subdomain})"

    @property
    def is_open(self) -> bool:
        return self.status != HotelStatus.CLOSED


class Domain(DomainMixin):
    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class PooledSchema(models.Model):
    """A schema cloned from the template ahead of time, waiting for a signup to claim it.

    `fingerprint` names the migrations the template had when it was cloned; a signup only
    takes a pooled schema whose fingerprint matches the template's current one.
    """

    schema_name = models.CharField(max_length=63, unique=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.schema_name
