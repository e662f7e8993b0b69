"""Extras: priced per stay, per night or per guest-night, in the hotel's currency."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.properties.models import Extra

pytestmark = pytest.mark.django_db

BREAKFAST = {
    "code": "brk",
    "name": "Breakfast",
    "description": "Buffet",
    "price": "12.5",
    "pricing": "per_guest_night",
}


@pytest.fixture
def owner_api(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]
    client = api_for(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner_of(hotel_a).auth["HTTP_AUTHORIZATION"])
    return client


def test_extra_crud(owner_api, hotel_a):
    created = owner_api.post("/api/v1/extras/", BREAKFAST, format="json")
    assert created.status_code == 201
    extra = created.json()
    assert extra == {
        "id": extra["id"],
        "code": "BRK",
        "name": "Breakfast",
        "description": "Buffet",
        "price": "12.50",
        "currency": "EUR",
        "pricing": "per_guest_night",
        "active": True,
        "sort_order": 0,
    }
    url = f"/api/v1/extras/{extra['id']}/"
    changed = owner_api.patch(url, {"price": "14.00", "active": False}, format="json")
    assert (changed.json()["price"], changed.json()["active"]) == ("14.00", False)
    assert owner_api.get("/api/v1/extras/?active=false").json()["count"] == 1
    assert owner_api.get("/api/v1/extras/?pricing=per_stay").json()["count"] == 0
    assert owner_api.delete(url).status_code == 204
    assert owner_api.get(url).status_code == 404
    with tenant_context(hotel_a.hotel):
        assert not Extra.objects.exists()
        assert list(AuditEvent.objects.order_by("id").values_list("action", "data")) == [
            ("extra.created", {"code": "BRK"}),
            ("extra.updated", {"price": ["12.50", "14.00"], "active": [True, False]}),
            ("extra.deleted", {"code": "BRK"}),
        ]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"price": "-1.00"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "1.005"}, "price"),
        ({"price": "123456789.00"}, "price"),
        ({"price": None}, "price"),
        ({"pricing": "per_week"}, "pricing"),
        ({"code": "BR K"}, "code"),
        ({"name": ""}, "name"),
    ],
)
def test_invalid_extras_are_400_naming_the_field(owner_api, hotel_a, change, field):
    response = owner_api.post("/api/v1/extras/", {**BREAKFAST, **change}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert not Extra.objects.exists()


def test_extra_codes_are_unique(owner_api):
    assert owner_api.post("/api/v1/extras/", BREAKFAST, format="json").status_code == 201
    again = owner_api.post("/api/v1/extras/", BREAKFAST, format="json")
    assert again.json()["error"]["details"]["fields"] == {
        "code": ["An extra with this code already exists."]
    }
