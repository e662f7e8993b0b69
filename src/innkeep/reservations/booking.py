"""Taking a booking: `reservation_create`, for the guest's booking page and for staff.

Everything happens in one transaction, so a refusal anywhere leaves no row behind:

1. the request is checked (booker, guests, party, sources, rate overrides);
2. the rooms are priced from the database inside the transaction (never from this
   process's copies of the catalogue, which may be a moment stale), or taken at a valid
   quote's prices until the quote expires;
3. the promo code's use is counted with one conditional UPDATE (`times_used <
   usage_limit`): of two bookings racing for its last use, one gets it, the other is
   refused (409 PROMO_CODE_USED_UP) and holds nothing;
4. the reservation, its stays, extras and party are written with a fresh confirmation
   code, and the trail row and the `reservation.created` outbox event with them;
5. last, the nights are held in the inventory calendar (one conditional UPDATE per room
   type, all nights or none: 409 NO_AVAILABILITY, and everything above rolls back), room
   types in id order so two bookings never wait on each other in a circle. Last because
   its row locks queue every other booking of the same nights until this one commits:
   held before the writes, they made those bookings wait for the writes too."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import connection, transaction

from innkeep.core import clock
from innkeep.core.errors import Conflict, InnkeepError, ValidationFailed
from innkeep.core.phones import normalize_phone
from innkeep.core.text import validate_name
from innkeep.inventory.services import NoAvailability, inventory_hold
from innkeep.properties.models import Extra, RoomType
from innkeep.properties.selectors import hotel_profile
from innkeep.rates.models import Guarantee, PromoCode, RatePlan, TaxRule
from innkeep.rates.pricing import ZERO, money, taxes_for
from innkeep.reservations import errors
from innkeep.reservations.codes import with_unique_code
from innkeep.reservations.lifecycle import TOPIC_CREATED, record
from innkeep.reservations.models import (
    PartyMember,
    Quote,
    Reservation,
    ReservationSource,
    ReservationStatus,
    Stay,
    StayExtra,
)
from innkeep.reservations.quotes import ExtraRequest, QuoteNotFound, price_rooms, request_json
from innkeep.reservations.quotes import RoomRequest as QuoteRoom

HOLD_TTL = timedelta(minutes=15)
STAFF_SOURCES = frozenset(
    {ReservationSource.STAFF, ReservationSource.PHONE, ReservationSource.WALK_IN}
)
MAX_SPECIAL_REQUESTS = 2000


@dataclass(frozen=True)
class Booker:
    """Who books (and is written to): not necessarily one of the guests."""

    first_name: str
    last_name: str
    email: str
    phone: str = ""
    company: str = ""


@dataclass(frozen=True)
class Guest:
    """The guest of one room; empty: the booker."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PartyRequest:
    first_name: str
    last_name: str
    is_child: bool = False


@dataclass(frozen=True)
class RoomRequest:
    """One room of a booking. `price_override` (staff only): the price of every night of
    the stay, set by hand; it needs `override_reason`, and the caller checks the
    `reservations.override_rate` permission."""

    room_type: str
    rate_plan: str
    adults: int
    children: int = 0
    guest: Guest | None = None
    party: Sequence[PartyRequest] = ()
    extras: Sequence[ExtraRequest] = field(default_factory=tuple)
    price_override: Decimal | None = None
    override_reason: str = ""

    @classmethod
    def from_data(cls, room: Mapping[str, Any]) -> RoomRequest:
        """From a room of an API body (the serializer's validated data)."""
        guest = room.get("guest")
        return cls(
            room_type=room["room_type"],
            rate_plan=room["rate_plan"],
            adults=room["adults"],
            children=room["children"],
            guest=Guest(**guest) if guest else None,
            party=[PartyRequest(**member) for member in room.get("party", [])],
            extras=[ExtraRequest(**extra) for extra in room.get("extras", [])],
            price_override=room.get("price_override"),
            override_reason=room.get("override_reason", ""),
        )

    def as_quote_room(self) -> QuoteRoom:
        return QuoteRoom(
            room_type=self.room_type,
            rate_plan=self.rate_plan,
            adults=self.adults,
            children=self.children,
            extras=list(self.extras),
        )


