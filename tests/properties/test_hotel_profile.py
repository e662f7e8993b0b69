"""The hotel profile: read by every role, changed by owners and managers, validated like
the signup."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.properties.models import HotelProfile

pytestmark = pytest.mark.django_db


def test_every_role_reads_the_profile(api_for, hotel_a, make_staff):
    housekeeper = make_staff(hotel_a, "housekeeping")
    response = api_for(hotel_a).get("/api/v1/hotel-profile/", **housekeeper.auth)
    assert response.status_code == 200
    body = response.json()
    assert (body["name"], body["timezone"], body["currency"], body["country"]) == (
        "Alpine Lodge",
        "Europe/Madrid",
        "EUR",
        "ES",
    )
    assert (body["check_in_time"], body["check_out_time"], body["languages"]) == (
        "15:00",
        "11:00",
        ["en"],
    )


def test_owner_changes_the_profile_and_it_is_audited(api_for, hotel_a, owner_of):
    owner = owner_of(hotel_a)
    response = api_for(hotel_a).patch(
        "/api/v1/hotel-profile/",
        {
            "city": "Zermatt",
            "timezone": "Europe/Zurich",
            "currency": "chf",
            "country": "ch",
            "check_in_time": "14:30",
            "languages": ["en", "DE", "pt_br"],
            "policies": "No pets.",
        },
        format="json",
        **owner.auth,
    )
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("city", "timezone", "currency", "country", "languages")} == {
        "city": "Zermatt",
        "timezone": "Europe/Zurich",
        "currency": "CHF",
        "country": "CH",
        "languages": ["en", "de", "pt-BR"],
    }
    assert body["check_in_time"] == "14:30"
    with tenant_context(hotel_a.hotel):
        event = AuditEvent.objects.get(action="hotel_profile.updated")
        assert event.actor_id == owner.user.pk
        assert event.data["currency"] == ["EUR", "CHF"]
        assert event.data["check_in_time"] == ["15:00:00", "14:30:00"]
        assert sorted(event.data) == [
            "check_in_time",
            "city",
            "country",
            "currency",
            "languages",
            "policies",
            "timezone",
        ]


def test_times_are_wall_clock_hh_mm_for_staff_and_guests(api_for, hotel_a, owner_of):
    """OpenAPI's `format: time` needs an offset, and a check-in time has none: the answer is
    "HH:MM", as the schema's pattern says; seconds sent by an older client are dropped."""
    owner = owner_of(hotel_a)
    client = api_for(hotel_a)
    changed = client.patch(
        "/api/v1/hotel-profile/",
        {"check_in_time": "14:30:59", "check_out_time": "10:00"},
        format="json",
        **owner.auth,
    )
    assert changed.status_code == 200
    assert (changed.json()["check_in_time"], changed.json()["check_out_time"]) == (
        "14:30",
        "10:00",
    )
    public = client.get("/api/v1/public/hotel/").json()
    assert (public["check_in_time"], public["check_out_time"]) == ("14:30", "10:00")
    with tenant_context(hotel_a.hotel):
        assert str(HotelProfile.objects.get().check_in_time) == "14:30:00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"currency": "ABC"}, "currency"),
        ({"currency": "EURO"}, "currency"),
        ({"country": "XX"}, "country"),
        ({"languages": ["xx"]}, "languages"),
        ({"languages": ["en", "en"]}, "languages"),
        ({"languages": ["en-ZZ"]}, "languages"),
        ({"languages": "en"}, "languages"),
        ({"check_in_time": "25:00"}, "check_in_time"),
        ({"check_in_time": "9:30"}, "check_in_time"),
        ({"check_in_time": "14:30+01:00"}, "check_in_time"),
        ({"check_in_time": "14:30:00.5"}, "check_in_time"),
        ({"check_out_time": None}, "check_out_time"),
        ({"name": "   "}, "name"),
        ({"name": None}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"website": "nope"}, "website"),
        ({"city": "x" * 101}, "city"),
    ],
)
def test_invalid_profile_changes_are_400_naming_the_field(api_for, hotel_a, owner_of, body, field):
    response = api_for(hotel_a).patch(
        "/api/v1/hotel-profile/", body, format="json", **owner_of(hotel_a).auth
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        profile = HotelProfile.objects.get()
        assert (profile.timezone, profile.currency, profile.languages) == (
            "Europe/Madrid",
            "EUR",
            ["en"],
        )
        assert not AuditEvent.objects.exists()


def test_front_desk_cannot_change_the_profile(api_for, hotel_a, make_staff):
    clerk = make_staff(hotel_a, "front_desk")
    response = api_for(hotel_a).patch(
        "/api/v1/hotel-profile/", {"city": "Elsewhere"}, format="json", **clerk.auth
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "PERMISSION_DENIED"
