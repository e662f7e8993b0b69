"""The demo hotel's catalogue: what `innkeep seed_demo` puts in the demo hotel's schema.

A 60-room city hotel in Madrid: 6 room types, 3 rate plans (flexible, non-refundable, bed and
breakfast), a year of prices with weekend and season differences, restrictions, taxes,
extras, cancellation policies, a promo code, and the inventory calendar.

Every part creates what is missing and leaves what exists alone, so running it again changes
nothing: rows are found by their natural key (code, number, name); prices are topped up from
the last priced night to a year from today, and the restrictions that go with those nights
are set with them (and only then). Everything goes through the apps' services, as the hotel's
staff would (with no actor): each change is validated and audited, the inventory calendar
follows the rooms, and the per-process copies move with the changes. Prices and
restrictions use the rates' bulk services: one statement per season, weekday or weekend,
rate plan and price. Everything runs in one transaction, behind an advisory lock so that two
seeds at once do not interleave.

Call `seed_catalogue()` inside the hotel's schema (`schema_context`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Count, Max, Min

from innkeep.core.dates import WEEKDAYS as DAY_NAMES
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_extend_horizon
from innkeep.properties.models import Extra, ExtraPricing, HotelProfile, Room, RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.properties.services import (
    extra_create,
    hotel_profile_update,
    room_type_create,
    rooms_create,
)
from innkeep.rates.models import (
    CancellationFee,
    CancellationPolicy,
    DailyRate,
    Guarantee,
    MealPlan,
    PromoCode,
    PromoKind,
    RatePlan,
    Restriction,
    TaxKind,
    TaxRule,
)
from innkeep.rates.services import (
    cancellation_policy_create,
    promo_code_create,
    rate_plan_create,
    rates_bulk_update,
    restrictions_bulk_update,
    tax_rule_create,
)

PRICED_DAYS = 365  # prices from today to today + 364
PAST_DAYS = 182  # and the past half year's, which the demo's past stays paid
WEEKEND = ["fri", "sat"]  # the nights priced higher
WEEKNIGHTS = [day for day in DAY_NAMES if day not in WEEKEND]
T = TypeVar("T")
ACTOR = None  # the seed is no staff member: its audit rows have no actor
ADVISORY_LOCK = 0x1E4D_DE30  # any constant: serialises concurrent seeds of one database


@dataclass(frozen=True)
class RoomTypeSpec:
    """A room type as room_type_create takes it, plus the price the demo's rates start from."""

    code: str
    name: str
    description: str
    max_adults: int
    max_children: int
    max_occupancy: int
    bed_setup: str
    base_price: Decimal  # BAR, mid season, weeknight


ROOM_TYPES = (
    RoomTypeSpec(
        "SGL",
        "Single Room",
        "A quiet single room facing the courtyard, with a work desk and rain shower.",
        1,
        0,
        1,
        "1 single bed",
        Decimal("70"),
    ),
    RoomTypeSpec(
        "DBL",
        "Double Room",
        "Our classic double: 18 m², street or courtyard view, walk-in shower.",
        2,
        0,
        2,
        "1 double bed",
        Decimal("95"),
    ),
    RoomTypeSpec(
        "TWN",
        "Twin Room",
        "Two single beds, ideal for friends or colleagues travelling together.",
        2,
        0,
        2,
        "2 single beds",
        Decimal("95"),
    ),
    RoomTypeSpec(
        "DLX",
        "Deluxe Room",
        "24 m² on the upper floor, a balcony over Calle Mayor and a bathtub.",
        2,
        1,
        3,
        "1 king bed + 1 sofa bed",
        Decimal("135"),
    ),
    RoomTypeSpec(
        "FAM",
        "Family Room",
        "Room for a family of four: a double bed and two singles, with a cot on request.",
        3,
        2,
        4,
        "1 double bed + 2 single beds",
        Decimal("160"),
    ),
    RoomTypeSpec(
        "STE",
        "Junior Suite",
        "A bedroom and a separate living room with a sofa bed; Nespresso and city views.",
        3,
        2,
        4,
        "1 king bed + 1 sofa bed",
        Decimal("240"),
    ),
)

# Floor -> room types in door order: 12 rooms a floor, 60 in all
# (SGL 8, DBL 18, TWN 12, DLX 10, FAM 8, STE 4).
FLOORS: dict[int, list[tuple[str, int]]] = {
    1: [("SGL", 8), ("TWN", 4)],
    2: [("DBL", 12)],
    3: [("DBL", 6), ("TWN", 6)],
    4: [("TWN", 2), ("DLX", 10)],
    5: [("FAM", 8), ("STE", 4)],
}

