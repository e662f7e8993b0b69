"""Rate plans, prices, restrictions, taxes, policies and promo codes, written straight with
the models (hotel schema): no audit rows, and the per-process copies only learn of them
after commit (`as_if_committed`). Money is Decimal; dates are the tests' fixed
"tomorrow" (2027-03-02)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from innkeep.rates.models import (
    CancellationFee,
    CancellationPolicy,
    DailyRate,
    PromoCode,
    PromoKind,
    RatePlan,
    Restriction,
    TaxKind,
    TaxRule,
)
from tests.factories.properties import RoomTypeFactory

NIGHT = date(2027, 3, 2)


class CancellationPolicyFactory(factory.django.DjangoModelFactory):
    """Free until 2 days before arrival, then the whole stay; `free_until_days=None` for a
    non-refundable one."""

    class Meta:
        model = CancellationPolicy

    name = factory.Sequence(lambda n: f"Flexible {n}")
    free_until_days = 2
    fee_kind = CancellationFee.PERCENT
    fee_percent = Decimal("100.00")


class RatePlanFactory(factory.django.DjangoModelFactory):
    """`RatePlanFactory(room_types=[dbl, twn])` sells it for those room types (none by
    default); pass `cancellation_policy=None` for a plan without one."""

    class Meta:
        model = RatePlan
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"RP{n}")
    name = factory.LazyAttribute(lambda o: f"{o.code} rate")
    cancellation_policy = factory.SubFactory(CancellationPolicyFactory)

    @factory.post_generation
    def room_types(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            obj.room_types.set(extracted)


class DailyRateFactory(factory.django.DjangoModelFactory):
    """The price of a night; the rate plan made for it sells the room type."""

    class Meta:
        model = DailyRate

    room_type = factory.SubFactory(RoomTypeFactory)
    rate_plan = factory.SubFactory(
        RatePlanFactory, room_types=factory.List([factory.SelfAttribute("....room_type")])
    )
    date = NIGHT
    price = Decimal("100.00")


class RestrictionFactory(factory.django.DjangoModelFactory):
    """A minimum stay of 2 nights from arrival on that night, for every plan of the room type
    (`rate_plan=` for one plan only)."""

    class Meta:
        model = Restriction

    room_type = factory.SubFactory(RoomTypeFactory)
    rate_plan = None
    date = NIGHT
    min_stay = 2


class TaxRuleFactory(factory.django.DjangoModelFactory):
    """10% of the room price; `kind=TaxKind.PER_PERSON_NIGHT, amount=...` for a city tax."""

    class Meta:
        model = TaxRule

    name = factory.Sequence(lambda n: f"VAT {n}")
    kind = TaxKind.PERCENT
    amount = Decimal("10.00")


class PromoCodeFactory(factory.django.DjangoModelFactory):
    """10% off every plan, with no dates or usage limit; `rate_plans=[...]` narrows it."""

    class Meta:
        model = PromoCode
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PROMO{n}")
    kind = PromoKind.PERCENT
    value = Decimal("10.00")

    @factory.post_generation
    def rate_plans(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            obj.rate_plans.set(extracted)
