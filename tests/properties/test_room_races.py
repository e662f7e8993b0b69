"""Rooms changed at the same moment (real threads, committed data): the calendar's totals
count every room, and a booking racing the last room's deactivation never oversells."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

from django.db import connection
from django_tenants.utils import tenant_context

from innkeep.core.models import AuditEvent
from innkeep.inventory.models import InventoryDay
from innkeep.inventory.services import inventory_hold
from innkeep.properties import services
from innkeep.properties.models import Room, RoomType


def run_together(hotel, *jobs: Callable[[], None]) -> list[str]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job: Callable[[], None]) -> None:
        with tenant_context(hotel):
            barrier.wait()
            try:
                job()
                outcomes.append("ok")
            except Exception as exc:
                outcomes.append(type(exc).__name__)
            finally:
                connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def clean_up(hotel, code: str) -> None:  # type: ignore[no-untyped-def]
    with tenant_context(hotel):
        room_type = RoomType.objects.filter(code=code).first()
        if room_type is None:
            return
        rooms = [str(pk) for pk in room_type.rooms.values_list("pk", flat=True)]
        AuditEvent.objects.filter(target_type="properties.room", target_id__in=rooms).delete()
        AuditEvent.objects.filter(
            target_type="properties.roomtype", target_id=str(room_type.pk)
        ).delete()
        room_type.rooms.all().delete()
        room_type.delete()


def test_rooms_added_at_once_are_all_counted(committed, hotel_a):
    with tenant_context(hotel_a.hotel):
        room_type = services.room_type_create(actor=None, code="RACE", name="Race")
    try:
        outcomes = run_together(
            hotel_a.hotel,
            *[
                (lambda n=n: services.room_create(actor=None, number=f"R{n}", room_type=room_type))
                for n in range(4)
            ],
        )
        assert outcomes == ["ok"] * 4
        with tenant_context(hotel_a.hotel):
            assert set(
                InventoryDay.objects.filter(room_type=room_type).values_list("total", flat=True)
            ) == {4}
    finally:
        clean_up(hotel_a.hotel, "RACE")


def test_booking_racing_the_last_rooms_deactivation_never_oversells(committed, hotel_a):
    night = date(2027, 6, 1)  # inside the calendar (the hotel's today is 2027-03-01)
    with tenant_context(hotel_a.hotel):
        room_type = services.room_type_create(actor=None, code="LAST", name="Last")
        room = services.room_create(actor=None, number="L1", room_type=room_type)
    try:
        outcomes = run_together(
            hotel_a.hotel,
            lambda: inventory_hold(
                room_type_id=room_type.pk, check_in=night, check_out=night + timedelta(days=1)
            ),
            lambda: services.room_update(actor=None, room=room, changes={"active": False}),
        )
        assert sorted(outcomes) in (["InventoryConflict", "ok"], ["NoAvailability", "ok"])
        with tenant_context(hotel_a.hotel):
            day = InventoryDay.objects.get(room_type=room_type, date=night)
            active = Room.objects.get(pk=room.pk).active
            assert day.sold <= day.total
            assert (day.total, day.sold, active) in ((1, 1, True), (0, 0, False))
    finally:
        clean_up(hotel_a.hotel, "LAST")