FLEXIBLE = "Flexible: free until 2 days before"
NON_REFUNDABLE = "Non-refundable"
POLICIES: dict[str, dict[str, Any]] = {
    FLEXIBLE: {"free_until_days": 2, "fee_kind": CancellationFee.FIRST_NIGHT},
    NON_REFUNDABLE: {
        "free_until_days": None,
        "fee_kind": CancellationFee.PERCENT,
        "fee_percent": Decimal("100"),
    },
}


@dataclass(frozen=True)
class RatePlanSpec:
    """A rate plan as rate_plan_create takes it, naming its room types and policy."""

    code: str
    name: str
    description: str
    meal_plan: str
    policy: str
    guarantee: str
    room_types: tuple[str, ...]
    sort_order: int


ALL_TYPES = tuple(spec.code for spec in ROOM_TYPES)
RATE_PLANS = (
    RatePlanSpec(
        "BAR",
        "Flexible rate",
        "Best available rate, room only. Free cancellation until 2 days before arrival.",
        MealPlan.ROOM_ONLY,
        FLEXIBLE,
        Guarantee.NONE,
        ALL_TYPES,
        1,
    ),
    RatePlanSpec(
        "NRF",
        "Non-refundable saver",
        "15% below the flexible rate, paid in full when booking. No changes or refunds.",
        MealPlan.ROOM_ONLY,
        NON_REFUNDABLE,
        Guarantee.PREPAY,
        tuple(code for code in ALL_TYPES if code != "STE"),  # the suite is never discounted
        2,
    ),
    RatePlanSpec(
        "BB",
        "Bed & breakfast",
        "The flexible rate with our buffet breakfast for two (one in a single room).",
        MealPlan.BREAKFAST,
        FLEXIBLE,
        Guarantee.NONE,
        ALL_TYPES,
        3,
    ),
)
PLAN_CODES = tuple(spec.code for spec in RATE_PLANS)
NRF_FACTOR = Decimal("0.85")
BREAKFAST_PER_PERSON = Decimal("12")

TAXES: dict[str, dict[str, Any]] = {
    "VAT": {"kind": TaxKind.PERCENT, "amount": Decimal("10.00")},
    "City tax": {
        "kind": TaxKind.PER_PERSON_NIGHT,
        "amount": Decimal("2.50"),
        "applies_to_children": False,
    },
}

EXTRAS = (
    ("BRK", "Breakfast", "Buffet breakfast, 7:00-11:00.", "15.00", ExtraPricing.PER_GUEST_NIGHT),
    ("PARK", "Parking", "Covered parking next door, one car.", "18.00", ExtraPricing.PER_NIGHT),
    ("LATE", "Late checkout", "Keep the room until 16:00.", "30.00", ExtraPricing.PER_STAY),
)

PROMO_CODE, PROMO_PERCENT, PROMO_PLANS = "WELCOME10", Decimal("10"), ("BAR", "BB")

PROFILE = {
    "legal_name": "Demo Hotel Madrid S.L.",
    "phone": "+34910000000",
    "website": "https://demo.example/",
    "address_line1": "Calle Mayor 1",
    "city": "Madrid",
    "postal_code": "28013",
    "policies": (
        "Check-in from 15:00, check-out until 11:00. Pets are not allowed. "
        "Children of any age are welcome; cots on request."
    ),
}

# Restrictions, applied to the nights being priced: minimum 2 nights for summer Saturday
# arrivals; the non-refundable rate closed to arrival on Christmas Eve and New Year's Eve;
# deluxe rooms and suites not sold on 15 May (San Isidro: taken by a private event).
SUMMER_SATURDAY_MIN_STAY = 2
NRF_CLOSED_TO_ARRIVAL = ((12, 24), (12, 31))
STOP_SELL = ((5, 15), ("DLX", "STE"))


