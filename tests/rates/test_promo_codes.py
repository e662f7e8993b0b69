"""Promo codes: stored upper-case, limited to rate plans by code, validation by field, 409
when deleting one that was used."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.models import PromoCode
from tests.factories import RatePlanFactory

pytestmark = pytest.mark.django_db


def test_promo_code_stored_upper_case_with_rate_plans_by_code(owner_api, hotel_a, rooms):
    with tenant_context(hotel_a.hotel):
        RatePlanFactory(code="BAR", name="Best")
        RatePlanFactory(code="NRF", name="Saver")
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
