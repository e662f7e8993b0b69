"""What can be booked for these dates and this party, at what price.

The whole answer comes from a fixed handful of queries whatever the number of room types
and nights (profile, room types + photos, rate plans + their room types, inventory minimum
per room type, prices, restrictions, taxes, and the promo code): everything else is
arithmetic in memory. Dates are the hotel's local dates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Min, Prefetch

from innkeep.core.clock import today_in
from innkeep.core.dates import nights as nights_of
from innkeep.core.errors import InnkeepError
from innkeep.inventory.models import InventoryDay
from innkeep.properties.models import HotelProfile, RoomType, RoomTypePhoto
from innkeep.properties.selectors import hotel_profile
from innkeep.rates import errors
from innkeep.rates.models import DailyRate, PromoCode, RatePlan, Restriction, TaxRule
from innkeep.rates.pricing import ZERO, discount_for, money, taxes_for

MAX_NIGHTS = 30
MAX_GUESTS = 50


class SearchRefused(InnkeepError):
    status = 400


def refuse(code: str, message: str, **details: object) -> SearchRefused:
    return SearchRefused(message, code=code, details=dict(details))


@dataclass(frozen=True)
class Reason:
    code: str
    message: str


@dataclass
class PlanOffer:
    rate_plan: RatePlan
    bookable: bool
    reasons: list[Reason]
    nightly: list[tuple[date, Decimal]]
    subtotal: Decimal
    discount: Decimal
    taxes: Decimal
    total: Decimal
    promo_applied: bool


@dataclass
class RoomOffer:
    room_type: RoomType
    available: int
    plans: list[PlanOffer] = field(default_factory=list)


@dataclass
class Calendar:
    """Everything needed to price any party for these dates, loaded in a fixed number of
    queries: room types, plans, free rooms, prices, restrictions, taxes, the promo code."""

    check_in: date
    check_out: date
    profile: HotelProfile
    promo: PromoCode | None
    room_types: list[RoomType]
    plans: list[RatePlan]
    plan_room_types: dict[int, set[int]]
    free: dict[int, int]
    prices: dict[tuple[int, int], dict[date, Decimal]]
    restrictions: dict[tuple[int, int | None, date], Restriction]
    taxes: list[TaxRule]
    promo_plans: set[int]

    @property
    def nights(self) -> int:
        return (self.check_out - self.check_in).days

    @property
    def stay_nights(self) -> list[date]:
        return nights_of(self.check_in, self.check_out)

    @property
    def currency(self) -> str:
        return self.profile.currency

    def room_type(self, code: str) -> RoomType | None:
        return next((rt for rt in self.room_types if rt.code == code), None)

    def plans_for(self, room_type: RoomType) -> list[RatePlan]:
        return [p for p in self.plans if room_type.id in self.plan_room_types[p.id]]

    def offer(
        self, room_type: RoomType, plan: RatePlan, *, adults: int, children: int
    ) -> PlanOffer:
        stay_nights = self.stay_nights
        plan_prices = self.prices.get((plan.id, room_type.id), {})
        reasons: list[Reason] = []
        if self.free.get(room_type.id, 0) <= 0:
            reasons.append(Reason("SOLD_OUT", "No room of this type is left for these dates."))
        missing = [day for day in stay_nights if day not in plan_prices]
        if missing:
            reasons.append(Reason("NO_RATE", f"No price yet for {', '.join(map(str, missing))}."))
        reasons += _reasons(
            self.restrictions,
            room_type_id=room_type.id,
            rate_plan_id=plan.id,
            check_in=self.check_in,
            check_out=self.check_out,
            stay_nights=stay_nights,
        )
        nightly = [(day, plan_prices[day]) for day in stay_nights if day in plan_prices]
        gross = money(sum((price for _, price in nightly), ZERO))
        promo_applies = self.promo is not None and (
            not self.promo_plans or plan.id in self.promo_plans
        )
        discount = discount_for(self.promo if promo_applies else None, gross)
        subtotal = gross - discount
        tax = taxes_for(
            self.taxes, taxable=subtotal, nights=len(stay_nights), adults=adults, children=children
        )
        return PlanOffer(
            rate_plan=plan,
            bookable=not reasons,
            reasons=reasons,
            nightly=nightly,
            subtotal=subtotal,
            discount=discount,
            taxes=tax,
            total=subtotal + tax,
            promo_applied=promo_applies,
        )


@dataclass
class Search:
    calendar: Calendar
    adults: int
    children: int
    rooms: list[RoomOffer]

    @property
    def check_in(self) -> date:
        return self.calendar.check_in

    @property
    def check_out(self) -> date:
        return self.calendar.check_out

    @property
    def nights(self) -> int:
        return self.calendar.nights

    @property
    def currency(self) -> str:
        return self.calendar.currency

    @property
    def promo(self) -> PromoCode | None:
        return self.calendar.promo


def check_dates(*, check_in: date, check_out: date, today: date) -> None:
    if check_out <= check_in:
        raise refuse(
            errors.INVALID_DATE_RANGE,
            "check_out must be after check_in.",
            check_in=str(check_in),
            check_out=str(check_out),
        )
    if check_in < today:
        raise refuse(
            errors.DATE_IN_PAST,
            f"check_in is in the past (today is {today} at the hotel).",
            today=str(today),
        )
    if (check_out - check_in).days > MAX_NIGHTS:
        raise refuse(
            errors.STAY_TOO_LONG, f"Stays are at most {MAX_NIGHTS} nights.", max_nights=MAX_NIGHTS
        )


def check_party(*, adults: int, children: int) -> None:
    if adults < 1 or children < 0 or adults + children > MAX_GUESTS:
        raise refuse(
            errors.OCCUPANCY_NOT_SUPPORTED,
            "A room needs at least one adult, and no room takes this many guests.",
            adults=adults,
            children=children,
        )


def find_promo(code: str | None, *, check_in: date) -> PromoCode | None:
    if not code:
        return None
    promo = (
        PromoCode.objects.prefetch_related("rate_plans")
        .filter(code=code.strip().upper(), active=True)
        .first()
    )
    usable = (
        promo is not None
        and (promo.valid_from is None or promo.valid_from <= check_in)
        and (promo.valid_to is None or check_in <= promo.valid_to)
        and (promo.usage_limit is None or promo.times_used < promo.usage_limit)
    )
    if not usable:
        raise refuse(
            errors.INVALID_PROMO_CODE, "This promo code is not valid for these dates.", promo=code
        )
    return promo


def _restriction_map(
    check_in: date, check_out: date
) -> dict[tuple[int, int | None, date], Restriction]:
    rows = Restriction.objects.filter(date__gte=check_in, date__lte=check_out).only(
        "room_type_id",
        "rate_plan_id",
        "date",
        "min_stay",
        "max_stay",
        "closed",
        "closed_to_arrival",
        "closed_to_departure",
    )
    return {(r.room_type_id, r.rate_plan_id, r.date): r for r in rows}


def _reasons(
    restrictions: dict[tuple[int, int | None, date], Restriction],
    *,
    room_type_id: int,
    rate_plan_id: int,
    check_in: date,
    check_out: date,
    stay_nights: list[date],
) -> list[Reason]:
    def rows(day: date) -> list[Restriction]:
        return [
            r
            for key in ((room_type_id, None, day), (room_type_id, rate_plan_id, day))
            if (r := restrictions.get(key)) is not None
        ]

    reasons: list[Reason] = []
    closed = [day for day in stay_nights if any(r.closed for r in rows(day))]
    if closed:
        reasons.append(Reason("CLOSED", f"Not sold on {', '.join(map(str, closed))}."))
    arrival = rows(check_in)
    if any(r.closed_to_arrival for r in arrival):
        reasons.append(Reason("CLOSED_TO_ARRIVAL", f"No arrivals on {check_in}."))
    if any(r.closed_to_departure for r in rows(check_out)):
        reasons.append(Reason("CLOSED_TO_DEPARTURE", f"No departures on {check_out}."))
    nights = len(stay_nights)
    min_stay = max((r.min_stay for r in arrival if r.min_stay), default=None)
    if min_stay and nights < min_stay:
        reasons.append(
            Reason("MIN_STAY", f"Arriving on {check_in}, stay at least {min_stay} nights.")
        )
    max_stay = min((r.max_stay for r in arrival if r.max_stay), default=None)
    if max_stay and nights > max_stay:
        reasons.append(
            Reason("MAX_STAY", f"Arriving on {check_in}, stay at most {max_stay} nights.")
        )
    return reasons


def load_calendar(
    *, check_in: date, check_out: date, promo_code: str | None = None, today: date | None = None
) -> Calendar:
    """Check the dates and the promo code, then load the hotel's offer for these nights."""
    profile = hotel_profile()
    check_dates(check_in=check_in, check_out=check_out, today=today or today_in(profile.timezone))
    promo = find_promo(promo_code, check_in=check_in)
    stay_nights = nights_of(check_in, check_out)
    room_types = list(
        RoomType.objects.filter(active=True).prefetch_related(
            Prefetch("photos", queryset=RoomTypePhoto.objects.order_by("sort_order", "id"))
        )
    )
    ids = [rt.id for rt in room_types]
    plans = list(
        RatePlan.objects.filter(active=True)
        .select_related("cancellation_policy")
        .prefetch_related("room_types")
    )
    free: dict[int, int] = {}
    for row in (
        InventoryDay.objects.filter(room_type_id__in=ids, date__gte=check_in, date__lt=check_out)
        .values("room_type_id")
        .annotate(units=Min(F("total") - F("sold") - F("blocked")), nights=Count("id"))
    ):
        # A night missing from the calendar cannot be sold.
        complete = row["nights"] == len(stay_nights)
        free[row["room_type_id"]] = max(row["units"], 0) if complete else 0
    prices: dict[tuple[int, int], dict[date, Decimal]] = defaultdict(dict)
    for plan_id, rt_id, day, price in DailyRate.objects.filter(
        room_type_id__in=ids, date__gte=check_in, date__lt=check_out
    ).values_list("rate_plan_id", "room_type_id", "date", "price"):
        prices[(plan_id, rt_id)][day] = price
    return Calendar(
        check_in=check_in,
        check_out=check_out,
        profile=profile,
        promo=promo,
        room_types=room_types,
        plans=plans,
        plan_room_types={plan.id: {rt.id for rt in plan.room_types.all()} for plan in plans},
        free=free,
        prices=dict(prices),
        restrictions=_restriction_map(check_in, check_out),
        taxes=list(TaxRule.objects.filter(active=True)),
        promo_plans={p.id for p in promo.rate_plans.all()} if promo else set(),
    )


def search(
    *,
    check_in: date,
    check_out: date,
    adults: int,
    children: int,
    promo_code: str | None = None,
    today: date | None = None,
) -> Search:
    """Room types that take this party, with units left and every rate plan priced."""
    check_party(adults=adults, children=children)
    calendar = load_calendar(
        check_in=check_in, check_out=check_out, promo_code=promo_code, today=today
    )
    fitting = [rt for rt in calendar.room_types if rt.fits(adults=adults, children=children)]
    if not fitting:
        raise refuse(
            errors.OCCUPANCY_NOT_SUPPORTED,
            f"No room takes {adults} adult(s) and {children} child(ren).",
            adults=adults,
            children=children,
        )
    rooms = [
        RoomOffer(
            room_type=room_type,
            available=calendar.free.get(room_type.id, 0),
            plans=[
                calendar.offer(room_type, plan, adults=adults, children=children)
                for plan in calendar.plans_for(room_type)
            ],
        )
        for room_type in fitting
    ]
    return Search(calendar=calendar, adults=adults, children=children, rooms=rooms)
