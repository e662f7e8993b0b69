"""Writes to the catalogue: hotel profile, room types (+ photos), rooms, extras.

Every change runs in its own transaction and writes its audit row in it. Room types fill
their inventory calendar when created; rooms keep the calendar's totals in step with what
can be sold (and a change that would leave fewer rooms than are sold and blocked is refused
as a whole with 409 INVENTORY_CONFLICT). The calendar is inventory's, above this app: it
follows these changes through `room_supply`."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

import pycountry
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context
from PIL import Image, UnidentifiedImageError

from innkeep.accounts.selectors import is_sign_in_address
from innkeep.core.audit import audit
from innkeep.core.audited_update import AuditedRows, already_checked, audited_update
from innkeep.core.changes import (
    name_and_code_problems,
    raise_if,
    required_text,
    unique_violation,
    upper_code,
)
from innkeep.core.errors import Conflict, NotFound, ValidationFailed
from innkeep.core.on_commit import after_commit
from innkeep.core.phones import normalize_phone
from innkeep.core.tenants import current_schema
from innkeep.properties import errors, room_supply
from innkeep.properties.models import (
    Extra,
    ExtraPricing,
    HotelProfile,
    HousekeepingStatus,
    Room,
    RoomType,
    RoomTypePhoto,
)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
LANGUAGE_CODE = re.compile(r"^(?P<language>[a-z]{2})(?:-(?P<region>[A-Z]{2}))?$")
MAX_LANGUAGES = 20


class RoomTypeInUse(Conflict):
    code = errors.ROOM_TYPE_IN_USE
    default_message = (
        "This room type has rooms, rate plans, prices or reservations: deactivate it instead "
        "(active=false)."
    )


class RoomInUse(Conflict):
    code = errors.ROOM_IN_USE
    default_message = "This room has reservations: deactivate it instead (active=false)."


# --- hotel profile ---------------------------------------------------------------------


def hotel_profile_create(
    *,
    name: str,
    timezone: str,
    currency: str,
    country: str,
    email: str = "",
    languages: list[str] | None = None,
) -> HotelProfile:
    return HotelProfile.objects.create(
        name=name,
        timezone=timezone,
        currency=currency,
        country=country,
        email=email,
        languages=languages or ["en"],
    )


PROFILE_FIELDS = (
    "name",
    "legal_name",
    "email",
    "phone",
    "website",
    "address_line1",
    "address_line2",
    "city",
    "postal_code",
    "country",
    "timezone",
    "currency",
    "check_in_time",
    "check_out_time",
    "no_show_cutoff",
    "policies",
    "languages",
)


def normalize_language(code: str) -> str:
    """ "EN" -> "en", "pt_br" -> "pt-BR"."""
    language, _, region = code.strip().replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


def language_errors(languages: list[str]) -> list[str]:
    problems = []
    if len(languages) > MAX_LANGUAGES:
        problems.append(f"At most {MAX_LANGUAGES} languages.")
    for code in languages:
        match = LANGUAGE_CODE.match(code)
        valid = (
            match is not None
            and pycountry.languages.get(alpha_2=match["language"]) is not None
            and (match["region"] is None or pycountry.countries.get(alpha_2=match["region"]))
        )
        if not valid:
            problems.append(f"Unknown language {code!r}; use ISO 639-1 codes such as en or pt-BR.")
    if len(set(languages)) != len(languages):
        problems.append("A language is listed twice.")
    return problems


def hotel_profile_update(*, actor: Any, changes: Mapping[str, Any]) -> HotelProfile:
    """Change the hotel's profile. Time zone, currency and country follow the signup rules
    (IANA, ISO 4217, ISO 3166-1 alpha-2); languages are ISO 639-1 codes; the phone is stored
    as E.164. The contact email is published to guests, so it may not be a staff sign-in
    address."""
    from innkeep.tenancy.validation import country_valid, currency_valid, timezones

    changes = dict(changes)
    for field in ("currency", "country"):
        if isinstance(changes.get(field), str):
            changes[field] = changes[field].strip().upper()
    if isinstance(changes.get("languages"), list):
        changes["languages"] = [normalize_language(str(code)) for code in changes["languages"]]
    problems: dict[str, list[str]] = {}
    if "name" in changes:
        changes["name"] = required_text(changes["name"], "name", problems)
    if "timezone" in changes and changes["timezone"] not in timezones():
        problems["timezone"] = ["Unknown time zone; use an IANA name such as Europe/Madrid."]
    if "currency" in changes and not currency_valid(changes["currency"]):
        problems["currency"] = ["Unknown currency; use an ISO 4217 code such as EUR."]
    if "country" in changes and not country_valid(changes["country"]):
        problems["country"] = ["Unknown country; use an ISO 3166 alpha-2 code such as ES."]
    if "languages" in changes and (language_problems := language_errors(changes["languages"])):
        problems["languages"] = language_problems
    if isinstance(changes.get("email"), str) and is_sign_in_address(email=changes["email"]):
        problems["email"] = [
            "This address signs in to a staff account, and the contact email is public: "
            "use an address for guests (such as reception@...)."
        ]
    if "phone" in changes:
        # A national number is read in the hotel's country: the new one when it changes too.
        region = changes["country"] if "country" in changes and "country" not in problems else None
        region = region or HotelProfile.objects.values_list("country", flat=True).get()
        try:
            changes["phone"] = normalize_phone(changes["phone"], region=region)
        except ValidationFailed as exc:
            problems.update(exc.fields)
    raise_if(problems)
    with transaction.atomic():
        return audited_update(
            HotelProfile.objects.select_for_update().get(),
            locked=True,
            actor=actor,
            action="hotel_profile.updated",
            changes=changes,
            allowed=PROFILE_FIELDS,
            validate=already_checked,
        ).row


# --- room types ------------------------------------------------------------------------

ROOM_TYPE_FIELDS = (
    "code",
    "name",
    "description",
    "max_adults",
    "max_children",
    "max_occupancy",
    "bed_setup",
    "sort_order",
    "active",
)
ROOM_TYPE_CODE_TAKEN = "A room type with this code already exists."


def _room_type_errors(room_type: RoomType) -> dict[str, list[str]]:
    """What PostgreSQL's CHECKs and unique index would refuse, said by field."""
    problems = name_and_code_problems(room_type, taken=ROOM_TYPE_CODE_TAKEN)
    if room_type.max_adults < 1:
        problems["max_adults"] = ["At least one adult must fit."]
    if room_type.max_occupancy < 1:
        problems["max_occupancy"] = ["At least one guest must fit."]
    elif room_type.max_occupancy > room_type.max_adults + room_type.max_children:
        problems["max_occupancy"] = [
            "Must not exceed max_adults + max_children "
            f"({room_type.max_adults + room_type.max_children})."
        ]
    return problems


