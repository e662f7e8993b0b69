"""Rate plans: CRUD with room types by code, validation by field, 409 when deleting one
that prices or promo codes use."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.rates.models import RatePlan
from tests.factories import DailyRateFactory, PromoCodeFactory, RatePlanFactory

pytestmark = pytest.mark.django_db


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
        plan = RatePlanFactory(code="BAR", name="Best", room_types=[rooms["DBL"]])
        DailyRateFactory(
            rate_plan=plan, room_type=rooms["DBL"], date=date(2027, 3, 2), price=Decimal("80")
        )
        PromoCodeFactory(code="WINTER", kind="percent", value=Decimal("10"), rate_plans=[plan])
    response = owner_api.delete(f"/api/v1/rate-plans/{plan.pk}/")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "RATE_PLAN_IN_USE"
    assert response.json()["error"]["details"] == {
        "references": {"daily_rates": 1, "promo_codes": ["WINTER"]}
    }
    with tenant_context(hotel_a.hotel):
        assert RatePlan.objects.filter(pk=plan.pk).exists()
