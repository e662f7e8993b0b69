"""Room types: CRUD, the rules PostgreSQL also enforces (said by field), the calendar filled
on creation, deletion refused while in use, photos stored per hotel."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django_tenants.utils import tenant_context
from PIL import Image

from innkeep.core.models import AuditEvent
from innkeep.inventory.models import InventoryDay
from innkeep.properties import services
from innkeep.properties.models import RoomType, RoomTypePhoto
from innkeep.rates.models import DailyRate, RatePlan
from tests.properties import catalogue

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)
DOUBLE = {
    "code": "dbl",
    "name": "Double room",
    "description": "Garden view.",
    "max_adults": 2,
    "max_children": 1,
    "max_occupancy": 3,
    "bed_setup": "1 queen",
    "sort_order": 10,
}


@pytest.fixture
def owner_api(api_for, hotel_a, owner_of):  # type: ignore[no-untyped-def]
    client, owner = api_for(hotel_a), owner_of(hotel_a)
    client.credentials(HTTP_AUTHORIZATION=owner.auth["HTTP_AUTHORIZATION"])
    client.owner = owner
    return client


def test_create_room_type_fills_731_days_of_calendar_and_is_audited(owner_api, hotel_a):
    response = owner_api.post("/api/v1/room-types/", DOUBLE, format="json")

    assert response.status_code == 201
    body = response.json()
    assert {k: v for k, v in body.items() if k not in {"id", "created_at", "updated_at"}} == {
        **DOUBLE,
        "code": "DBL",
        "active": True,
        "photos": [],
    }
    with tenant_context(hotel_a.hotel):
        days = list(
            InventoryDay.objects.filter(room_type_id=body["id"])
            .order_by("date")
            .values_list("date", "total", "sold", "blocked")
        )
        assert len(days) == 731
        assert days[0] == (TODAY, 0, 0, 0)
        assert days[-1] == (TODAY + timedelta(days=730), 0, 0, 0)
        assert {d[1:] for d in days} == {(0, 0, 0)}
        event = AuditEvent.objects.get(action="room_type.created")
        assert (event.actor_id, event.target_id, event.data) == (
            owner_api.owner.user.pk,
            str(body["id"]),
            {"code": "DBL"},
        )


def test_list_filters_searches_orders_and_paginates(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        catalogue.room_type("SGL", name="Single", max_adults=1, max_occupancy=1, sort_order=1)
        catalogue.room_type("DBL", name="Double", sort_order=2)
        catalogue.room_type("OLD", name="Old wing", sort_order=3, active=False)

    everything = owner_api.get("/api/v1/room-types/").json()
    assert everything["count"] == 3
    assert [rt["code"] for rt in everything["results"]] == ["SGL", "DBL", "OLD"]
    active = owner_api.get("/api/v1/room-types/?active=true&ordering=-code").json()
    assert [rt["code"] for rt in active["results"]] == ["SGL", "DBL"]
    found = owner_api.get("/api/v1/room-types/?search=wing").json()
    assert [rt["code"] for rt in found["results"]] == ["OLD"]
    page = owner_api.get("/api/v1/room-types/?page_size=2&page=2").json()
    assert (page["count"], [rt["code"] for rt in page["results"]]) == (3, ["OLD"])
    bad = owner_api.get("/api/v1/room-types/?active=perhaps")
    assert bad.status_code == 400
    assert bad.json()["error"]["details"]["fields"] == {"active": ["Use true or false."]}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"max_occupancy": 4}, "max_occupancy"),  # over 2 adults + 1 child
        ({"max_adults": 0}, "max_adults"),
        ({"max_occupancy": 0}, "max_occupancy"),
        ({"max_children": -1}, "max_children"),
        ({"max_adults": "two"}, "max_adults"),
        ({"max_adults": 10**12}, "max_adults"),
        ({"code": "bad code!"}, "code"),
        ({"code": "A" * 17}, "code"),
        ({"code": None}, "code"),
        ({"name": "  "}, "name"),
        ({"name": ""}, "name"),
        ({"active": "sometimes"}, "active"),
        ({"sort_order": -1}, "sort_order"),
    ],
)
def test_invalid_room_types_are_400_naming_the_field(owner_api, hotel_a, change, field):
    response = owner_api.post("/api/v1/room-types/", {**DOUBLE, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert list(response.json()["error"]["details"]["fields"]) == [field]
    with tenant_context(hotel_a.hotel):
        assert not RoomType.objects.exists()
        assert not InventoryDay.objects.exists()


def test_missing_fields_and_duplicate_codes(owner_api, hotel_a):
    missing = owner_api.post("/api/v1/room-types/", {}, format="json")
    assert missing.json()["error"]["details"]["fields"] == {
        "code": ["This field is required."],
        "name": ["This field is required."],
    }
    assert owner_api.post("/api/v1/room-types/", DOUBLE, format="json").status_code == 201
    again = owner_api.post("/api/v1/room-types/", {**DOUBLE, "code": "DBL "}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["details"]["fields"] == {
        "code": ["A room type with this code already exists."]
    }


def test_update_checks_the_rules_against_the_stored_values(owner_api, hotel_a):
    created = owner_api.post("/api/v1/room-types/", DOUBLE, format="json").json()
    url = f"/api/v1/room-types/{created['id']}/"

    # occupancy 3 = 2 adults + 1 child: taking the child away breaks it
    refused = owner_api.patch(url, {"max_children": 0}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()["error"]["details"]["fields"]) == ["max_occupancy"]

    changed = owner_api.patch(
        url, {"max_children": 0, "max_occupancy": 2, "active": False}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["max_occupancy"], changed.json()["active"]) == (2, False)
    with tenant_context(hotel_a.hotel):
        event = AuditEvent.objects.get(action="room_type.updated")
        assert event.data == {
            "max_children": [1, 0],
            "max_occupancy": [3, 2],
            "active": [True, False],
        }


def test_delete_unused_room_type_takes_its_calendar(owner_api, hotel_a):
    created = owner_api.post("/api/v1/room-types/", DOUBLE, format="json").json()
    response = owner_api.delete(f"/api/v1/room-types/{created['id']}/")
    assert response.status_code == 204
    with tenant_context(hotel_a.hotel):
        assert not RoomType.objects.exists()
        assert not InventoryDay.objects.exists()
        assert AuditEvent.objects.filter(action="room_type.deleted").count() == 1


def test_delete_of_a_room_type_in_use_is_409_and_keeps_it(owner_api, hotel_a):
    with tenant_context(hotel_a.hotel):
        with_rooms = catalogue.room_type("DBL", rooms=2)
        sold = catalogue.room_type("TWN")
        plan = RatePlan.objects.create(code="BAR", name="Best")
        plan.room_types.set([sold])
        DailyRate.objects.create(rate_plan=plan, room_type=sold, date=TODAY, price=Decimal("90.00"))

    rooms = owner_api.delete(f"/api/v1/room-types/{with_rooms.pk}/")
    priced = owner_api.delete(f"/api/v1/room-types/{sold.pk}/")

    assert rooms.status_code == priced.status_code == 409
    assert rooms.json()["error"]["code"] == "ROOM_TYPE_IN_USE"
    assert rooms.json()["error"]["details"] == {"references": {"rooms": 2}}
    assert priced.json()["error"]["details"] == {
        "references": {"rate_plans": ["BAR"], "daily_rates": 1}
    }
    with tenant_context(hotel_a.hotel):
        assert RoomType.objects.count() == 2
        assert InventoryDay.objects.count() == 2 * 731
        assert not AuditEvent.objects.filter(action="room_type.deleted").exists()


def test_unknown_and_malformed_ids_are_404(owner_api):
    for url in ("/api/v1/room-types/999999/", "/api/v1/room-types/99999999999999999999/"):
        response = owner_api.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "NOT_FOUND"


# --- photos ----------------------------------------------------------------------------


def test_photo_upload_is_stored_in_the_hotels_own_folder(
    owner_api, hotel_a, media_root, django_capture_on_commit_callbacks
):
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")

    response = owner_api.post(
        f"/api/v1/room-types/{room_type.pk}/photos/",
        {"image": catalogue.image_file("PNG", "garden view.png"), "caption": "Garden"},
        format="multipart",
    )

    assert response.status_code == 201
    photo = response.json()
    with tenant_context(hotel_a.hotel):
        stored = RoomTypePhoto.objects.get()
    name = stored.image.name
    assert re.fullmatch(rf"room-types/{room_type.pk}/[0-9a-f]{{32}}\.png", name)
    path = media_root / hotel_a.schema / name
    assert path.is_file()
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert photo == {
        "id": stored.pk,
        "url": f"http://{hotel_a.host}/media/{hotel_a.schema}/{name}",
        "caption": "Garden",
        "sort_order": 0,
    }
    shown = owner_api.get(f"/api/v1/room-types/{room_type.pk}/").json()
    assert shown["photos"] == [photo]

    with django_capture_on_commit_callbacks(execute=True):
        deleted = owner_api.delete(f"/api/v1/room-types/{room_type.pk}/photos/{stored.pk}/")
    assert deleted.status_code == 204
    assert not path.exists()
    with tenant_context(hotel_a.hotel):
        assert not RoomTypePhoto.objects.exists()
        assert list(
            AuditEvent.objects.order_by("id")
            .filter(action__startswith="room_type.photo")
            .values_list("action", flat=True)
        ) == ["room_type.photo_added", "room_type.photo_deleted"]


def test_two_hotels_photos_land_in_two_folders(api_for, hotel_a, hotel_b, owner_of, media_root):
    for hotel in (hotel_a, hotel_b):
        with tenant_context(hotel.hotel):
            room_type = catalogue.room_type("DBL")
        response = api_for(hotel).post(
            f"/api/v1/room-types/{room_type.pk}/photos/",
            {"image": catalogue.image_file("JPEG", "p.jpg")},
            format="multipart",
            **owner_of(hotel).auth,
        )
        assert response.status_code == 201
    files = sorted(str(p.relative_to(media_root)).split("/")[0] for p in media_root.rglob("*.jpg"))
    assert files == sorted([hotel_a.schema, hotel_b.schema])


@pytest.mark.parametrize(
    "upload",
    [
        lambda: catalogue.image_file("GIF", "anim.gif"),
        lambda: catalogue.image_file("BMP", "old.bmp"),
        lambda: catalogue.SimpleUploadedFile("notes.png", b"not an image", "image/png"),
        lambda: catalogue.SimpleUploadedFile("empty.png", b"", "image/png"),
        lambda: "just a string",
    ],
)
def test_photo_must_be_a_jpeg_png_or_webp_image(owner_api, hotel_a, media_root, upload):
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")
    response = owner_api.post(
        f"/api/v1/room-types/{room_type.pk}/photos/", {"image": upload()}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]["fields"]) == ["image"]
    assert not list(media_root.rglob("*.*"))


def test_photo_size_is_limited(owner_api, hotel_a, media_root, monkeypatch):
    monkeypatch.setattr(services, "MAX_PHOTO_BYTES", 100)
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")
    response = owner_api.post(
        f"/api/v1/room-types/{room_type.pk}/photos/",
        {"image": catalogue.image_file("PNG", "big.png", size=(64, 64))},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"]["fields"] == {
        "image": ["The photo must be at most 0 MB."]
    }


def _photo(size_at_least: int) -> bytes:
    """A real PNG (uncompressed noise) of at least that many bytes."""
    side = int((size_at_least / 3) ** 0.5) + 1
    pixels = (bytes(range(256)) * (side * side * 3 // 256 + 1))[: side * side * 3]
    picture = Image.frombytes("RGB", (side, side), pixels)
    out = io.BytesIO()
    picture.save(out, format="PNG", compress_level=0)
    return out.getvalue()


def test_a_photo_near_the_5_mb_limit_still_uploads(owner_api, hotel_a, media_root):
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")
    image = _photo(4_800_000)
    # more than Django reads into memory (the file is spooled to disk), under the 5 MB rule
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < len(image) <= services.MAX_PHOTO_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(image) < settings.REQUEST_BODY_MAX_BYTES

    upload = io.BytesIO(image)
    upload.name = "room.png"
    response = owner_api.post(
        f"/api/v1/room-types/{room_type.pk}/photos/", {"image": upload}, format="multipart"
    )

    assert response.status_code == 201, response.content
    with tenant_context(hotel_a.hotel):
        stored = RoomTypePhoto.objects.get(room_type=room_type)
    assert (media_root / hotel_a.schema / stored.image.name).read_bytes() == image


def test_webp_is_accepted_and_json_is_not(owner_api, hotel_a, media_root):
    with tenant_context(hotel_a.hotel):
        room_type = catalogue.room_type("DBL")
    url = f"/api/v1/room-types/{room_type.pk}/photos/"
    webp = owner_api.post(
        url, {"image": catalogue.image_file("WEBP", "x.webp")}, format="multipart"
    )
    assert webp.status_code == 201
    assert webp.json()["url"].endswith(".webp")
    as_json = owner_api.post(url, {"image": "aGVsbG8="}, format="json")
    assert as_json.status_code == 415
    assert as_json.json()["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_photo_of_another_room_type_is_404(owner_api, hotel_a, media_root):
    with tenant_context(hotel_a.hotel):
        first, second = catalogue.room_type("DBL"), catalogue.room_type("TWN")
        photo = RoomTypePhoto.objects.create(room_type=first, image="room-types/x.png")
    response = owner_api.delete(f"/api/v1/room-types/{second.pk}/photos/{photo.pk}/")
    assert response.status_code == 404
    with tenant_context(hotel_a.hotel):
        assert RoomTypePhoto.objects.filter(pk=photo.pk).exists()


# --- isolation -------------------------------------------------------------------------


def test_another_hotels_room_types_are_invisible(api_for, hotel_a, hotel_b, owner_of):
    with tenant_context(hotel_a.hotel):
        only_in_a = catalogue.room_type("DBL")
    owner_b = owner_of(hotel_b)
    client_b = api_for(hotel_b)

    foreign = client_b.get(f"/api/v1/room-types/{only_in_a.pk}/", **owner_b.auth)
    missing = client_b.get("/api/v1/room-types/999999/", **owner_b.auth)
    assert foreign.status_code == missing.status_code == 404
    assert foreign.json() == missing.json()
    assert client_b.get("/api/v1/room-types/", **owner_b.auth).json()["count"] == 0
    deleted = client_b.delete(f"/api/v1/room-types/{only_in_a.pk}/", **owner_b.auth)
    assert deleted.status_code == 404

    # hotel B's token on hotel A's host
    on_a = api_for(hotel_a).patch(
        f"/api/v1/room-types/{only_in_a.pk}/", {"name": "Hijacked"}, format="json", **owner_b.auth
    )
    assert (on_a.status_code, on_a.json()["error"]["code"]) == (401, "TOKEN_WRONG_TENANT")
    with tenant_context(hotel_a.hotel):
        assert RoomType.objects.get().name == "DBL room"
