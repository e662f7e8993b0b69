"""The demo hotel's year of reservations: what `innkeep seed_demo` books so the hotel looks
alive. Half a year back and half a year ahead of the hotel's today: guests who came and
went, guests in house, arriving and leaving today, bookings to come (fewer the further
ahead, as a real hotel fills up), some cancelled, a few no-shows; every guest who arrived
had a room, and most of the coming stays have one already.

Drawn from a seeded random generator: the same database on the same day gets the same year.
Each room is walked through the year, a stay after a gap after a stay, so no room holds two
guests on one night and no night sells more rooms than the calendar has left (what other
bookings and blocks took is counted first). Then `reservations_import` (the reservations'
bulk path) writes it all in a few statements per table, prices from the rates in the
database, with PostgreSQL's constraints as the judge.

Seeded once: a hotel that has reservations from the seed (trail rows by SEED_ACTOR) gets
none added, so a second run changes nothing; a run on a later day leaves the old year as it
is (the front desk moves it on: check-outs, the nightly no-show task).

Call `seed_year(report)` inside the hotel's schema, after the catalogue."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction

from innkeep.core import clock
from innkeep.core.dates import nights as nights_of
from innkeep.demo.catalogue import ADVISORY_LOCK, PAST_DAYS, STOP_SELL, SeedReport
from innkeep.inventory.models import InventoryDay
from innkeep.properties.models import Room, RoomType
from innkeep.properties.selectors import hotel_profile, hotel_today
from innkeep.reservations.booking import Booker, Guest, PartyRequest
from innkeep.reservations.bulk import ImportedReservation, ImportedStay, reservations_import
from innkeep.reservations.codes import ALPHABET, LENGTH
from innkeep.reservations.models import (
    OCCUPYING_STATUSES,
    CancelReason,
    Reservation,
    ReservationEvent,
    ReservationSource,
    RoomAssignment,
    Stay,
)
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.quotes import ExtraRequest

SEED = 20270101
SEED_ACTOR = "seed_demo"  # the trail's actor label: how a later run knows the year is there
FUTURE_DAYS = 182
# (days ahead at most, chance that a room's night is taken): fuller now than in months
OCCUPANCY = ((0, 0.8), (14, 0.75), (45, 0.55), (90, 0.35), (FUTURE_DAYS, 0.18))
LENGTHS, LENGTH_WEIGHTS = (1, 2, 3, 4, 5, 7), (18, 30, 24, 13, 9, 6)
KEEP_UNSOLD = 2
CANCELLED_SHARE, NO_SHOW_SHARE, TWO_ROOMS_SHARE = 0.1, 0.03, 0.08
SOURCES, SOURCE_WEIGHTS = (
    (
        ReservationSource.WEB,
        ReservationSource.PHONE,
        ReservationSource.API,
        ReservationSource.STAFF,
    ),
    (60, 20, 12, 8),
)
FIRST_NAMES = (
    "Ana", "Lucía", "María", "Carmen", "Elena", "Sofía", "Laura", "Marta", "Paula", "Julia",
    "Pablo", "Javier", "Carlos", "Miguel", "Diego", "Álvaro", "Jorge", "Luis", "Hugo", "Daniel",
    "Emma", "Olivia", "Chloé", "Giulia", "Anna", "Sarah", "Noah", "Liam", "Lukas", "Matteo",
    "Pierre", "Thomas", "James", "Oliver", "Sven", "Yuki", "Mei", "Aarav", "Fatima", "Omar",
)  # fmt: skip
LAST_NAMES = (
    "García", "Martínez", "López", "Sánchez", "Pérez", "Gómez", "Fernández", "Ruiz", "Díaz",
    "Moreno", "Muñoz", "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez",
    "Smith", "Johnson", "Brown", "Müller", "Schmidt", "Rossi", "Bianchi", "Dubois", "Martin",
    "Jansen", "de Vries", "Nielsen", "Kowalski", "Silva", "Santos", "O'Brien", "Tanaka", "Chen",
)  # fmt: skip
COMPANIES = ("Acme Ibérica S.L.", "Nordlicht GmbH", "Blue Harbour Ltd", "Estudio Lumen")
REQUESTS = (
    "High floor, please.",
    "Arriving late, around midnight.",
    "A cot for our baby, please.",
    "Quiet room away from the lift.",
    "It's our anniversary!",
    "Gluten-free breakfast if possible.",
)
# extras a stay may take, by chance
EXTRAS = (("PARK", 0.08), ("LATE", 0.05))
BREAKFAST_CHANCE = 0.2  # of room-only stays: breakfast as an extra
PROMO_CHANCE = 0.06  # of flexible and breakfast bookings: the welcome code


@dataclass
class _Slot:
    """A stay drawn on one room's timeline."""

    room_type: RoomType
    room: Room
    check_in: date
    check_out: date


