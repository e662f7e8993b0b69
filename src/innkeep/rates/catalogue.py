"""What a hotel sells and at what price, as an availability search reads it, kept per
process: the catalogue (hotel profile, active room types with their photos, active rate
plans with their policies and room types, taxes) and, by calendar month, the prices and
restrictions.

All of it changes rarely next to how often it is read, so each process keeps copies under
one version per hotel (`innkeep.core.versioned_cache`), which every change moves: model
signals on every saved or deleted row of these tables, and `catalogue_changed()` from
writes that send none (the bulk price and restriction services' SQL, queryset.update,
bulk_create). The rooms left are kept the same way (`innkeep.inventory.free_rooms`).

Every thread of the process reads the same copies, so they hold frozen values only (frozen
dataclasses, tuples, read-only mappings), never model instances."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, NoReturn, TypeVar

from django.db import connection
from django.db.models import Prefetch

from innkeep.core.dates import next_month
from innkeep.core.versioned_cache import Copies, VersionedCache, fields_of
from innkeep.properties.models import HotelProfile, RoomType, RoomTypePhoto, party_fits
from innkeep.properties.selectors import hotel_profile
from innkeep.rates.models import CancellationPolicy, DailyRate, RatePlan, Restriction, TaxRule

T = TypeVar("T")

# A catalogue and up to two years of months per hotel, for a few dozen busy hotels.
OFFER: VersionedCache[Any] = VersionedCache("availability-offer", max_entries=2048)


@dataclass(frozen=True, slots=True)
class ProfileCopy:
    """The hotel profile's public fields (`HotelProfile`)."""

    name: str
    legal_name: str
    email: str
    phone: str
    website: str
    address_line1: str
    address_line2: str
    city: str
    postal_code: str
    country: str
    timezone: str
    currency: str
    check_in_time: time
    check_out_time: time
    policies: str
    languages: tuple[str, ...]

    @classmethod
    def of(cls, profile: HotelProfile) -> ProfileCopy:
        return fields_of(cls, profile, languages=tuple(profile.languages))


@dataclass(frozen=True, slots=True)
class RoomTypeCopy:
    """An active room type (`RoomType`) with its photos' URLs, in their order."""

    id: int
    code: str
    name: str
    description: str
    max_adults: int
    max_children: int
    max_occupancy: int
    bed_setup: str
    sort_order: int
    photos: tuple[str, ...]

    @classmethod
    def of(cls, room_type: RoomType) -> RoomTypeCopy:
        return fields_of(
            cls, room_type, photos=tuple(photo.image.url for photo in room_type.photos.all())
        )

    def fits(self, *, adults: int, children: int) -> bool:
        return party_fits(self, adults=adults, children=children)


