"""Taxes: percentages and amounts per person-night, CRUD and validation by field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.models import TaxRule

pytestmark = pytest.mark.django_db


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
