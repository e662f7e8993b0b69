"""Reservations in the hotel admin: the pages render, the actions go through the services,
and a role without the permission gets neither the page nor the action."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.events.models import OutboxEvent
from innkeep.reservations.models import Reservation, ReservationStatus
from tests.accounts.endpoints import hotel_digest
from tests.factories import PartyMemberFactory, ReservationEventFactory, RoomTypeFactory
from tests.reservations.desk import room_of, stay_of

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/reservations/reservation/"


def signed_in(hotel, staff) -> Client:  # type: ignore[no-untyped-def]
    browser = Client(HTTP_HOST=hotel.host)
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": staff.user.email, "password": staff.password}
    )
    assert response.status_code == 302
    return browser


@pytest.fixture
def arriving(hotel_a, frozen_now):  # type: ignore[no-untyped-def]
    with tenant_context(hotel_a.hotel):
        dbl = RoomTypeFactory(code="DBL")
        stay = stay_of(
            "ADM001", room_type=dbl, check_in=date(2027, 3, 1), room=room_of(dbl, "101"), adults=2
        )
        PartyMemberFactory(stay=stay, first_name="Eva", last_name="Ruiz")
        ReservationEventFactory(reservation=stay.reservation, action="created")
        stay_of(
            "ADM002",
            status=ReservationStatus.CANCELLED,
            room_type=dbl,
            reservation={"booker_last_name": "Other"},
        )
        return Reservation.objects.get(code="ADM001")


def test_the_pages_render_with_filters_and_search(hotel_a, make_staff, arriving):
    browser = signed_in(hotel_a, make_staff(hotel_a, "front_desk"))
    listed = browser.get(CHANGELIST)
    assert listed.status_code == 200
    assert "ADM001" in listed.content.decode()
    assert "ADM002" in listed.content.decode()
    for query, shown, hidden in [
        ({"q": "ada guest"}, "ADM001", None),
        ({"q": "Other"}, "ADM002", "ADM001"),
        ({"status__exact": "cancelled"}, "ADM002", "ADM001"),
        ({"arrives": "today"}, "ADM001", "ADM002"),
        ({"room_type": "DBL"}, "ADM001", None),
    ]:
        page = browser.get(CHANGELIST, query).content.decode()
        assert shown in page, query
        if hidden:
            assert f">{hidden}<" not in page, query
    detail = browser.get(f"{CHANGELIST}{arriving.pk}/change/")
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Eva Ruiz" in page  # party
    assert "101 2027-03-01..2027-03-04" in page  # room assignments
    assert "created" in page  # the trail


def test_check_in_action_goes_through_the_service(hotel_a, make_staff, arriving):
    browser = signed_in(hotel_a, make_staff(hotel_a, "front_desk"))
    response = browser.post(
        CHANGELIST, {"action": "check_in", "_selected_action": [arriving.pk]}, follow=True
    )
    assert response.status_code == 200
    assert "1 reservation(s) checked in." in response.content.decode()
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.get(pk=arriving.pk).status == "checked_in"
        assert list(
            OutboxEvent.objects.filter(aggregate_id="ADM001").values_list("topic", flat=True)
        ) == ["reservation.checked_in"]


def test_a_refused_action_shows_its_reason_and_changes_nothing(hotel_a, make_staff, arriving):
    browser = signed_in(hotel_a, make_staff(hotel_a, "front_desk"))
    before = hotel_digest(hotel_a.schema)
    response = browser.post(
        CHANGELIST, {"action": "no_show", "_selected_action": [arriving.pk]}, follow=True
    )
    assert "ADM001: A reservation becomes a no-show only after its arrival date." in (
        response.content.decode()
    )
    assert hotel_digest(hotel_a.schema) == before


def test_roles_without_the_permission(hotel_a, make_staff, arriving):
    housekeeping = signed_in(hotel_a, make_staff(hotel_a, "housekeeping"))
    assert housekeeping.get(CHANGELIST).status_code == 403
    accountant = signed_in(hotel_a, make_staff(hotel_a, "accountant"))
    listed = accountant.get(CHANGELIST)
    assert listed.status_code == 200
    assert 'value="check_in"' not in listed.content.decode()
    before = hotel_digest(hotel_a.schema)
    for action in ("check_in", "cancel_for_guest", "confirm", "no_show", "check_out"):
        accountant.post(CHANGELIST, {"action": action, "_selected_action": [arriving.pk]})
    assert hotel_digest(hotel_a.schema) == before
    with tenant_context(hotel_a.hotel):
        assert Reservation.objects.get(pk=arriving.pk).status == "confirmed"
