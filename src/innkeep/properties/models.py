from __future__ import annotations

import datetime

from django.db import models


class HotelProfile(models.Model):
    """The hotel as guests see it. Exactly one row per hotel schema."""

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    name = models.CharField(max_length=200)
    legal_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=32, blank=True)
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
    policies = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(singleton=True), name="properties_profile_one_row"
            )
        ]

    def __str__(self) -> str:
        return self.name
