"""Changing one stay of a reservation: its dates, room type or party, and its price.

In one transaction, under the reservation's row lock: the stay is re-priced from the
database at today's rates (the reservation's promo code, already spent, still applies),
every calendar night the change touches (old and new) is locked in one statement, then the
nights it gains are held before the nights it gives up are released (a different room
type: all of the new type's nights, then all of the old ones), and the totals, the trail
and the `reservation.modified` event are written. Any refusal (no room left, a
restriction, a party the room type does not take) leaves everything as it was. A room
assigned to the stay is freed when its dates or type change: it may not be free for the
new nights.

A stay priced by hand (a rate override: `reservations.override_rate` and a reason) is a
deal the hotel made with the guest, so a change never drops it silently:
- new dates or party: the deal holds; the nights that remain keep their price, the nights
  added get the deal's nightly price;
- another room type: the deal was for the old room, so the change must say what to do:
  `price_override` (a new deal, with its reason) or `reprice` (today's rates), else 409
  RATE_OVERRIDE_DECISION_NEEDED and nothing changes.
`price_override` also sets a price by hand on any stay; both it and `reprice` need the
override_rate permission (the caller checks it, as for a booking). The trail row says
what became of the price (`details.rate`)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from innkeep.core.errors import Conflict, ValidationFailed
from innkeep.inventory.services import inventory_lock, inventory_release
from innkeep.rates.pricing import ZERO
from innkeep.reservations import errors
from innkeep.reservations.booking import check_override, hand_priced, hold_rooms
from innkeep.reservations.lifecycle import TOPIC_MODIFIED, TOPIC_ROOM_RELEASED, record
from innkeep.reservations.models import (
    Reservation,
    ReservationStatus,
    RoomAssignment,
    Stay,
    StayExtra,
)
from innkeep.reservations.quotes import ExtraRequest, RoomRequest, price_rooms

MODIFIABLE = (ReservationStatus.PENDING_PAYMENT, ReservationStatus.CONFIRMED)


class ReservationNotModifiable(Conflict):
    code = errors.RESERVATION_NOT_MODIFIABLE
    default_message = "Only pending or confirmed reservations can be changed."


class RateOverrideDecisionNeeded(Conflict):
    code = errors.RATE_OVERRIDE_DECISION_NEEDED
    default_message = (
        "This stay is priced by hand for its room type: send a new price_override with its "
        "override_reason, or reprice to today's rates."
    )


def _runs(nights: list[date]) -> list[tuple[date, date]]:
    """Sorted nights as [start, end) runs of consecutive nights."""
    runs: list[tuple[date, date]] = []
    for night in sorted(nights):
        if runs and runs[-1][1] == night:
            runs[-1] = (runs[-1][0], night + timedelta(days=1))
        else:
            runs.append((night, night + timedelta(days=1)))
    return runs


def _nights(start: date, end: date) -> set[date]:
    return {start + timedelta(days=n) for n in range((end - start).days)}


def _pick_stay(reservation: Reservation, stay_id: int | None) -> Stay:
    stays = list(reservation.stays.select_related("room_type", "rate_plan"))
    if stay_id is None:
        if len(stays) != 1:
            raise ValidationFailed({"stay": ["This reservation has several rooms: name one."]})
        return stays[0]
    found = next((stay for stay in stays if stay.pk == stay_id), None)
    if found is None:
        raise ValidationFailed({"stay": ["No such stay in this reservation."]})
    return found


def _free_assigned_rooms(stay: Stay, actor: Any) -> None:
    live = RoomAssignment.objects.select_for_update().filter(stay=stay, released_at__isnull=True)
    for assignment in live.select_related("room"):
        assignment.released_at = timezone.now()
        assignment.save(update_fields=["released_at"])
        record(
            reservation=stay.reservation,
            action="room_released",
            actor=actor,
            topic=TOPIC_ROOM_RELEASED,
            details={"stay": stay.pk, "room": assignment.room.number, "why": "modified"},
            payload={"stay_id": stay.pk, "room_id": assignment.room_id},
        )


def reservation_modify(
    *,
    reservation: Reservation,
    actor: Any,
    stay_id: int | None = None,
    check_in: date | None = None,
    check_out: date | None = None,
    room_type: str | None = None,
    adults: int | None = None,
    children: int | None = None,
    price_override: Decimal | None = None,
    override_reason: str = "",
    reprice: bool = False,
) -> Reservation:
    """Change one stay (`stay_id`; optional when the reservation has one). Arguments left
    None keep their value. `price_override` (with `override_reason`) prices every night by
    hand; `reprice` drops a price set by hand for today's rates (the module's docstring says
    when one of them is needed). Returns the reservation, re-read."""
    problems: dict[str, list[str]] = {}
    check_override(price_override, override_reason, "", problems)
    if price_override is not None and reprice:
        problems["reprice"] = ["Either a new price_override or reprice, not both."]
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        locked = Reservation.objects.select_for_update().get(pk=reservation.pk)
        if locked.status not in MODIFIABLE:
            raise ReservationNotModifiable(details={"status": locked.status})
        stay = _pick_stay(locked, stay_id)
        if stay.rate_plan is None:
            raise ValidationFailed({"stay": ["This stay has no rate plan to price it with."]})
        new_in: date = check_in or stay.check_in
        new_out: date = check_out or stay.check_out
        new_code: str = room_type or stay.room_type.code
        new_adults: int = stay.adults if adults is None else adults
        new_children: int = stay.children if children is None else children
        deal = _hand_price(stay)
        undecided = price_override is None and not reprice
        if deal is not None and new_code != stay.room_type.code and undecided:
            raise RateOverrideDecisionNeeded(
                details={
                    "stay": stay.pk,
                    "nightly": f"{deal:.2f}",
                    "override_reason": stay.rate_override_reason,
                }
            )
        new_reason = (
            override_reason.strip()
            if price_override is not None
            else ("" if reprice or deal is None else stay.rate_override_reason)
        )
        pairs: dict[str, tuple[Any, Any]] = {
            "check_in": (stay.check_in, new_in),
            "check_out": (stay.check_out, new_out),
            "room_type": (stay.room_type.code, new_code),
            "adults": (stay.adults, new_adults),
            "children": (stay.children, new_children),
            "rate_override_reason": (stay.rate_override_reason, new_reason),
        }
        changes = {name: [was, now] for name, (was, now) in pairs.items() if was != now}
        if not changes and price_override is None:
            return locked
        extras = list(stay.extras.select_related("extra"))
        priced = price_rooms(
            check_in=new_in,
            check_out=new_out,
            promo_code=None,
            promo=locked.promo_code,
            rooms=[
                RoomRequest(
                    room_type=new_code,
                    rate_plan=stay.rate_plan.code,
                    adults=new_adults,
                    children=new_children,
                    extras=[ExtraRequest(code=e.extra.code, quantity=e.quantity) for e in extras],
                )
            ],
            fresh=True,
            count_free=False,  # this stay holds some of the nights: the hold decides
        )
        line, rate = _priced_line(
            priced["rooms"][0],
            stay,
            deal=deal,
            price_override=price_override,
            reason=new_reason,
            adults=new_adults,
            children=new_children,
        )
        new_type = next(rt for rt in stay.rate_plan.room_types.all() if rt.code == new_code)
        _move_nights(stay, new_type, new_in, new_out)
        if "check_in" in changes or "check_out" in changes or "room_type" in changes:
            _free_assigned_rooms(stay, actor)
        stay.room_type = new_type
        stay.check_in, stay.check_out = new_in, new_out
        stay.adults, stay.children = new_adults, new_children
        stay.nightly = [{"date": n["date"], "price": n["price"]} for n in line["nightly"]]
        stay.subtotal, stay.taxes = Decimal(line["subtotal"]), Decimal(line["taxes"])
        stay.total = Decimal(line["total"])
        stay.rate_override_reason = new_reason
        stay.save()
        _reprice_extras(extras, line)
        _retotal(locked)
        record(
            reservation=locked,
            action="modified",
            actor=actor,
            topic=TOPIC_MODIFIED,
            details={"stay": stay.pk, "changes": changes, "total": stay.total, "rate": rate},
            payload={"stay_id": stay.pk, "fields": sorted(changes)},
        )
    locked.refresh_from_db()
    return locked


def _hand_price(stay: Stay) -> Decimal | None:
    """The nightly price of a stay priced by hand, else None. A booking's price_override and
    a modification's set every night to the same price, so the first night's is the deal's."""
    if not stay.rate_override_reason or not stay.nightly:
        return None
    return Decimal(stay.nightly[0]["price"])


