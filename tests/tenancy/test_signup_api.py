from __future__ import annotations

import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from innkeep.accounts.models import Role, User
from innkeep.properties.models import HotelProfile
from innkeep.tenancy.models import Domain, Hotel, HotelStatus
from tests.factories import signup_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/signup/"


def test_signup_creates_hotel_schema_owner_and_profile(platform_api):
    response = platform_api.post(URL, signup_data(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["hotel"]["name"] == "Grand Hotel"
    assert body["hotel"]["subdomain"] == "grand"
    assert body["hotel"]["status"] == "trial"
    assert body["hotel"]["trial_ends_at"] is not None
    assert body["urls"] == {
        "site": "http://grand.innkeep.test/",
        "admin": "http://grand.innkeep.test/admin/",
        "api": "http://grand.innkeep.test/api/v1/",
        "docs": "http://grand.innkeep.test/api/docs/",
    }
    hotel = Hotel.objects.get(subdomain="grand")
    assert hotel.schema_name == "hotel_grand"
    assert hotel.status == HotelStatus.TRIAL
    assert (hotel.timezone, hotel.currency, hotel.country) == ("Europe/Madrid", "EUR", "ES")
    assert hotel.plan.code == "starter"
    assert list(Domain.objects.filter(tenant=hotel).values_list("domain", "is_primary")) == [
        ("grand.innkeep.test", True)
    ]
    assert schema_exists("hotel_grand")
    with schema_context("hotel_grand"):
        owner = User.objects.get()
        assert owner.email == "ana@grand.test"
        assert owner.role == Role.OWNER
        assert owner.check_password("a-long-Secret-2027")
        profile = HotelProfile.objects.get()
        assert (profile.name, profile.timezone, profile.currency) == (
            "Grand Hotel",
            "Europe/Madrid",
            "EUR",
        )
    # the owner exists in the new hotel only, not on the platform
    assert not User.objects.filter(email="ana@grand.test").exists()


def test_signup_normalises_case_of_subdomain_currency_and_country(platform_api):
    response = platform_api.post(
        URL, signup_data(subdomain="Grand-Hotel", currency="eur", country="es"), format="json"
    )
    assert response.status_code == 201
    hotel = Hotel.objects.get(subdomain="grand-hotel")
    assert (hotel.subdomain, hotel.schema_name, hotel.currency, hotel.country) == (
        "grand-hotel",
        "hotel_grand_hotel",
        "EUR",
        "ES",
    )


def test_taken_subdomain_is_409_and_changes_nothing(platform_api, hotel_a):
    hotels_before = Hotel.objects.count()
    response = platform_api.post(URL, signup_data(subdomain="alpine"), format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "SUBDOMAIN_TAKEN"
    assert Hotel.objects.count() == hotels_before


@pytest.mark.parametrize(
    ("override", "field", "message_part"),
    [
        ({"owner_password": "short"}, "owner_password", "too short"),
        ({"owner_password": "password123456"}, "owner_password", "too common"),
        ({"owner_password": "49172536480713"}, "owner_password", "entirely numeric"),
        ({"owner_password": "ana.grand.test"}, "owner_password", "too similar"),
        ({"owner_email": "not-an-email"}, "owner_email", "valid email"),
        ({"owner_email": "ana@"}, "owner_email", "valid email"),
        ({"timezone": "Mars/Olympus"}, "timezone", "Unknown time zone"),
        ({"currency": "XXQ"}, "currency", "Unknown currency"),
        ({"currency": "EURO"}, "currency", "no more than 3"),
        ({"country": "QQ"}, "country", "Unknown country"),
        ({"subdomain": "www"}, "subdomain", "reserved"),
        ({"subdomain": "admin"}, "subdomain", "reserved"),
        ({"subdomain": "api"}, "subdomain", "reserved"),
        ({"subdomain": "ab"}, "subdomain", "3 to 40"),
        ({"subdomain": "a" * 41}, "subdomain", "3 to 40"),
        ({"subdomain": "grand_hotel"}, "subdomain", "lowercase letters"),
        ({"subdomain": "grand.hotel"}, "subdomain", "lowercase letters"),
        ({"subdomain": "-grand"}, "subdomain", "lowercase letters"),
        ({"subdomain": "grand-"}, "subdomain", "lowercase letters"),
        ({"subdomain": "grand--hotel"}, "subdomain", "lowercase letters"),
        ({"subdomain": "9lives"}, "subdomain", "lowercase letters"),
        ({"subdomain": "hôtel"}, "subdomain", "lowercase letters"),
        ({"hotel_name": "x" * 300}, "hotel_name", "at most 200"),
        ({"hotel_name": "   "}, "hotel_name", "blank"),
        ({"owner_first_name": ""}, "owner_first_name", "blank"),
    ],
)
def test_bad_input_is_400_with_field_errors_and_leaves_nothing(
    platform_api, override, field, message_part
):
    hotels_before = Hotel.objects.count()
    schemas_before = _schemas()

    response = platform_api.post(URL, signup_data(**override), format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]["fields"]) == [field]
    assert any(message_part in m for m in error["details"]["fields"][field]), error
    assert Hotel.objects.count() == hotels_before
    assert _schemas() == schemas_before


def test_missing_fields_are_reported_together(platform_api):
    response = platform_api.post(URL, {}, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["details"]["fields"]
    assert sorted(fields) == sorted(signup_data())
    assert fields["subdomain"] == ["This field is required."]


@pytest.mark.parametrize(
    "payload",
    ["not json", "[1, 2]", '{"hotel_name": 5, "subdomain": ["x"]}', "null", '"text"'],
)
def test_malformed_bodies_are_4xx_never_500(platform_api, payload):
    response = platform_api.post(URL, payload, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] in {"PARSE_ERROR", "VALIDATION_ERROR"}


def test_wrong_method_and_media_type(platform_api):
    assert platform_api.get(URL).json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    response = platform_api.post(URL, "a=b", content_type="text/plain")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_signup_is_not_offered_on_a_hotel_host(api_for, hotel_a):
    response = api_for(hotel_a).post(URL, signup_data(), format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def _schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def test_the_documented_answer_reads_like_a_real_one(platform_api):
    from innkeep.tenancy.api import SIGNED_UP_EXAMPLE
    from tests.shapes import shape, unify

    response = platform_api.post(URL, signup_data(), format="json")
    assert response.status_code == 201
    unify(shape(SIGNED_UP_EXAMPLE), shape(response.json()), "signup")
