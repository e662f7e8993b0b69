"""Pricing arithmetic: money rounding, promo discounts, taxes, extras. No queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from innkeep.properties.models import Extra, ExtraPricing
from innkeep.rates.models import PromoCode, PromoKind, TaxKind

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def discount_for(promo: PromoCode | None, subtotal: Decimal) -> Decimal:
    if promo is None:
        return ZERO
    if promo.kind == PromoKind.PERCENT:
        return money(subtotal * promo.value / 100)
    return money(min(promo.value, subtotal))


class TaxTerms(Protocol):
    """What pricing reads of a tax rule (a `TaxRule`, or the catalogue's copy of one)."""

    @property
    def kind(self) -> str: ...
    @property
    def amount(self) -> Decimal: ...
    @property
    def applies_to_children(self) -> bool: ...


def taxes_for(
    rules: Iterable[TaxTerms], *, taxable: Decimal, nights: int, adults: int, children: int
) -> Decimal:
    total = ZERO
    for rule in rules:
        if rule.kind == TaxKind.PERCENT:
            total += money(taxable * rule.amount / 100)
        else:
            persons = adults + (children if rule.applies_to_children else 0)
            total += money(rule.amount * persons * nights)
    return total


@dataclass(frozen=True)
class ExtraLine:
    code: str
    name: str
    pricing: str
    quantity: int
    unit_price: Decimal
    total: Decimal


def extra_line(extra: Extra, *, quantity: int, nights: int, guests: int) -> ExtraLine:
    """per_stay: price x quantity; per_night: x nights; per_guest_night: x nights x guests."""
    factor = {
        ExtraPricing.PER_STAY: 1,
        ExtraPricing.PER_NIGHT: nights,
        ExtraPricing.PER_GUEST_NIGHT: nights * guests,
    }[ExtraPricing(extra.pricing)]
    return ExtraLine(
        code=extra.code,
        name=extra.name,
        pricing=extra.pricing,
        quantity=quantity,
        unit_price=extra.price,
        total=money(extra.price * quantity * factor),
    )
