"""The hotel's profile, made by every signup (a step registered in PropertiesConfig.ready())."""

from __future__ import annotations

from innkeep.properties.services import hotel_profile_create
from innkeep.tenancy.signup_steps import NewHotel


def create_profile(signup: NewHotel) -> None:
    hotel = signup.hotel
    hotel_profile_create(
        name=hotel.name,
        timezone=hotel.timezone,
        currency=hotel.currency,
        country=hotel.country,
        # No contact email: the profile's is published to guests, and the owner's address
        # is a sign-in. The hotel sets one for guests itself.
    )
