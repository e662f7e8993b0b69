"""Quotes: a priced offer for one or more rooms, kept 15 minutes and re-checked when used."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from innkeep.core import clock
from innkeep.core.errors import Conflict, InnkeepError, NotFound, ValidationFailed
from innkeep.inventory.errors import NO_AVAILABILITY
from innkeep.properties.models import Extra
from innkeep.rates import errors
from innkeep.rates.availability import Calendar, check_party, load_calendar, refuse
from innkeep.rates.models import PromoCode, TaxKind
from innkeep.rates.pricing import ZERO, ExtraLine, extra_line, money, taxes_for
from innkeep.reservations.models import Quote

QUOTE_TTL = timedelta(minutes=15)
# "as many as asked": the rooms left when the inventory hold decides instead
MAX_ROOMS = 1_000_000


@dataclass(frozen=True)
class ExtraRequest:
    code: str
    quantity: int = 1


@dataclass(frozen=True)
class RoomRequest:
    room_type: str
    rate_plan: str
    adults: int
    children: int = 0
    extras: list[ExtraRequest] = field(default_factory=list)


class RoomNotBookable(Conflict):
    code = errors.ROOM_NOT_BOOKABLE
    default_message = "A room asked for cannot be sold for these dates."


class QuoteStale(Conflict):
    code = errors.QUOTE_STALE
    default_message = "Prices or availability changed since this quote."


class QuoteNotFound(NotFound):
    code = errors.QUOTE_NOT_FOUND
    default_message = "No such quote."


def _s(value: Decimal) -> str:
    return f"{value:.2f}"


def price_rooms(
    *,
    check_in: date,
    check_out: date,
    promo_code: str | None,
    rooms: list[RoomRequest],
    fresh: bool = False,
    promo: PromoCode | None = None,
    count_free: bool = True,
) -> dict[str, Any]:
    """Price every room asked for, or refuse naming the room. Returns the quote body.

    `fresh`: from the database, not this process's copies (inside a booking's transaction).
    `promo`: a promo code the reservation already spent (a modification re-prices with it).
    `count_free=False`: leave the rooms left to the inventory hold (a modification's own
    stay holds nights of the count)."""
    if not rooms:
        raise ValidationFailed({"rooms": ["Ask for at least one room."]})
    for index, room in enumerate(rooms):
        check_party(adults=room.adults, children=room.children)
        if not room.room_type:
            raise ValidationFailed({f"rooms[{index}].room_type": ["Required."]})
    # One load for every room; each room is then priced for its own party.
    calendar = load_calendar(
        check_in=check_in, check_out=check_out, promo_code=promo_code, fresh=fresh, promo=promo
    )
    if not count_free:
        calendar.free = {room_type.id: MAX_ROOMS for room_type in calendar.room_types}
    # Only the extras asked for (most bookings ask none: no query then).
    asked = {request.code for room in rooms for request in room.extras}
    extras = {e.code: e for e in Extra.objects.filter(active=True, code__in=asked)} if asked else {}
    wanted = Counter(r.room_type for r in rooms)
    lines = [_room_line(calendar, index, room, extras, wanted) for index, room in enumerate(rooms)]
    subtotal = money(sum((Decimal(line["subtotal"]) for line in lines), ZERO))
    taxes = money(sum((Decimal(line["taxes"]) for line in lines), ZERO))
    return {
        "check_in": str(check_in),
        "check_out": str(check_out),
        "nights": calendar.nights,
        "currency": calendar.currency,
        "promo_code": calendar.promo.code if calendar.promo else None,
        "rooms": lines,
        "subtotal": _s(subtotal),
        "taxes": _s(taxes),
        "total": _s(subtotal + taxes),
    }


def _room_line(
    calendar: Calendar,
    index: int,
    room: RoomRequest,
    extras: dict[str, Extra],
    wanted: Counter[str],
) -> dict[str, Any]:
    prefix = f"rooms[{index}]"
    room_type = calendar.room_type(room.room_type)
    if room_type is None:
        raise ValidationFailed({f"{prefix}.room_type": [f"No room type {room.room_type!r}."]})
    if not room_type.fits(adults=room.adults, children=room.children):
        raise refuse(
            errors.OCCUPANCY_NOT_SUPPORTED,
            f"{room_type.name} takes at most {room_type.max_adults} adults, "
            f"{room_type.max_children} children and {room_type.max_occupancy} guests.",
            room=index,
        )
    plan = next((p for p in calendar.plans_for(room_type) if p.code == room.rate_plan), None)
    if plan is None:
        raise ValidationFailed(
            {f"{prefix}.rate_plan": [f"{room.rate_plan!r} is not sold for {room.room_type}."]}
        )
    available = calendar.free.get(room_type.id, 0)
    if available < wanted[room.room_type]:
        raise Conflict(
            f"Only {available} {room_type.name} left for these dates.",
            code=NO_AVAILABILITY,
            details={"room_type": room.room_type, "available": available},
        )
    plan_offer = calendar.offer(room_type, plan, adults=room.adults, children=room.children)
    if not plan_offer.bookable:
        raise RoomNotBookable(
            details={
                "room": index,
                "reasons": [{"code": r.code, "message": r.message} for r in plan_offer.reasons],
            }
        )
    extra_lines: list[ExtraLine] = []
    for request in room.extras:
        extra = extras.get(request.code)
        if extra is None:
            raise ValidationFailed({f"{prefix}.extras": [f"No extra {request.code!r}."]})
        if request.quantity < 1:
            raise ValidationFailed({f"{prefix}.extras": ["Quantity must be 1 or more."]})
        extra_lines.append(
            extra_line(
                extra,
                quantity=request.quantity,
                nights=calendar.nights,
                guests=room.adults + room.children,
            )
        )
    extras_total = money(sum((line.total for line in extra_lines), ZERO))
    percent_rules = [t for t in calendar.taxes if t.kind == TaxKind.PERCENT]
    extras_tax = taxes_for(
        percent_rules, taxable=extras_total, nights=calendar.nights, adults=0, children=0
    )
    subtotal = plan_offer.subtotal + extras_total
    taxes = plan_offer.taxes + extras_tax
    return {
        "room_type": room.room_type,
        "rate_plan": room.rate_plan,
        "adults": room.adults,
        "children": room.children,
        "nightly": [{"date": night.date, "price": night.price} for night in plan_offer.nightly],
        "discount": _s(plan_offer.discount),
        "extras": [
            {
                "code": line.code,
                "name": line.name,
                "pricing": line.pricing,
                "quantity": line.quantity,
                "unit_price": _s(line.unit_price),
                "total": _s(line.total),
            }
            for line in extra_lines
        ],
        "subtotal": _s(subtotal),
        "taxes": _s(taxes),
        "total": _s(subtotal + taxes),
    }


def quote_create(
    *, check_in: date, check_out: date, promo_code: str | None, rooms: list[RoomRequest]
) -> Quote:
    priced = price_rooms(check_in=check_in, check_out=check_out, promo_code=promo_code, rooms=rooms)
    with transaction.atomic():
        return Quote.objects.create(
            check_in=check_in,
            check_out=check_out,
            promo_code=priced["promo_code"] or "",
            request=[request_json(r) for r in rooms],
            priced=priced,
            currency=priced["currency"],
            subtotal=Decimal(priced["subtotal"]),
            taxes=Decimal(priced["taxes"]),
            total=Decimal(priced["total"]),
            expires_at=clock.now() + QUOTE_TTL,
        )


def request_json(room: RoomRequest) -> dict[str, Any]:
    return asdict(room)


def request_from_json(data: dict[str, Any]) -> RoomRequest:
    """A room asked for, from its JSON (a quote's stored request, an API body)."""
    return RoomRequest(**{**data, "extras": [ExtraRequest(**e) for e in data["extras"]]})


class QuoteExpired(InnkeepError):
    """410 Gone, not 404: the quote did exist."""

    status = 410
    code = errors.QUOTE_EXPIRED
    default_message = "This quote has expired: ask for a new one."


def quote_revalidate(*, quote_id: str) -> Quote:
    """The quote, if it still holds: not expired, still bookable, same price."""
    quote = Quote.objects.filter(pk=quote_id).first()
    if quote is None:
        raise QuoteNotFound()
    if quote.expires_at <= clock.now():
        raise QuoteExpired(details={"expired_at": quote.expires_at.isoformat()})
    try:
        fresh = price_rooms(
            check_in=quote.check_in,
            check_out=quote.check_out,
            promo_code=quote.promo_code or None,
            rooms=[request_from_json(r) for r in quote.request],
        )
    except InnkeepError as exc:
        raise QuoteStale(exc.message, details={"reason": exc.code, **exc.details}) from None
    if fresh["rooms"] != quote.priced["rooms"] or fresh["total"] != quote.priced["total"]:
        raise QuoteStale(details={"was": quote.priced["total"], "now": fresh["total"]})
    return quote