def season(day: date) -> tuple[str, Decimal]:
    """The season a night is in, and its factor on the base price."""
    md = (day.month, day.day)
    if md >= (12, 20) or md <= (1, 6):
        return "holidays", Decimal("1.25")
    if (6, 15) <= md <= (9, 15):
        return "summer", Decimal("1.30")
    if md >= (11, 1) or md <= (3, 31):
        return "low", Decimal("0.90")
    return "mid", Decimal("1.00")


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def price(spec: RoomTypeSpec, plan: str, day: date) -> Decimal:
    """The demo price of one night: base x season x weekend, then the plan's difference."""
    weekend = day.isoweekday() in (5, 6)  # Friday and Saturday nights
    factor = season(day)[1] * (Decimal("1.15") if weekend else 1)
    bar = _whole(spec.base_price * factor)
    if plan == "NRF":
        return _whole(bar * NRF_FACTOR)
    if plan == "BB":
        return bar + BREAKFAST_PER_PERSON * min(spec.max_adults, 2)
    return bar


@dataclass(frozen=True)
class Run:
    """Consecutive nights of one season."""

    season: str
    first: date
    last: date


def _nights_on(run: Run, weekdays: list[str]) -> Iterator[date]:
    day = run.first
    while day <= run.last:
        if DAY_NAMES[day.weekday()] in weekdays:
            yield day
        day += timedelta(days=1)


def season_runs(first: date, last: date) -> Iterator[Run]:
    day, start = first, first
    while day <= last:
        following = day + timedelta(days=1)
        if following > last or season(following)[0] != season(day)[0]:
            yield Run(season(day)[0], start, day)
            start = following
        day = following


@dataclass
class SeedReport:
    """Rows each part added (nothing listed: nothing changed)."""

    added: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return any(self.added.values())


def seed_profile(report: SeedReport) -> None:
    """Fill the profile's empty contact fields; a field someone set is kept."""
    profile = HotelProfile.objects.get()
    changes = {name: value for name, value in PROFILE.items() if not getattr(profile, name)}
    if changes:
        hotel_profile_update(actor=ACTOR, changes=changes)
        report.added["profile fields"] += len(changes)


def _add_missing(
    report: SeedReport, label: str, found: dict[str, T], makers: Mapping[str, Callable[[], T]]
) -> dict[str, T]:
    """Makes what `found` lacks of `makers` (key -> how to make it), counted as `label`:
    what a hotel already has, or changed, is left as it is."""
    for key, make in makers.items():
        if key not in found:
            found[key] = make()
            report.added[label] += 1
    return found


def seed_room_types(report: SeedReport) -> dict[str, RoomType]:
    """The six room types; each fills its inventory calendar as it is created."""

    def make(order: int, spec: RoomTypeSpec) -> RoomType:
        fields = asdict(spec)
        del fields["base_price"]
        return room_type_create(actor=ACTOR, sort_order=(order + 1) * 10, **fields)

    found = {rt.code: rt for rt in RoomType.objects.filter(code__in=ALL_TYPES)}
    makers = {spec.code: partial(make, order, spec) for order, spec in enumerate(ROOM_TYPES)}
    return _add_missing(report, "room types", found, makers)


def seed_rooms(report: SeedReport, room_types: dict[str, RoomType]) -> None:
    """60 rooms, 101-512, added at once: the calendar's totals follow them."""
    existing = set(Room.objects.values_list("number", flat=True))
    missing = []
    for floor, parts in FLOORS.items():
        door = 0
        for code, count in parts:
            for _ in range(count):
                door += 1
                number = f"{floor}{door:02d}"
                if number not in existing:
                    missing.append(Room(number=number, floor=floor, room_type=room_types[code]))
    rooms_create(actor=ACTOR, rooms=missing)
    report.added["rooms"] += len(missing)


def seed_policies(report: SeedReport) -> dict[str, CancellationPolicy]:
    found = {p.name: p for p in CancellationPolicy.objects.filter(name__in=POLICIES)}
    makers = {
        name: partial(cancellation_policy_create, actor=ACTOR, name=name, **values)
        for name, values in POLICIES.items()
    }
    return _add_missing(report, "cancellation policies", found, makers)


def seed_rate_plans(
    report: SeedReport,
    room_types: dict[str, RoomType],
    policies: dict[str, CancellationPolicy],
) -> dict[str, RatePlan]:
    """The three plans; an existing plan sells what the hotel decided."""

    def make(spec: RatePlanSpec) -> RatePlan:
        fields = asdict(spec)
        fields["room_types"] = [room_types[code] for code in spec.room_types]
        fields["cancellation_policy"] = policies[fields.pop("policy")]
        return rate_plan_create(actor=ACTOR, **fields)

    found = {plan.code: plan for plan in RatePlan.objects.filter(code__in=PLAN_CODES)}
    makers = {spec.code: partial(make, spec) for spec in RATE_PLANS}
    return _add_missing(report, "rate plans", found, makers)


