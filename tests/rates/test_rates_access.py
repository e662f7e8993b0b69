"""Who may read and change rates: accountants read only; another hotel's staff see nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.rates.models import RatePlan
from tests.factories import RatePlanFactory, TaxRuleFactory

pytestmark = pytest.mark.django_db


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
        plan = RatePlanFactory(code="BAR", name="Best")
        tax = TaxRuleFactory(name="VAT", kind="percent", amount=Decimal("10"))
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
