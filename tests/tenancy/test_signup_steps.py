"""What goes inside a new hotel's schema is made by the steps the apps above tenancy
register (innkeep.tenancy.signup_steps): the owner (accounts) and the profile (properties)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_tenants.utils import schema_context, schema_exists

from innkeep.accounts.models import Role, User
from innkeep.accounts.signup import create_owner
from innkeep.properties.models import HotelProfile
from innkeep.properties.signup import create_profile
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.services import hotel_signup
from innkeep.tenancy.signup_steps import signup_steps
from tests.factories import signup_data

pytestmark = pytest.mark.django_db


def test_the_owner_and_the_profile_are_the_registered_steps_in_app_order():
    assert signup_steps() == (create_owner, create_profile)


def test_the_steps_make_the_owner_and_the_profile_in_the_new_schema():
    result = hotel_signup(**signup_data(owner_email="  Ana@Grand.TEST "))

    with schema_context(result.hotel.schema_name):
        owner = User.objects.get()
        profile = HotelProfile.objects.get()
    assert (owner.pk, owner.email, owner.role) == (result.owner_id, "ana@grand.test", Role.OWNER)
    # no contact email: the owner's address signs in, and the profile's is published
    assert (profile.name, profile.email, profile.currency) == (
        result.hotel.name,
        "",
        result.hotel.currency,
    )


def test_a_signup_whose_steps_make_no_owner_is_undone(monkeypatch):
    monkeypatch.setattr("innkeep.tenancy.services.signup_steps", lambda: (create_profile,))

    with pytest.raises(ImproperlyConfigured, match="No signup step made the owner"):
        hotel_signup(**signup_data())

    assert not Hotel.objects.filter(subdomain="grand").exists()
    assert not schema_exists("hotel_grand")
