"""Importing reservations in bulk: a hotel's history (the demo's year, a move from another
system), thousands at once, where `reservation_create` one by one would take minutes.

`reservations_import` takes each reservation as it stands now (its status, rooms, and when
each step happened) and writes, in one transaction and a few statements per table: the
reservations, stays (priced from the rates in the database, as a booking is), extras, party,
room assignments, the trail (`ReservationEvent`, one row per step, as the services would
have left it), the promo codes' use, and the inventory calendar's counts. PostgreSQL stays
the judge, as for a single booking: the calendar's CHECK (sold + blocked <= total) refuses
an overbooking (409 NO_AVAILABILITY), the exclusion constraint a room given twice on one
night (409 ROOM_OVERLAP_CONFLICT), the promo code's CHECK a use past its limit. A refusal
anywhere leaves nothing behind.

No outbox events: an import is history, not news. The outbox's consumers (messages,
payments, webhooks) act on what just happened: they would mail thousands of guests about
stays long over, charge old bookings again and flood the hotel's webhooks. The trail keeps
every step for the staff to read.

Past nights get calendar rows where they have none (an import's history is older than the
calendar, which starts on the day the hotel signed up); a night from today on must be in the
calendar already (NO_AVAILABILITY otherwise)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import JSONField
from django.utils import timezone

from innkeep.core.audit import jsonable
from innkeep.core.dates import nights as nights_of
from innkeep.core.errors import ValidationFailed
from innkeep.inventory.free_rooms import inventory_changed
from innkeep.inventory.services import NoAvailability
from innkeep.properties.models import Extra, Room, RoomType
from innkeep.properties.selectors import hotel_profile, hotel_today, sellable_rooms
from innkeep.rates.models import DailyRate, Guarantee, PromoCode, RatePlan, TaxKind, TaxRule
from innkeep.rates.pricing import ZERO, discount_for, extra_line, money, taxes_for
from innkeep.reservations.assignment import EXCLUSION, RoomOverlapConflict
from innkeep.reservations.booking import HOLD_TTL, Booker, Guest, PartyRequest
from innkeep.reservations.cancel import stay_fee
from innkeep.reservations.codes import new_code
from innkeep.reservations.lifecycle import LIFECYCLE, actor_fields
from innkeep.reservations.models import (
    OCCUPYING_STATUSES,
    PartyMember,
    Reservation,
    ReservationEvent,
    RoomAssignment,
    Stay,
    StayExtra,
)
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.quotes import ExtraRequest

CHECK_VIOLATION = "23514"
# The steps from the first status to each final one (each checked against LIFECYCLE).
PATHS: dict[str, tuple[str, ...]] = {
    S.PENDING_PAYMENT: (),
    S.CONFIRMED: (S.CONFIRMED,),
    S.CHECKED_IN: (S.CONFIRMED, S.CHECKED_IN),
    S.CHECKED_OUT: (S.CONFIRMED, S.CHECKED_IN, S.CHECKED_OUT),
    S.CANCELLED: (S.CANCELLED,),
    S.NO_SHOW: (S.CONFIRMED, S.NO_SHOW),
}
# statuses whose stays keep a live room; a checked-out stay's room is released at check-out
LIVE_ROOM = frozenset({S.PENDING_PAYMENT, S.CONFIRMED, S.CHECKED_IN})


@dataclass(frozen=True)
class ImportedStay:
    """One room. `room`: the number of the room it has (for all its nights), or ""."""

    room_type: str
    rate_plan: str
    check_in: date
    check_out: date
    adults: int
    children: int = 0
    guest: Guest | None = None
    party: Sequence[PartyRequest] = ()
    extras: Sequence[ExtraRequest] = ()
    room: str = ""


@dataclass(frozen=True)
class ImportedReservation:
    """A reservation as it stands. `moved_at`: when it reached each status of its path
    (PATHS) and, under "assigned", when its rooms were given; booked at `booked_at`."""

    code: str
    status: str
    source: str
    booker: Booker
    stays: Sequence[ImportedStay]
    booked_at: datetime
    moved_at: Mapping[str, datetime] = field(default_factory=dict)
    promo_code: str = ""
    special_requests: str = ""
    language: str = ""
    cancel_reason: str = ""


@dataclass(frozen=True)
class Imported:
    reservations: int
    stays: int
    assignments: int
    events: int


@dataclass
class _Catalogue:
    room_types: dict[str, RoomType]
    plans: dict[str, RatePlan]
    sells: set[tuple[int, int]]
    rooms: dict[str, Room]
    extras: dict[str, Extra]
    taxes: list[TaxRule]
    promos: dict[str, tuple[PromoCode, set[int]]]
    prices: dict[tuple[int, int, date], Decimal]
    currency: str


def _load(reservations: Sequence[ImportedReservation]) -> _Catalogue:
    stays = [stay for r in reservations for stay in r.stays]
    plans = {p.code: p for p in RatePlan.objects.select_related("cancellation_policy")}
    promos = {
        p.code: (p, {plan.id for plan in p.rate_plans.all()})
        for p in PromoCode.objects.filter(
            code__in={r.promo_code for r in reservations if r.promo_code}
        ).prefetch_related("rate_plans")
    }
    prices: dict[tuple[int, int, date], Decimal] = {}
    if stays:
        rows = DailyRate.objects.filter(
            date__gte=min(s.check_in for s in stays), date__lt=max(s.check_out for s in stays)
        ).values_list("rate_plan_id", "room_type_id", "date", "price")
        prices = {(plan, rt, day): price for plan, rt, day, price in rows.iterator(10_000)}
    return _Catalogue(
        room_types={rt.code: rt for rt in RoomType.objects.all()},
        plans=plans,
        sells=set(RatePlan.room_types.through.objects.values_list("rateplan_id", "roomtype_id")),
        rooms={room.number: room for room in Room.objects.all()},
        extras={e.code: e for e in Extra.objects.filter(active=True)},
        taxes=list(TaxRule.objects.filter(active=True)),
        promos=promos,
        prices=prices,
        currency=hotel_profile().currency,
    )


def _stay_problems(stay: ImportedStay, status: str, today: date, cat: _Catalogue) -> dict[str, str]:
    """What is wrong with one stay (field -> message), given its reservation's status."""
    room_type, plan = cat.room_types.get(stay.room_type), cat.plans.get(stay.rate_plan)
    if room_type is None:
        return {"room_type": f"No room type {stay.room_type!r}."}
    if plan is None or (plan.id, room_type.id) not in cat.sells:
        return {"rate_plan": f"{stay.rate_plan!r} is not sold for {stay.room_type}."}
    problems: dict[str, str] = {}
    if stay.check_out <= stay.check_in:
        problems["check_out"] = "Must be after check_in."
    if stay.adults < 1 or not room_type.fits(adults=stay.adults, children=stay.children):
        problems["adults"] = f"{room_type.code} does not take this party."
    if len(stay.party) > stay.adults + stay.children - 1:
        problems["party"] = "At most adults + children - 1."
    if any(e.code not in cat.extras or e.quantity < 1 for e in stay.extras):
        problems["extras"] = "Unknown extra or a quantity below 1."
    room = cat.rooms.get(stay.room) if stay.room else None
    if stay.room and (room is None or room.room_type_id != room_type.id):
        problems["room"] = f"No room {stay.room} of type {room_type.code}."
    if stay.room and status not in LIVE_ROOM | {S.CHECKED_OUT}:
        problems["room"] = f"A {status} stay holds no room."
    if status in (S.CHECKED_IN, S.CHECKED_OUT) and not stay.room:
        problems["room"] = "A guest who arrived had a room."
    arrived: dict[str, bool] = {
        S.CHECKED_IN: stay.check_out >= today,
        S.CHECKED_OUT: True,
        S.NO_SHOW: True,
    }
    if status in arrived and not (stay.check_in <= today and arrived[status]):
        problems["status"] = f"{status} does not fit the dates (today is {today})."
    return problems