@dataclass(frozen=True, slots=True)
class PolicyCopy:
    """A cancellation policy (`CancellationPolicy`), with its text for guests."""

    id: int
    name: str
    free_until_days: int | None
    fee_kind: str
    fee_percent: Decimal
    text: str

    @classmethod
    def of(cls, policy: CancellationPolicy) -> PolicyCopy:
        return fields_of(cls, policy, text=policy.describe())

    def describe(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class RatePlanCopy:
    """An active rate plan (`RatePlan`) with its cancellation policy."""

    id: int
    code: str
    name: str
    description: str
    meal_plan: str
    guarantee: str
    deposit_percent: Decimal | None
    sort_order: int
    cancellation_policy: PolicyCopy | None

    @classmethod
    def of(cls, plan: RatePlan) -> RatePlanCopy:
        policy = plan.cancellation_policy
        return fields_of(
            cls, plan, cancellation_policy=PolicyCopy.of(policy) if policy is not None else None
        )


@dataclass(frozen=True, slots=True)
class TaxCopy:
    """An active tax rule (`TaxRule`)."""

    id: int
    name: str
    kind: str
    amount: Decimal
    applies_to_children: bool

    @classmethod
    def of(cls, tax: TaxRule) -> TaxCopy:
        return fields_of(cls, tax)


@dataclass(frozen=True)
class Catalogue:
    profile: ProfileCopy
    room_types: tuple[RoomTypeCopy, ...]
    plans: tuple[RatePlanCopy, ...]
    plan_room_types: Mapping[int, frozenset[int]]
    taxes: tuple[TaxCopy, ...]
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def derived(self, name: str, build: Callable[[Catalogue], T]) -> T:
        """What a caller makes of this catalogue (e.g. the API's fixed parts of an answer),
        made once per copy: it lives and goes with the version."""
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = build(self)
        return found  # type: ignore[no-any-return]


def _load() -> Catalogue:
    room_types = [
        RoomTypeCopy.of(room_type)
        for room_type in RoomType.objects.filter(active=True).prefetch_related(
            Prefetch("photos", queryset=RoomTypePhoto.objects.order_by("sort_order", "id"))
        )
    ]
    plans = list(RatePlan.objects.filter(active=True).select_related("cancellation_policy"))
    sold: dict[int, set[int]] = {plan.id: set() for plan in plans}
    for plan_id, room_type_id in RatePlan.room_types.through.objects.filter(
        rateplan_id__in=list(sold)
    ).values_list("rateplan_id", "roomtype_id"):
        sold[plan_id].add(room_type_id)
    return Catalogue(
        profile=ProfileCopy.of(hotel_profile()),
        room_types=tuple(room_types),
        plans=tuple(RatePlanCopy.of(plan) for plan in plans),
        plan_room_types=MappingProxyType(
            {plan_id: frozenset(ids) for plan_id, ids in sold.items()}
        ),
        taxes=tuple(TaxCopy.of(tax) for tax in TaxRule.objects.filter(active=True)),
    )


def catalogue(copies: Copies[Any] | None = None) -> Catalogue:
    return (copies or OFFER.current()).get("catalogue", _load)


# (min_stay, max_stay, closed, closed_to_arrival, closed_to_departure) of one row
DayRule = tuple[int | None, int | None, bool, bool, bool]


class Night(dict[str, str]):
    """One night's price as the answers show it, `{"date": "2027-03-01", "price": "100.00"}`:
    made once per month copy and shared by every search that prices the night, so it is
    read-only. A dict because every JSON encoder writes one as it is, orjson fastest
    (measured: a dataclass took 3 times as long, one with __slots__ 10 times)."""

    __slots__ = ()

    def __init__(self, date: str, price: str) -> None:
        super().__init__(date=date, price=price)

    @property
    def date(self) -> str:
        return self["date"]

    @property
    def price(self) -> str:
        return self["price"]

    def _read_only(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("a Night is shared between searches: it cannot be changed")

    __setitem__ = __delitem__ = __ior__ = _read_only
    clear = pop = popitem = setdefault = update = _read_only


@dataclass(frozen=True)
class RateMonth:
    """One calendar month of prices and restrictions, every rate plan and room type."""

    first: date
    # (rate plan, room type) -> per day of the month (index = day - 1): the priced night
    # (None: no price); and the running total of the prices before each day (index 0 to
    # days), so any run of nights costs one subtraction (a night without a price is zero)
    nights: Mapping[tuple[int, int], tuple[Night | None, ...]]
    running: Mapping[tuple[int, int], tuple[Decimal, ...]]
    # (room type, rate plan or None) -> restriction rows by date
    restrictions: Mapping[tuple[int, int | None], Mapping[date, DayRule]]


def rate_month(first: date, copies: Copies[Any] | None = None) -> RateMonth:
    return (copies or OFFER.current()).get(("month", first), lambda: _load_month(first))


def _load_month(first: date) -> RateMonth:
    end = next_month(first)
    days = (end - first).days
    nights: dict[tuple[int, int], list[Night | None]] = {}
    amounts: dict[tuple[int, int], list[Decimal]] = {}
    iso = [(first + timedelta(days=n)).isoformat() for n in range(days)]
    seen: dict[str, Decimal] = {}  # one Decimal per distinct price: months repeat a few
    zero = Decimal(0)
    # Plain SQL and tuples: a month is ~2,000 rows and the ORM's row building costs more
    # than PostgreSQL's work. Same tables and filters as the models describe.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rate_plan_id, room_type_id, date, price::text FROM rates_dailyrate "
            "WHERE date >= %s AND date < %s",
            [first, end],
        )
        for plan_id, room_type_id, day, text in cursor.fetchall():
            key = (plan_id, room_type_id)
            if key not in nights:
                nights[key] = [None] * days
                amounts[key] = [zero] * days
            index = day.day - 1
            nights[key][index] = Night(iso[index], text)
            amount = seen.get(text)
            if amount is None:
                amount = seen[text] = Decimal(text)
            amounts[key][index] = amount
        cursor.execute(
            "SELECT room_type_id, rate_plan_id, date, min_stay, max_stay, closed, "
            "closed_to_arrival, closed_to_departure FROM rates_restriction "
            "WHERE date >= %s AND date < %s",
            [first, end],
        )
        restrictions: dict[tuple[int, int | None], dict[date, DayRule]] = {}
        for rt, plan, day, min_stay, max_stay, closed, cta, ctd in cursor.fetchall():
            restrictions.setdefault((rt, plan), {})[day] = (min_stay, max_stay, closed, cta, ctd)
    running: dict[tuple[int, int], tuple[Decimal, ...]] = {}
    for key, per_day in amounts.items():
        totals = [zero]
        for amount in per_day:
            totals.append(totals[-1] + amount)
        running[key] = tuple(totals)
    return RateMonth(
        first=first,
        nights=MappingProxyType({key: tuple(per_day) for key, per_day in nights.items()}),
        running=MappingProxyType(running),
        restrictions=MappingProxyType(
            {key: MappingProxyType(by_day) for key, by_day in restrictions.items()}
        ),
    )


def forget_all() -> None:
    """Drop this process's copies (tests measuring the cold path)."""
    OFFER.forget_all()


def catalogue_changed() -> None:
    """The hotel's catalogue, prices or restrictions changed: every process reloads."""
    OFFER.changed()


def connect_signals() -> None:
    OFFER.follows(
        HotelProfile,
        RoomType,
        RoomTypePhoto,
        RatePlan,
        CancellationPolicy,
        TaxRule,
        DailyRate,
        Restriction,
        m2m=(RatePlan.room_types.through,),
    )
