"""What can be booked for these dates and this party, at what price.

The catalogue, prices and restrictions (`innkeep.rates.catalogue`) and the rooms left
(`innkeep.inventory.free_rooms`) come from this process's copies, each read in a fixed
handful of queries per version and calendar month whatever the number of room types and
nights, and read again after any change; the promo code, when one is given, is read each
time. Everything else is arithmetic in memory. Dates are the hotel's local dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from innkeep.core.clock import today_in
from innkeep.core.dates import month_spans, month_start
from innkeep.core.dates import nights as nights_of
from innkeep.core.errors import InnkeepError
from innkeep.core.versioned_cache import Copies, current_together
from innkeep.inventory.free_rooms import INVENTORY, free_rooms
from innkeep.inventory.services import HORIZON_DAYS
from innkeep.rates import errors
from innkeep.rates.catalogue import (
    OFFER,
    Catalogue,
    DayRule,
    Night,
    ProfileCopy,
    RateMonth,
    RatePlanCopy,
    RoomTypeCopy,
    TaxCopy,
    catalogue,
    rate_month,
)
from innkeep.rates.models import PromoCode, TaxKind
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
    rate_plan: RatePlanCopy
    bookable: bool
    reasons: list[Reason]
    nightly: list[Night]  # as the answer shows them
    subtotal: Decimal
    discount: Decimal
    taxes: Decimal
    total: Decimal
    promo_applied: bool


@dataclass
class RoomOffer:
    room_type: RoomTypeCopy
    available: int
    plans: list[PlanOffer] = field(default_factory=list)


@dataclass
class Calendar:
    """Everything needed to price any party for these dates: the catalogue (room types,
    plans, taxes), free rooms, prices, restrictions, the promo code."""

    check_in: date
    check_out: date
    catalogue: Catalogue
    promo: PromoCode | None
    free: dict[int, int]
    # the stay's nights as (month, first index, end index)
    segments: list[tuple[RateMonth, int, int]]
    # (room type, rate plan or None) -> what its restriction rows say about the stay
    restrictions: dict[tuple[int, int | None], StayRules]
    promo_plans: set[int]
    stay_nights: list[date] = field(init=False)
    # (adults, children) -> the per-person-night taxes of the stay, and the percent rules
    _party_taxes: dict[tuple[int, int], tuple[Decimal, list[TaxCopy]]] = field(
        default_factory=dict, init=False
    )

    def __post_init__(self) -> None:
        self.stay_nights = nights_of(self.check_in, self.check_out)

    @property
    def profile(self) -> ProfileCopy:
        return self.catalogue.profile

    @property
    def room_types(self) -> tuple[RoomTypeCopy, ...]:
        return self.catalogue.room_types

    @property
    def plans(self) -> tuple[RatePlanCopy, ...]:
        return self.catalogue.plans

    @property
    def taxes(self) -> tuple[TaxCopy, ...]:
        return self.catalogue.taxes

    def _taxes(self, adults: int, children: int) -> tuple[Decimal, list[TaxCopy]]:
        """Taxes per person and night are the same for every offer to the same party:
        worked out once per search."""
        found = self._party_taxes.get((adults, children))
        if found is None:
            percent = [rule for rule in self.taxes if rule.kind == TaxKind.PERCENT]
            per_person = [rule for rule in self.taxes if rule.kind != TaxKind.PERCENT]
            fixed = taxes_for(
                per_person, taxable=ZERO, nights=self.nights, adults=adults, children=children
            )
            found = self._party_taxes[(adults, children)] = (fixed, percent)
        return found

    @property
    def nights(self) -> int:
        return len(self.stay_nights)

    @property
    def currency(self) -> str:
        return self.profile.currency

    def room_type(self, code: str) -> RoomTypeCopy | None:
        return next((rt for rt in self.room_types if rt.code == code), None)

    def plans_for(self, room_type: RoomTypeCopy) -> list[RatePlanCopy]:
        sold = self.catalogue.plan_room_types
        return [p for p in self.plans if room_type.id in sold[p.id]]

    def priced(self, plan: RatePlanCopy, room_type: RoomTypeCopy) -> tuple[list[Night], Decimal]:
        """The nights that have a price, in date order, and the sum of their prices."""
        key = (plan.id, room_type.id)
        priced: list[Night] = []
        gross = ZERO
        for month, first, end in self.segments:
            month_nights = month.nights.get(key)
            if month_nights is None:
                continue
            part = month_nights[first:end]
            if None in part:  # some nights have no price: keep the others
                priced += [night for night in part if night is not None]
            else:
                priced += part  # type: ignore[arg-type]
            running = month.running[key]
            gross += running[end] - running[first]  # a night without a price counts zero
        return priced, gross

    def restrictions_for(self, room_type: RoomTypeCopy, plan: RatePlanCopy) -> list[StayRules]:
        return [
            rules
            for key in ((room_type.id, None), (room_type.id, plan.id))
            if (rules := self.restrictions.get(key))
        ]

    def offer(
        self, room_type: RoomTypeCopy, plan: RatePlanCopy, *, adults: int, children: int
    ) -> PlanOffer:
        stay_nights = self.stay_nights
        nightly, gross_sum = self.priced(plan, room_type)
        reasons: list[Reason] = []
        if self.free.get(room_type.id, 0) <= 0:
            reasons.append(Reason("SOLD_OUT", "No room of this type is left for these dates."))
        if len(nightly) < len(stay_nights):
            priced = {night.date for night in nightly}
            missing = [day.isoformat() for day in stay_nights if day.isoformat() not in priced]
            reasons.append(Reason("NO_RATE", f"No price yet for {', '.join(missing)}."))
        rules = self.restrictions_for(room_type, plan)
        if rules:
            reasons += _reasons(
                rules, check_in=self.check_in, check_out=self.check_out, nights=len(stay_nights)
            )
        gross = money(gross_sum)
        promo_applies = self.promo is not None and (
            not self.promo_plans or plan.id in self.promo_plans
        )
        discount = discount_for(self.promo, gross) if promo_applies else ZERO
        subtotal = gross - discount
        per_stay_tax, percent_taxes = self._taxes(adults, children)
        tax = per_stay_tax + taxes_for(
            percent_taxes, taxable=subtotal, nights=len(stay_nights), adults=0, children=0
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
    # the inventory calendar is kept filled this far ahead: no night after it can be sold
    last_night = today + timedelta(days=HORIZON_DAYS)
    if check_out - timedelta(days=1) > last_night:
        raise refuse(
            errors.DATE_TOO_FAR,
            f"The hotel sells nights up to {last_night} ({HORIZON_DAYS} days ahead).",
            last_night=str(last_night),
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


@dataclass(frozen=True)
class StayRules:
    """What one key's restriction rows say about one stay: the closed nights, and the rows
    of the arrival and the departure day (min/max stay and closed-to-arrival count on
    arrival, closed-to-departure on departure). Rows on other days do not matter."""

    closed: tuple[date, ...]
    arrival: DayRule | None
    departure: DayRule | None


def _reasons(
    rules: list[StayRules], *, check_in: date, check_out: date, nights: int
) -> list[Reason]:
    """Why the restrictions refuse this stay; `rules`: the room type's own and the rate
    plan's."""
    closed = sorted({day for rule in rules for day in rule.closed})
    arrival = [rule.arrival for rule in rules if rule.arrival is not None]
    departure = [rule.departure for rule in rules if rule.departure is not None]
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