def _check(reservations: Sequence[ImportedReservation], cat: _Catalogue) -> None:
    """400 VALIDATION_ERROR naming every problem (reservations[i].stays[j].field)."""
    today = hotel_today()
    problems: dict[str, list[str]] = {}
    for i, r in enumerate(reservations):
        prefix = f"reservations[{i}]"
        if r.status not in PATHS:
            problems[f"{prefix}.status"] = [f"One of {', '.join(PATHS)}."]
            continue
        if not r.stays:
            problems[f"{prefix}.stays"] = ["At least one stay."]
        if r.promo_code and r.promo_code not in cat.promos:
            problems[f"{prefix}.promo_code"] = [f"No promo code {r.promo_code!r}."]
        # a confirmation without a time happened on booking
        steps = [step for step in PATHS[r.status] if step != S.CONFIRMED]
        wanted = [*steps, *(["assigned"] if any(s.room for s in r.stays) else [])]
        missing = [step for step in wanted if step not in r.moved_at]
        if missing:
            problems[f"{prefix}.moved_at"] = [f"When: {', '.join(missing)}."]
        for j, stay in enumerate(r.stays):
            for name, message in _stay_problems(stay, r.status, today, cat).items():
                problems[f"{prefix}.stays[{j}].{name}"] = [message]
            plan = cat.plans.get(stay.rate_plan)
            room_type = cat.room_types.get(stay.room_type)
            if plan and room_type and stay.check_out > stay.check_in:
                unpriced = [
                    str(night)
                    for night in nights_of(stay.check_in, stay.check_out)
                    if (plan.id, room_type.id, night) not in cat.prices
                ]
                if unpriced:
                    problems[f"{prefix}.stays[{j}].nightly"] = [
                        f"No price for {', '.join(unpriced[:5])}."
                    ]
    if problems:
        raise ValidationFailed(problems)


