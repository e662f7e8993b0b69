"""The hotel's public contact email is the hotel's own field: signup does not copy the
owner's sign-in address into it, the profile refuses a staff sign-in address, and the public
answer never shows one (hotels that signed up before, staff added later)."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role
from innkeep.core.errors import ValidationFailed
from innkeep.properties.models import HotelProfile
from innkeep.properties.services import hotel_profile_update

pytestmark = pytest.mark.django_db

PUBLIC = "/api/v1/public/hotel/"
SIGN_IN_REFUSED = (
    "This address signs in to a staff account, and the contact email is public: "
    "use an address for guests (such as reception@...)."
)


def public_email(api_for, hotel) -> str:  # type: ignore[no-untyped-def]
    response = api_for(hotel).get(PUBLIC)
    assert response.status_code == 200
    return response.json()["email"]


def set_contact(hotel, email: str) -> None:  # type: ignore[no-untyped-def]
    """As the profile held it before (no validation; the save moves the catalogue)."""
    with tenant_context(hotel.hotel):
        profile = HotelProfile.objects.get()
        profile.email = email
        profile.save()


def test_signup_leaves_the_contact_email_for_the_hotel_to_set(api_for, hotel_a):
    with tenant_context(hotel_a.hotel):
        assert HotelProfile.objects.get().email == ""
    response = api_for(hotel_a).get(PUBLIC)
    assert response.json()["email"] == ""
    assert hotel_a.owner_email not in response.content.decode()


def test_a_profile_holding_a_sign_in_address_publishes_none(api_for, hotel_a):
    set_contact(hotel_a, hotel_a.owner_email.upper())  # a hotel that signed up before
    assert public_email(api_for, hotel_a) == ""
    set_contact(hotel_a, "reception@alpine.test")
    assert public_email(api_for, hotel_a) == "reception@alpine.test"


def test_a_staff_account_made_later_with_the_contact_address_hides_it_at_once(
    api_for, hotel_a, make_staff
):
    set_contact(hotel_a, "desk@alpine.test")
    assert public_email(api_for, hotel_a) == "desk@alpine.test"
    make_staff(hotel_a, Role.FRONT_DESK, email="desk@alpine.test")  # no catalogue change
    assert public_email(api_for, hotel_a) == ""


def test_the_profile_refuses_a_staff_sign_in_address(api_for, hotel_a, owner_of, make_staff):
    owner = owner_of(hotel_a)
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    api = api_for(hotel_a)

    for address in (hotel_a.owner_email, clerk.user.email.upper()):
        refused = api.patch("/api/v1/hotel-profile/", {"email": address}, **owner.auth)
        assert refused.status_code == 400
        error = refused.json()["error"]
        assert error["code"] == "VALIDATION_ERROR"
        assert error["details"]["fields"] == {"email": [SIGN_IN_REFUSED]}
    with tenant_context(hotel_a.hotel):
        assert HotelProfile.objects.get().email == ""
        with pytest.raises(ValidationFailed) as raised:  # the admin's way too
            hotel_profile_update(actor=None, changes={"email": hotel_a.owner_email})
        assert raised.value.fields == {"email": [SIGN_IN_REFUSED]}

    ok = api.patch("/api/v1/hotel-profile/", {"email": "hello@alpine.test"}, **owner.auth)
    assert ok.status_code == 200
    assert public_email(api_for, hotel_a) == "hello@alpine.test"