class QuoteExpiredForBooking(InnkeepError):
    code = errors.QUOTE_EXPIRED
    default_message = "This quote has expired: ask for a new one, or book without it."


class QuoteMismatch(InnkeepError):
    code = errors.QUOTE_MISMATCH
    default_message = "The booking does not ask for what the quote priced."


class PromoCodeUsedUp(Conflict):
    code = errors.PROMO_CODE_USED_UP
    default_message = "This promo code has just been used up by another booking."


# --- checking the request ------------------------------------------------------------------


def _check_name(value: str, name: str, problems: dict[str, list[str]], *, required: bool) -> None:
    if not value.strip():
        if required:
            problems[name] = ["Required."]
        return
    if len(value) > 150:
        problems[name] = ["At most 150 characters."]
        return
    try:
        validate_name(value)
    except DjangoValidationError as exc:
        problems[name] = list(exc.messages)


def _check_email(value: str, name: str, problems: dict[str, list[str]], *, required: bool) -> str:
    value = value.strip()
    if not value:
        if required:
            problems[name] = ["Required."]
        return ""
    try:
        validate_email(value)
    except DjangoValidationError:
        problems[name] = ["Enter a valid email address."]
    if len(value) > 254:
        problems[name] = ["At most 254 characters."]
    return value


def _phone(value: str, name: str, problems: dict[str, list[str]], region: str | None) -> str:
    try:
        return normalize_phone(value, region=region, field=name)
    except ValidationFailed as exc:
        problems.update(exc.fields)
        return ""


@dataclass(frozen=True)
class _Checked:
    booker: Booker
    guests: list[Guest]


def _check_request(
    *,
    booker: Booker,
    rooms: Sequence[RoomRequest],
    source: str,
    special_requests: str,
    language: str,
) -> _Checked:
    """Everything about the request that needs no price: 400 VALIDATION_ERROR naming
    each field, before anything is read or written."""
    problems: dict[str, list[str]] = {}
    if source not in ReservationSource.values:
        problems["source"] = [f"One of {', '.join(ReservationSource.values)}."]
    if not rooms:
        problems["rooms"] = ["Ask for at least one room."]
    region = hotel_profile().country or None
    _check_name(booker.first_name, "booker.first_name", problems, required=True)
    _check_name(booker.last_name, "booker.last_name", problems, required=True)
    email = _check_email(booker.email, "booker.email", problems, required=True)
    phone = _phone(booker.phone, "booker.phone", problems, region)
    if len(booker.company) > 200:
        problems["booker.company"] = ["At most 200 characters."]
    if len(special_requests) > MAX_SPECIAL_REQUESTS:
        problems["special_requests"] = [f"At most {MAX_SPECIAL_REQUESTS} characters."]
    if len(language) > 10:
        problems["language"] = ["At most 10 characters."]
    guests: list[Guest] = []
    for index, room in enumerate(rooms):
        prefix = f"rooms[{index}]"
        guest = room.guest or Guest()
        _check_name(guest.first_name, f"{prefix}.guest.first_name", problems, required=False)
        _check_name(guest.last_name, f"{prefix}.guest.last_name", problems, required=False)
        guest_email = _check_email(guest.email, f"{prefix}.guest.email", problems, required=False)
        guest_phone = _phone(guest.phone, f"{prefix}.guest.phone", problems, region)
        if not (guest.first_name.strip() or guest.last_name.strip()):
            # no name given: the booker stays in the room
            guest = Guest(booker.first_name, booker.last_name, guest_email, guest_phone)
        else:
            guest = Guest(guest.first_name, guest.last_name, guest_email, guest_phone)
        guests.append(guest)
        if len(room.party) > max(room.adults + room.children - 1, 0):
            problems[f"{prefix}.party"] = [
                "The party lists the room's other guests: at most adults + children - 1."
            ]
        for number, member in enumerate(room.party):
            _check_name(
                member.first_name, f"{prefix}.party[{number}].first_name", problems, required=True
            )
            _check_name(
                member.last_name, f"{prefix}.party[{number}].last_name", problems, required=True
            )
        check_override(room.price_override, room.override_reason, f"{prefix}.", problems)
        if room.price_override is not None and source not in STAFF_SOURCES:
            problems[f"{prefix}.price_override"] = ["Only staff may set a price by hand."]
    if problems:
        raise ValidationFailed(problems)
    return _Checked(
        booker=Booker(
            first_name=booker.first_name.strip(),
            last_name=booker.last_name.strip(),
            email=email,
            phone=phone,
            company=booker.company.strip(),
        ),
        guests=guests,
    )


