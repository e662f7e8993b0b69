from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from innkeep.accounts.models import User
from innkeep.core.errors import InvalidTransition
from innkeep.core.models import AuditEvent
from innkeep.tenancy.models import Hotel, HotelStatus
from innkeep.tenancy.selectors import hosts_changed
from innkeep.tenancy.services import hotel_change_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        ["active"],
        ["active", "past_due", "active"],
        ["active", "past_due", "suspended", "active"],
        ["suspended", "closed"],
    ],
)
def test_allowed_status_moves(hotel_a, path):
    hotel = hotel_a.hotel
    for status in path:
        hotel = hotel_change_status(hotel=hotel, status=status, actor=None)
    assert Hotel.objects.get(pk=hotel.pk).status == path[-1]


def test_every_status_move_leaves_an_audit_row_in_the_public_schema(hotel_a):
    operator = User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    hotel_change_status(hotel=hotel_a.hotel, status="active", actor=operator)
    with tenant_context(hotel_a.hotel):  # started from a hotel's schema: still public
        hotel_change_status(
            hotel=hotel_a.hotel, status="suspended", actor=operator, reason="unpaid invoice"
        )
    rows = list(
        AuditEvent.objects.filter(target_type="tenancy.hotel", target_id=str(hotel_a.hotel.pk))
        .order_by("id")
        .values_list("actor_id", "action", "data")
    )
    assert rows == [
        (operator.pk, "hotel.status_changed", {"from": "trial", "to": "active", "reason": ""}),
        (
            operator.pk,
            "hotel.status_changed",
            {"from": "active", "to": "suspended", "reason": "unpaid invoice"},
        ),
    ]
    with tenant_context(hotel_a.hotel):
        assert not AuditEvent.objects.filter(target_type="tenancy.hotel").exists()


@pytest.mark.parametrize(
    ("before", "refused"),
    [([], "past_due"), (["closed"], "active"), (["active"], "trial"), ([], "trial")],
)
def test_refused_status_moves_are_409_and_change_nothing(hotel_a, before, refused):
    hotel = hotel_a.hotel
    for status in before:
        hotel = hotel_change_status(hotel=hotel, status=status, actor=None)
    with pytest.raises(InvalidTransition) as caught:
        hotel_change_status(hotel=hotel, status=refused, actor=None)
    assert (caught.value.status, caught.value.code) == (409, "INVALID_STATUS_TRANSITION")
    assert caught.value.details["from"] == hotel.status
    assert caught.value.details["to"] == refused
    assert Hotel.objects.get(pk=hotel.pk).status == hotel.status
    assert not AuditEvent.objects.filter(action="hotel.status_changed", data__to=refused).exists()


def _suspend(hotel_a):
    Hotel.objects.filter(pk=hotel_a.hotel.pk).update(status=HotelStatus.SUSPENDED)
    hosts_changed()  # .update() sends no signal


def test_suspended_hotel_reads_but_refuses_writes(web_for, hotel_a):
    _suspend(hotel_a)
    browser = web_for(hotel_a)
    assert browser.get("/").status_code == 200
    login = browser.post(
        "/admin/login/?next=/admin/",
        {"username": hotel_a.owner_email, "password": hotel_a.owner_password},
    )
    assert login.status_code == 302  # staff still sign in to read
    assert browser.get("/admin/accounts/user/").status_code == 200
    refused = browser.post("/admin/accounts/user/add/", {"email": "new@x.test"})
    assert refused.status_code == 403
    assert b"suspended" in refused.content


def test_suspended_hotel_api_writes_are_403_with_code(api_for, hotel_a):
    _suspend(hotel_a)
    response = api_for(hotel_a).post("/api/v1/anything/", {}, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "HOTEL_SUSPENDED"


def test_other_hotels_are_unaffected_by_a_suspension(api_for, hotel_a, hotel_b):
    _suspend(hotel_a)
    response = api_for(hotel_b).post("/api/v1/anything/", {}, format="json")
    assert response.status_code == 404


def test_operator_moves_status_from_the_platform_admin(platform_web, hotel_a, hotel_b):
    operator = User.objects.create_superuser("ops@innkeep.test", "ops-Password-2027")
    platform_web.post(
        "/admin/login/?next=/admin/",
        {"username": "ops@innkeep.test", "password": "ops-Password-2027"},
    )
    Hotel.objects.filter(pk=hotel_b.hotel.pk).update(status=HotelStatus.CLOSED)
    response = platform_web.post(
        "/admin/tenancy/hotel/",
        {"action": "make_active", "_selected_action": [hotel_a.hotel.pk, hotel_b.hotel.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "1 hotel(s) now active." in page
    assert "Not allowed to become active: bayview (closed)" in page
    assert Hotel.objects.get(pk=hotel_a.hotel.pk).status == HotelStatus.ACTIVE
    assert Hotel.objects.get(pk=hotel_b.hotel.pk).status == HotelStatus.CLOSED
    assert list(
        AuditEvent.objects.filter(action="hotel.status_changed").values_list(
            "actor_id", "target_id", "data"
        )
    ) == [
        (
            operator.pk,
            str(hotel_a.hotel.pk),
            {"from": "trial", "to": "active", "reason": "platform admin"},
        )
    ]
