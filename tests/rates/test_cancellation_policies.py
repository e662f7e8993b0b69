"""Cancellation policies: CRUD, the description guests read, validation by field, 409 when
a rate plan uses one."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.models import RatePlan

pytestmark = pytest.mark.django_db


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