def seed_prices(
    report: SeedReport,
    plans: dict[str, RatePlan],
    room_types: dict[str, RoomType],
    today: date,
) -> dict[int, date]:
    """Prices from today - PAST_DAYS (what the hotel charged for the demo's past stays) to
    today + 364 for every demo plan x room type the plan sells: before its first price and
    after its last one. Prices already set are left alone. One bulk update per season,
    weeknights or weekend, plan and price (the room types that share it). Returns, per room
    type that got prices from today on, the first of those nights priced in this run."""
    first_night = today - timedelta(days=PAST_DAYS)
    last_night = today + timedelta(days=PRICED_DAYS - 1)
    specs = {spec.code: spec for spec in ROOM_TYPES}
    by_id = {rt.id: rt for rt in room_types.values()}
    offered = RatePlan.room_types.through.objects.filter(
        rateplan_id__in=[p.id for p in plans.values()], roomtype_id__in=list(by_id)
    ).values_list("rateplan_id", "roomtype_id")
    priced_span = {
        (row["rate_plan_id"], row["room_type_id"]): (row["first"], row["last"])
        for row in DailyRate.objects.filter(rate_plan__in=plans.values())
        .values("rate_plan_id", "room_type_id")
        .annotate(first=Min("date"), last=Max("date"))
    }
    by_plan = {p.id: p for p in plans.values()}
    plan_codes = {p.id: code for code, p in plans.items()}
    first_priced: dict[int, date] = {}
    # (plan, first and last night to price) -> room types, in the order the plan sells them
    todo: dict[tuple[int, date, date], list[RoomType]] = {}
    for plan_id, rt_id in sorted(offered):
        span = priced_span.get((plan_id, rt_id))
        before = min(span[0], today) - timedelta(days=1) if span else today - timedelta(days=1)
        after = max(span[1] + timedelta(days=1), today) if span else today
        for first, last in ((first_night, before), (after, last_night)):
            if first <= last:
                todo.setdefault((plan_id, first, last), []).append(by_id[rt_id])
        if after <= last_night:
            first_priced[rt_id] = min(after, first_priced.get(rt_id, after))
    for (plan_id, first, last), group in todo.items():
        for run in season_runs(first, last):
            for weekdays in (WEEKNIGHTS, WEEKEND):
                night = next(_nights_on(run, weekdays), None)
                if night is None:
                    continue
                prices: dict[Decimal, list[RoomType]] = {}
                for rt in group:
                    amount = price(specs[rt.code], plan_codes[plan_id], night)
                    prices.setdefault(amount, []).append(rt)
                for amount, same_price in prices.items():
                    report.added["daily prices"] += rates_bulk_update(
                        actor=ACTOR,
                        rate_plan=by_plan[plan_id],
                        room_types=same_price,
                        date_from=run.first,
                        date_to=run.last,
                        weekdays=weekdays,
                        price=amount,
                        history=last < today,
                    )
    return first_priced


def _each_year(first: date, last: date, month_day: tuple[int, int]) -> Iterator[date]:
    for year in range(first.year, last.year + 1):
        day = date(year, *month_day)
        if first <= day <= last:
            yield day


def _restrict_each_year(
    room_types: list[RoomType],
    rate_plan: RatePlan | None,
    first: date,
    last: date,
    month_day: tuple[int, int],
    changes: dict[str, Any],
) -> None:
    """`changes` on that day of each year from `first` to `last` (none without room types)."""
    if not room_types:
        return
    for day in _each_year(first, last, month_day):
        restrictions_bulk_update(
            actor=ACTOR,
            room_types=room_types,
            rate_plan=rate_plan,
            date_from=day,
            date_to=day,
            weekdays=None,
            changes=changes,
        )


