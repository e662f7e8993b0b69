"""Staff and operators' phones are stored as E.164, through the API and both admins, a
national number read in the hotel's country; PostgreSQL refuses anything else, and the
migration normalised the numbers that were already there."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.accounts.models import Role, User
from innkeep.core.models import AuditEvent

pytestmark = pytest.mark.django_db

NO_COUNTRY_CODE = (
    "This number has no country code. Give it with its country code, e.g. +34 612 345 678."
)
NOT_VALID_IN_ES = (
    "Not a valid phone number in ES. Give it with its country code (e.g. +34 612 345 678), "
    "or as a national number of ES."
)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("612 345 678", "+34612345678"),  # the test hotels are in Spain
        ("+34 612-345-678", "+34612345678"),
        ("0041 79 123 45 67", "+41791234567"),
        ("+1 (212) 555-0100", "+12125550100"),
        ("", ""),
    ],
)
def test_my_phone_is_stored_and_answered_as_e164(api_for, hotel_a, make_staff, typed, stored):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    response = api_for(hotel_a).patch("/api/v1/me/", {"phone": typed}, format="json", **clerk.auth)
    assert response.status_code == 200
    assert response.json()["phone"] == stored
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).phone == stored


def test_a_manager_sets_a_clerks_phone_and_the_list_shows_it_as_e164(api_for, hotel_a, make_staff):
    manager, clerk = make_staff(hotel_a, Role.MANAGER), make_staff(hotel_a, Role.FRONT_DESK)
    client = api_for(hotel_a)
    response = client.patch(
        f"/api/v1/users/{clerk.user.pk}/", {"phone": "600 111 222"}, format="json", **manager.auth
    )
    assert (response.status_code, response.json()["phone"]) == (200, "+34600111222")
    listed = client.get("/api/v1/users/", {"search": "front_desk@"}, **manager.auth).json()
    assert [row["phone"] for row in listed["results"]] == ["+34600111222"]
    with tenant_context(hotel_a.hotel):
        event = AuditEvent.objects.get(action="user.updated")
        assert event.data == {"phone": ["", "+34600111222"]}


@pytest.mark.parametrize(
    ("path", "caller_role"), [("/api/v1/me/", Role.FRONT_DESK), ("users", Role.MANAGER)]
)
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12345", NOT_VALID_IN_ES),
        ("my mobile", None),
        ("+999 1234567", None),
        ("612 345 678 ext 5", "Extensions cannot be stored: give the number without one."),
    ],
)
def test_an_invalid_phone_is_400_on_the_phone_field_and_changes_nothing(
    api_for, hotel_a, make_staff, path, caller_role, typed, message
):
    caller = make_staff(hotel_a, caller_role, email="caller@alpine.test")
    target = make_staff(hotel_a, Role.HOUSEKEEPING, email="target@alpine.test")
    url = path if path.startswith("/") else f"/api/v1/users/{target.user.pk}/"
    changed = caller if path.startswith("/") else target
    response = api_for(hotel_a).patch(
        url, {"phone": typed, "first_name": "Renamed"}, format="json", **caller.auth
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert list(error["details"]["fields"]) == ["phone"]
    if message is not None:
        assert error["details"]["fields"]["phone"] == [message]
    with tenant_context(hotel_a.hotel):
        user = User.objects.get(pk=changed.user.pk)
        assert (user.phone, user.first_name) == ("", changed.user.first_name)
        assert not AuditEvent.objects.exists()


def refused_by_the_check(raw: str, pk: int) -> None:
    with (
        connection.cursor() as cursor,
        pytest.raises(IntegrityError, match="accounts_user_phone_e164"),
        transaction.atomic(),
    ):
        cursor.execute("UPDATE accounts_user SET phone = %s WHERE id = %s", [raw, pk])


@pytest.mark.parametrize("raw", ["612 345 678", "+34 612 345 678", "+0612345678", "+1234", "-"])
def test_the_database_refuses_a_phone_that_is_not_e164_in_hotels_and_public(
    hotel_a, make_staff, raw
):
    clerk = make_staff(hotel_a, Role.FRONT_DESK)
    with tenant_context(hotel_a.hotel):
        refused_by_the_check(raw, clerk.user.pk)
    operator = User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    refused_by_the_check(raw, operator.pk)
    User.objects.filter(pk=operator.pk).update(phone="+34612345678")
    assert User.objects.get(pk=operator.pk).phone == "+34612345678"


# --- admins ----------------------------------------------------------------------------


def signed_in(host: str, email: str, password: str) -> Client:
    browser = Client(HTTP_HOST=host)
    response = browser.post("/admin/login/?next=/admin/", {"username": email, "password": password})
    assert response.status_code == 302
    return browser


def staff_form(user: User, **changes: str) -> dict[str, str]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "role": user.role,
        "is_active": "on",
        **changes,
    }


def test_the_hotel_admin_stores_a_national_number_as_e164(hotel_a, owner_of, make_staff):
    owner, clerk = owner_of(hotel_a), make_staff(hotel_a, Role.FRONT_DESK)
    browser = signed_in(hotel_a.host, owner.user.email, owner.password)
    response = browser.post(
        f"/admin/accounts/user/{clerk.user.pk}/change/", staff_form(clerk.user, phone="612345678")
    )
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        assert User.objects.get(pk=clerk.user.pk).phone == "+34612345678"


def test_the_hotel_admin_shows_an_invalid_phone_next_to_the_field(hotel_a, owner_of, make_staff):
    owner, clerk = owner_of(hotel_a), make_staff(hotel_a, Role.FRONT_DESK)
    browser = signed_in(hotel_a.host, owner.user.email, owner.password)
    response = browser.post(
        f"/admin/accounts/user/{clerk.user.pk}/change/",
        staff_form(clerk.user, phone="12345", first_name="Renamed"),
    )
    assert response.status_code == 200  # the form again
    assert response.context["adminform"].form.errors == {"phone": [NOT_VALID_IN_ES]}
    with tenant_context(hotel_a.hotel):
        user = User.objects.get(pk=clerk.user.pk)
        assert (user.phone, user.first_name) == ("", clerk.user.first_name)


def operator_form(user: User, **changes: str) -> dict[str, str]:
    return {
        "email": user.email,
        "first_name": "",
        "last_name": "",
        "phone": "",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        **changes,
    }


def test_the_platform_admin_needs_the_country_code_of_an_operators_phone(hotel_a):
    """Operators belong to no hotel: there is no country to read a national number in."""
    operator = User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    browser = signed_in(settings.ROOT_DOMAIN, "ops@innkeep.test", "ops-Password-2027")
    url = f"/admin/accounts/user/{operator.pk}/change/"

    refused = browser.post(url, operator_form(operator, phone="612 345 678"))
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {"phone": [NO_COUNTRY_CODE]}
    assert User.objects.get(pk=operator.pk).phone == ""

    saved = browser.post(url, operator_form(operator, phone="+34 612 345 678"))
    assert saved.status_code == 302
    assert User.objects.get(pk=operator.pk).phone == "+34612345678"


# --- the migration ---------------------------------------------------------------------

MIGRATION = "innkeep.accounts.migrations.0006_user_phone_e164"
ADD_CHECK = (
    "ALTER TABLE accounts_user ADD CONSTRAINT accounts_user_phone_e164 "
    r"CHECK (phone = '' OR phone ~ '^\+[1-9][0-9]{6,14}$')"
)


def test_the_migration_normalises_staff_numbers_in_the_hotels_country(hotel_a, make_staff):
    """As it met the rows before the CHECK existed: the constraint is dropped inside the
    test's transaction, the rows made as they were, the migration's step run, and the CHECK
    added back, which must then hold."""
    before = {
        "national@alpine.test": ("612 345 678", "+34612345678"),
        "abroad@alpine.test": ("+41 79 123 45 67", "+41791234567"),
        "e164@alpine.test": ("+34600111222", "+34600111222"),
        "blank@alpine.test": ("  ", ""),
        "none@alpine.test": ("", ""),
        "junk@alpine.test": ("ask reception", ""),
        "short@alpine.test": ("123", ""),
    }
    users = {email: make_staff(hotel_a, Role.FRONT_DESK, email=email).user for email in before}
    with tenant_context(hotel_a.hotel), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_user DROP CONSTRAINT accounts_user_phone_e164")
        for email, (raw, _) in before.items():
            cursor.execute("UPDATE accounts_user SET phone = %s WHERE email = %s", [raw, email])

        importlib.import_module(MIGRATION).normalise_phones(
            apps, SimpleNamespace(connection=connection)
        )

        assert dict(User.objects.filter(email__in=before).values_list("email", "phone")) == {
            email: stored for email, (_, stored) in before.items()
        }
        cleared = AuditEvent.objects.filter(action="user.phone_cleared")
        assert sorted(cleared.values_list("target_id", "data")) == sorted(
            (str(users[email].pk), {"phone": [before[email][0], ""], "reason": reason})
            for email, reason in [
                ("junk@alpine.test", "not a valid phone number"),
                ("short@alpine.test", "not a valid phone number"),
            ]
        )
        assert AuditEvent.objects.count() == 2
        cursor.execute(ADD_CHECK)


def test_the_migration_reads_no_national_number_in_the_public_schema():
    national = User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    international = User.objects.create_superuser("ops2@innkeep.test", "ops-Password-2027")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_user DROP CONSTRAINT accounts_user_phone_e164")
        cursor.execute(
            "UPDATE accounts_user SET phone = '612 345 678' WHERE id = %s", [national.pk]
        )
        cursor.execute(
            "UPDATE accounts_user SET phone = '+34 612 345 678' WHERE id = %s", [international.pk]
        )

        importlib.import_module(MIGRATION).normalise_phones(
            apps, SimpleNamespace(connection=connection)
        )

        assert User.objects.get(pk=national.pk).phone == ""
        assert User.objects.get(pk=international.pk).phone == "+34612345678"
        assert list(AuditEvent.objects.values_list("action", "target_id", "data")) == [
            (
                "user.phone_cleared",
                str(national.pk),
                {"phone": ["612 345 678", ""], "reason": "not a valid phone number"},
            )
        ]
        cursor.execute(ADD_CHECK)