def seed_year(report: SeedReport) -> None:
    """The year of reservations, once (see the module's docstring)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
        if ReservationEvent.objects.filter(actor_label=SEED_ACTOR).exists():
            return
        plan = demo_year(hotel_today(), random.Random(SEED))
        result = reservations_import(reservations=plan, actor=SEED_ACTOR)
        report.added["reservations"] += result.reservations


def year_summary() -> str:
    """The reservations as they stand today, in one line."""
    today = hotel_today()
    stays = Stay.objects.filter(reservation__status__in=OCCUPYING_STATUSES)
    counts = {
        "in house tonight": stays.filter(check_in__lte=today, check_out__gt=today),
        "arriving today": stays.filter(check_in=today),
        "leaving today": stays.filter(check_out=today),
        "rooms assigned ahead": stays.filter(
            check_in__gt=today, assignments__released_at__isnull=True
        ),
    }
    by_status = Counter(Reservation.objects.values_list("status", flat=True))
    return (
        f"reservations: {sum(by_status.values())} "
        f"({by_status[S.CANCELLED]} cancelled, {by_status[S.NO_SHOW]} no-shows); stays: "
        + ", ".join(f"{name} {query.distinct().count()}" for name, query in counts.items())
    )


def demo_year(today: date, rng: random.Random) -> list[ImportedReservation]:
    """The year's reservations, drawn around what the hotel has booked already."""
    tz = ZoneInfo(hotel_profile().timezone)
    draw = _Draw(today=today, rng=rng, tz=tz, now=clock.now())
    slots = list(_slots(today, rng))
    reservations = [draw.reservation(group) for group in _grouped(slots, rng)]
    room_types = [slot.room_type for slot in slots]
    cancelled = round(len(reservations) * CANCELLED_SHARE)
    reservations += [draw.cancelled(rng.choice(room_types)) for _ in range(cancelled)]
    return sorted(reservations, key=lambda r: r.booked_at)


def _slots(today: date, rng: random.Random) -> Iterator[_Slot]:
    """Stays on each sellable room's timeline, within what each night has left to sell."""
    start, end = today - timedelta(days=PAST_DAYS), today + timedelta(days=FUTURE_DAYS)
    # from today on, a few rooms of each type stay unsold: the demo can always be booked
    left: dict[tuple[int, date], int] = {
        (rt, day): total - sold - blocked - (KEEP_UNSOLD if day >= today else 0)
        for rt, day, total, sold, blocked in InventoryDay.objects.filter(
            date__gte=start, date__lt=end
        ).values_list("room_type_id", "date", "total", "sold", "blocked")
    }
    busy = {
        (room, day)
        for room, first, last in RoomAssignment.objects.filter(
            released_at__isnull=True, end__gt=start, start__lt=end
        ).values_list("room_id", "start", "end")
        for day in nights_of(first, last)
    }
    stop_day, stop_codes = STOP_SELL
    rooms = Room.objects.select_related("room_type").order_by("room_type__sort_order", "number")
    taken: Counter[tuple[int, date]] = Counter()
    for room in rooms:
        if not room.sellable:
            continue
        day = start + timedelta(days=rng.randint(0, 3))
        while day < end:
            ahead = (day - today).days
            chance = next(p for days, p in OCCUPANCY if ahead <= days)
            if rng.random() > chance:
                day += timedelta(days=rng.choice((1, 1, 2, 3)))
                continue
            length = min(rng.choices(LENGTHS, LENGTH_WEIGHTS)[0], (end - day).days)
            nights = nights_of(day, day + timedelta(days=length))
            rt = room.room_type
            if any(
                (room.pk, n) in busy
                or taken[(rt.pk, n)] >= left.get((rt.pk, n), 1_000_000)
                or (rt.code in stop_codes and (n.month, n.day) == stop_day)
                for n in nights
            ):
                day += timedelta(days=1)
                continue
            taken.update((rt.pk, n) for n in nights)
            yield _Slot(rt, room, day, nights[-1] + timedelta(days=1))
            day += timedelta(days=length)


