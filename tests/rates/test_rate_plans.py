"""Rate plans, cancellation policies, taxes and promo codes: CRUD, validation by field,
409 when deleting what is in use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.rates.models import CancellationPolicy, DailyRate, PromoCode, RatePlan, TaxRule
from tests.properties import catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def rooms(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return {code: catalogue.room_type(code) for code in ("DBL", "TWN", "STE")}


@pytest.fixture
def policy(hotel_a):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        return CancellationPolicy.objects.create(
            name="Flexible", free_until_days=2, fee_kind="first_night"
        )


# --- rate plans ------------------------------------------------------------------------


def test_rate_plan_crud_with_room_types_by_code(owner_api, hotel_a, rooms, policy):
    created = owner_api.post(
        "/api/v1/rate-plans/",
        {
            "code": "bar",
            "name": "Best available rate",
            "room_types": ["dbl", "TWN", "DBL"],
            "meal_plan": "breakfast",
            "cancellation_policy": policy.pk,
            "guarantee": "deposit",
            "deposit_percent": "30",
        },
        format="json",
    )
    assert created.status_code == 201
    plan = created.json()
    assert plan == {
        "id": plan["id"],
        "code": "BAR",
        "name": "Best available rate",
        "description": "",
        "room_types": ["DBL", "TWN"],
        "meal_plan": "breakfast",
        "cancellation_policy": policy.pk,
        "cancellation_policy_text": (
            "Free cancellation until 2 days before arrival; later, the first night"
        ),
        "guarantee": "deposit",
        "deposit_percent": "30.00",
        "active": True,
        "sort_order": 0,
    }
    url = f"/api/v1/rate-plans/{plan['id']}/"
    changed = owner_api.patch(
        url,
        {"room_types": ["STE"], "guarantee": "none", "cancellation_policy": None},
        format="json",
    )
    assert changed.status_code == 200
    body = changed.json()
    assert (body["room_types"], body["guarantee"], body["deposit_percent"]) == (
        ["STE"],
        "none",
        None,
    )
    assert (body["cancellation_policy"], body["cancellation_policy_text"]) == (None, None)
    assert owner_api.get("/api/v1/rate-plans/?room_type=ste").json()["count"] == 1
    assert owner_api.get("/api/v1/rate-plans/?room_type=DBL").json()["count"] == 0
    assert owner_api.delete(url).status_code == 204
    with tenant_context(hotel_a.hotel):
        assert not RatePlan.objects.exists()
        created_event, updated_event, _ = AuditEvent.objects.filter(
            target_type="rates.rateplan"
        ).order_by("id")
        assert created_event.data == {"code": "BAR", "room_types": ["DBL", "TWN"]}
        assert updated_event.data == {
            "cancellation_policy": [policy.pk, None],
            "guarantee": ["deposit", "none"],
            "deposit_percent": ["30.00", None],
            "room_types": [["DBL", "TWN"], ["STE"]],
        }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"guarantee": "deposit"}, "deposit_percent"),
        ({"guarantee": "deposit", "deposit_percent": "0"}, "deposit_percent"),
        ({"guarantee": "deposit", "deposit_percent": "100.01"}, "deposit_percent"),
        ({"room_types": ["NOPE"]}, "room_types"),
        ({"room_types": "DBL"}, "room_types"),
        ({"room_types": [None]}, "room_types"),
        ({"cancellation_policy": 999999}, "cancellation_policy"),
        ({"cancellation_policy": "flexible"}, "cancellation_policy"),
        ({"cancellation_policy": 10**25}, "cancellation_policy"),
        ({"meal_plan": "dinner_only"}, "meal_plan"),
        ({"guarantee": "card"}, "guarantee"),
        ({"code": "B A R"}, "code"),
    ],
)
def test_invalid_rate_plans_are_400_naming_the_field(owner_api, hotel_a, rooms, body, field):
    response = owner_api.post(
        "/api/v1/rate-plans/", {"code": "BAR", "name": "Best", **body}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert not RatePlan.objects.exists()


def test_rate_plan_in_use_is_409(owner_api, hotel_a, rooms):
    with tenant_context(hotel_a.hotel):
        plan = RatePlan.objects.create(code="BAR", name="Best")
        plan.room_types.set([rooms["DBL"]])
        DailyRate.objects.create(
            rate_plan=plan, room_type=rooms["DBL"], date=date(2027, 3, 2), price=Decimal("80")
        )
        promo = PromoCode.objects.create(code="WINTER", kind="percent", value=Decimal("10"))
        promo.rate_plans.set([plan])
    response = owner_api.delete(f"/api/v1/rate-plans/{plan.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RATE_PLAN_IN_USE"
    assert response.json()["error"]["details"] == {
        "references": {"daily_rates": 1, "promo_codes": ["WINTER"]}
    }
    with tenant_context(hotel_a.hotel):
        assert RatePlan.objects.filter(pk=plan.pk).exists()


# --- cancellation policies -------------------------------------------------------------


def test_cancellation_policy_crud_and_in_use(owner_api, hotel_a):
    created = owner_api.post(
        "/api/v1/cancellation-policies/",
        {"name": "Non-refundable", "fee_kind": "percent", "fee_percent": "100"},
        format="json",
    )
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "name": "Non-refundable",
        "free_until_days": None,
        "fee_kind": "percent",
        "fee_percent": "100.00",
        "description": "Non-refundable: cancelling costs 100% of the stay",
    }
    url = f"/api/v1/cancellation-policies/{created.json()['id']}/"
    changed = owner_api.patch(url, {"free_until_days": 0, "fee_percent": "50"}, format="json")
    assert changed.json()["description"] == (
        "Free cancellation until the day of arrival; later, 50% of the stay"
    )
    with tenant_context(hotel_a.hotel):
        RatePlan.objects.create(
            code="NRF", name="Saver", cancellation_policy_id=created.json()["id"]
        )
    refused = owner_api.delete(url)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "CANCELLATION_POLICY_IN_USE"
    assert refused.json()["error"]["details"] == {"rate_plans": ["NRF"]}
    with tenant_context(hotel_a.hotel):
        RatePlan.objects.all().delete()
    assert owner_api.delete(url).status_code == 204


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"fee_percent": "101"}, "fee_percent"),
        ({"fee_percent": "-5"}, "fee_percent"),
        ({"free_until_days": -1}, "free_until_days"),
        ({"free_until_days": 366}, "free_until_days"),
        ({"fee_kind": "two_nights"}, "fee_kind"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_cancellation_policies_are_400(owner_api, hotel_a, body, field):
    response = owner_api.post(
        "/api/v1/cancellation-policies/", {"name": "Flexible", **body}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]


# --- taxes -----------------------------------------------------------------------------


def test_tax_crud(owner_api, hotel_a):
    city = owner_api.post(
        "/api/v1/taxes/",
        {"name": "City tax", "kind": "per_person_night", "amount": "2.5"},
        format="json",
    )
    vat = owner_api.post(
        "/api/v1/taxes/", {"name": "VAT", "kind": "percent", "amount": "10"}, format="json"
    )
    assert city.json() == {
        "id": city.json()["id"],
        "name": "City tax",
        "kind": "per_person_night",
        "amount": "2.50",
        "currency": "EUR",
        "applies_to_children": False,
        "active": True,
    }
    assert vat.status_code == 201
    listed = owner_api.get("/api/v1/taxes/?kind=percent").json()
    assert [t["name"] for t in listed["results"]] == ["VAT"]
    too_much = owner_api.patch(
        f"/api/v1/taxes/{vat.json()['id']}/", {"amount": "120"}, format="json"
    )
    assert too_much.json()["error"]["details"]["fields"] == {
        "amount": ["A percentage is at most 100."]
    }
    # 120 is fine as an amount per person-night
    fine = owner_api.patch(f"/api/v1/taxes/{city.json()['id']}/", {"amount": "120"}, format="json")
    assert fine.json()["amount"] == "120.00"
    assert owner_api.delete(f"/api/v1/taxes/{vat.json()['id']}/").status_code == 204
    with tenant_context(hotel_a.hotel):
        assert list(TaxRule.objects.values_list("name", "amount")) == [
            ("City tax", Decimal("120.00"))
        ]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "per_room"}, "kind"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "101"}, "amount"),
        ({"amount": None}, "amount"),
    ],
)
def test_invalid_taxes_are_400(owner_api, body, field):
    response = owner_api.post(
        "/api/v1/taxes/", {"name": "VAT", "kind": "percent", "amount": "10", **body}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]


# --- promo codes -----------------------------------------------------------------------


def test_promo_code_stored_upper_case_with_rate_plans_by_code(owner_api, hotel_a, rooms):
    with tenant_context(hotel_a.hotel):
        RatePlan.objects.create(code="BAR", name="Best")
        RatePlan.objects.create(code="NRF", name="Saver")
    created = owner_api.post(
        "/api/v1/promo-codes/",
        {
            "code": " spring-15 ",
            "kind": "percent",
            "value": "15",
            "valid_from": "2027-03-01",
            "valid_to": "2027-05-31",
            "usage_limit": 100,
            "rate_plans": ["bar", "NRF"],
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json() == {
        "id": created.json()["id"],
        "code": "SPRING-15",
        "kind": "percent",
        "value": "15.00",
        "currency": "EUR",
        "valid_from": "2027-03-01",
        "valid_to": "2027-05-31",
        "usage_limit": 100,
        "times_used": 0,
        "rate_plans": ["BAR", "NRF"],
        "active": True,
    }
    duplicate = owner_api.post(
        "/api/v1/promo-codes/", {"code": "Spring-15", "kind": "amount", "value": "5"}
    )
    assert duplicate.json()["error"]["details"]["fields"] == {
        "code": ["A promo code with this code already exists."]
    }
    url = f"/api/v1/promo-codes/{created.json()['id']}/"
    narrowed = owner_api.patch(url, {"rate_plans": []}, format="json")
    assert narrowed.json()["rate_plans"] == []
    with tenant_context(hotel_a.hotel):
        PromoCode.objects.update(times_used=3)
    below_use = owner_api.patch(url, {"usage_limit": 2}, format="json")
    assert below_use.json()["error"]["details"]["fields"] == {
        "usage_limit": ["Already used 3 times."]
    }
    used = owner_api.delete(url)
    assert (used.status_code, used.json()["error"]["code"]) == (409, "PROMO_CODE_IN_USE")
    assert owner_api.patch(url, {"active": False}, format="json").json()["active"] is False


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"value": "0"}, "value"),
        ({"kind": "percent", "value": "150"}, "value"),
        ({"valid_from": "2027-05-01", "valid_to": "2027-04-01"}, "valid_to"),
        ({"valid_from": "2027-02-30"}, "valid_from"),
        ({"usage_limit": 0}, "usage_limit"),
        ({"rate_plans": ["GHOST"]}, "rate_plans"),
        ({"code": "no spaces"}, "code"),
        ({"code": "X" * 33}, "code"),
        ({"kind": "free_night"}, "kind"),
    ],
)
def test_invalid_promo_codes_are_400(owner_api, hotel_a, body, field):
    response = owner_api.post(
        "/api/v1/promo-codes/", {"code": "SAVE", "kind": "amount", "value": "20", **body}
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert not PromoCode.objects.exists()


def test_accountant_reads_rates_but_changes_nothing(api_for, hotel_a, make_staff):
    accountant = make_staff(hotel_a, "accountant")
    client = api_for(hotel_a)
    assert client.get("/api/v1/taxes/", **accountant.auth).status_code == 200
    assert client.get("/api/v1/rate-plans/", **accountant.auth).status_code == 200
    refused = client.post(
        "/api/v1/taxes/", {"name": "VAT", "kind": "percent", "amount": "10"}, **accountant.auth
    )
    assert (refused.status_code, refused.json()["error"]["code"]) == (403, "PERMISSION_DENIED")
    assert client.get("/api/v1/room-types/", **accountant.auth).status_code == 403


def test_another_hotels_rates_are_invisible(api_for, hotel_a, hotel_b, owner_of):
    with tenant_context(hotel_a.hotel):
        plan = RatePlan.objects.create(code="BAR", name="Best")
        tax = TaxRule.objects.create(name="VAT", kind="percent", amount=Decimal("10"))
    owner_b = owner_of(hotel_b)
    client_b = api_for(hotel_b)
    for url in (f"/api/v1/rate-plans/{plan.pk}/", f"/api/v1/taxes/{tax.pk}/"):
        assert client_b.get(url, **owner_b.auth).status_code == 404
        assert client_b.delete(url, **owner_b.auth).status_code == 404
    assert client_b.get("/api/v1/rate-plans/", **owner_b.auth).json()["count"] == 0
    bulk_on_b = client_b.post(
        "/api/v1/rates/bulk/",
        {
            "rate_plan": "BAR",
            "room_types": ["DBL"],
            "date_from": "2027-03-01",
            "date_to": "2027-03-02",
            "price": "1.00",
        },
        format="json",
        **owner_b.auth,
    )
    assert bulk_on_b.status_code == 400  # BAR does not exist at hotel B
    assert list(bulk_on_b.json()["error"]["details"]["fields"]) == ["room_types", "rate_plan"]
    on_a = api_for(hotel_a).delete(f"/api/v1/rate-plans/{plan.pk}/", **owner_b.auth)
    assert (on_a.status_code, on_a.json()["error"]["code"]) == (401, "TOKEN_WRONG_TENANT")
    with tenant_context(hotel_a.hotel):
        assert RatePlan.objects.filter(pk=plan.pk).exists()