ROOM_TYPES = AuditedRows(
    "room_type", ROOM_TYPE_FIELDS, _room_type_errors, unique=("code", ROOM_TYPE_CODE_TAKEN)
)


def room_type_create(
    *,
    actor: Any,
    code: str,
    name: str,
    description: str = "",
    max_adults: int = 2,
    max_children: int = 0,
    max_occupancy: int = 2,
    bed_setup: str = "",
    sort_order: int = 0,
    active: bool = True,
) -> RoomType:
    """Create a room type and fill its inventory calendar for the rolling horizon."""
    room_type = RoomType(
        code=code.strip().upper(),
        name=name,
        description=description,
        max_adults=max_adults,
        max_children=max_children,
        max_occupancy=max_occupancy,
        bed_setup=bed_setup,
        sort_order=sort_order,
        active=active,
    )
    return ROOM_TYPES.create(
        room_type,
        actor=actor,
        record=lambda created: {"code": created.code},
        then=lambda created: room_supply.room_types_created(room_type_ids=[created.pk]),
    )


def room_type_update(*, actor: Any, room_type: RoomType, changes: Mapping[str, Any]) -> RoomType:
    return ROOM_TYPES.update(room_type, actor=actor, changes=upper_code(changes))


def room_type_references(room_type: RoomType) -> dict[str, Any]:
    """What would lose its room type: rooms, rate plans selling it, prices, reservations."""
    # The apps above point at room types; their relations are found from this side.
    found: dict[str, Any] = {
        "rooms": room_type.rooms.count(),
        "rate_plans": sorted(room_type.rate_plans.values_list("code", flat=True)),
        "daily_rates": room_type.daily_rates.count(),  # type: ignore[attr-defined]
        "stays": room_type.stays.count(),  # type: ignore[attr-defined]
    }
    return {key: value for key, value in found.items() if value}


def room_type_delete(*, actor: Any, room_type: RoomType) -> None:
    """Delete a room type nobody refers to (its calendar, restrictions and photos go with
    it). One in use is refused with 409 ROOM_TYPE_IN_USE: deactivate it instead."""
    with transaction.atomic():
        room_type = RoomType.objects.select_for_update().get(pk=room_type.pk)
        references = room_type_references(room_type)
        if references:
            raise RoomTypeInUse(details={"references": references})
        photos = list(room_type.photos.values_list("image", flat=True))
        audit(
            actor=actor, action="room_type.deleted", target=room_type, data={"code": room_type.code}
        )
        room_type.delete()
        for name in photos:
            after_commit(_delete_file, current_schema(), name)