def seed_restrictions(
    report: SeedReport,
    first_priced: dict[int, date],
    plans: dict[str, RatePlan],
    room_types: dict[str, RoomType],
    today: date,
) -> None:
    """The demo restrictions on the nights priced in this run (see the module's constants)."""
    last_night = today + timedelta(days=PRICED_DAYS - 1)
    before = Restriction.objects.count()  # the services upsert: count what is new
    by_id = {rt.id: rt for rt in room_types.values()}
    nrf_sells = set(plans["NRF"].room_types.values_list("id", flat=True))
    # room types priced from the same night get their restrictions together
    groups: dict[date, list[RoomType]] = {}
    for rt_id, first in sorted(first_priced.items()):
        groups.setdefault(first, []).append(by_id[rt_id])
    for first, group in groups.items():
        for run in season_runs(first, last_night):
            if run.season == "summer" and next(_nights_on(run, ["sat"]), None):
                restrictions_bulk_update(
                    actor=ACTOR,
                    room_types=group,
                    rate_plan=None,
                    date_from=run.first,
                    date_to=run.last,
                    weekdays=["sat"],
                    changes={"min_stay": SUMMER_SATURDAY_MIN_STAY},
                )
        nrf_group = [rt for rt in group if rt.id in nrf_sells]
        for month_day in NRF_CLOSED_TO_ARRIVAL:
            _restrict_each_year(
                nrf_group, plans["NRF"], first, last_night, month_day, {"closed_to_arrival": True}
            )
        month_day, codes = STOP_SELL
        closed_group = [rt for rt in group if rt.code in codes]
        _restrict_each_year(closed_group, None, first, last_night, month_day, {"closed": True})
    report.added["restrictions"] += Restriction.objects.count() - before


def seed_taxes(report: SeedReport) -> None:
    existing = set(TaxRule.objects.values_list("name", flat=True))
    for name, values in TAXES.items():
        if name not in existing:
            tax_rule_create(actor=ACTOR, name=name, **values)
            report.added["taxes"] += 1


def seed_extras(report: SeedReport) -> None:
    existing = set(Extra.objects.values_list("code", flat=True))
    for order, (code, name, description, amount, pricing) in enumerate(EXTRAS):
        if code not in existing:
            extra_create(
                actor=ACTOR,
                code=code,
                name=name,
                description=description,
                price=Decimal(amount),
                pricing=pricing,
                sort_order=(order + 1) * 10,
            )
            report.added["extras"] += 1


def seed_promo(report: SeedReport, plans: dict[str, RatePlan]) -> None:
    if not PromoCode.objects.filter(code=PROMO_CODE).exists():
        promo_code_create(
            actor=ACTOR,
            code=PROMO_CODE,
            kind=PromoKind.PERCENT,
            value=PROMO_PERCENT,
            rate_plans=[plans[code] for code in PROMO_PLANS],
        )
        report.added["promo codes"] += 1


def seed_calendar(report: SeedReport, nights_before: int) -> None:
    """Fill the calendar up to the horizon (new room types filled theirs already)."""
    inventory_extend_horizon()
    report.added["inventory nights"] += InventoryDay.objects.count() - nights_before


def seed_catalogue() -> SeedReport:
    """Everything the demo hotel sells. Call inside the hotel's schema."""
    report = SeedReport()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        today = hotel_today()
        nights_before = InventoryDay.objects.count()
        seed_profile(report)
        room_types = seed_room_types(report)
        seed_rooms(report, room_types)
        policies = seed_policies(report)
        plans = seed_rate_plans(report, room_types, policies)
        first_priced = seed_prices(report, plans, room_types, today)
        seed_restrictions(report, first_priced, plans, room_types, today)
        seed_taxes(report)
        seed_extras(report)
        seed_promo(report, plans)
        seed_calendar(report, nights_before)
    return report


def catalogue_summary() -> list[str]:
    """What the hotel sells now, in a few lines (the same whichever run made it)."""
    rooms = dict(
        RoomType.objects.annotate(n=Count("rooms")).values_list("code", "n").order_by("sort_order")
    )
    plans = list(RatePlan.objects.values_list("code", flat=True))
    prices = DailyRate.objects.aggregate(n=Count("id"), first=Min("date"), last=Max("date"))
    calendar_end = InventoryDay.objects.aggregate(last=Max("date"))["last"]
    taxes = ", ".join(
        f"{t.name} {t.amount.normalize():f}%"
        if t.kind == TaxKind.PERCENT
        else f"{t.name} {t.amount} per person-night"
        for t in TaxRule.objects.filter(active=True)
    )
    return [
        f"rooms: {sum(rooms.values())} in {len(rooms)} room types "
        f"({', '.join(f'{code} {n}' for code, n in rooms.items())})",
        f"rates: {len(plans)} plans ({', '.join(plans)}), {prices['n']} daily prices "
        f"from {prices['first']} to {prices['last']}, {Restriction.objects.count()} restrictions",
        f"taxes: {taxes}; extras: {', '.join(Extra.objects.values_list('code', flat=True))}; "
        f"promo codes: {', '.join(PromoCode.objects.values_list('code', flat=True))}",
        f"inventory calendar: until {calendar_end}",
    ]
