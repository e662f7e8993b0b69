"""Booking through HTTP (issue 12): `POST /api/v1/public/reservations/` against gunicorn run
with production's settings file (docker/gunicorn.conf.py: gthread, 2 workers x 4 threads,
for 2 cores), 32 concurrent clients, bodies with explicit rooms (priced and held from the
database inside the booking), no Idempotency-Key.

The hotel: 10 room types of 30 rooms ("S01".."S10") sold by two rate plans (BAR, confirmed
at once; NRF, prepaid: pending_payment with a hold), one room type of 1,000 rooms ("BIG")
and one of 60 rooms ("LAST") of which 40 are already booked on the nights of case (c); a
year of prices and calendar, VAT.

- (a) spread: stays of 1 to 4 nights on random dates of the year, random room type and plan;
- (b) hot: every booking on the same 2 nights of BIG (800 bookings for its 1,000 rooms: none
  may be refused);
- (c) last rooms: 200 bookings for LAST's last 20 rooms on 2 nights: exactly 20 must win;
- (b) again, on 2 other nights of BIG, against the lock-and-fail competitor
  (tests/benchmarks/lock_and_fail.py), served by its own gunicorn with the same settings.

After the HTTP runs, in this process: overbookings (tests.benchmarks.booking.overbookings:
the calendar recounted from the reservations, and every night's occupying stays against its
rooms), each case's sold nights against its 201 answers, and the first availability search
after a booking.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from innkeep.core.dates import next_month
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import NoAvailability, inventory_extend_horizon
from innkeep.properties.models import Room, RoomType
from innkeep.properties.selectors import hotel_today
from innkeep.rates.availability import search
from innkeep.rates.models import CancellationPolicy, Guarantee, MealPlan, RatePlan, TaxKind, TaxRule
from innkeep.rates.services import rates_bulk_set
from innkeep.reservations.booking import Booker, RoomRequest, reservation_create
from innkeep.reservations.models import OCCUPYING_STATUSES
from innkeep.reservations.recount import recount_inventory
from innkeep.tenancy.services import hotel_signup
from tests.benchmarks import db, http_load
from tests.benchmarks.availability import AFTER_BOOKING_MS, Part, part_database, using_database
from tests.benchmarks.lock_and_fail import INVENTORY_LOCKED
from tests.benchmarks.provisioning import FAST_HASHERS, signup_data
from tests.benchmarks.stats import Row, Target, median_ms, progress

SUBDOMAIN = "book-hotel"
PATH = "/api/v1/public/reservations/"
SPREAD_TYPES = 10
SPREAD_ROOMS = 30
BIG_UNITS = 1000
LAST_ROOMS = 60
LAST_LEFT = 20
CALENDAR_DAYS = 400
SPREAD_ARRIVALS = 360  # arrivals from tomorrow on, within the priced year
HOT_ARRIVAL = 30  # (b), days from today; 2 nights
LOCK_ARRIVAL = 60  # (b) against lock-and-fail, 2 other nights of BIG
LAST_ARRIVAL = 45  # (c)
HOT_BOOKINGS = 800  # fewer than BIG's rooms: every one must be taken
LAST_BOOKINGS = 200
WARMUP = 200  # untimed spread bookings per server: each worker loads its copies
SEARCHES_AFTER_BOOKING = 50
NO_AVAILABILITY = "NO_AVAILABILITY"
SEED = 12_2027

# Production's gunicorn: docker/gunicorn.conf.py (gthread, keep-alive, preloaded app,
# JSON logs) with its defaults of 2 workers x 4 threads.
SERVER = http_load.ServerConfig("gthread", 2, 4, conf_file="docker/gunicorn.conf.py")
LOCK_AND_FAIL_SERVER = http_load.ServerConfig(
    "gthread",
    2,
    4,
    conf_file="docker/gunicorn.conf.py",
    app="tests.benchmarks.lock_and_fail_wsgi:application",
)
TARGET_SPREAD_PER_SECOND = 150.0


# --- the hotel ----------------------------------------------------------------------------


@dataclass
class BookingHotel:
    schema: str
    host: str
    today: date
    spread_codes: list[str]
    room_type_ids: dict[str, int]
    build_seconds: float


def build() -> BookingHotel:
    """Sign up the bench hotel and fill it. Runs in the current `default` database."""
    started = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        hotel = hotel_signup(**signup_data(SUBDOMAIN)).hotel
    with schema_context(hotel.schema_name):
        today = hotel_today()
        sizes = {f"S{n:02d}": SPREAD_ROOMS for n in range(1, SPREAD_TYPES + 1)}
        sizes |= {"BIG": BIG_UNITS, "LAST": LAST_ROOMS}
        room_types = RoomType.objects.bulk_create(
            RoomType(
                code=code,
                name=f"Room type {code}",
                max_adults=2,
                max_children=1,
                max_occupancy=3,
                bed_setup="1 double bed",
                sort_order=order,
            )
            for order, code in enumerate(sizes)
        )
        Room.objects.bulk_create(
            Room(number=f"{rt.code}-{i:04d}", floor=1 + i // 100, room_type=rt)
            for rt in room_types
            for i in range(1, sizes[rt.code] + 1)
        )
        flexible = CancellationPolicy.objects.create(name="Flexible", free_until_days=2)
        strict = CancellationPolicy.objects.create(name="Non-refundable", free_until_days=None)
        spread = [rt for rt in room_types if rt.code.startswith("S")]
        bar = RatePlan.objects.create(
            code="BAR", name="Best available", meal_plan=MealPlan.ROOM_ONLY,
            cancellation_policy=flexible, guarantee=Guarantee.NONE, sort_order=0,
        )  # fmt: skip
        nrf = RatePlan.objects.create(
            code="NRF", name="Non-refundable", meal_plan=MealPlan.ROOM_ONLY,
            cancellation_policy=strict, guarantee=Guarantee.PREPAY, sort_order=1,
        )  # fmt: skip
        bar.room_types.set(room_types)
        nrf.room_types.set(spread)
        last = today + timedelta(days=CALENDAR_DAYS - 1)
        for plan in (bar, nrf):
            for number, room_type in enumerate(plan.room_types.all()):
                base = Decimal(90 + 5 * number) * (Decimal("0.85") if plan is nrf else 1)
                rates_bulk_set(
                    rate_plan=plan,
                    room_types=[room_type],
                    date_from=today,
                    date_to=last,
                    weekdays=None,
                    price=base.quantize(Decimal("1")),
                )
        TaxRule.objects.create(name="VAT", kind=TaxKind.PERCENT, amount=Decimal("10"))
        inventory_extend_horizon(days=CALENDAR_DAYS)
        arrival = today + timedelta(days=LAST_ARRIVAL)
        for n in range(LAST_ROOMS - LAST_LEFT):  # LAST is booked but for its last rooms
            reservation_create(
                check_in=arrival,
                check_out=arrival + timedelta(days=2),
                booker=Booker(first_name="Early", last_name=f"Bird {n}", email=f"e{n}@bench.test"),
                rooms=[RoomRequest(room_type="LAST", rate_plan="BAR", adults=2)],
                source="web",
                actor="guest",
            )
        return BookingHotel(
            schema=hotel.schema_name,
            host=f"{SUBDOMAIN}.{settings.ROOT_DOMAIN}",
            today=today,
            spread_codes=[rt.code for rt in spread],
            room_type_ids={rt.code: rt.pk for rt in room_types},
            build_seconds=time.perf_counter() - started,
        )


# --- the requests -------------------------------------------------------------------------


def booking_body(
    *, number: int, check_in: date, nights: int, room_type: str, rate_plan: str, adults: int
) -> bytes:
    """What a booking page posts: explicit rooms (priced in the booking), a booker with an
    E.164 phone, the booker staying in the room."""
    return json.dumps(
        {
            "check_in": check_in.isoformat(),
            "check_out": (check_in + timedelta(days=nights)).isoformat(),
            "booker": {
                "first_name": "Guest",
                "last_name": f"Number {number}",
                "email": f"guest{number}@bench.test",
                "phone": "+34612345678",
            },
            "rooms": [
                {"room_type": room_type, "rate_plan": rate_plan, "adults": adults, "children": 0}
            ],
            "special_requests": "",
        }
    ).encode()


def spread_bodies(rng: random.Random, bench: BookingHotel, count: int, first: int) -> list[bytes]:
    return [
        booking_body(
            number=first + n,
            check_in=bench.today + timedelta(days=rng.randrange(1, SPREAD_ARRIVALS)),
            nights=rng.choice((1, 2, 2, 3, 3, 4)),
            room_type=rng.choice(bench.spread_codes),
            rate_plan=rng.choice(("BAR", "BAR", "NRF")),
            adults=rng.choice((1, 2, 2)),
        )
        for n in range(count)
    ]


def same_stay_bodies(
    bench: BookingHotel, count: int, first: int, *, room_type: str, arrival: int
) -> list[bytes]:
    return [
        booking_body(
            number=first + n,
            check_in=bench.today + timedelta(days=arrival),
            nights=2,
            room_type=room_type,
            rate_plan="BAR",
            adults=2,
        )
        for n in range(count)
    ]


def error_code(answer: http_load.Answer) -> str:
    try:
        return str(json.loads(answer.body)["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {answer.status} (no error code)"


@dataclass
class Case:
    label: str
    answers: list[http_load.Answer]
    seconds: float
    sent: int

    @property
    def latencies_ns(self) -> list[int]:
        return [a.latency_ns for a in self.answers]

    @property
    def booked(self) -> int:
        return sum(a.status == 201 for a in self.answers)

    @cached_property
    def refusals(self) -> Counter[str]:
        """Error code -> answers, for every answer but a 201."""
        return Counter(error_code(a) for a in self.answers if a.status != 201)

    def errors(self, *allowed: str) -> int:
        """Answers that are neither a booking nor one of the `allowed` refusals."""
        return sum(n for code, n in self.refusals.items() if code not in allowed)

    @property
    def per_second(self) -> float:
        return self.booked / self.seconds if self.seconds else 0.0


def post_all(
    *, port: int, bench: BookingHotel, bodies: list[bytes], clients: int, seconds: float, seed: int
) -> tuple[list[http_load.Answer], float]:
    addresses = http_load.client_addresses(seed, len(bodies))
    requests = [
        http_load.post_request(path=PATH, host=bench.host, address=address, body=body)
        for body, address in zip(bodies, addresses, strict=True)
    ]
    answers, wall, _ = http_load.send_all(
        port=port, requests=requests, clients=clients, seconds=seconds
    )
    return answers, wall


def run_case(
    label: str, *, port: int, bench: BookingHotel, bodies: list[bytes], clients: int,
    seconds: float = 0, seed: int,
) -> Case:  # fmt: skip
    answers, wall = post_all(
        port=port, bench=bench, bodies=bodies, clients=clients, seconds=seconds, seed=seed
    )
    case = Case(label=label, answers=answers, seconds=wall, sent=len(answers))
    refused = ", ".join(f"{code} x{n}" for code, n in case.refusals.most_common()) or "none"
    progress(
        f"booking {label}: {len(answers)} answers in {wall:.1f} s, {case.booked} booked"
        f" ({case.per_second:.0f}/s); refused: {refused}"
    )
    return case


@dataclass
class HttpCases:
    spread: Case
    hot: Case
    last: Case
    lock_and_fail: Case
    warmups: list[Case] = field(default_factory=list)


def run_http(args: argparse.Namespace, bench: BookingHotel, database_url: str) -> HttpCases:
    """innkeep's server: warm-up, (a), (b), (c); then the lock-and-fail server: warm-up, (b)
    on other nights. Each server is stopped before the next starts."""
    clients = args.booking_clients
    rng = random.Random(SEED)
    cache_prefix = f"bench-booking-{os.getpid()}"
    static_root = tempfile.TemporaryDirectory(prefix="innkeep-bench-static-")
    env = http_load.server_env(
        database_url=database_url,
        root_domain=settings.ROOT_DOMAIN,
        cache_prefix=cache_prefix,
        static_root=static_root.name,
    )
    numbers = iter(range(1, 10**9, 100_000))  # booker numbers: a block per request list
    warmups: list[Case] = []

    def warm_up(label: str, port: int, seed: int) -> None:
        """Untimed spread bookings: each worker loads its copies and opens its connection."""
        bodies = spread_bodies(rng, bench, WARMUP, next(numbers))
        warmups.append(
            run_case(label, port=port, bench=bench, clients=clients, seed=seed, bodies=bodies)
        )

    def same_stay(count: int, room_type: str, arrival: int) -> list[bytes]:
        return same_stay_bodies(bench, count, next(numbers), room_type=room_type, arrival=arrival)

    try:
        progress(f"booking: gunicorn {SERVER.label} ({SERVER.conf_file}); {clients} clients")
        with http_load.gunicorn(SERVER, env) as port:
            http_load.wait_until_ready(port, bench.host, "/api/v1/public/hotel/")
            warm_up("warm-up (spread)", port, seed=1)
            spread = run_case(
                "(a) spread", port=port, bench=bench, clients=clients, seed=2,
                seconds=args.booking_seconds,
                bodies=spread_bodies(rng, bench, args.booking_requests, next(numbers)),
            )  # fmt: skip
            hot = run_case(
                "(b) same 2 nights", port=port, bench=bench, clients=clients, seed=3,
                bodies=same_stay(HOT_BOOKINGS, "BIG", HOT_ARRIVAL),
            )  # fmt: skip
            last = run_case(
                "(c) last 20 units", port=port, bench=bench, clients=clients, seed=4,
                bodies=same_stay(LAST_BOOKINGS, "LAST", LAST_ARRIVAL),
            )  # fmt: skip
        progress(f"booking: gunicorn {LOCK_AND_FAIL_SERVER.label}, lock-and-fail holds")
        with http_load.gunicorn(LOCK_AND_FAIL_SERVER, env) as port:
            http_load.wait_until_ready(port, bench.host, "/api/v1/public/hotel/")
            warm_up("lock-and-fail warm-up (spread)", port, seed=5)
            lock_and_fail = run_case(
                "(b) lock-and-fail", port=port, bench=bench, clients=clients, seed=6,
                bodies=same_stay(HOT_BOOKINGS, "BIG", LOCK_ARRIVAL),
            )  # fmt: skip
    finally:
        http_load.forget_cache_keys(env["REDIS_URL"], cache_prefix)
        static_root.cleanup()
    return HttpCases(
        spread=spread, hot=hot, last=last, lock_and_fail=lock_and_fail, warmups=warmups
    )


# --- checking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Oversold:
    room_type_id: int
    night: date
    booked: int  # occupying stays on the night
    rooms: int  # the calendar's total


@dataclass(frozen=True)
class Overbookings:
    """What would show an overbooking: the calendar differing from the reservations
    (`drifts`, innkeep.reservations.recount), and nights where the occupying stays
    outnumber the rooms (`oversold`), counted from the stays alone."""

    drifts: int
    oversold: list[Oversold]

    @property
    def count(self) -> int:
        return self.drifts + len(self.oversold)


def overbookings(*, room_type_ids: list[int] | None = None) -> Overbookings:
    """Of the current hotel, or of these room types. Runs in the hotel's schema."""
    drifts = [
        d
        for d in recount_inventory().drifts
        if room_type_ids is None or d.room_type_id in room_type_ids
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.room_type_id, g.night::date, count(*), coalesce(max(d.total), 0)
              FROM reservations_stay s
              JOIN reservations_reservation r ON r.id = s.reservation_id
             CROSS JOIN LATERAL generate_series(
                   s.check_in, s.check_out - 1, interval '1 day') AS g(night)
              LEFT JOIN inventory_inventoryday d
                ON d.room_type_id = s.room_type_id AND d.date = g.night::date
             WHERE r.status = ANY(%s)
               AND (%s::bigint[] IS NULL OR s.room_type_id = ANY(%s::bigint[]))
             GROUP BY 1, 2
            HAVING count(*) > coalesce(max(d.total), 0)
             ORDER BY 1, 2
            """,
            [list(OCCUPYING_STATUSES), room_type_ids, room_type_ids],
        )
        oversold = [Oversold(*row) for row in cursor.fetchall()]
    return Overbookings(drifts=len(drifts), oversold=oversold)


def sold_on(room_type_id: int, check_in: date, nights: int) -> list[int]:
    return list(
        InventoryDay.objects.filter(
            room_type_id=room_type_id,
            date__gte=check_in,
            date__lt=check_in + timedelta(days=nights),
        )
        .order_by("date")
        .values_list("sold", flat=True)
    )


@dataclass
class Checks:
    spread: Overbookings
    big: Overbookings
    last: Overbookings
    hotel: Overbookings
    hot_sold: list[int]
    lock_sold: list[int]
    last_sold: list[int]


def check(bench: BookingHotel) -> Checks:
    ids = bench.room_type_ids
    today = bench.today
    with schema_context(bench.schema):
        return Checks(
            spread=overbookings(room_type_ids=[ids[code] for code in bench.spread_codes]),
            big=overbookings(room_type_ids=[ids["BIG"]]),
            last=overbookings(room_type_ids=[ids["LAST"]]),
            hotel=overbookings(),
            hot_sold=sold_on(ids["BIG"], today + timedelta(days=HOT_ARRIVAL), 2),
            lock_sold=sold_on(ids["BIG"], today + timedelta(days=LOCK_ARRIVAL), 2),
            last_sold=sold_on(ids["LAST"], today + timedelta(days=LAST_ARRIVAL), 2),
        )


# --- the first search after a booking, in process -----------------------------------------


def search_after_booking(bench: BookingHotel, rounds: int) -> list[int]:
    """Book one room in this process (untimed; its commit moves the calendar's version),
    then time the first availability search (7 nights, 2 adults) on the same dates: it reads
    the rooms left of the months it touches again. The copies of the prices, restrictions and
    catalogue stay warm, as on a busy server. ns per search."""
    rng = random.Random(SEED + 1)
    samples = []
    with schema_context(bench.schema):
        day = bench.today + timedelta(days=1)
        while day < bench.today + timedelta(days=SPREAD_ARRIVALS):  # warm: every month
            search(check_in=day, check_out=day + timedelta(days=7), adults=2, children=0)
            day = next_month(day.replace(day=1))
        for n in range(rounds):
            arrival = bench.today + timedelta(days=rng.randrange(1, SPREAD_ARRIVALS - 7))
            departure = arrival + timedelta(days=7)
            try:
                reservation_create(
                    check_in=arrival,
                    check_out=departure,
                    booker=Booker(first_name="In", last_name=f"Process {n}", email="i@bench.test"),
                    rooms=[RoomRequest(room_type=rng.choice(bench.spread_codes), rate_plan="BAR",
                                       adults=2)],
                    source="web",
                    actor="guest",
                )  # fmt: skip
            except NoAvailability:
                continue
            started = time.perf_counter_ns()
            search(check_in=arrival, check_out=departure, adults=2, children=0)
            samples.append(time.perf_counter_ns() - started)
        connection.set_schema_to_public()
    return samples


# --- the part of `make bench` -------------------------------------------------------------


def part(args: argparse.Namespace, url: str) -> Part:
    """Build the booking hotel in its own database, measure, check, drop the database."""
    with part_database(url, suffix="booking", label="booking") as (name, booking_url):
        with using_database(name):
            progress("booking: building the hotel")
            bench = build()
        db.vacuum_analyze(url, name)
        cases = run_http(args, bench, booking_url)
        with using_database(name):
            progress(f"booking: {SEARCHES_AFTER_BOOKING} searches after a booking, in process")
            after = search_after_booking(bench, SEARCHES_AFTER_BOOKING)
            progress("booking: overbookings (recount and stays per night)")
            checks = check(bench)
    return Part(rows=rows(cases, checks, after), notes=notes(bench, cases, checks, args))


def _overbooking_target(found: Overbookings) -> Target:
    return Target(
        f"overbookings: {len(found.oversold)} nights, {found.drifts} drifts", found.count == 0
    )


def _errors_target(case: Case) -> Target:
    errors = case.errors(NO_AVAILABILITY)
    return Target(f"errors other than NO_AVAILABILITY: {errors}", errors == 0)


def refused_with_rooms_left(case: Case, sold: list[int]) -> int:
    """Refusals (NO_AVAILABILITY or the competitor's INVENTORY_LOCKED) of a case whose
    sold count never reached the rooms: every one came while rooms were left."""
    if not sold or max(sold) >= BIG_UNITS:
        return 0  # it sold out: refusals may have been right
    return case.refusals[NO_AVAILABILITY] + case.refusals[INVENTORY_LOCKED]


def rows(cases: HttpCases, checks: Checks, after: list[int]) -> list[Row]:
    spread, hot, last, lock = cases.spread, cases.hot, cases.last, cases.lock_and_fail
    half = spread.per_second / 2
    hot_refused = refused_with_rooms_left(hot, checks.hot_sold)
    lock_refused = refused_with_rooms_left(lock, checks.lock_sold)
    newly_sold = min(checks.last_sold, default=0) - (LAST_ROOMS - LAST_LEFT)
    out = [
        Row(
            f"booking (a) spread: {spread.per_second:.0f} bookings/s",
            spread.latencies_ns,
            "baseline",
            [
                Target(
                    f">= {TARGET_SPREAD_PER_SECOND:.0f} bookings/s",
                    spread.per_second >= TARGET_SPREAD_PER_SECOND,
                ),
                _errors_target(spread),
                _overbooking_target(checks.spread),
            ],
        ),
        Row(
            f"booking (b) same 2 nights: {hot.per_second:.0f} bookings/s",
            hot.latencies_ns,
            f"{hot.per_second / spread.per_second:.2f} of (a)" if spread.per_second else "-",
            [
                Target(f">= half of (a) ({half:.0f}/s)", hot.per_second >= half),
                _errors_target(hot),
                Target(f"refused with rooms left: {hot_refused}", hot_refused == 0),
                Target(
                    f"sold = bookings ({checks.hot_sold} vs {hot.booked})",
                    checks.hot_sold == [hot.booked] * 2,
                ),
                _overbooking_target(checks.big),
            ],
        ),
        Row(
            f"booking (c) last 20 units: {last.booked} sold",
            last.latencies_ns,
            "-",
            [
                Target(
                    f"exactly {LAST_LEFT} sold ({last.booked} answers 201, calendar +{newly_sold})",
                    last.booked == LAST_LEFT == newly_sold,
                ),
                _errors_target(last),
                _overbooking_target(checks.last),
            ],
        ),
        Row(
            f"booking (b) lock-and-fail (NOWAIT): {lock.per_second:.0f} bookings/s",
            lock.latencies_ns,
            f"refused {lock_refused} of {lock.sent}",
            [
                Target(
                    f"for comparison: {lock_refused} refused with rooms left, {lock.booked} booked",
                    True,
                )
            ],
        ),
        Row(
            "booking: first search() after a booking, in process (7 nights)",
            after,
            "-",
            [
                Target(
                    f"median < {AFTER_BOOKING_MS:.0f} ms",
                    median_ms(after) < AFTER_BOOKING_MS,
                )
            ],
        ),
    ]
    return out


def notes(
    bench: BookingHotel, cases: HttpCases, checks: Checks, args: argparse.Namespace
) -> list[str]:
    lock = cases.lock_and_fail
    lock_other = lock.errors(NO_AVAILABILITY, INVENTORY_LOCKED)
    return [
        f"  - booking hotel: {SPREAD_TYPES} room types x {SPREAD_ROOMS} rooms (BAR confirmed,"
        f" NRF prepaid: pending_payment), BIG {BIG_UNITS} rooms, LAST {LAST_ROOMS} rooms"
        f" ({LAST_ROOMS - LAST_LEFT} booked",
        f"    on (c)'s nights), {CALENDAR_DAYS} days of prices and calendar; built in"
        f" {bench.build_seconds:.1f} s.",
        f"  - booking: POST {PATH} through gunicorn {SERVER.label} with {SERVER.conf_file}"
        f" (settings tests.benchmarks.settings: production's, public throttles lifted),",
        f"    {args.booking_clients} keep-alive clients (one thread), explicit rooms, no"
        " Idempotency-Key; bookings/s = 201 answers / wall-clock; latency of every answer"
        " (201 and 409).",
        f"    (a) up to {args.booking_requests} bookings or {args.booking_seconds:.0f} s,"
        " stays of 1-4 nights over a year, 10 room types, 2 plans, 1-2 adults;"
        f" (b) {HOT_BOOKINGS} on 2 nights of BIG;",
        f"    (c) {LAST_BOOKINGS} for LAST's last {LAST_LEFT} rooms; {WARMUP} untimed spread"
        " bookings first on each server.",
        "  - lock-and-fail (tests/benchmarks/lock_and_fail.py, bench only): the same"
        " application with the hold replaced by SELECT ... FOR UPDATE NOWAIT on the nights,",
        "    a check in Python and an UPDATE; a taken lock refuses the booking (409"
        f" {INVENTORY_LOCKED}). Its (b) ran on 2 other nights of BIG, after the others;"
        f" answers other than 201, {NO_AVAILABILITY}",
        f"    and {INVENTORY_LOCKED}: {lock_other}; refusals: {dict(lock.refusals)}.",
        f"  - overbookings, whole hotel after every run: {len(checks.hotel.oversold)} nights"
        f" with more occupying stays than rooms, {checks.hotel.drifts} calendar drifts"
        " (recount_inventory).",
        f"  - sold on the nights of (b) {checks.hot_sold}, lock-and-fail {checks.lock_sold},"
        f" (c) {checks.last_sold} (of {BIG_UNITS}, {BIG_UNITS}, {LAST_ROOMS}).",
        f"  - refusals: (a) {dict(cases.spread.refusals)}, (b) {dict(cases.hot.refusals)},"
        f" (c) {dict(cases.last.refusals)}.",
        f"  - first search() after a booking: {SEARCHES_AFTER_BOOKING} rounds of one booking"
        " in this process (untimed) then search() on its dates, after a warm-up through"
        " every month.",
    ]