def _first_status(r: ImportedReservation, cat: _Catalogue) -> str:
    guaranteed = any(cat.plans[s.rate_plan].guarantee != Guarantee.NONE for s in r.stays)
    return S.PENDING_PAYMENT if guaranteed else S.CONFIRMED


def _steps(r: ImportedReservation, first: str) -> list[tuple[str, str]]:
    """(from, to) of every move from `first` to the reservation's status, each one a move
    the transition table allows (409 INVALID_STATUS_TRANSITION otherwise)."""
    path = [step for step in PATHS[r.status] if step != first]
    moves = list(zip([first, *path], path, strict=False))
    for source, target in moves:
        LIFECYCLE.check(source, target)
    return moves


def _priced_stay(
    r: ImportedReservation, stay: ImportedStay, cat: _Catalogue
) -> tuple[Stay, Decimal, list[StayExtra]]:
    """The stay row priced as a booking prices it (nightly rates, promo discount on the
    rooms, taxes, extras), its discount and its extras (not saved)."""
    room_type, plan = cat.room_types[stay.room_type], cat.plans[stay.rate_plan]
    nights = nights_of(stay.check_in, stay.check_out)
    nightly = [cat.prices[(plan.id, room_type.id, night)] for night in nights]
    promo, promo_plans = cat.promos.get(r.promo_code, (None, set()))
    applies = promo is not None and (not promo_plans or plan.id in promo_plans)
    gross = money(sum(nightly, ZERO))
    discount = discount_for(promo, gross) if applies else ZERO
    guests = stay.adults + stay.children
    extras = [
        extra_line(cat.extras[e.code], quantity=e.quantity, nights=len(nights), guests=guests)
        for e in stay.extras
    ]
    extras_total = money(sum((line.total for line in extras), ZERO))
    percent = [t for t in cat.taxes if t.kind == TaxKind.PERCENT]
    per_person = [t for t in cat.taxes if t.kind != TaxKind.PERCENT]
    # as a booking prices it: the percent taxes of the rooms and of the extras each rounded
    subtotal = gross - discount + extras_total
    taxes = sum(
        (
            taxes_for(percent, taxable=taxable, nights=0, adults=0, children=0)
            for taxable in (gross - discount, extras_total)
        ),
        taxes_for(
            per_person, taxable=ZERO, nights=len(nights), adults=stay.adults, children=stay.children
        ),
    )
    guest = stay.guest or Guest(r.booker.first_name, r.booker.last_name)
    row = Stay(
        room_type=room_type,
        rate_plan=plan,
        check_in=stay.check_in,
        check_out=stay.check_out,
        adults=stay.adults,
        children=stay.children,
        guest_first_name=guest.first_name or r.booker.first_name,
        guest_last_name=guest.last_name or r.booker.last_name,
        guest_email=guest.email,
        guest_phone=guest.phone,
        nightly=[
            {"date": str(n), "price": f"{p:.2f}"} for n, p in zip(nights, nightly, strict=True)
        ],
        subtotal=subtotal,
        taxes=taxes,
        total=subtotal + taxes,
        checked_in_at=r.moved_at.get(S.CHECKED_IN),
        checked_out_at=r.moved_at.get(S.CHECKED_OUT),
    )
    lines = [
        StayExtra(
            extra=cat.extras[line.code],
            quantity=line.quantity,
            unit_price=line.unit_price,
            total=line.total,
        )
        for line in extras
    ]
    return row, discount, lines