def _priced_line(
    line: dict[str, Any],
    stay: Stay,
    *,
    deal: Decimal | None,
    price_override: Decimal | None,
    reason: str,
    adults: int,
    children: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The stay's new priced line, and what the trail says became of its price: `set` (a
    new price by hand), `kept` (the deal holds: nights that remain keep their price, added
    ones get the deal's), `repriced` (a price by hand dropped for today's rates) or
    `rates` (priced at today's rates, as it was)."""
    if price_override is not None:
        prices = [price_override] * len(line["nightly"])
        rate: dict[str, Any] = {"decision": "set", "nightly": f"{price_override:.2f}"}
        rate.update(reason=reason, was=stay.rate_override_reason or None)
    elif deal is not None and reason:
        kept = {night["date"]: Decimal(night["price"]) for night in stay.nightly}
        prices = [kept.get(night["date"], deal) for night in line["nightly"]]
        rate = {"decision": "kept", "nightly": f"{deal:.2f}", "reason": reason}
    elif deal is not None:
        return line, {"decision": "repriced", "was": stay.rate_override_reason}
    else:
        return line, {"decision": "rates"}
    return hand_priced(line, prices, adults=adults, children=children), rate


def _move_nights(stay: Stay, new_type: Any, check_in: date, check_out: date) -> None:
    """Hold what the stay gains, then release what it gives up (same type: the nights in
    one range and not the other; another type: all of them). Every night touched, old and
    new, is locked first in one statement in the calendar's global order: two changes
    crossing (one from type A to B, the other from B to A; or dates swapped) would
    otherwise each hold what the other is about to release, and deadlock."""
    inventory_lock(
        stays=[
            (stay.room_type_id, stay.check_in, stay.check_out),
            (new_type.pk, check_in, check_out),
        ]
    )
    before = _nights(stay.check_in, stay.check_out)
    after = _nights(check_in, check_out)
    same_type = new_type.pk == stay.room_type_id
    gained = sorted(after - before) if same_type else sorted(after)
    given_up = sorted(before - after) if same_type else sorted(before)
    hold_rooms([(new_type, start, end) for start, end in _runs(gained)])
    for start, end in _runs(given_up):
        inventory_release(room_type_id=stay.room_type_id, check_in=start, check_out=end)


def _reprice_extras(extras: list[StayExtra], line: dict[str, Any]) -> None:
    for stay_extra, priced in zip(extras, line["extras"], strict=True):
        stay_extra.unit_price = Decimal(priced["unit_price"])
        stay_extra.total = Decimal(priced["total"])
        stay_extra.save(update_fields=["unit_price", "total"])


def _retotal(reservation: Reservation) -> None:
    stays = list(reservation.stays.all())
    reservation.subtotal = sum((s.subtotal for s in stays), ZERO)
    reservation.taxes = sum((s.taxes for s in stays), ZERO)
    reservation.total = reservation.subtotal + reservation.taxes
    reservation.save(update_fields=["subtotal", "taxes", "total", "updated_at"])
