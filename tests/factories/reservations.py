"""Reservations, stays and quotes written straight (hotel schema): the calendar is not
touched (tests/inventory/factories.py `book` holds the nights too)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import factory

from innkeep.reservations.models import (
    PartyMember,
    Quote,
    Reservation,
    ReservationEvent,
    ReservationSource,
    ReservationStatus,
    RoomAssignment,
    Stay,
    StayExtra,
)
from tests.factories.properties import ExtraFactory, RoomFactory, RoomTypeFactory
from tests.factories.rates import RatePlanFactory

CHECK_IN = date(2027, 3, 2)
CHECK_OUT = date(2027, 3, 4)


class ReservationFactory(factory.django.DjangoModelFactory):
    """A confirmed booking made by staff: 100.00 + 10.00 taxes, in euros."""

    class Meta:
        model = Reservation

    code = factory.Sequence(lambda n: f"F{n:07d}")
    status = ReservationStatus.CONFIRMED
    source = ReservationSource.STAFF
    booker_first_name = "Ada"
    booker_last_name = "Guest"
    booker_email = "ada@guest.test"
    booker_phone = "+34612345678"
    currency = "EUR"
    subtotal = Decimal("100.00")
    taxes = Decimal("10.00")
    total = Decimal("110.00")
    hold_expires_at = factory.LazyAttribute(
        lambda o: (
            datetime(2027, 3, 1, 10, 15, tzinfo=UTC)
            if o.status == ReservationStatus.PENDING_PAYMENT
            else None
        )
    )


class StayFactory(factory.django.DjangoModelFactory):
    """One adult for two nights, no room assigned yet, in its own reservation, at a rate
    plan that sells the room type; `rate_plan=None` for a stay without one."""

    class Meta:
        model = Stay

    reservation = factory.SubFactory(ReservationFactory)
    room_type = factory.SubFactory(RoomTypeFactory)
    rate_plan = factory.SubFactory(
        RatePlanFactory, room_types=factory.List([factory.SelfAttribute("....room_type")])
    )
    check_in = CHECK_IN
    check_out = CHECK_OUT
    adults = 1
    children = 0
    total = Decimal("110.00")


class StayExtraFactory(factory.django.DjangoModelFactory):
    """Two of an extra at 12.50 on a stay."""

    class Meta:
        model = StayExtra

    stay = factory.SubFactory(StayFactory)
    extra = factory.SubFactory(ExtraFactory)
    quantity = 2
    unit_price = Decimal("12.50")
    total = Decimal("25.00")


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    stay = factory.SubFactory(StayFactory)
    first_name = "Bea"
    last_name = "Guest"


class RoomAssignmentFactory(factory.django.DjangoModelFactory):
    """A live assignment of a room of the stay's type for all of the stay's nights."""

    class Meta:
        model = RoomAssignment

    stay = factory.SubFactory(StayFactory)
    room = factory.SubFactory(RoomFactory, room_type=factory.SelfAttribute("..stay.room_type"))
    start = factory.SelfAttribute("stay.check_in")
    end = factory.SelfAttribute("stay.check_out")


class ReservationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReservationEvent

    reservation = factory.SubFactory(ReservationFactory)
    actor_label = "system"
    action = "status_changed"
    from_status = ReservationStatus.PENDING_PAYMENT
    to_status = ReservationStatus.CONFIRMED


class QuoteFactory(factory.django.DjangoModelFactory):
    """A quote for one double room at BAR, two nights at 100.00, VAT 10%, valid until 10:15
    UTC on the tests' frozen day (2027-03-01). It names codes: nothing in the catalogue has
    to exist for it."""

    class Meta:
        model = Quote

    check_in = CHECK_IN
    check_out = CHECK_OUT
    promo_code = ""
    request = factory.LazyFunction(
        lambda: [{"room_type": "DBL", "rate_plan": "BAR", "adults": 2, "children": 0, "extras": []}]
    )
    priced = factory.LazyFunction(
        lambda: {
            "currency": "EUR",
            "promo_code": None,
            "rooms": [],
            "subtotal": "200.00",
            "taxes": "20.00",
            "total": "220.00",
        }
    )
    currency = "EUR"
    subtotal = Decimal("200.00")
    taxes = Decimal("20.00")
    total = Decimal("220.00")
    expires_at = datetime(2027, 3, 1, 10, 15, tzinfo=UTC)
