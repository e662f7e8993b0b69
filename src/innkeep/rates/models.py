"""What a stay costs: rate plans, daily prices, restrictions, taxes, cancellation policies,
promo codes. All money is Decimal in the hotel's currency."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from innkeep.core.text import validate_name
from innkeep.properties.models import CODE_VALIDATOR, RoomType


class CancellationFee(models.TextChoices):
    PERCENT = "percent", "Percent of the stay"
    FIRST_NIGHT = "first_night", "First night"


class CancellationPolicy(models.Model):
    name = models.CharField(max_length=100, validators=[validate_name])
    # Empty: non-refundable from the moment of booking.
    free_until_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Free cancellation until this many days before arrival."
    )
    fee_kind = models.CharField(
        max_length=20, choices=CancellationFee.choices, default=CancellationFee.PERCENT
    )
    fee_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("100"), help_text="With 'percent'."
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "cancellation policies"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(fee_percent__gte=0) & models.Q(fee_percent__lte=100),
                name="rates_policy_fee_percent_0_100",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def describe(self) -> str:
        if self.fee_kind == CancellationFee.FIRST_NIGHT:
            fee = "the first night"
        else:
            fee = f"{self.fee_percent.normalize():f}% of the stay"
        if self.free_until_days is None:
            return f"Non-refundable: cancelling costs {fee}"
        days = self.free_until_days
        when = (
            "the day of arrival" if days == 0 else f"{days} day{'s' * (days != 1)} before arrival"
        )
        return f"Free cancellation until {when}; later, {fee}"


class MealPlan(models.TextChoices):
    ROOM_ONLY = "room_only", "Room only"
    BREAKFAST = "breakfast", "Breakfast included"
    HALF_BOARD = "half_board", "Half board"
    FULL_BOARD = "full_board", "Full board"
    ALL_INCLUSIVE = "all_inclusive", "All inclusive"


class Guarantee(models.TextChoices):
    NONE = "none", "No guarantee"
    DEPOSIT = "deposit", "Deposit"
    PREPAY = "prepay", "Full prepayment"


class RatePlan(models.Model):
    code = models.CharField(max_length=16, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(max_length=200, validators=[validate_name])
    description = models.TextField(blank=True)
    room_types = models.ManyToManyField(RoomType, related_name="rate_plans", blank=True)
    meal_plan = models.CharField(
        max_length=20, choices=MealPlan.choices, default=MealPlan.ROOM_ONLY
    )
    cancellation_policy = models.ForeignKey(
        CancellationPolicy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rate_plans",
    )
    guarantee = models.CharField(max_length=10, choices=Guarantee.choices, default=Guarantee.NONE)
    deposit_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    active = models.BooleanField(default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(guarantee="deposit")
                | (models.Q(deposit_percent__gt=0) & models.Q(deposit_percent__lte=100)),
                name="rates_rateplan_deposit_needs_percent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DailyRate(models.Model):
    rate_plan = models.ForeignKey(RatePlan, on_delete=models.CASCADE, related_name="daily_rates")
    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="daily_rates")
    date = models.DateField()
    price = models.DecimalField(max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["date", "rate_plan_id", "room_type_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rate_plan", "room_type", "date"], name="rates_dailyrate_one_price"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0), name="rates_dailyrate_price_gte_0"
            ),
        ]
        indexes = [models.Index(fields=["date", "room_type"], name="rates_dailyrate_date_rt_idx")]

    def __str__(self) -> str:
        return f"{self.rate_plan_id}/{self.room_type_id} {self.date} {self.price}"


class Restriction(models.Model):
    """Limits on selling a room type (optionally one rate plan of it) on a date. A row with
    no rate plan applies to every plan of the room type."""

    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="restrictions")
    rate_plan = models.ForeignKey(
        RatePlan, null=True, blank=True, on_delete=models.CASCADE, related_name="restrictions"
    )
    date = models.DateField()
    min_stay = models.PositiveSmallIntegerField(null=True, blank=True, help_text="From arrival.")
    max_stay = models.PositiveSmallIntegerField(null=True, blank=True, help_text="From arrival.")
    closed = models.BooleanField(default=False, help_text="Stop-sell: no night on this date.")
    closed_to_arrival = models.BooleanField(default=False)
    closed_to_departure = models.BooleanField(default=False)

    class Meta:
        ordering = ["date", "room_type_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["room_type", "rate_plan", "date"],
                name="rates_restriction_one_per_day",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=models.Q(min_stay__isnull=True) | models.Q(min_stay__gte=1),
                name="rates_restriction_min_stay_gte_1",
            ),
            models.CheckConstraint(
                condition=models.Q(max_stay__isnull=True) | models.Q(max_stay__gte=1),
                name="rates_restriction_max_stay_gte_1",
            ),
        ]
        indexes = [models.Index(fields=["date", "room_type"], name="rates_restriction_date_rt_idx")]

    def __str__(self) -> str:
        return f"{self.room_type_id}/{self.rate_plan_id} {self.date}"


class TaxKind(models.TextChoices):
    PERCENT = "percent", "Percent of the room price"
    PER_PERSON_NIGHT = "per_person_night", "Fixed amount per person per night"


class TaxRule(models.Model):
    name = models.CharField(max_length=100, validators=[validate_name])
    kind = models.CharField(max_length=20, choices=TaxKind.choices)
    amount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        help_text="Percent (e.g. 10.00) or amount per person-night.",
    )
    applies_to_children = models.BooleanField(
        default=False, help_text="Per person-night taxes: count children too."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="rates_taxrule_amount_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PromoKind(models.TextChoices):
    PERCENT = "percent", "Percent off"
    AMOUNT = "amount", "Amount off the stay"


class PromoCode(models.Model):
    code = models.CharField(max_length=32, unique=True)
    kind = models.CharField(max_length=10, choices=PromoKind.choices)
    value = models.DecimalField(max_digits=10, decimal_places=2)
    valid_from = models.DateField(null=True, blank=True, help_text="First arrival date.")
    valid_to = models.DateField(null=True, blank=True, help_text="Last arrival date.")
    usage_limit = models.PositiveIntegerField(null=True, blank=True)
    times_used = models.PositiveIntegerField(default=0)
    rate_plans = models.ManyToManyField(
        RatePlan, blank=True, related_name="promo_codes", help_text="Empty: every plan."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gt=0), name="rates_promo_value_gt_0"),
            models.CheckConstraint(
                condition=~models.Q(kind="percent") | models.Q(value__lte=100),
                name="rates_promo_percent_lte_100",
            ),
            models.CheckConstraint(
                condition=models.Q(usage_limit__isnull=True)
                | models.Q(times_used__lte=models.F("usage_limit")),
                name="rates_promo_within_usage_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code