def _free_codes(wanted: list[str]) -> list[str]:
    """The codes asked for, a fresh one for each that is empty, taken, or asked twice."""
    taken = set(Reservation.objects.filter(code__in=wanted).values_list("code", flat=True))
    codes = []
    for code in wanted:
        while not code or code in taken:
            code = new_code()
        taken.add(code)
        codes.append(code)
    return codes


def _insert(objs: Sequence[Any], at: Sequence[datetime] | None = None) -> None:
    """Insert unsaved rows of one model in one statement (an INSERT from unnest()ed column
    arrays: a tenth of bulk_create's time for the trail's many rows), setting their ids.
    `at`: each row's `created_at`, where the import's history has it (auto_now_add would
    say now); other automatic times are now."""
    if not objs:
        return
    model = type(objs[0])
    if at is not None:
        for obj, moment in zip(objs, at, strict=True):
            obj.created_at = moment
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns, arrays = [], []
    for f in fields:
        values = [getattr(obj, f.attname) for obj in objs]
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values = [now if v is None else v for v in values]
        db_type = f.rel_db_type(connection) if f.is_relation else f.db_type(connection)
        if isinstance(f, JSONField):
            values, db_type = [json.dumps(v) for v in values], "jsonb"
        columns.append(connection.ops.quote_name(f.column))
        arrays.append((values, db_type))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({", ".join(columns)})
                SELECT {", ".join(f"c{n}" for n in range(len(columns)))}
                  FROM unnest({", ".join(f"%s::{t}[]" for _, t in arrays)})
                       WITH ORDINALITY AS f({", ".join(f"c{n}" for n in range(len(columns)))}, n)
                 ORDER BY n
             RETURNING id""",  # noqa: S608 (names from the model's meta)
            [values for values, _ in arrays],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            obj._state.adding = False


def _hold_nights(stays: Sequence[Stay]) -> None:
    """Add the stays' nights to the calendar's sold counts in one statement; past nights
    without a row get one (with today's rooms as total). The CHECK judges every night."""
    counts = Counter(
        (stay.room_type_id, night)
        for stay in stays
        for night in nights_of(stay.check_in, stay.check_out)
    )
    if not counts:
        return
    today = hotel_today()
    rooms = sellable_rooms()
    (rt_ids, nights), sold = zip(*counts, strict=True), list(counts.values())
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT f.rt, f.night::text FROM unnest(%s::bigint[], %s::date[]) AS f(rt, night)
                WHERE f.night >= %s AND NOT EXISTS (
                      SELECT 1 FROM inventory_inventoryday d
                       WHERE d.room_type_id = f.rt AND d.date = f.night)
                LIMIT 5""",
            [list(rt_ids), list(nights), today],
        )
        beyond = cursor.fetchall()
        if beyond:
            raise NoAvailability(
                "Some nights are not in the calendar yet.",
                details={"nights": [{"room_type_id": rt, "date": d} for rt, d in beyond]},
            )
        try:
            with transaction.atomic():
                cursor.execute(
                    """
                    INSERT INTO inventory_inventoryday (room_type_id, date, total, sold, blocked)
                    SELECT f.rt, f.night, COALESCE(r.total, 0), f.sold, 0
                      FROM unnest(%s::bigint[], %s::date[], %s::int[]) AS f(rt, night, sold)
                      LEFT JOIN unnest(%s::bigint[], %s::int[]) AS r(rt, total) ON r.rt = f.rt
                     ORDER BY f.night, f.rt
                    ON CONFLICT (room_type_id, date)
                    DO UPDATE SET sold = inventory_inventoryday.sold + EXCLUDED.sold
                    """,
                    [list(rt_ids), list(nights), sold, list(rooms), list(rooms.values())],
                )
        except IntegrityError as exc:
            if getattr(exc.__cause__, "sqlstate", None) != CHECK_VIOLATION:
                raise
            raise NoAvailability("The import sells more rooms than a night has.") from None
    inventory_changed()


def _spend_promos(uses: Counter[int]) -> None:
    """Count the promo codes' uses; their CHECK refuses a use past the limit."""
    with connection.cursor() as cursor:
        for promo_id, n in sorted(uses.items()):
            try:
                with transaction.atomic():
                    cursor.execute(
                        "UPDATE rates_promocode SET times_used = times_used + %s WHERE id = %s",
                        [n, promo_id],
                    )
            except IntegrityError:
                raise ValidationFailed(
                    {"promo_code": ["The import uses a promo code past its limit."]}
                ) from None


def _event(
    reservation: Reservation, at: datetime, actor: Any, action: str, **fields: Any
) -> tuple[ReservationEvent, datetime]:
    details = jsonable(fields.pop("details", {}))
    row = ReservationEvent(
        reservation=reservation, action=action, details=details, **fields, **actor_fields(actor)
    )
    return row, at


def reservations_import(*, reservations: Sequence[ImportedReservation], actor: Any) -> Imported:
    """Write `reservations` as they stand, all or none (see the module's docstring).
    `actor`: who imports (a staff user, or a label such as "seed_demo"), on every trail row."""
    cat = _load(reservations)
    _check(reservations, cat)
    with transaction.atomic():
        codes = _free_codes([r.code for r in reservations])
        rows: list[Reservation] = []
        priced: list[list[tuple[ImportedStay, Stay, list[StayExtra]]]] = []
        promo_uses: Counter[int] = Counter()
        for r, code in zip(reservations, codes, strict=True):
            costed = [(stay, *_priced_stay(r, stay, cat)) for stay in r.stays]
            subtotal = sum((row.subtotal for _, row, _, _ in costed), ZERO)
            taxes = sum((row.taxes for _, row, _, _ in costed), ZERO)
            discount = sum((d for _, _, d, _ in costed), ZERO)
            promo = cat.promos[r.promo_code][0] if r.promo_code else None
            if promo is not None:
                promo_uses[promo.id] += 1
            cancelled_at = r.moved_at.get(S.CANCELLED)
            fee = None
            if cancelled_at is not None:
                day = cancelled_at.date()
                fee = sum(
                    (
                        stay_fee(row, cat.plans[s.rate_plan].cancellation_policy, day)
                        for s, row, _, _ in costed
                    ),
                    ZERO,
                )
            rows.append(
                Reservation(
                    code=code,
                    status=r.status,
                    source=r.source,
                    booker_first_name=r.booker.first_name,
                    booker_last_name=r.booker.last_name,
                    booker_email=r.booker.email,
                    booker_phone=r.booker.phone,
                    booker_company=r.booker.company,
                    currency=cat.currency,
                    subtotal=subtotal,
                    taxes=taxes,
                    total=subtotal + taxes,
                    discount=discount,
                    special_requests=r.special_requests,
                    language=r.language,
                    promo_code=promo,
                    hold_expires_at=r.booked_at + HOLD_TTL
                    if r.status == S.PENDING_PAYMENT
                    else None,
                    cancellation_fee=fee,
                    cancel_reason=r.cancel_reason if cancelled_at else "",
                    cancelled_at=cancelled_at,
                    created_by=actor if getattr(actor, "pk", None) else None,
                )
            )
            priced.append([(stay, row, extras) for stay, row, _, extras in costed])
        _insert(rows, at=[r.booked_at for r in reservations])
        for reservation, lines in zip(rows, priced, strict=True):
            for _, stay, _ in lines:
                stay.reservation = reservation
        stays = [stay for lines in priced for _, stay, _ in lines]
        _insert(stays)
        extras, party, assignments = [], [], []
        events: list[tuple[ReservationEvent, datetime]] = []
        for r, reservation, lines in zip(reservations, rows, priced, strict=True):
            for asked, stay, stay_extras in lines:
                for extra in stay_extras:
                    extra.stay = stay
                extras += stay_extras
                party += [
                    PartyMember(
                        stay=stay,
                        first_name=m.first_name,
                        last_name=m.last_name,
                        is_child=m.is_child,
                    )
                    for m in asked.party
                ]
                if asked.room:
                    assignments.append(
                        (
                            RoomAssignment(
                                stay=stay,
                                room=cat.rooms[asked.room],
                                start=stay.check_in,
                                end=stay.check_out,
                                released_at=r.moved_at.get(S.CHECKED_OUT),
                            ),
                            r.moved_at["assigned"],
                        )
                    )
            events += _trail(
                r, reservation, [(asked, stay) for asked, stay, _ in lines], cat, actor
            )
        _insert(extras)
        _insert(party)
        _assign(assignments)
        _insert([e for e, _ in events], at=[at for _, at in events])
        _hold_nights(
            [
                stay
                for reservation, lines in zip(rows, priced, strict=True)
                if reservation.status in OCCUPYING_STATUSES
                for _, stay, _ in lines
            ]
        )
        _spend_promos(promo_uses)
    return Imported(
        reservations=len(rows), stays=len(stays), assignments=len(assignments), events=len(events)
    )


def _assign(assignments: list[tuple[RoomAssignment, datetime]]) -> None:
    """Insert the room assignments; the exclusion constraint refuses a room given twice."""
    try:
        with transaction.atomic():
            _insert([a for a, _ in assignments], at=[at for _, at in assignments])
    except IntegrityError as exc:
        if getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None) != EXCLUSION:
            raise
        raise RoomOverlapConflict("The import gives a room to overlapping stays.") from None