# --- prices --------------------------------------------------------------------------------


def _quoted(
    *,
    quote_id: str,
    check_in: date,
    check_out: date,
    rooms: Sequence[RoomRequest],
    promo_code: str,
) -> Quote:
    """The quote, if it is still valid and the booking asks for what it priced."""
    try:
        quote = Quote.objects.filter(pk=quote_id).first()
    except DjangoValidationError:  # not a UUID
        quote = None
    if quote is None:
        raise QuoteNotFound()
    if quote.expires_at <= clock.now():
        raise QuoteExpiredForBooking(details={"expired_at": quote.expires_at.isoformat()})
    asked = [request_json(room.as_quote_room()) for room in rooms]
    differs = [
        name
        for name, same in [
            ("check_in", quote.check_in == check_in),
            ("check_out", quote.check_out == check_out),
            ("rooms", asked == quote.request),
            ("promo_code", not promo_code or promo_code.strip().upper() == quote.promo_code),
        ]
        if not same
    ]
    if differs:
        raise QuoteMismatch(details={"fields": differs})
    return quote


def hand_priced(
    line: dict[str, Any], prices: Sequence[Decimal], *, adults: int, children: int
) -> dict[str, Any]:
    """A priced line with staff's nightly prices (one per night of the line, in order)
    instead of the rates, and so no promo discount; extras as priced, taxes on the new
    subtotal."""
    nightly = [
        {"date": night["date"], "price": f"{price:.2f}"}
        for night, price in zip(line["nightly"], prices, strict=True)
    ]
    rooms_total = money(sum(prices, ZERO))
    extras_total = sum((Decimal(extra["total"]) for extra in line["extras"]), ZERO)
    subtotal = rooms_total + extras_total
    tax = taxes_for(
        list(TaxRule.objects.filter(active=True)),
        taxable=subtotal,
        nights=len(nightly),
        adults=adults,
        children=children,
    )
    return {
        **line,
        "nightly": nightly,
        "discount": "0.00",
        "subtotal": f"{subtotal:.2f}",
        "taxes": f"{tax:.2f}",
        "total": f"{subtotal + tax:.2f}",
    }


def check_override(
    price: Decimal | None, reason: str, prefix: str, problems: dict[str, list[str]]
) -> None:
    """A price set by hand: from 0 to 99,999,999.99, with a reason of at most 200
    characters (the caller checks the `reservations.override_rate` permission)."""
    if price is None:
        return
    if price < 0 or price >= Decimal("100000000"):
        problems[f"{prefix}price_override"] = ["A price from 0 to 99,999,999.99."]
    if not reason.strip():
        problems[f"{prefix}override_reason"] = ["A price set by hand needs a reason."]
    elif len(reason) > 200:
        problems[f"{prefix}override_reason"] = ["At most 200 characters."]


