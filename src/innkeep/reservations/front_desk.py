"""The front desk's writes: check-in, check-out, no-show (by staff and by the nightly run),
and the party of a stay. Every status change goes through LIFECYCLE.move (409
INVALID_STATUS_TRANSITION on a bad move); each write leaves its trail row and outbox event
in its own transaction, and a refusal changes nothing."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Min

from innkeep.core import clock
from innkeep.core.errors import Conflict, InnkeepError, NotFound, ValidationFailed
from innkeep.properties.models import HousekeepingStatus
from innkeep.properties.selectors import hotel_profile, hotel_today
from innkeep.reservations import errors
from innkeep.reservations.cancel import release_inventory
from innkeep.reservations.lifecycle import LIFECYCLE, TOPIC_MODIFIED, record
from innkeep.reservations.models import PartyMember, Reservation, RoomAssignment, Stay
from innkeep.reservations.models import ReservationStatus as S
from innkeep.reservations.rooms import mark_used, release_rooms
from innkeep.reservations.selectors import current_assignment

logger = logging.getLogger(__name__)

# Housekeeping statuses a guest may be shown into without a warning.
READY_STATUSES = (HousekeepingStatus.CLEAN, HousekeepingStatus.INSPECTED)
# Reservations whose party may still change.
OPEN_STATUSES = (S.PENDING_PAYMENT, S.CONFIRMED, S.CHECKED_IN)


class RoomNotAssigned(Conflict):
    code = errors.ROOM_NOT_ASSIGNED
    default_message = "Every room of the reservation needs an assigned room before check-in."


class CheckInNotDue(Conflict):
    code = errors.CHECK_IN_NOT_DUE
    default_message = "Guests check in from their arrival date until their departure date."


class NoShowTooEarly(Conflict):
    code = errors.NO_SHOW_TOO_EARLY
    default_message = "A reservation becomes a no-show only after its arrival date."


class PartyFull(Conflict):
    code = errors.PARTY_FULL
    default_message = "The room's party is complete: change its adults or children first."


class ReservationClosed(Conflict):
    code = errors.RESERVATION_CLOSED
    default_message = "This reservation is closed (cancelled, no-show or checked out)."


@dataclass(frozen=True)
class CheckInWarning:
    code: str
    message: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CheckIn:
    reservation: Reservation
    warnings: list[CheckInWarning]


def _locked(reservation: Reservation) -> Reservation:
    return Reservation.objects.select_for_update().get(pk=reservation.pk)


def _live(reservation: Reservation) -> list[RoomAssignment]:
    return list(
        RoomAssignment.objects.filter(stay__reservation=reservation, released_at__isnull=True)
        .select_related("room")
        .order_by("start", "id")
    )


def _tonight_rooms(reservation: Reservation, today: date) -> dict[int, RoomAssignment]:
    """stay id -> its current live assignment."""
    by_stay: dict[int, list[RoomAssignment]] = {}
    for assignment in _live(reservation):
        by_stay.setdefault(assignment.stay_id, []).append(assignment)
    current = {stay: current_assignment(rows, today) for stay, rows in by_stay.items()}
    return {stay: row for stay, row in current.items() if row is not None}


def _stay_dates(reservation: Reservation) -> tuple[date, date]:
    stays = list(reservation.stays.order_by("check_in").values_list("check_in", "check_out"))
    return min(s[0] for s in stays), max(s[1] for s in stays)


def reservation_check_in(*, reservation: Reservation, actor: Any) -> CheckIn:
    """Check the guests in: from the arrival date until the departure date, every stay with
    a live room. A room that is not clean (or inspected) is a warning, not a refusal."""
    today = hotel_today()
    with transaction.atomic():
        locked = _locked(reservation)
        LIFECYCLE.check(locked.status, S.CHECKED_IN)
        arrival, departure = _stay_dates(locked)
        if not arrival <= today < departure:
            raise CheckInNotDue(
                details={"arrival": str(arrival), "departure": str(departure), "today": str(today)}
            )
        rooms = _tonight_rooms(locked, today)
        missing = sorted(set(locked.stays.values_list("id", flat=True)) - set(rooms))
        if missing:
            raise RoomNotAssigned(details={"stays": missing})
        moved = LIFECYCLE.move(
            locked,
            to=S.CHECKED_IN,
            actor=actor,
            data={"rooms": sorted(a.room.number for a in rooms.values())},
        )
        Stay.objects.filter(reservation=locked).update(checked_in_at=clock.now())
    warnings = [
        CheckInWarning(
            code="ROOM_NOT_CLEAN",
            message=f"Room {a.room.number} is {a.room.get_housekeeping_status_display()}.",
            details={"room": a.room.number, "housekeeping_status": a.room.housekeeping_status},
        )
        for a in sorted(rooms.values(), key=lambda a: a.room.number)
        if a.room.housekeeping_status not in READY_STATUSES
    ]
    return CheckIn(reservation=moved, warnings=warnings)


def reservation_check_out(*, reservation: Reservation, actor: Any) -> Reservation:
    """Check the guests out: their rooms become dirty and are released; before the
    departure date (an early departure) the assignment is cut back to today."""
    today = hotel_today()
    with transaction.atomic():
        locked = _locked(reservation)
        LIFECYCLE.check(locked.status, S.CHECKED_OUT)
        rooms = {a.room_id: a.room for a in _live(locked)}
        moved = LIFECYCLE.move(locked, to=S.CHECKED_OUT, actor=actor)
        Stay.objects.filter(reservation=locked).update(checked_out_at=clock.now())
        for room in sorted(rooms.values(), key=lambda r: r.number):
            mark_used(room=room, actor=actor)
        release_rooms(reservation=moved, actor=actor, on=today)
    return moved


def reservation_no_show(
    *, reservation: Reservation, actor: Any, today: date | None = None
) -> Reservation:
    """The guest never came: only after the arrival date. The nights go back on sale and
    the rooms are released."""
    today = today or hotel_today()
    with transaction.atomic():
        locked = _locked(reservation)
        LIFECYCLE.check(locked.status, S.NO_SHOW)
        arrival, _ = _stay_dates(locked)
        if not arrival < today:
            raise NoShowTooEarly(details={"arrival": str(arrival), "today": str(today)})
        moved = LIFECYCLE.move(locked, to=S.NO_SHOW, actor=actor)
        release_inventory(locked)  # in the calendar's lock order, as a cancellation
        release_rooms(reservation=moved, actor=actor)
    return moved


def latest_no_show_arrival(*, now: datetime, timezone: str, cutoff: Any) -> date:
    """The last arrival date whose guests are no-shows at `now`: yesterday's once the
    hotel's local time has passed its cut-off, else the day before."""
    local = now.astimezone(ZoneInfo(timezone))
    days_back = 1 if local.time() >= cutoff else 2
    return local.date() - timedelta(days=days_back)