def _grouped(slots: list[_Slot], rng: random.Random) -> Iterator[list[_Slot]]:
    """One slot a reservation, some two with the same dates (a family, colleagues)."""
    by_dates: dict[tuple[date, date], list[_Slot]] = {}
    for slot in slots:
        by_dates.setdefault((slot.check_in, slot.check_out), []).append(slot)
    for group in by_dates.values():
        while group:
            size = 2 if len(group) > 1 and rng.random() < TWO_ROOMS_SHARE * 2 else 1
            yield [group.pop() for _ in range(size)]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and c.isascii()).lower()


@dataclass
class _Draw:
    """Draws the details of each reservation: people, plan, status, times."""

    today: date
    rng: random.Random
    tz: ZoneInfo
    now: datetime

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        """That hotel-local time, or a minute ago if it has not come yet."""
        moment = datetime.combine(day, time(hour, minute), tzinfo=self.tz)
        return min(moment, self.now - timedelta(minutes=1))

    def person(self) -> tuple[str, str]:
        return self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)

    def booker(self) -> Booker:
        first, last = self.person()
        number = self.rng.randint(1, 99)
        return Booker(
            first_name=first,
            last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}{number}@example.com",
            phone=f"+346{self.rng.randint(10_000_000, 99_999_999)}"
            if self.rng.random() < 0.8
            else "",
            company=self.rng.choice(COMPANIES) if self.rng.random() < 0.1 else "",
        )

    def code(self) -> str:
        return "".join(self.rng.choice(ALPHABET) for _ in range(LENGTH))

    def booked(self, check_in: date, source: str) -> datetime:
        """When it was booked: days or weeks before arrival (never after now)."""
        if source == ReservationSource.WALK_IN:
            return self.at(check_in, self.rng.randint(16, 22), self.rng.randint(0, 59))
        lead = int(self.rng.expovariate(1 / 21))
        day = max(check_in - timedelta(days=lead), self.today - timedelta(days=PAST_DAYS + 60))
        return self.at(min(day, self.today), self.rng.randint(7, 23), self.rng.randint(0, 59))

    def stay(self, slot: _Slot, plan: str, booker: Booker, first: bool, room: bool) -> ImportedStay:
        rt = slot.room_type
        adults = self.rng.randint(1, min(rt.max_adults, 2)) if rt.max_adults > 1 else 1
        children = self.rng.randint(0, rt.max_children) if rt.max_children else 0
        children = min(children, rt.max_occupancy - adults)
        guest = None if first else Guest(*self.person())
        family = booker.last_name if guest is None else guest.last_name
        party = [
            PartyRequest(self.rng.choice(FIRST_NAMES), family, is_child=n >= adults - 1)
            for n in range(adults + children - 1)
            if self.rng.random() < 0.5
        ]
        extras = [ExtraRequest(code) for code, chance in EXTRAS if self.rng.random() < chance]
        if plan != "BB" and self.rng.random() < BREAKFAST_CHANCE:
            extras.append(ExtraRequest("BRK"))
        return ImportedStay(
            room_type=rt.code,
            rate_plan=plan,
            check_in=slot.check_in,
            check_out=slot.check_out,
            adults=adults,
            children=children,
            guest=guest,
            party=party,
            extras=extras,
            room=slot.room.number if room else "",
        )

    def plan(self, room_types: list[RoomType]) -> str:
        plans = (
            ["BAR", "BB"] if any(rt.code == "STE" for rt in room_types) else ["BAR", "NRF", "BB"]
        )
        return self.rng.choices(plans, (50, 25, 25)[: len(plans)])[0]

    def status(self, check_in: date, check_out: date, single: bool) -> tuple[str, bool]:
        """The status the dates call for, and whether the rooms are given yet."""
        if check_in > self.today:
            ahead = (check_in - self.today).days
            return S.CONFIRMED, self.rng.random() < (0.7 if ahead <= 7 else 0.25)
        if check_in < self.today and single and self.rng.random() < NO_SHOW_SHARE:
            return S.NO_SHOW, False
        if check_out < self.today or (check_out == self.today and self.rng.random() < 0.5):
            return S.CHECKED_OUT, True
        if check_in < self.today or self.rng.random() < 0.3:  # early arrivals today
            return S.CHECKED_IN, True
        return S.CONFIRMED, self.rng.random() < 0.8  # arriving later today

    def reservation(self, slots: list[_Slot]) -> ImportedReservation:
        check_in, check_out = slots[0].check_in, slots[0].check_out
        booker = self.booker()
        plan = self.plan([slot.room_type for slot in slots])
        status, rooms = self.status(check_in, check_out, single=len(slots) == 1)
        same_day = check_in <= self.today and self.rng.random() < 0.05
        source = ReservationSource.WALK_IN if same_day else self.source()
        booked_at = self.booked(check_in, source)
        moved_at = self.moves(status, booked_at, check_in, check_out, rooms)
        return ImportedReservation(
            code=self.code(),
            status=status,
            source=source,
            booker=booker,
            stays=[
                self.stay(slot, plan, booker, first=n == 0, room=rooms)
                for n, slot in enumerate(slots)
            ],
            booked_at=booked_at,
            moved_at=moved_at,
            promo_code="WELCOME10" if plan != "NRF" and self.rng.random() < PROMO_CHANCE else "",
            special_requests=self.rng.choice(REQUESTS) if self.rng.random() < 0.15 else "",
            language=self.rng.choice(("es", "en", "en", "de", "fr")),
        )

    def source(self) -> str:
        return self.rng.choices(SOURCES, SOURCE_WEIGHTS)[0]

    def moves(
        self, status: str, booked_at: datetime, check_in: date, check_out: date, rooms: bool
    ) -> dict[str, datetime]:
        """When each step happened, in order: booked, confirmed (paid), room given, arrived,
        left; or marked a no-show the night after the arrival day."""
        moved: dict[str, datetime] = {
            S.CONFIRMED: booked_at + timedelta(minutes=self.rng.randint(1, 10))
        }
        later = moved[S.CONFIRMED]
        if rooms:
            later = moved["assigned"] = max(later, self.at(check_in - timedelta(days=1), 18))
        if status in (S.CHECKED_IN, S.CHECKED_OUT):
            arrival = self.at(check_in, self.rng.randint(14, 21), self.rng.randint(0, 59))
            later = moved[S.CHECKED_IN] = max(later + timedelta(minutes=5), arrival)
        if status == S.CHECKED_OUT:
            departure = self.at(check_out, self.rng.randint(7, 11), self.rng.randint(0, 59))
            moved[S.CHECKED_OUT] = max(later + timedelta(minutes=5), departure)
        if status == S.NO_SHOW:
            moved[S.NO_SHOW] = self.at(check_in + timedelta(days=1), 3)
        return {step: min(at, self.now) for step, at in moved.items()}

    def cancelled(self, room_type: RoomType) -> ImportedReservation:
        """A booking cancelled before its arrival (free with the flexible rates)."""
        start = self.today - timedelta(days=PAST_DAYS)
        check_in = start + timedelta(days=self.rng.randrange(PAST_DAYS + FUTURE_DAYS - 7))
        nights = self.rng.choices(LENGTHS, LENGTH_WEIGHTS)[0]
        slot = _Slot(room_type, Room(), check_in, check_in + timedelta(days=nights))
        booker = self.booker()
        plan = self.rng.choice(("BAR", "BB"))  # the flexible rates, free to cancel
        source = self.source()
        booked_at = self.booked(check_in, source)
        until = min(self.at(check_in, 12), self.now - timedelta(minutes=1))
        span = max((until - booked_at).total_seconds(), 60.0)
        cancelled_at = booked_at + timedelta(seconds=self.rng.uniform(60.0, span))
        return ImportedReservation(
            code=self.code(),
            status=S.CANCELLED,
            source=source,
            booker=booker,
            stays=[self.stay(slot, plan, booker, first=True, room=False)],
            booked_at=booked_at,
            moved_at={
                S.CONFIRMED: booked_at + timedelta(minutes=2),
                S.CANCELLED: min(max(cancelled_at, booked_at + timedelta(minutes=3)), self.now),
            },
            cancel_reason=CancelReason.GUEST if self.rng.random() < 0.9 else CancelReason.HOTEL,
            language=self.rng.choice(("es", "en", "de")),
        )