def _spend_promo(code: str) -> PromoCode:
    """Count one use of the promo code, unless its last use is gone: one conditional
    UPDATE, so its row lock orders racing bookings and the limit holds."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE rates_promocode SET times_used = times_used + 1 "
            "WHERE code = %s AND active AND (usage_limit IS NULL OR times_used < usage_limit) "
            "RETURNING id",
            [code],
        )
        row = cursor.fetchone()
    if row is None:
        raise PromoCodeUsedUp(details={"promo_code": code})
    return PromoCode.objects.get(pk=row[0])


def hold_rooms(stays: Sequence[tuple[RoomType, date, date]]) -> None:
    """Hold the nights of these stays: room types in id order (no two bookings wait on each
    other in a circle), one conditional UPDATE per room type and dates. NO_AVAILABILITY
    (409) names the room type that is gone."""
    wanted = Counter((rt.pk, rt.code, start, end) for rt, start, end in stays)
    for (room_type_id, code, start, end), count in sorted(wanted.items()):
        try:
            inventory_hold(room_type_id=room_type_id, check_in=start, check_out=end, rooms=count)
        except NoAvailability:
            raise NoAvailability(
                details={"room_type": code, "check_in": str(start), "check_out": str(end)}
            ) from None


# --- the service ---------------------------------------------------------------------------


def reservation_create(
    *,
    check_in: date,
    check_out: date,
    booker: Booker,
    rooms: Sequence[RoomRequest],
    source: str,
    actor: Any,
    quote_id: str | None = None,
    promo_code: str = "",
    special_requests: str = "",
    language: str = "",
) -> Reservation:
    """Book `rooms` for these dates, all or none. Status `confirmed` when no rate plan
    asks a guarantee, else `pending_payment` with the inventory held until
    `hold_expires_at` (15 minutes). `actor`: the staff user, or "guest"."""
    checked = _check_request(
        booker=booker,
        rooms=rooms,
        source=source,
        special_requests=special_requests,
        language=language,
    )
    with transaction.atomic():
        quote = None
        if quote_id:
            quote = _quoted(
                quote_id=quote_id,
                check_in=check_in,
                check_out=check_out,
                rooms=rooms,
                promo_code=promo_code,
            )
            priced = quote.priced
        else:
            priced = price_rooms(
                check_in=check_in,
                check_out=check_out,
                promo_code=promo_code or None,
                rooms=[room.as_quote_room() for room in rooms],
                fresh=True,
            )
        lines: list[dict[str, Any]] = list(priced["rooms"])
        lines = [
            line
            if room.price_override is None
            else hand_priced(
                line,
                [room.price_override] * len(line["nightly"]),
                adults=room.adults,
                children=room.children,
            )
            for line, room in zip(lines, rooms, strict=True)
        ]
        room_types = {
            rt.code: rt for rt in RoomType.objects.filter(code__in=[r.room_type for r in rooms])
        }
        plans = {p.code: p for p in RatePlan.objects.filter(code__in=[r.rate_plan for r in rooms])}
        gone = sorted(
            {r.room_type for r in rooms if r.room_type not in room_types}
            | {r.rate_plan for r in rooms if r.rate_plan not in plans}
        )
        if gone:  # a quote naming what was deleted since
            raise QuoteMismatch(
                "The quote names what the hotel no longer sells.", details={"gone": gone}
            )
        promo = _spend_promo(priced["promo_code"]) if priced.get("promo_code") else None
        guaranteed = any(plans[r.rate_plan].guarantee != Guarantee.NONE for r in rooms)
        status = ReservationStatus.PENDING_PAYMENT if guaranteed else ReservationStatus.CONFIRMED
        subtotal = sum((Decimal(line["subtotal"]) for line in lines), ZERO)
        tax = sum((Decimal(line["taxes"]) for line in lines), ZERO)
        discount = sum((Decimal(line["discount"]) for line in lines), ZERO)
        fields = {
            "status": status,
            "source": source,
            "booker_first_name": checked.booker.first_name,
            "booker_last_name": checked.booker.last_name,
            "booker_email": checked.booker.email,
            "booker_phone": checked.booker.phone,
            "booker_company": checked.booker.company,
            "currency": priced["currency"],
            "subtotal": subtotal,
            "taxes": tax,
            "total": subtotal + tax,
            "discount": discount,
            "special_requests": special_requests.strip(),
            "language": language,
            "promo_code": promo,
            "quote": quote,
            "hold_expires_at": clock.now() + HOLD_TTL if guaranteed else None,
            "created_by": actor if getattr(actor, "pk", None) else None,
        }
        reservation = with_unique_code(lambda code: Reservation.objects.create(code=code, **fields))
        extras = {
            e.code: e
            for e in Extra.objects.filter(code__in=[x.code for r in rooms for x in r.extras])
        }
        stays = [
            _write_stay(
                reservation,
                room,
                guest,
                line,
                room_types[room.room_type],
                plans[room.rate_plan],
                check_in,
                check_out,
                extras,
            )
            for room, guest, line in zip(rooms, checked.guests, lines, strict=True)
        ]
        # The rows as written, for the answer (public_api.reservation_body): reading them
        # back after the commit would cost a booking a fifth of its round trips.
        reservation.written_stays = stays  # type: ignore[attr-defined]
        record(
            reservation=reservation,
            action="created",
            actor=actor,
            topic=TOPIC_CREATED,
            to_status=status,
            details={
                "source": source,
                "quote": str(quote.pk) if quote else None,
                "promo_code": promo.code if promo else None,
                "stays": [
                    {
                        "stay": stay.pk,
                        "room_type": stay.room_type.code,
                        "rate_plan": room.rate_plan,
                        "check_in": stay.check_in,
                        "check_out": stay.check_out,
                        "total": stay.total,
                    }
                    for stay, room in zip(stays, rooms, strict=True)
                ],
                "rate_overrides": [
                    {
                        "stay": stay.pk,
                        "nightly": room.price_override,
                        "reason": room.override_reason,
                    }
                    for stay, room in zip(stays, rooms, strict=True)
                    if room.price_override is not None
                ],
            },
            payload={"status": status, "source": source, "stay_ids": [s.pk for s in stays]},
        )
        # Last, when nothing is left to write but the commit: the hold's row locks make every
        # other booking of these nights wait until this transaction ends (a refusal rolls
        # back everything above with it).
        hold_rooms([(room_types[r.room_type], check_in, check_out) for r in rooms])
    return reservation


def _write_stay(
    reservation: Reservation,
    room: RoomRequest,
    guest: Guest,
    line: dict[str, Any],
    room_type: RoomType,
    plan: RatePlan,
    check_in: date,
    check_out: date,
    extras: dict[str, Extra],
) -> Stay:
    stay = Stay.objects.create(
        reservation=reservation,
        room_type=room_type,
        rate_plan=plan,
        check_in=check_in,
        check_out=check_out,
        adults=room.adults,
        children=room.children,
        guest_first_name=guest.first_name,
        guest_last_name=guest.last_name,
        guest_email=guest.email,
        guest_phone=guest.phone,
        nightly=[{"date": n["date"], "price": n["price"]} for n in line["nightly"]],
        subtotal=Decimal(line["subtotal"]),
        taxes=Decimal(line["taxes"]),
        total=Decimal(line["total"]),
        rate_override_reason=room.override_reason.strip()
        if room.price_override is not None
        else "",
    )
    written_extras = StayExtra.objects.bulk_create(
        StayExtra(
            stay=stay,
            extra=extras[extra["code"]],
            quantity=extra["quantity"],
            unit_price=Decimal(extra["unit_price"]),
            total=Decimal(extra["total"]),
        )
        for extra in line["extras"]
    )
    party = PartyMember.objects.bulk_create(
        PartyMember(
            stay=stay,
            first_name=m.first_name.strip(),
            last_name=m.last_name.strip(),
            is_child=m.is_child,
        )
        for m in room.party
    )
    # as written (in id order, as the models order them); a new stay has no room assigned
    stay.written_extras = written_extras  # type: ignore[attr-defined]
    stay.written_party = party  # type: ignore[attr-defined]
    stay.live_assignments = []  # type: ignore[attr-defined]
    return stay
