"""Names refuse control and invisible formatting characters (U+202E, right-to-left override,
among them), in every name field: the staff API, the platform's signup (API, page and the
rules `create_hotel` shares), the hotel admin's forms and the invitation page. One
validator (innkeep.core.text) on the model fields and on the serializer fields."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django_tenants.utils import tenant_context
from rest_framework import serializers

import innkeep
from innkeep.accounts.forms import AcceptInvitationForm
from innkeep.core.text import refused_characters, validate_name
from innkeep.properties.models import RoomType
from innkeep.tenancy.models import Hotel
from innkeep.tenancy.validation import signup_errors
from tests.accounts.endpoints import BODIES, hotel_digest, url_for
from tests.factories import signup_data

pytestmark = pytest.mark.django_db

OVERRIDE = "Suite\u202etxt.exe"


def refused(*characters: str) -> list[str]:
    return [
        "Names may not contain control or invisible formatting characters; remove "
        f"{', '.join(characters)}."
    ]


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (OVERRIDE, ["U+202E"]),
        ("Grand\u2066 Hotel\u2069", ["U+2066", "U+2069"]),
        ("Ana\x00", ["U+0000"]),
        ("Ana\nRuiz\r\n", ["U+000A", "U+000D"]),
        ("Bell\x07\x1b[31m", ["U+0007", "U+001B"]),
        ("Del\x7f and next line\x85", ["U+007F", "U+0085"]),
        ("zero\u200bwidth\ufeff", ["U+200B", "U+FEFF"]),
        ("line\u2028para\u2029", ["U+2028", "U+2029"]),
        ("lone \ud800 surrogate", ["U+D800"]),
        ("tab\there", ["U+0009"]),
    ],
)
def test_control_and_invisible_formatting_characters_are_found(value, found):
    assert refused_characters(value) == found


@pytest.mark.parametrize(
    "value",
    [
        "Hôtel Zürich & Spa",
        "O'Brien-Smith",
        "東京ホテル",
        "فندق البحر",
        "Пансион «Берёза»",
        "Ca' d'Oro 🏨",
        "👨\u200d👩\u200d👧 family room",  # emoji joined by ZWJ
        "می\u200cخواهم",  # noqa: RUF001 (Persian takes the zero-width non-joiner)
        "Ferienwohnung\u00a0Nr.\u00a03",  # no-break spaces are spaces
    ],
)
def test_every_script_and_symbol_of_a_real_name_is_accepted(value):
    assert refused_characters(value) == []
    validate_name(value)


# --- the staff API: every name of every write ----------------------------------------------

NAME_WRITES = [
    ("me", "PATCH", ["first_name", "last_name"]),
    ("user-detail", "PATCH", ["first_name", "last_name"]),
    ("hotel-profile", "PATCH", ["name", "legal_name"]),
    ("room-type-list", "POST", ["name"]),
    ("room-type-detail", "PATCH", ["name"]),
    ("extra-list", "POST", ["name"]),
    ("extra-detail", "PATCH", ["name"]),
    ("rate-plan-list", "POST", ["name"]),
    ("rate-plan-detail", "PATCH", ["name"]),
    ("cancellation-policy-list", "POST", ["name"]),
    ("cancellation-policy-detail", "PATCH", ["name"]),
    ("tax-list", "POST", ["name"]),
    ("tax-detail", "PATCH", ["name"]),
]


def test_every_name_written_through_the_staff_api_refuses_u202e(api_for, hotel_a, world):
    client = api_for(hotel_a)
    auth = world["callers"]["owner"].auth
    before = hotel_digest(hotel_a.schema)
    for name, method, fields in NAME_WRITES:
        for field in fields:
            body = {**BODIES.get((name, method), {}), field: OVERRIDE}
            response = getattr(client, method.lower())(
                url_for(name, world), body, format="json", **auth
            )
            assert response.status_code == 400, (name, field, response.content)
            assert response.json()["error"] == {
                "code": "VALIDATION_ERROR",
                "message": "Some fields are not valid.",
                "details": {"fields": {field: refused("U+202E")}},
            }, (name, field)
    assert hotel_digest(hotel_a.schema) == before


def test_a_name_with_a_control_character_inside_is_refused_but_edges_are_trimmed(
    api_for, hotel_a, world
):
    client = api_for(hotel_a)
    auth = world["callers"]["owner"].auth
    inside = client.patch("/api/v1/me/", {"first_name": "An\x1ba"}, format="json", **auth)
    edges = client.patch("/api/v1/me/", {"first_name": "\tAna\n"}, format="json", **auth)

    assert inside.json()["error"]["details"]["fields"] == {"first_name": refused("U+001B")}
    assert edges.status_code == 200
    assert edges.json()["first_name"] == "Ana"


# --- signup: the API, the page, and the rules create_hotel shares -------------------------


@pytest.mark.parametrize("field", ["hotel_name", "owner_first_name", "owner_last_name"])
def test_signup_refuses_such_names_everywhere(platform_api, platform_web, field):
    data = signup_data(subdomain="override", **{field: OVERRIDE})
    api = platform_api.post("/api/v1/signup/", data, format="json")
    page = platform_web.post("/signup/", data)

    assert api.status_code == 400
    assert api.json()["error"]["details"]["fields"] == {field: refused("U+202E")}
    assert page.status_code == 400  # the form again, with the message
    assert refused("U+202E")[0] in page.content.decode()
    assert signup_errors(**data) == {field: refused("U+202E")}
    assert not Hotel.objects.filter(subdomain="override").exists()


# --- forms: the hotel admin and the invitation page ---------------------------------------


def test_the_admin_refuses_such_a_room_type_name(web_for, owner_of, hotel_a):
    browser = web_for(hotel_a)
    owner = owner_of(hotel_a)
    credentials = {"username": owner.user.email, "password": owner.password}
    assert browser.post("/admin/login/", credentials).status_code == 302
    form = {
        "code": "DBL",
        "name": OVERRIDE,
        "description": "",
        "max_adults": "2",
        "max_children": "0",
        "max_occupancy": "2",
        "bed_setup": "",
        "sort_order": "0",
        "active": "on",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = browser.post("/admin/properties/roomtype/add/", form)

    assert response.status_code == 200  # the form again, with the error on the field
    assert response.context["adminform"].form.errors == {"name": refused("U+202E")}
    with tenant_context(hotel_a.hotel):
        assert not RoomType.objects.exists()


def test_the_invitation_page_refuses_such_a_name():
    form = AcceptInvitationForm(
        data={
            "first_name": "Ana",
            "last_name": OVERRIDE,
            "password": "a-long-Secret-2027",
            "password_again": "a-long-Secret-2027",
        }
    )
    assert form.errors == {"last_name": refused("U+202E")}


# --- nothing forgotten: every name field of every model and serializer --------------------

NAME_FIELD = re.compile(r"(^|_)name$")
NOT_FREE_TEXT = {"schema_name"}  # made by the platform, never typed


def test_every_name_field_of_every_model_has_the_validator():
    fields = [
        (f"{model.__name__}.{field.name}", field)
        for model in apps.get_models()
        if model.__module__.startswith("innkeep.")
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField)
        and NAME_FIELD.search(field.name)
        and field.name not in NOT_FREE_TEXT
    ]
    assert len(fields) == 17
    assert [name for name, field in fields if validate_name not in field.validators] == []


def _serializer_classes() -> list[type[serializers.Serializer]]:
    for module in pkgutil.walk_packages(innkeep.__path__, "innkeep."):
        if module.name.rsplit(".", 1)[-1] in {"serializers", "public_serializers"}:
            importlib.import_module(module.name)
    found: list[type[Any]] = []
    stack: list[type[Any]] = [serializers.Serializer]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            stack.append(sub)
            if sub.__module__.startswith("innkeep."):
                found.append(sub)
    return found


# Serializers that only render answers (never given `data=`): their fields validate nothing.
ANSWERS_ONLY = {
    "HotelRefSerializer",
    "HotelSummarySerializer",
    "PlanOfferSerializer",
    "RoomOfferSerializer",
    "QuoteExtraSerializer",
    "RoomSerializer",
}


def test_every_writable_name_field_of_every_serializer_has_the_validator():
    checked, missing = 0, []
    for cls in _serializer_classes():
        if cls.__name__ in ANSWERS_ONLY:
            continue
        if issubclass(cls, serializers.ModelSerializer) and not hasattr(cls, "Meta"):
            continue  # a base that its subclasses give a model (WithClockTimes)
        for name, field in cls().fields.items():
            if not isinstance(field, serializers.CharField) or field.read_only:
                continue
            if NAME_FIELD.search(name) and name not in NOT_FREE_TEXT:
                checked += 1
                if validate_name not in field.validators:
                    missing.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert checked >= 13
    assert missing == []
