"""The catalogue, written straight with the models (hotel schema): no calendar rows and no
audit rows. Tests that need those build through the services (tests/properties/catalogue.py)."""

from __future__ import annotations

from decimal import Decimal

import factory

from innkeep.properties.models import (
    Extra,
    ExtraPricing,
    HotelProfile,
    Room,
    RoomType,
    RoomTypePhoto,
)


class HotelProfileFactory(factory.django.DjangoModelFactory):
    """Every hotel schema has exactly one profile, made at signup: this returns it as it is,
    and only makes one (with these values) where there is none."""

    class Meta:
        model = HotelProfile
        django_get_or_create = ("singleton",)

    singleton = True
    name = "Alpine Lodge"
    email = "desk@hotel.test"
    phone = "+34612345678"
    country = "ES"
    timezone = "Europe/Madrid"
    currency = "EUR"


class RoomTypeFactory(factory.django.DjangoModelFactory):
    """Two adults, no children (the model's defaults)."""

    class Meta:
        model = RoomType

    code = factory.Sequence(lambda n: f"RT{n}")
    name = factory.LazyAttribute(lambda o: f"{o.code} room")


class RoomTypePhotoFactory(factory.django.DjangoModelFactory):
    """A photo row naming a file that is not written: enough for listings and counts. Pass
    `image=factory.django.ImageField()` (with the `media_root` fixture) for a real file."""

    class Meta:
        model = RoomTypePhoto

    room_type = factory.SubFactory(RoomTypeFactory)
    image = factory.Sequence(lambda n: f"room-types/photo-{n}.jpg")


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    number = factory.Sequence(lambda n: f"R{n}")
    room_type = factory.SubFactory(RoomTypeFactory)


class ExtraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extra

    code = factory.Sequence(lambda n: f"EX{n}")
    name = factory.LazyAttribute(lambda o: f"{o.code} extra")
    price = Decimal("10.00")
    pricing = ExtraPricing.PER_STAY