def _trail(
    r: ImportedReservation,
    reservation: Reservation,
    stays: list[tuple[ImportedStay, Stay]],
    cat: _Catalogue,
    actor: Any,
) -> list[tuple[ReservationEvent, datetime]]:
    """The trail rows the services would have written, at the times the import gives."""
    first = _first_status(r, cat)
    events = [
        _event(
            reservation,
            r.booked_at,
            actor,
            "created",
            to_status=first,
            details={
                "source": r.source,
                "imported": True,
                "promo_code": r.promo_code or None,
                "stays": [
                    {
                        "stay": stay.pk,
                        "room_type": asked.room_type,
                        "rate_plan": asked.rate_plan,
                        "check_in": stay.check_in,
                        "check_out": stay.check_out,
                        "total": stay.total,
                    }
                    for asked, stay in stays
                ],
            },
        )
    ]
    given = [(asked, stay) for asked, stay in stays if asked.room]
    events += [
        _event(
            reservation,
            r.moved_at["assigned"],
            actor,
            "room_assigned",
            details={
                "stay": stay.pk,
                "room": asked.room,
                "start": stay.check_in,
                "end": stay.check_out,
            },
        )
        for asked, stay in given
    ]
    for source, target in _steps(r, first):
        details: dict[str, Any] = {"reason": r.cancel_reason} if target == S.CANCELLED else {}
        if target == S.CANCELLED:
            details["cancellation_fee"] = reservation.cancellation_fee
        events.append(
            _event(
                reservation,
                r.moved_at.get(target, r.booked_at),
                actor,
                "status_changed",
                from_status=source,
                to_status=target,
                details=details,
            )
        )
    if r.status == S.CHECKED_OUT:
        events += [
            _event(
                reservation,
                r.moved_at[S.CHECKED_OUT],
                actor,
                "room_released",
                details={"stay": stay.pk, "room": asked.room},
            )
            for asked, stay in given
        ]
    return sorted(events, key=lambda event: event[1])
