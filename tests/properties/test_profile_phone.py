"""The hotel's phone is stored as E.164, through the API and the admin, and PostgreSQL
refuses anything else; the migration normalised the numbers that were already there."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.properties.models import HotelProfile

pytestmark = pytest.mark.django_db

NOT_VALID_IN_ES = (
    "Not a valid phone number in ES. Give it with its country code (e.g. +34 612 345 678), "
    "or as a national number of ES."
)


def patch_profile(api_for, hotel, owner, body):  # type: ignore[no-untyped-def]
    return api_for(hotel).patch("/api/v1/hotel-profile/", body, format="json", **owner.auth)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("910 000 000", "+34910000000"),  # national: read in the hotel's country (ES)
        ("+34 910-000-000", "+34910000000"),
        ("0034 910 000 000", "+34910000000"),
        ("+1 212 555 0100", "+12125550100"),  # a number abroad keeps its own country
        ("", ""),
    ],
)
def test_the_api_stores_and_answers_the_phone_as_e164(api_for, hotel_a, owner_of, typed, stored):
    response = patch_profile(api_for, hotel_a, owner_of(hotel_a), {"phone": typed})
    assert response.status_code == 200
    assert response.json()["phone"] == stored
    with tenant_context(hotel_a.hotel):
        assert HotelProfile.objects.get().phone == stored
    assert api_for(hotel_a).get("/api/v1/public/hotel/").json()["phone"] == stored


def test_a_national_number_is_read_in_the_new_country_when_both_change(api_for, hotel_a, owner_of):
    response = patch_profile(
        api_for, hotel_a, owner_of(hotel_a), {"country": "ch", "phone": "044 668 18 00"}
    )
    assert response.status_code == 200
    assert (response.json()["country"], response.json()["phone"]) == ("CH", "+41446681800")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", NOT_VALID_IN_ES),
        ("call the front desk", None),
        ("+999 1234567", None),
        ("910 000 000 ext 12", "Extensions cannot be stored: give the number without one."),
    ],
)
def test_an_invalid_phone_is_400_on_the_phone_field_and_changes_nothing(
    api_for, hotel_a, owner_of, typed, message
):
    response = patch_profile(
        api_for, hotel_a, owner_of(hotel_a), {"phone": typed, "city": "Zermatt"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]["fields"]) == ["phone"]
    if message is not None:
        assert error["details"]["fields"]["phone"] == [message]
    with tenant_context(hotel_a.hotel):
        assert (HotelProfile.objects.get().phone, HotelProfile.objects.get().city) == ("", "")
        assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("raw", ["910 000 000", "+34 910 000 000", "+0123456789", "+12", "x"])
def test_the_database_refuses_a_phone_that_is_not_e164(hotel_a, raw):
    with tenant_context(hotel_a.hotel), connection.cursor() as cursor:
        with (
            pytest.raises(IntegrityError, match="properties_profile_phone_e164"),
            transaction.atomic(),
        ):
            cursor.execute("UPDATE properties_hotelprofile SET phone = %s", [raw])
        cursor.execute("UPDATE properties_hotelprofile SET phone = %s", ["+34910000000"])
        assert HotelProfile.objects.get().phone == "+34910000000"


# --- admin -----------------------------------------------------------------------------


def profile_form(profile: HotelProfile, **changes: str) -> dict[str, str]:
    form = {
        name: getattr(profile, name)
        for name in (
            "name",
            "legal_name",
            "email",
            "phone",
            "website",
            "address_line1",
            "address_line2",
            "city",
            "postal_code",
            "country",
            "timezone",
            "currency",
            "policies",
        )
    }
    form["check_in_time"] = profile.check_in_time.strftime("%H:%M:%S")
    form["check_out_time"] = profile.check_out_time.strftime("%H:%M:%S")
    form["no_show_cutoff"] = profile.no_show_cutoff.strftime("%H:%M:%S")
    form["languages"] = '["en"]'
    return {**form, **changes}


def admin_as_owner(hotel) -> Client:  # type: ignore[no-untyped-def]
    browser = Client(HTTP_HOST=hotel.host)
    signed_in = browser.post(
        "/admin/login/?next=/admin/",
        {"username": hotel.owner_email, "password": hotel.owner_password},
    )
    assert signed_in.status_code == 302
    return browser


def test_the_admin_stores_a_national_number_as_e164(hotel_a):
    with tenant_context(hotel_a.hotel):
        profile = HotelProfile.objects.get()
    response = admin_as_owner(hotel_a).post(
        f"/admin/properties/hotelprofile/{profile.pk}/change/",
        profile_form(profile, phone="910 000 000"),
    )
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        assert HotelProfile.objects.get().phone == "+34910000000"
        assert AuditEvent.objects.get(action="hotel_profile.updated").data["phone"] == [
            "",
            "+34910000000",
        ]


def test_the_admin_shows_an_invalid_phone_next_to_the_field_and_saves_nothing(hotel_a):
    with tenant_context(hotel_a.hotel):
        profile = HotelProfile.objects.get()
    response = admin_as_owner(hotel_a).post(
        f"/admin/properties/hotelprofile/{profile.pk}/change/",
        profile_form(profile, phone="12345", city="Zermatt"),
    )
    assert response.status_code == 200  # the form again
    assert response.context["adminform"].form.errors == {"phone": [NOT_VALID_IN_ES]}
    with tenant_context(hotel_a.hotel):
        assert (HotelProfile.objects.get().phone, HotelProfile.objects.get().city) == ("", "")


# --- the migration ---------------------------------------------------------------------


def test_the_migration_normalises_existing_numbers_and_clears_unreadable_ones(hotel_a):
    """As it met the rows before the CHECK existed: the constraint is dropped inside the
    test's transaction, the rows made as they were, the migration's step run, and the CHECK
    added back, which must then hold."""
    migration = importlib.import_module(
        "innkeep.properties.migrations.0005_hotel_profile_phone_e164"
    )
    with tenant_context(hotel_a.hotel), connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE properties_hotelprofile DROP CONSTRAINT properties_profile_phone_e164"
        )
        for raw, stored in [("  910 000 000 ", "+34910000000"), ("+34910000000", "+34910000000")]:
            cursor.execute("UPDATE properties_hotelprofile SET phone = %s", [raw])
            migration.normalise_phone(apps, SimpleNamespace(connection=connection))
            assert HotelProfile.objects.get().phone == stored
        assert not AuditEvent.objects.exists()

        cursor.execute("UPDATE properties_hotelprofile SET phone = 'ask at the bar'")
        migration.normalise_phone(apps, SimpleNamespace(connection=connection))

        profile = HotelProfile.objects.get()
        assert profile.phone == ""
        event = AuditEvent.objects.get()
        assert (event.action, event.target_id, event.actor_id, event.data) == (
            "hotel_profile.phone_cleared",
            str(profile.pk),
            None,
            {"phone": ["ask at the bar", ""], "reason": "not a valid phone number"},
        )
        cursor.execute(
            "ALTER TABLE properties_hotelprofile ADD CONSTRAINT properties_profile_phone_e164 "
            r"CHECK (phone = '' OR phone ~ '^\+[1-9][0-9]{6,14}$')"
        )