def _delete_file(schema: str, name: str) -> None:
    with schema_context(schema):
        default_storage.delete(name)


def _photo_problems(image: File) -> tuple[str | None, list[str]]:
    """(file extension, problems) of an upload: a JPEG, PNG or WebP image of 5 MB at most."""
    if image.size is None or image.size > MAX_PHOTO_BYTES:
        return None, [f"The photo must be at most {MAX_PHOTO_BYTES // (1024 * 1024)} MB."]
    try:
        image.seek(0)
        with Image.open(image) as picture:
            kind = picture.format or ""
            picture.verify()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None, ["Upload a valid image: JPEG, PNG or WebP."]
    finally:
        image.seek(0)
    if kind not in PHOTO_FORMATS:
        return None, ["Upload a JPEG, PNG or WebP image."]
    return PHOTO_FORMATS[kind], []


def room_type_photo_add(
    *, actor: Any, room_type: RoomType, image: File, caption: str = "", sort_order: int = 0
) -> RoomTypePhoto:
    """Store a photo in this hotel's own media folder (MEDIA_ROOT/<schema>/room-types/...)."""
    extension, problems = _photo_problems(image)
    if problems:
        raise ValidationFailed({"image": problems})
    photo = RoomTypePhoto(room_type=room_type, caption=caption.strip(), sort_order=sort_order)
    with transaction.atomic():
        _lock_room_types([room_type.pk])  # not deleted while the photo is added
        photo.image.save(f"{uuid.uuid4().hex}.{extension}", image, save=False)
        stored = str(photo.image.name)
        try:
            photo.save()
            audit(
                actor=actor,
                action="room_type.photo_added",
                target=room_type,
                data={"photo": photo.pk, "file": photo.image.name},
            )
        except Exception:
            _delete_file(current_schema(), stored)
            raise
    return photo


def room_type_photo_delete(*, actor: Any, photo: RoomTypePhoto) -> None:
    with transaction.atomic():
        name = str(photo.image.name)
        audit(
            actor=actor,
            action="room_type.photo_deleted",
            target=photo.room_type,
            data={"photo": photo.pk, "file": name},
        )
        photo.delete()
        after_commit(_delete_file, current_schema(), name)


# --- rooms -----------------------------------------------------------------------------

ROOM_FIELDS = ("number", "floor", "room_type", "housekeeping_status", "active", "notes")
ROOM_NUMBER_TAKEN = "A room with this number already exists."


def _lock_room_types(ids: Iterable[int]) -> None:
    """Changes to the rooms of a type queue behind each other (in id order: no deadlock),
    so the totals they compute count every committed room. A type deleted meanwhile is a
    404, not a foreign key error at commit."""
    wanted = set(ids)
    locked = RoomType.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    if len(list(locked)) != len(wanted):
        raise NotFound("This room type no longer exists.")


def _lock_room(room: Room, affected: set[int]) -> Room:
    locked = Room.objects.select_for_update().select_related("room_type").get(pk=room.pk)
    if locked.room_type_id not in affected:  # moved meanwhile: its type is concerned too
        affected.add(locked.room_type_id)
        _lock_room_types([locked.room_type_id])
    return locked


def _room_errors(room: Room) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    room.number = required_text(room.number, "number", problems)
    if room.number and Room.objects.filter(number=room.number).exclude(pk=room.pk).exists():
        problems["number"] = [ROOM_NUMBER_TAKEN]
    if room.housekeeping_status not in HousekeepingStatus.values:
        problems["housekeeping_status"] = [f"Use {', '.join(HousekeepingStatus.values)}."]
    return problems


def _with_totals(room_type_ids: set[int], change: Callable[[], Room | None]) -> Room | None:
    """Run a change to rooms and bring the calendar's totals in step, in one transaction:
    if the totals cannot follow (409 INVENTORY_CONFLICT) the room change is undone too.
    `change` may add to `room_type_ids` (a room found to be of another type by now)."""
    try:
        with transaction.atomic():
            _lock_room_types(room_type_ids)
            result = change()
            room_supply.rooms_changed(room_type_ids=sorted(room_type_ids))
            return result
    except IntegrityError as exc:
        raise unique_violation(exc, "number", ROOM_NUMBER_TAKEN) from None


def room_create(
    *,
    actor: Any,
    number: str,
    room_type: RoomType,
    floor: int | None = None,
    housekeeping_status: str = HousekeepingStatus.CLEAN,
    active: bool = True,
    notes: str = "",
) -> Room:
    room = Room(
        number=number,
        room_type=room_type,
        floor=floor,
        housekeeping_status=housekeeping_status,
        active=active,
        notes=notes,
    )
    return rooms_create(actor=actor, rooms=[room])[0]


