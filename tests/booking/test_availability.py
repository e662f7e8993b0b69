"""Availability search: prices, taxes, promo codes, restrictions, occupancy, inventory,
the hotel's local dates, and every refusal."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from innkeep.inventory.services import inventory_hold, inventory_set_blocked
from innkeep.properties.models import HousekeepingStatus, Room
from innkeep.rates.models import PromoCode, PromoKind, Restriction
from innkeep.rates.services import restrictions_bulk_set
from tests.booking.conftest import d

pytestmark = pytest.mark.django_db

URL = "/api/v1/public/availability/"


def search(client, check_in, check_out, adults=2, children=0, promo=None):
    params = {
        "check_in": str(check_in),
        "check_out": str(check_out),
        "adults": adults,
        "children": children,
    }
    if promo is not None:
        params["promo"] = promo
    return client.get(URL, params)


def plan(body, room_type, rate_plan):
    room = next(r for r in body["room_types"] if r["code"] == room_type)
    return next(p for p in room["rate_plans"] if p["code"] == rate_plan)


def test_a_stay_crossing_a_price_change_adds_up_with_both_taxes(api_for, hotel_a, catalogue):
    response = search(api_for(hotel_a), d(8), d(12))

    assert response.status_code == 200
    body = response.json()
    assert (body["check_in"], body["check_out"], body["nights"], body["currency"]) == (
        "2027-03-09",
        "2027-03-13",
        4,
        "EUR",
    )
    bar = plan(body, "DBL", "BAR")
    assert bar["nightly"] == [
        {"date": "2027-03-09", "price": "100.00"},
        {"date": "2027-03-10", "price": "100.00"},
        {"date": "2027-03-11", "price": "120.00"},
        {"date": "2027-03-12", "price": "120.00"},
    ]
    # 440 + VAT 44.00 + city tax 2 adults x 4 nights x 2.50 = 20.00
    assert (bar["subtotal"], bar["discount"], bar["taxes"], bar["total"]) == (
        "440.00",
        "0.00",
        "64.00",
        "504.00",
    )
    assert bar["bookable"] is True
    assert bar["reasons"] == []
    assert bar["cancellation_policy"] == (
        "Free cancellation until 2 days before arrival; later, 100% of the stay"
    )
    nrf = plan(body, "DBL", "NRF")
    assert nrf["total"] == "394.00"  # 340 + 34 + 20
    assert nrf["cancellation_policy"] == "Non-refundable: cancelling costs 100% of the stay"


def test_only_room_types_that_take_the_party_are_offered(api_for, hotel_a, catalogue):
    two = search(api_for(hotel_a), d(1), d(2), adults=2).json()
    assert [r["code"] for r in two["room_types"]] == ["DBL", "FAM"]
    one = search(api_for(hotel_a), d(1), d(2), adults=1).json()
    assert [r["code"] for r in one["room_types"]] == ["SGL", "DBL", "FAM"]
    with_kids = search(api_for(hotel_a), d(1), d(2), adults=2, children=2).json()
    assert [r["code"] for r in with_kids["room_types"]] == ["FAM"]


def test_children_pay_no_city_tax_unless_the_rule_says_so(api_for, hotel_a, catalogue):
    from innkeep.rates.models import TaxRule

    body = search(api_for(hotel_a), d(1), d(2), adults=2, children=1).json()
    assert plan(body, "DBL", "BAR")["taxes"] == "15.00"  # 10.00 VAT + 2 x 2.50
    with tenant_context(hotel_a.hotel):
        city_tax = TaxRule.objects.get(name="City tax")
        city_tax.applies_to_children = True
        city_tax.save()
    body = search(api_for(hotel_a), d(1), d(2), adults=2, children=1).json()
    assert plan(body, "DBL", "BAR")["taxes"] == "17.50"


@pytest.mark.parametrize(
    ("kind", "value", "subtotal", "discount", "taxes", "total"),
    [
        (PromoKind.PERCENT, Decimal("10"), "180.00", "20.00", "28.00", "208.00"),
        (PromoKind.AMOUNT, Decimal("50"), "150.00", "50.00", "25.00", "175.00"),
        (PromoKind.AMOUNT, Decimal("500"), "0.00", "200.00", "10.00", "10.00"),
    ],
)
def test_promo_codes(api_for, hotel_a, catalogue, kind, value, subtotal, discount, taxes, total):
    with tenant_context(hotel_a.hotel):
        PromoCode.objects.create(code="SPRING", kind=kind, value=value)
    body = search(api_for(hotel_a), d(1), d(3), promo="spring").json()
    assert body["promo_code"] == "SPRING"
    bar = plan(body, "DBL", "BAR")
    assert (bar["subtotal"], bar["discount"], bar["taxes"], bar["total"]) == (
        subtotal,
        discount,
        taxes,
        total,
    )


def test_a_promo_limited_to_some_plans_leaves_the_others_at_full_price(api_for, hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        promo = PromoCode.objects.create(
            code="NRFONLY", kind=PromoKind.PERCENT, value=Decimal("20")
        )
        promo.rate_plans.set([catalogue.nrf])
    body = search(api_for(hotel_a), d(1), d(2), promo="NRFONLY").json()
    assert plan(body, "DBL", "NRF")["discount"] == "17.00"
    assert plan(body, "DBL", "BAR")["discount"] == "0.00"


@pytest.mark.parametrize(
    "promo_fields",
    [
        {"active": False},
        {"valid_to": d(0)},
        {"valid_from": d(5)},
        {"usage_limit": 3, "times_used": 3},
    ],
)
def test_unusable_promo_codes_are_refused(api_for, hotel_a, catalogue, promo_fields):
    with tenant_context(hotel_a.hotel):
        PromoCode.objects.create(
            code="X1", kind=PromoKind.PERCENT, value=Decimal("5"), **promo_fields
        )
    response = search(api_for(hotel_a), d(1), d(2), promo="X1")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_PROMO_CODE"
    unknown = search(api_for(hotel_a), d(1), d(2), promo="NOPE")
    assert unknown.json()["error"]["code"] == "INVALID_PROMO_CODE"


@pytest.mark.parametrize(
    ("changes", "check_in", "check_out", "code"),
    [
        ({"closed": True}, 2, 4, "CLOSED"),
        ({"closed_to_arrival": True}, 1, 3, "CLOSED_TO_ARRIVAL"),
        ({"closed_to_departure": True}, 0, 1, "CLOSED_TO_DEPARTURE"),
        ({"min_stay": 3}, 1, 3, "MIN_STAY"),
        ({"max_stay": 1}, 1, 3, "MAX_STAY"),
    ],
)
def test_each_restriction_kind_blocks_with_its_reason(
    api_for, hotel_a, catalogue, changes, check_in, check_out, code
):
    # the restriction sits on d(1) (d(1) is a night, an arrival and a departure date)
    with tenant_context(hotel_a.hotel):
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=None,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes=changes,
        )
    if code == "CLOSED":
        check_in, check_out = 0, 3
    body = search(api_for(hotel_a), d(check_in), d(check_out)).json()
    for rate_plan in ("BAR", "NRF"):
        offer = plan(body, "DBL", rate_plan)
        assert offer["bookable"] is False
        assert [r["code"] for r in offer["reasons"]] == [code]
    assert plan(body, "FAM", "BAR")["bookable"] is True  # other room types unaffected


def test_min_stay_is_satisfied_by_a_long_enough_stay(api_for, hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=None,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes={"min_stay": 3},
        )
    assert plan(search(api_for(hotel_a), d(1), d(4)).json(), "DBL", "BAR")["bookable"] is True
    # min stay counts from arrival: arriving the day before is not affected
    assert plan(search(api_for(hotel_a), d(0), d(2)).json(), "DBL", "BAR")["bookable"] is True


def test_a_restriction_on_one_rate_plan_leaves_the_other_bookable(api_for, hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        restrictions_bulk_set(
            room_types=[catalogue.dbl],
            rate_plan=catalogue.nrf,
            date_from=d(1),
            date_to=d(1),
            weekdays=None,
            changes={"closed": True},
        )
    body = search(api_for(hotel_a), d(1), d(2)).json()
    assert plan(body, "DBL", "NRF")["bookable"] is False
    assert plan(body, "DBL", "BAR")["bookable"] is True


def test_missing_prices_make_a_plan_unbookable_with_no_rate(api_for, hotel_a, catalogue):
    from innkeep.rates.models import DailyRate

    with tenant_context(hotel_a.hotel):
        DailyRate.objects.filter(
            rate_plan=catalogue.bar, room_type=catalogue.dbl, date=d(2)
        ).delete()
    offer = plan(search(api_for(hotel_a), d(1), d(3)).json(), "DBL", "BAR")
    assert offer["bookable"] is False
    assert [r["code"] for r in offer["reasons"]] == ["NO_RATE"]
    assert offer["nightly"] == [{"date": "2027-03-02", "price": "100.00"}]


def test_units_left_follow_sales_blocks_and_rooms_out_of_order(api_for, hotel_a, catalogue):
    client = api_for(hotel_a)

    def left():
        body = search(client, d(3), d(5)).json()
        return next(r for r in body["room_types"] if r["code"] == "DBL")["available"]

    assert left() == 3
    with tenant_context(hotel_a.hotel):
        inventory_hold(room_type_id=catalogue.dbl.id, check_in=d(4), check_out=d(6))
    assert left() == 2  # the fullest night counts
    with tenant_context(hotel_a.hotel):
        inventory_set_blocked(
            room_type_ids=[catalogue.dbl.id],
            date_from=d(3),
            date_to=d(3),
            weekdays=None,
            blocked=1,
        )
    assert left() == 2
    with tenant_context(hotel_a.hotel):
        from innkeep.inventory.services import inventory_sync_totals

        Room.objects.filter(number="101").update(
            housekeeping_status=HousekeepingStatus.OUT_OF_ORDER
        )
        inventory_sync_totals(room_type_ids=[catalogue.dbl.id])
    assert left() == 1
    with tenant_context(hotel_a.hotel):
        inventory_hold(room_type_id=catalogue.dbl.id, check_in=d(4), check_out=d(5))
    assert left() == 0
    offer = plan(search(client, d(3), d(5)).json(), "DBL", "BAR")
    assert offer["bookable"] is False
    assert [r["code"] for r in offer["reasons"]] == ["SOLD_OUT"]


def test_nights_beyond_the_calendar_cannot_be_sold(api_for, hotel_a, catalogue):
    body = search(api_for(hotel_a), d(58), d(62)).json()  # calendar ends at d(60)
    room = next(r for r in body["room_types"] if r["code"] == "DBL")
    assert room["available"] == 0


def test_stop_sell_on_a_weekday_pattern(api_for, hotel_a, catalogue):
    # 2027-03-05 is a Friday (d(4)) and 2027-03-06 a Saturday
    with tenant_context(hotel_a.hotel):
        count = restrictions_bulk_set(
            room_types=[catalogue.dbl, catalogue.fam],
            rate_plan=None,
            date_from=d(0),
            date_to=d(13),
            weekdays=["sat"],
            changes={"closed": True},
        )
        assert count == 4
        assert sorted({str(day) for day in Restriction.objects.values_list("date", flat=True)}) == [
            "2027-03-06",
            "2027-03-13",
        ]
    assert plan(search(api_for(hotel_a), d(4), d(5)).json(), "DBL", "BAR")["bookable"] is True
    assert plan(search(api_for(hotel_a), d(4), d(6)).json(), "DBL", "BAR")["bookable"] is False


@pytest.mark.parametrize(
    ("utc_now", "earliest"),
    [
        # Madrid is UTC+1 in winter: 22:59 UTC is still the 1st there, 23:00 is the 2nd.
        (datetime(2027, 3, 1, 22, 59, tzinfo=UTC), "2027-03-01"),
        (datetime(2027, 3, 1, 23, 0, tzinfo=UTC), "2027-03-02"),
    ],
)
def test_today_is_the_hotels_local_date(
    api_for, hotel_a, catalogue, monkeypatch, utc_now, earliest
):
    monkeypatch.setattr("innkeep.core.clock.now", lambda: utc_now)
    client = api_for(hotel_a)
    same_day = search(client, d(0), d(1))
    if earliest == "2027-03-01":
        assert same_day.status_code == 200
    else:
        assert same_day.status_code == 400
        assert same_day.json()["error"] == {
            "code": "DATE_IN_PAST",
            "message": "check_in is in the past (today is 2027-03-02 at the hotel).",
            "details": {"today": "2027-03-02"},
        }
        assert search(client, d(1), d(2)).status_code == 200


def test_a_hotel_on_the_other_side_of_the_world(api_for, hotel_a, catalogue, monkeypatch):
    from innkeep.properties.models import HotelProfile

    with tenant_context(hotel_a.hotel):
        profile = HotelProfile.objects.get()
        profile.timezone = "Pacific/Auckland"  # UTC+13 in March
        profile.save()
    monkeypatch.setattr("innkeep.core.clock.now", lambda: datetime(2027, 3, 1, 11, 0, tzinfo=UTC))
    response = search(api_for(hotel_a), d(0), d(1))
    assert response.json()["error"]["code"] == "DATE_IN_PAST"  # already the 2nd in Auckland


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"check_in": "2027-03-05", "check_out": "2027-03-05"}, "INVALID_DATE_RANGE"),
        ({"check_in": "2027-03-05", "check_out": "2027-03-04"}, "INVALID_DATE_RANGE"),
        ({"check_in": "2027-02-28", "check_out": "2027-03-02"}, "DATE_IN_PAST"),
        ({"check_in": "2027-03-02", "check_out": "2027-04-02"}, "STAY_TOO_LONG"),
        (
            {"check_in": "2027-03-02", "check_out": "2027-03-03", "adults": 0},
            "OCCUPANCY_NOT_SUPPORTED",
        ),
        (
            {"check_in": "2027-03-02", "check_out": "2027-03-03", "adults": 5},
            "OCCUPANCY_NOT_SUPPORTED",
        ),
        (
            {"check_in": "2027-03-02", "check_out": "2027-03-03", "adults": 999},
            "OCCUPANCY_NOT_SUPPORTED",
        ),
        (
            {"check_in": "2027-03-02", "check_out": "2027-03-03", "promo": "ZZZ"},
            "INVALID_PROMO_CODE",
        ),
        ({"check_in": "not-a-date", "check_out": "2027-03-03"}, "VALIDATION_ERROR"),
        ({"check_in": "2027-03-02"}, "VALIDATION_ERROR"),
        (
            {"check_in": "2027-03-02", "check_out": "2027-03-03", "adults": "two"},
            "VALIDATION_ERROR",
        ),
        ({"check_in": "2027-03-02", "check_out": "2027-03-03", "children": -1}, "VALIDATION_ERROR"),
        ({"check_in": "2027-02-30", "check_out": "2027-03-03"}, "VALIDATION_ERROR"),
    ],
)
def test_bad_searches_are_400_with_their_code(api_for, hotel_a, catalogue, params, code):
    response = api_for(hotel_a).get(URL, params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_thirty_nights_is_the_longest_stay(api_for, hotel_a, catalogue):
    assert search(api_for(hotel_a), d(1), d(31)).status_code == 200


def test_nights_are_sold_up_to_the_calendar_horizon(api_for, hotel_a, catalogue):
    """The calendar is kept 730 days ahead: the night of d(730) is the last on sale."""
    last = search(api_for(hotel_a), d(729), d(731))
    assert last.status_code == 200
    assert [r["available"] for r in last.json()["room_types"]] == [0, 0]  # no calendar rows
    for check_in, check_out in [(d(730), d(732)), (date(9999, 12, 30), date(9999, 12, 31))]:
        response = search(api_for(hotel_a), check_in, check_out)
        assert (response.status_code, response.json()["error"]) == (
            400,
            {
                "code": "DATE_TOO_FAR",
                "message": "The hotel sells nights up to 2029-02-28 (730 days ahead).",
                "details": {"last_night": "2029-02-28"},
            },
        )


def test_a_suspended_hotel_takes_no_bookings(api_for, hotel_a, catalogue):
    from innkeep.tenancy.models import Hotel, HotelStatus
    from innkeep.tenancy.selectors import hosts_changed

    assert search(api_for(hotel_a), d(1), d(2)).status_code == 200
    Hotel.objects.filter(pk=hotel_a.hotel.pk).update(status=HotelStatus.SUSPENDED)
    hosts_changed()  # .update() sends no signal
    response = search(api_for(hotel_a), d(1), d(2))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "BOOKING_CLOSED"


def test_each_hotel_answers_with_its_own_catalogue(api_for, hotel_a, hotel_b, catalogue):
    response = search(api_for(hotel_b), d(1), d(2), adults=1)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "OCCUPANCY_NOT_SUPPORTED"  # B has no rooms


def test_public_hotel_profile_lists_active_room_types(api_for, hotel_a, catalogue):
    with tenant_context(hotel_a.hotel):
        catalogue.fam.active = False
        catalogue.fam.save()
    body = api_for(hotel_a).get("/api/v1/public/hotel/").json()
    assert body["name"] == "Alpine Lodge"
    assert body["currency"] == "EUR"
    assert [r["code"] for r in body["room_types"]] == ["SGL", "DBL"]
    assert body["room_types"][1] == {
        "code": "DBL",
        "name": "Double",
        "description": "",
        "max_adults": 2,
        "max_children": 1,
        "max_occupancy": 3,
        "bed_setup": "",
        "photos": [],
    }


def test_the_public_hotel_follows_every_catalogue_change(api_for, hotel_a, catalogue):
    from innkeep.properties.models import RoomTypePhoto
    from innkeep.properties.services import hotel_profile_update

    api = api_for(hotel_a)
    assert api.get("/api/v1/public/hotel/").json()["name"] == "Alpine Lodge"
    with tenant_context(hotel_a.hotel):
        hotel_profile_update(actor=None, changes={"name": "Alpine Lodge & Spa"})
    assert api.get("/api/v1/public/hotel/").json()["name"] == "Alpine Lodge & Spa"
    with tenant_context(hotel_a.hotel):
        RoomTypePhoto.objects.create(room_type=catalogue.dbl, image="room-types/dbl/front.jpg")
    body = api.get("/api/v1/public/hotel/").json()
    dbl = next(r for r in body["room_types"] if r["code"] == "DBL")
    assert [url.rsplit("/", 1)[-1] for url in dbl["photos"]] == ["front.jpg"]


def test_the_hand_built_answer_matches_its_documented_serializer(api_for, hotel_a, catalogue):
    from innkeep.reservations.public_serializers import AvailabilitySerializer

    with tenant_context(hotel_a.hotel):
        PromoCode.objects.create(code="DOC", kind=PromoKind.PERCENT, value=Decimal("7.5"))
    body = search(api_for(hotel_a), d(8), d(12), promo="DOC").json()
    assert body["room_types"][0]["rate_plans"][0]["discount"] != "0.00"
    assert AvailabilitySerializer(body).data == body
