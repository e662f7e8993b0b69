"""Build a hotel's catalogue through the services (so the calendar is kept as in real use).
Call inside the hotel's schema (`tenant_context`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from innkeep.properties import services as catalogue
from innkeep.properties.models import Room, RoomType
from tests.factories import StayFactory


def room_type(code: str = "DBL", *, rooms: int = 0, **fields: Any) -> RoomType:
    fields = {"name": f"{code} room", "max_adults": 2, "max_occupancy": 2, **fields}
    made = catalogue.room_type_create(actor=None, code=code, **fields)
    for n in range(rooms):
        catalogue.room_create(actor=None, number=f"{code}{n + 1:02d}", room_type=made)
    return made


def room(number: str, room_type: RoomType, **fields: Any) -> Room:
    return catalogue.room_create(actor=None, number=number, room_type=room_type, **fields)


def image_file(kind: str = "PNG", name: str = "photo.png", size: tuple[int, int] = (4, 3)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=kind)
    content_type = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}.get(
        kind, "application/octet-stream"
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def money(value: str) -> Decimal:
    return Decimal(value)


def day(iso: str) -> date:
    return date.fromisoformat(iso)


def book(room_type: RoomType, check_in: date, check_out: date, *, rooms: int = 1) -> None:
    """Reservations holding `rooms` rooms of the type for the nights, as the booking flow
    leaves them: a stay each, and the nights taken in the calendar."""
    from innkeep.inventory.services import inventory_hold

    for _ in range(rooms):
        StayFactory(room_type=room_type, check_in=check_in, check_out=check_out, rate_plan=None)
        inventory_hold(room_type_id=room_type.pk, check_in=check_in, check_out=check_out)