def rooms_create(*, actor: Any, rooms: Sequence[Room]) -> list[Room]:
    """Add several rooms (unsaved `Room`s) in one transaction, all or none, as when a hotel
    is set up: each is checked and audited as by `room_create`, and the calendar's totals
    follow once for all the room types concerned instead of once a room."""
    rooms = list(rooms)
    for room in rooms:
        raise_if(_room_errors(room))

    def create() -> None:
        for room in rooms:
            room.save()
            audit(
                actor=actor,
                action="room.created",
                target=room,
                data={
                    "number": room.number,
                    "room_type": room.room_type.code,
                    "sellable": room.sellable,
                },
            )

    if rooms:
        _with_totals({room.room_type_id for room in rooms}, create)
    return rooms


def room_update(*, actor: Any, room: Room, changes: Mapping[str, Any]) -> Room:
    """Change a room; moving it to another type, deactivating it or taking it out of order
    moves the calendar's totals of every type concerned from today on."""
    affected = {room.room_type_id}
    if "room_type" in changes:
        affected.add(changes["room_type"].pk)

    def update() -> Room:
        return audited_update(
            _lock_room(room, affected),
            locked=True,
            actor=actor,
            action="room.updated",
            changes=changes,
            allowed=ROOM_FIELDS,
            validate=_room_errors,
        ).row

    updated = _with_totals(affected, update)
    assert updated is not None
    return updated


def room_set_housekeeping(*, actor: Any, room: Room, status: str) -> Room:
    """The housekeeping status (clean, dirty, inspected, out_of_order). Out of order takes
    the room off sale, and back."""
    if status not in HousekeepingStatus.values:
        raise ValidationFailed({"status": [f"Use {', '.join(HousekeepingStatus.values)}."]})

    affected = {room.room_type_id}

    def change() -> Room:
        return audited_update(
            _lock_room(room, affected),
            locked=True,
            actor=actor,
            action="room.housekeeping_changed",
            changes={"housekeeping_status": status},
            allowed=("housekeeping_status",),
            validate=already_checked,
        ).row

    updated = _with_totals(affected, change)
    assert updated is not None
    return updated


def room_delete(*, actor: Any, room: Room) -> None:
    """Delete a room that never had a reservation; one that had is refused with 409
    ROOM_IN_USE (deactivate it instead)."""

    affected = {room.room_type_id}

    def delete() -> None:
        locked = _lock_room(room, affected)
        stays = locked.assignments.count()  # type: ignore[attr-defined]
        if stays:
            raise RoomInUse(details={"stays": stays})
        audit(
            actor=actor,
            action="room.deleted",
            target=locked,
            data={"number": locked.number, "room_type": locked.room_type.code},
        )
        locked.delete()
        return None

    _with_totals(affected, delete)


# --- extras ----------------------------------------------------------------------------

EXTRA_FIELDS = ("code", "name", "description", "price", "pricing", "active", "sort_order")
EXTRA_CODE_TAKEN = "An extra with this code already exists."


def _extra_errors(extra: Extra) -> dict[str, list[str]]:
    problems = name_and_code_problems(extra, taken=EXTRA_CODE_TAKEN)
    if extra.price < 0:
        problems["price"] = ["Must be zero or more."]
    if extra.pricing not in ExtraPricing.values:
        problems["pricing"] = [f"Use {', '.join(ExtraPricing.values)}."]
    return problems


EXTRAS = AuditedRows("extra", EXTRA_FIELDS, _extra_errors, unique=("code", EXTRA_CODE_TAKEN))


def extra_create(
    *,
    actor: Any,
    code: str,
    name: str,
    price: Decimal,
    pricing: str,
    description: str = "",
    active: bool = True,
    sort_order: int = 0,
) -> Extra:
    extra = Extra(
        code=code.strip().upper(),
        name=name,
        description=description,
        price=price,
        pricing=pricing,
        active=active,
        sort_order=sort_order,
    )
    return EXTRAS.create(extra, actor=actor, record=lambda created: {"code": created.code})


def extra_update(*, actor: Any, extra: Extra, changes: Mapping[str, Any]) -> Extra:
    return EXTRAS.update(extra, actor=actor, changes=upper_code(changes))


def extra_delete(*, actor: Any, extra: Extra) -> None:
    """Extras are priced into quotes by code and copied into reservations: deleting one
    leaves them as they are."""
    with transaction.atomic():
        audit(actor=actor, action="extra.deleted", target=extra, data={"code": extra.code})
        extra.delete()