def mark_due_no_shows(*, now: datetime | None = None) -> list[str]:
    """The nightly run, in one hotel: mark every confirmed reservation whose arrival is
    past the cut-off a no-show (system actor), each in its own transaction. Idempotent: a
    second run finds nothing. Returns the codes marked."""
    profile = hotel_profile()
    now = now or clock.now()
    latest = latest_no_show_arrival(
        now=now, timezone=profile.timezone, cutoff=profile.no_show_cutoff
    )
    due = (
        Reservation.objects.filter(status=S.CONFIRMED)
        .alias(first_night=Min("stays__check_in"))
        .filter(first_night__lte=latest)
        .order_by("id")
    )
    marked = []
    for reservation in due:
        try:
            reservation_no_show(
                reservation=reservation, actor="system", today=latest + timedelta(days=1)
            )
        except InnkeepError as exc:  # moved meanwhile, or a calendar to repair: the others go on
            logger.warning("no-show of %s refused: %s %s", reservation.code, exc.code, exc.message)
            continue
        marked.append(reservation.code)
    return marked


# --- party --------------------------------------------------------------------------------


def _open(reservation: Reservation) -> Reservation:
    locked = _locked(reservation)
    if locked.status not in OPEN_STATUSES:
        raise ReservationClosed(details={"status": locked.status})
    return locked


def _stay_of(reservation: Reservation, stay_id: int | None) -> Stay:
    stays = list(reservation.stays.select_for_update().order_by("id"))
    if stay_id is None:
        if len(stays) != 1:
            raise ValidationFailed({"stay": ["Name the stay: this reservation has several rooms."]})
        return stays[0]
    for stay in stays:
        if stay.pk == stay_id:
            return stay
    raise ValidationFailed({"stay": ["No such stay in this reservation."]})


def party_member_add(
    *,
    reservation: Reservation,
    actor: Any,
    first_name: str,
    last_name: str,
    is_child: bool = False,
    stay_id: int | None = None,
) -> PartyMember:
    """Someone else in a room of the reservation. The party fits the stay's occupancy: the
    guest is one of its adults, so a stay of 2 adults takes one more adult."""
    with transaction.atomic():
        locked = _open(reservation)
        stay = _stay_of(locked, stay_id)
        members = list(stay.party.all())
        children = sum(1 for m in members if m.is_child)
        adults = len(members) - children
        room_left = (children < stay.children) if is_child else (adults < stay.adults - 1)
        if not room_left:
            raise PartyFull(
                details={
                    "stay": stay.pk,
                    "adults": stay.adults,
                    "children": stay.children,
                    "party_adults": adults,
                    "party_children": children,
                }
            )
        member = PartyMember(
            stay=stay, first_name=first_name, last_name=last_name, is_child=is_child
        )
        member.save()
        _record_party(locked, actor, "party_member_added", member)
    return member


def party_member_remove(*, reservation: Reservation, actor: Any, member_id: int) -> None:
    with transaction.atomic():
        locked = _open(reservation)
        member = (
            PartyMember.objects.select_for_update()
            .filter(stay__reservation=locked, pk=member_id)
            .first()
        )
        if member is None:
            raise NotFound("No such party member in this reservation.")
        _record_party(locked, actor, "party_member_removed", member)
        member.delete()


def _record_party(reservation: Reservation, actor: Any, action: str, member: PartyMember) -> None:
    # The trail names the person (staff read it); the outbox carries ids only.
    record(
        reservation=reservation,
        action=action,
        actor=actor,
        topic=TOPIC_MODIFIED,
        details={
            "stay": member.stay_id,
            "member": member.pk,
            "name": f"{member.first_name} {member.last_name}",
            "is_child": member.is_child,
        },
        payload={"change": action, "stay_id": member.stay_id, "member_id": member.pk},
    )
