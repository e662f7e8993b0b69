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
from typing import Any

from django.db import connection

from innkeep.core.clock import today_in
from innkeep.core.dates import nights as nights_of
from innkeep.core.errors import InnkeepError
from innkeep.properties.models import HotelProfile, RoomType
from innkeep.rates import errors
from innkeep.rates.catalogue import catalogue
from innkeep.rates.models import PromoCode, RatePlan, TaxRule
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
    nightly: list[tuple[str, str]]  # (ISO date, price "100.00"), as the answer shows them
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
    plan_room_types: dict[int, frozenset[int]]
    free: dict[int, int]
    # (rate plan, room type) -> the priced nights (ISO dates, prices as text) and their sum
    prices: dict[tuple[int, int], tuple[list[str], list[str], Decimal]]
    restrictions: dict[tuple[int, int | None], dict[date, DayRule]]
    taxes: list[TaxRule]
    promo_plans: set[int]
    stay_nights: list[date] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.stay_nights = nights_of(self.check_in, self.check_out)

    @property
    def nights(self) -> int:
        return len(self.stay_nights)

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
        priced_days, amounts, gross_sum = self.prices.get((plan.id, room_type.id), ([], [], ZERO))
        reasons: list[Reason] = []
        if self.free.get(room_type.id, 0) <= 0:
            reasons.append(Reason("SOLD_OUT", "No room of this type is left for these dates."))
        if len(priced_days) < len(stay_nights):
            priced = set(priced_days)
            missing = [day.isoformat() for day in stay_nights if day.isoformat() not in priced]
            reasons.append(Reason("NO_RATE", f"No price yet for {', '.join(missing)}."))
        reasons += _reasons(
            [
                self.restrictions.get((room_type.id, None), {}),
                self.restrictions.get((room_type.id, plan.id), {}),
            ],
            check_in=self.check_in,
            check_out=self.check_out,
            nights=len(stay_nights),
        )
        nightly = list(zip(priced_days, amounts, strict=True))
        gross = money(gross_sum)
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


# (min_stay, max_stay, closed, closed_to_arrival, closed_to_departure) of one row
DayRule = tuple[int | None, int | None, bool, bool, bool]


def _restriction_map(
    cursor: Any, check_in: date, check_out: date, room_type_ids: list[int]
) -> dict[tuple[int, int | None], dict[date, DayRule]]:
    """Restriction rows by (room type, rate plan or None), then by date."""
    cursor.execute(
        "SELECT room_type_id, rate_plan_id, date, min_stay, max_stay, closed, "
        "closed_to_arrival, closed_to_departure FROM rates_restriction "
        "WHERE room_type_id = ANY(%s) AND date >= %s AND date <= %s",
        [room_type_ids, check_in, check_out],
    )
    rows = cursor.fetchall()
    grouped: dict[tuple[int, int | None], dict[date, DayRule]] = defaultdict(dict)
    for rt, plan, day, min_stay, max_stay, closed, cta, ctd in rows:
        grouped[(rt, plan)][day] = (min_stay, max_stay, closed, cta, ctd)
    return dict(grouped)


def _reasons(
    rules: list[dict[date, DayRule]],
    *,
    check_in: date,
    check_out: date,
    nights: int,
) -> list[Reason]:
    """Why the restrictions refuse this stay; `rules` are the room type's own rows and the
    rate plan's rows, by date. Walks the rows (few) rather than the nights."""
    if not any(rules):
        return []
    closed = sorted(
        {
            day
            for by_day in rules
            for day, rule in by_day.items()
            if rule[2] and check_in <= day < check_out
        }
    )
    arrival = [by_day[check_in] for by_day in rules if check_in in by_day]
    departure = [by_day[check_out] for by_day in rules if check_out in by_day]
    reasons: list[Reason] = []
    if closed:
        reasons.append(Reason("CLOSED", f"Not sold on {', '.join(map(str, closed))}."))
    if any(rule[3] for rule in arrival):
        reasons.append(Reason("CLOSED_TO_ARRIVAL", f"No arrivals on {check_in}."))
    if any(rule[4] for rule in departure):
        reasons.append(Reason("CLOSED_TO_DEPARTURE", f"No departures on {check_out}."))
    min_stay = max((rule[0] for rule in arrival if rule[0]), default=None)
    if min_stay and nights < min_stay:
        reasons.append(
            Reason("MIN_STAY", f"Arriving on {check_in}, stay at least {min_stay} nights.")
        )
    max_stay = min((rule[1] for rule in arrival if rule[1]), default=None)
    if max_stay and nights > max_stay:
        reasons.append(
            Reason("MAX_STAY", f"Arriving on {check_in}, stay at most {max_stay} nights.")
        )
    return reasons


def load_calendar(
    *, check_in: date, check_out: date, promo_code: str | None = None, today: date | None = None
) -> Calendar:
    """Check the dates and the promo code, then load the hotel's offer for these nights."""
    shelf = catalogue()
    profile = shelf.profile
    check_dates(check_in=check_in, check_out=check_out, today=today or today_in(profile.timezone))
    promo = find_promo(promo_code, check_in=check_in)
    stay_nights = nights_of(check_in, check_out)
    room_types = shelf.room_types
    ids = [rt.id for rt in room_types]
    plans = shelf.plans
    free: dict[int, int] = {}
    prices: dict[tuple[int, int], tuple[list[str], list[str], Decimal]] = {}
    # The hot path: plain SQL and tuples (the ORM's compiling and row building cost more
    # than PostgreSQL's work here). Same tables and filters as the models describe.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT room_type_id, MIN(total - sold - blocked), COUNT(*) "
            "FROM inventory_inventoryday "
            "WHERE room_type_id = ANY(%s) AND date >= %s AND date < %s GROUP BY room_type_id",
            [ids, check_in, check_out],
        )
        for room_type_id, units, nights in cursor.fetchall():
            # A night missing from the calendar cannot be sold.
            free[room_type_id] = max(units, 0) if nights == len(stay_nights) else 0
        # Prices as text in date order (they go out as text), summed here: cheaper for
        # PostgreSQL than aggregating there, and no Decimal formatting per night later.
        cursor.execute(
            "SELECT rate_plan_id, room_type_id, date, price::text FROM rates_dailyrate "
            "WHERE room_type_id = ANY(%s) AND date >= %s AND date < %s ORDER BY date",
            [ids, check_in, check_out],
        )
        iso = {day: day.isoformat() for day in stay_nights}
        for plan_id, room_type_id, day, amount in cursor.fetchall():
            entry = prices.get((plan_id, room_type_id))
            if entry is None:
                entry = prices[(plan_id, room_type_id)] = ([], [], ZERO)
            entry[0].append(iso[day])
            entry[1].append(amount)
        for key, (days, amounts, _) in prices.items():
            prices[key] = (days, amounts, sum(map(Decimal, amounts), ZERO))
        restrictions = _restriction_map(cursor, check_in, check_out, ids)
    return Calendar(
        check_in=check_in,
        check_out=check_out,
        profile=profile,
        promo=promo,
        room_types=room_types,
        plans=plans,
        plan_room_types=shelf.plan_room_types,
        free=free,
        prices=prices,
        restrictions=restrictions,
        taxes=shelf.taxes,
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
