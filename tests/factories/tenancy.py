"""Public-schema objects.

There is no factory for `Hotel` or `Domain` on purpose: a hotel is its schema, and the
signup service (`innkeep.tenancy.services.hotel_signup`) makes the three together, with the
owner, the profile and the calendar, in one transaction. A factory would save a hotel with
no schema behind it. Sign a hotel up instead: `hotel_signup(**signup_data(subdomain=...))`,
or use the session hotels (`hotel_a`, `hotel_b` in tests/conftest.py). `PooledSchema` rows
likewise stand for schemas cloned by the provisioning code, which alone makes them.
"""

from __future__ import annotations

from decimal import Decimal

import factory

from innkeep.tenancy.models import Plan

SIGNUP = {
    "hotel_name": "Grand Hotel",
    "subdomain": "grand",
    "owner_email": "ana@grand.test",
    "owner_password": "a-long-Secret-2027",
    "owner_first_name": "Ana",
    "owner_last_name": "Ruiz",
    "timezone": "Europe/Madrid",
    "currency": "EUR",
    "country": "ES",
}


def signup_data(**overrides: object) -> dict[str, object]:
    """The arguments of a valid signup (service or API), with some changed."""
    return {**SIGNUP, **overrides}


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan that is not the default one (the migrations make the default: there is one)."""

    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"plan-{n}")
    name = factory.Sequence(lambda n: f"Plan {n}")
    monthly_price = Decimal("99.00")
    currency = "EUR"
    max_rooms = 50
    is_default = False