def _segments(
    check_in: date, check_out: date, copies: Copies[Any]
) -> list[tuple[RateMonth, int, int]]:
    return [
        (rate_month(first, copies), start, end)
        for first, start, end in month_spans(check_in, check_out)
    ]


def _stay_restrictions(
    months: list[RateMonth], *, check_in: date, check_out: date
) -> dict[tuple[int, int | None], StayRules]:
    """What the months' restriction rows say about this stay, by key, for the keys whose
    rows matter to it: worked out once per search instead of once per room type and plan."""
    found: dict[tuple[int, int | None], StayRules] = {}
    for month in months:
        for key, by_day in month.restrictions.items():
            closed = [
                day for day, rule in by_day.items() if rule[2] and check_in <= day < check_out
            ]
            arrival = by_day.get(check_in)
            departure = by_day.get(check_out)
            if not (closed or arrival or departure):
                continue
            before = found.get(key)
            if before is not None:  # the same key in the stay's other month
                closed = [*before.closed, *closed]
                arrival = arrival or before.arrival
                departure = departure or before.departure
            found[key] = StayRules(tuple(closed), arrival, departure)
    return found


def load_calendar(
    *,
    check_in: date,
    check_out: date,
    promo_code: str | None = None,
    today: date | None = None,
    fresh: bool = False,
    promo: PromoCode | None = None,
) -> Calendar:
    """Check the dates and the promo code, then load the hotel's offer for these nights.

    `fresh`: read everything from the database instead of this process's copies (a booking
    prices inside its transaction: a copy could be a moment stale). `promo`: a promo code
    already spent by the booking being re-priced (a modification), applied as it is
    instead of `promo_code` being checked again."""
    if fresh:
        copies, inventory = Copies(OFFER, None, None), Copies(INVENTORY, None, None)
    else:
        # one version for the catalogue and its months, one for the rooms left: one round trip
        copies, inventory = current_together(OFFER, INVENTORY)
    shelf = catalogue(copies)
    today = today or today_in(shelf.profile.timezone)
    check_dates(check_in=check_in, check_out=check_out, today=today)
    if promo is None:
        promo = find_promo(promo_code, check_in=check_in)
    segments = _segments(check_in, check_out, copies)
    months = [month for month, _, _ in segments]
    if months[-1].first != month_start(check_out):  # the departure day's restrictions
        months.append(rate_month(month_start(check_out), copies))
    return Calendar(
        check_in=check_in,
        check_out=check_out,
        catalogue=shelf,
        promo=promo,
        free=free_rooms(
            room_type_ids=[rt.id for rt in shelf.room_types],
            check_in=check_in,
            check_out=check_out,
            copies=inventory,
        ),
        segments=segments,
        restrictions=_stay_restrictions(months, check_in=check_in, check_out=check_out),
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
