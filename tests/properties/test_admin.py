"""The catalogue and rates in the hotel admin: saves go through the services (calendar
filled, totals moved, audit rows), refusals show as messages, roles decide what shows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.inventory.models import InventoryDay
from innkeep.properties.models import Extra, Room, RoomType, RoomTypePhoto
from innkeep.rates.models import CancellationPolicy, PromoCode, RatePlan, Restriction
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

NO_PHOTOS = {"photos-TOTAL_FORMS": "0", "photos-INITIAL_FORMS": "0"}
ROOM_TYPE_FORM = {
    "code": "DBL",
    "name": "Double",
    "description": "",
    "max_adults": "2",
    "max_children": "0",
    "max_occupancy": "2",
    "bed_setup": "",
    "sort_order": "0",
    "active": "on",
    **NO_PHOTOS,
}


def signed_in(hotel, staff) -> Client:  # type: ignore[no-untyped-def]
    browser = Client(HTTP_HOST=hotel.host)
    response = browser.post(
        "/admin/login/?next=/admin/", {"username": staff.user.email, "password": staff.password}
    )
    assert response.status_code == 302
    return browser


def test_room_type_added_in_the_admin_fills_its_calendar(hotel_a, owner_of):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    response = browser.post("/admin/properties/roomtype/add/", ROOM_TYPE_FORM)
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        room_type = RoomType.objects.get()
        assert InventoryDay.objects.filter(room_type=room_type).count() == 731
        assert AuditEvent.objects.get(action="room_type.created").target_id == str(room_type.pk)


def test_room_type_form_shows_the_occupancy_rule(hotel_a, owner_of):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    response = browser.post(
        "/admin/properties/roomtype/add/", {**ROOM_TYPE_FORM, "max_occupancy": "5"}
    )
    assert response.status_code == 200  # the form again, with the error
    with tenant_context(hotel_a.hotel):
        assert not RoomType.objects.exists()


def test_rooms_in_the_admin_move_the_totals_and_refusals_are_messages(hotel_a, owner_of):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL", rooms=1)
    browser = signed_in(hotel_a, owner_of(hotel_a))
    added = browser.post(
        "/admin/properties/room/add/",
        {
            "number": "102",
            "floor": "1",
            "room_type": str(double.pk),
            "housekeeping_status": "clean",
            "active": "on",
            "notes": "",
        },
    )
    assert added.status_code == 302
    with tenant_context(hotel_a.hotel):
        assert set(InventoryDay.objects.values_list("total", flat=True)) == {2}
        catalogue.book(double, date(2027, 3, 10), date(2027, 3, 11), rooms=2)
        room = Room.objects.get(number="102")

    refused = browser.post(
        f"/admin/properties/room/{room.pk}/change/",
        {
            "number": "102",
            "floor": "1",
            "room_type": str(double.pk),
            "housekeeping_status": "clean",
            "notes": "",
        },  # "active" unticked
        follow=True,
    )
    assert "fewer rooms than are sold and blocked" in refused.content.decode()
    with tenant_context(hotel_a.hotel):
        assert Room.objects.get(pk=room.pk).active is True
        assert set(InventoryDay.objects.values_list("total", flat=True)) == {2}

    in_use = browser.post(
        f"/admin/properties/roomtype/{double.pk}/delete/", {"post": "yes"}, follow=True
    )
    assert in_use.status_code == 200
    with tenant_context(hotel_a.hotel):
        assert RoomType.objects.filter(pk=double.pk).exists()


def test_housekeeping_marks_rooms_from_the_admin_but_cannot_edit_them(hotel_a, make_staff):
    with tenant_context(hotel_a.hotel):
        room = catalogue.room("101", catalogue.room_type("DBL"))
    browser = signed_in(hotel_a, make_staff(hotel_a, "housekeeping"))
    index = browser.get("/admin/").content.decode()
    assert 'href="/admin/properties/room/"' in index
    assert 'href="/admin/properties/roomtype/"' not in index
    assert 'href="/admin/rates/rateplan/"' not in index
    listing = browser.get("/admin/properties/room/")
    assert listing.status_code == 200
    assert "mark_dirty" in listing.content.decode()
    response = browser.post(
        "/admin/properties/room/",
        {"action": "mark_dirty", "_selected_action": [str(room.pk)]},
        follow=True,
    )
    assert response.status_code == 200
    with tenant_context(hotel_a.hotel):
        assert Room.objects.get(pk=room.pk).housekeeping_status == "dirty"
    edit = browser.post(
        f"/admin/properties/room/{room.pk}/change/",
        {"number": "999", "room_type": str(room.room_type_id), "housekeeping_status": "clean"},
    )
    assert edit.status_code == 403
    assert browser.get("/admin/properties/room/add/").status_code == 403


@pytest.mark.parametrize(
    ("role", "sees_rates", "may_add_room_types"),
    [("manager", True, True), ("front_desk", True, False), ("accountant", True, False)],
)
def test_admin_follows_the_roles(hotel_a, make_staff, role, sees_rates, may_add_room_types):
    browser = signed_in(hotel_a, make_staff(hotel_a, role))
    assert (browser.get("/admin/rates/taxrule/").status_code == 200) is sees_rates
    assert (browser.get("/admin/properties/roomtype/add/").status_code == 200) is may_add_room_types


def test_rate_plan_added_in_the_admin_goes_through_the_service(hotel_a, owner_of):
    with tenant_context(hotel_a.hotel):
        double, twin = catalogue.room_type("DBL"), catalogue.room_type("TWN")
    browser = signed_in(hotel_a, owner_of(hotel_a))
    response = browser.post(
        "/admin/rates/rateplan/add/",
        {
            "code": "BAR",
            "name": "Best",
            "description": "",
            "room_types": [str(double.pk), str(twin.pk)],
            "meal_plan": "room_only",
            "cancellation_policy": "",
            "guarantee": "none",
            "deposit_percent": "",
            "active": "on",
            "sort_order": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(hotel_a.hotel):
        plan = RatePlan.objects.get()
        assert sorted(plan.room_types.values_list("code", flat=True)) == ["DBL", "TWN"]
        assert AuditEvent.objects.get(action="rate_plan.created").data == {
            "code": "BAR",
            "room_types": ["DBL", "TWN"],
        }
    # daily prices are shown, never edited, in the admin
    assert browser.get("/admin/rates/dailyrate/").status_code == 200
    assert browser.get("/admin/rates/dailyrate/add/").status_code == 403


def test_photo_added_in_the_admin_goes_through_the_service(hotel_a, owner_of, media_root):
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")
    browser = signed_in(hotel_a, owner_of(hotel_a))
    form = {
        **ROOM_TYPE_FORM,
        "name": "Double deluxe",
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "0",
        "photos-0-image": catalogue.image_file("JPEG", "terrace.jpg"),
        "photos-0-caption": "Terrace",
        "photos-0-sort_order": "1",
        "photos-0-room_type": str(room_type.pk),
    }
    response = browser.post(f"/admin/properties/roomtype/{room_type.pk}/change/", form)
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        photo = RoomTypePhoto.objects.get()
        assert (photo.caption, photo.sort_order) == ("Terrace", 1)
        assert photo.image.name.endswith(".jpg")
        assert (media_root / hotel_a.schema / photo.image.name).is_file()
        assert RoomType.objects.get().name == "Double deluxe"
        assert list(
            AuditEvent.objects.filter(target_id=str(room_type.pk))
            .order_by("id")
            .values_list("action", flat=True)
        ) == ["room_type.created", "room_type.updated", "room_type.photo_added"]


def test_extras_in_the_admin_go_through_the_service(hotel_a, owner_of):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    form = {
        "code": "BRK",
        "name": "Breakfast",
        "description": "",
        "price": "15.00",
        "pricing": "per_guest_night",
        "active": "on",
        "sort_order": "1",
    }
    assert browser.post("/admin/properties/extra/add/", form).status_code == 302
    with tenant_context(hotel_a.hotel):
        extra = Extra.objects.get()
        assert (extra.code, extra.price, extra.pricing) == (
            "BRK",
            Decimal("15.00"),
            "per_guest_night",
        )

    changed = browser.post(
        f"/admin/properties/extra/{extra.pk}/change/", {**form, "price": "17.50"}
    )
    assert changed.status_code == 302
    # a second extra with the same code: the form again, with the error
    taken = browser.post("/admin/properties/extra/add/", {**form, "name": "Other"})
    assert taken.status_code == 200
    assert "Extra with this Code already exists." in taken.content.decode()
    deleted = browser.post(f"/admin/properties/extra/{extra.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    with tenant_context(hotel_a.hotel):
        assert not Extra.objects.exists()
        assert list(
            AuditEvent.objects.filter(target_id=str(extra.pk))
            .order_by("id")
            .values_list("action", "data")
        ) == [
            ("extra.created", {"code": "BRK"}),
            ("extra.updated", {"price": ["15.00", "17.50"]}),
            ("extra.deleted", {"code": "BRK"}),
        ]


def test_cancellation_policies_in_the_admin_are_audited_and_described(hotel_a, owner_of):
    browser = signed_in(hotel_a, owner_of(hotel_a))
    response = browser.post(
        "/admin/rates/cancellationpolicy/add/",
        {
            "name": "Flexible",
            "free_until_days": "2",
            "fee_kind": "first_night",
            "fee_percent": "100",
        },
    )
    assert response.status_code == 302
    with tenant_context(hotel_a.hotel):
        policy = CancellationPolicy.objects.get()
        assert (policy.free_until_days, policy.fee_kind) == (2, "first_night")
        assert AuditEvent.objects.get(action="cancellation_policy.created").target_id == str(
            policy.pk
        )
    listing = browser.get("/admin/rates/cancellationpolicy/").content.decode()
    assert policy.describe() in listing
    refused = browser.post(
        "/admin/rates/cancellationpolicy/add/",
        {"name": "Odd", "free_until_days": "", "fee_kind": "percent", "fee_percent": "120"},
    )
    assert refused.status_code == 200  # the form again, with the error
    with tenant_context(hotel_a.hotel):
        assert CancellationPolicy.objects.count() == 1


def test_promo_codes_in_the_admin_keep_their_usage_count(hotel_a, owner_of):
    with tenant_context(hotel_a.hotel):
        plan = RatePlan.objects.create(code="BAR", name="Best")
    browser = signed_in(hotel_a, owner_of(hotel_a))
    form = {
        "code": "SUMMER",
        "kind": "percent",
        "value": "10",
        "valid_from": "2027-06-01",
        "valid_to": "2027-08-31",
        "usage_limit": "100",
        "active": "on",
        "rate_plans": [str(plan.pk)],
        "times_used": "99",  # read-only: ignored
    }
    assert browser.post("/admin/rates/promocode/add/", form).status_code == 302
    with tenant_context(hotel_a.hotel):
        promo = PromoCode.objects.get()
        assert (promo.code, promo.value, promo.usage_limit, promo.times_used) == (
            "SUMMER",
            Decimal("10.00"),
            100,
            0,
        )
        assert list(promo.rate_plans.values_list("code", flat=True)) == ["BAR"]
        assert AuditEvent.objects.get(action="promo_code.created").target_id == str(promo.pk)
    lower = browser.post("/admin/rates/promocode/add/", {**form, "code": "bad code"}, follow=True)
    assert (
        '<li class="error">Code: Use 1-32 letters, digits, &#x27;-&#x27; or &#x27;_&#x27;.</li>'
        in lower.content.decode()
    )
    with tenant_context(hotel_a.hotel):
        assert PromoCode.objects.count() == 1


def test_restrictions_are_shown_in_the_admin_and_set_only_in_bulk(hotel_a, owner_of):
    with tenant_context(hotel_a.hotel):
        double = catalogue.room_type("DBL")
        Restriction.objects.create(room_type=double, date=date(2027, 3, 6), min_stay=3)
    browser = signed_in(hotel_a, owner_of(hotel_a))
    listing = browser.get("/admin/rates/restriction/")
    assert listing.status_code == 200
    assert ">March 6, 2027</a>" in listing.content.decode()
    with tenant_context(hotel_a.hotel):
        restriction = Restriction.objects.get()
    assert browser.get("/admin/rates/restriction/add/").status_code == 403
    assert (
        browser.post(
            f"/admin/rates/restriction/{restriction.pk}/change/", {"min_stay": "1"}
        ).status_code
        == 403
    )
    assert (
        browser.post(
            f"/admin/rates/restriction/{restriction.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    with tenant_context(hotel_a.hotel):
        assert Restriction.objects.get().min_stay == 3
