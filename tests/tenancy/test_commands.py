"""`create_hotel`, `seed_demo` and the service discovery of `make run` (innkeep.devrun)."""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum
from django_tenants.utils import schema_context, schema_exists
from rest_framework.test import APIClient

from innkeep import devrun
from innkeep.accounts.models import Role, User
from innkeep.demo.management.commands.seed_demo import DEMO_HOTEL
from innkeep.properties.models import HotelProfile
from innkeep.tenancy.models import Domain, Hotel

GRAND = [
    "--name=Grand Hotel",
    "--subdomain=grand",
    "--owner-email=ana@grand.test",
    "--owner-password=a-long-Secret-2027",
    "--owner-first-name=Ana",
    "--owner-last-name=Ruiz",
]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


# --- create_hotel -----------------------------------------------------------------------


@pytest.mark.django_db
def test_create_hotel_makes_hotel_schema_owner_and_prints_urls():
    output = run("create_hotel", *GRAND, "--timezone=Europe/Lisbon", "--currency=eur")

    hotel = Hotel.objects.get(subdomain="grand")
    assert output.splitlines() == [
        "Created hotel 'Grand Hotel' (schema hotel_grand, from clone); owner ana@grand.test.",
        "  site:  http://grand.innkeep.test/",
        "  admin: http://grand.innkeep.test/admin/",
        "  api:   http://grand.innkeep.test/api/v1/",
        "  docs:  http://grand.innkeep.test/api/docs/",
    ]
    assert (hotel.name, hotel.schema_name, hotel.status) == ("Grand Hotel", "hotel_grand", "trial")
    assert (hotel.timezone, hotel.currency, hotel.country) == ("Europe/Lisbon", "EUR", "ES")
    assert list(Domain.objects.filter(tenant=hotel).values_list("domain", "is_primary")) == [
        ("grand.innkeep.test", True)
    ]
    assert schema_exists("hotel_grand")
    with schema_context("hotel_grand"):
        owner = User.objects.get()
        assert (owner.email, owner.role, owner.first_name, owner.last_name) == (
            "ana@grand.test",
            Role.OWNER,
            "Ana",
            "Ruiz",
        )
        assert owner.check_password("a-long-Secret-2027")
        assert HotelProfile.objects.get().currency == "EUR"


@pytest.mark.django_db
def test_create_hotel_defaults_to_madrid_euro_spain():
    run("create_hotel", *GRAND)
    hotel = Hotel.objects.get(subdomain="grand")
    assert (hotel.timezone, hotel.currency, hotel.country) == ("Europe/Madrid", "EUR", "ES")


@pytest.mark.django_db
def test_create_hotel_bad_input_names_every_field_and_leaves_nothing():
    hotels_before, schemas_before = Hotel.objects.count(), schemas()
    bad = [
        "--name=Grand Hotel",
        "--subdomain=www",
        "--owner-email=not-an-email",
        "--owner-password=short",
        "--owner-first-name=Ana",
        "--owner-last-name=Ruiz",
        "--currency=XXQ",
        "--timezone=Mars/Olympus",
    ]

    with pytest.raises(CommandError) as excinfo:
        run("create_hotel", *bad)

    assert str(excinfo.value).splitlines() == [
        "Hotel not created:",
        "  --subdomain: 'www' is reserved. Please choose another subdomain.",
        "  --owner-email: Enter a valid email address.",
        "  --owner-password: This password is too short. It must contain at least 10 characters.",
        "  --timezone: Unknown time zone; use an IANA name such as Europe/Madrid.",
        "  --currency: Unknown currency; use an ISO 4217 code such as EUR.",
    ]
    assert Hotel.objects.count() == hotels_before
    assert schemas() == schemas_before


@pytest.mark.django_db
def test_create_hotel_with_a_taken_subdomain_fails(hotel_a):
    hotels_before = Hotel.objects.count()
    args = [a if not a.startswith("--subdomain") else "--subdomain=alpine" for a in GRAND]

    with pytest.raises(CommandError, match=r"^Hotel not created: subdomain 'alpine' is already"):
        run("create_hotel", *args)

    assert Hotel.objects.count() == hotels_before


@pytest.mark.django_db
def test_create_hotel_without_password_and_without_a_terminal_fails(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    args = [a for a in GRAND if not a.startswith("--owner-password")]

    with pytest.raises(CommandError) as excinfo:
        run("create_hotel", *args)

    assert str(excinfo.value) == "Hotel not created: --owner-password is required."
    assert not Hotel.objects.filter(subdomain="grand").exists()


# --- seed_demo --------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_creates_the_demo_hotel_once():
    first = run("seed_demo")

    hotel = Hotel.objects.get(subdomain="demo")
    assert (hotel.name, hotel.schema_name) == ("Demo Hotel", "hotel_demo")
    assert first.splitlines()[:3] == [  # then the catalogue's summary (tested below)
        "Created the demo hotel 'Demo Hotel'.",
        "  site:  http://demo.innkeep.test/",
        "  admin: http://demo.innkeep.test/admin/ (owner@demo.test / demo-Owner-2027)",
    ]
    with schema_context("hotel_demo"):
        owner = User.objects.get()
        assert (owner.email, owner.role, owner.is_staff) == ("owner@demo.test", Role.OWNER, True)
        assert owner.check_password("demo-Owner-2027")
        password_hash = owner.password
        assert HotelProfile.objects.get().phone == "+34910000000"  # E.164, as the API shows it

    second = run("seed_demo")

    assert second.splitlines()[0] == "The demo hotel 'Demo Hotel' already exists; nothing changed."
    assert second.splitlines()[1:] == first.splitlines()[1:]
    assert list(Hotel.objects.filter(subdomain="demo").values_list("pk", flat=True)) == [hotel.pk]
    with schema_context("hotel_demo"):
        assert list(User.objects.values_list("email", "password")) == [
            ("owner@demo.test", password_hash)
        ]


def test_devrun_prints_the_demo_credentials_that_seed_demo_uses():
    assert (
        DEMO_HOTEL["subdomain"],
        DEMO_HOTEL["owner_email"],
        DEMO_HOTEL["owner_password"],
    ) == (devrun.DEMO_SUBDOMAIN, devrun.DEMO_OWNER_EMAIL, devrun.DEMO_OWNER_PASSWORD)


# --- devrun: finding PostgreSQL and Redis -----------------------------------------------


@pytest.fixture
def listening_port() -> Iterator[int]:
    """A port on 127.0.0.1 that accepts connections and never says anything."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        yield server.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_find_database_prefers_database_url(listening_port):
    url = "postgres://someone:secret@db.example:6543/hotels"
    found = devrun.find_database({"DATABASE_URL": url, "INNKEEP_PG_PORT": str(listening_port)})
    assert found == devrun.Database(url=url, description="DATABASE_URL")


def test_find_database_uses_local_port_when_it_answers(listening_port):
    found = devrun.find_database({"INNKEEP_PG_PORT": str(listening_port)})
    assert found == devrun.Database(
        url=f"postgres://postgres@127.0.0.1:{listening_port}/innkeep",
        description=f"PostgreSQL on 127.0.0.1:{listening_port}",
    )


def test_local_postgres_url_is_none_for_a_closed_port(closed_port):
    assert devrun.port_open("127.0.0.1", closed_port) is False
    assert devrun.local_postgres_url(closed_port) is None


def test_redis_available_only_when_redis_answers(closed_port, listening_port):
    assert devrun.redis_available(f"redis://127.0.0.1:{closed_port}/0") is False
    # something listens but does not speak Redis: a timeout, not a hang
    assert devrun.redis_available(f"redis://127.0.0.1:{listening_port}/0", timeout=0.2) is False
    assert devrun.redis_available(settings.REDIS_URL) is True


def test_find_redis(closed_port):
    assert devrun.find_redis({"REDIS_URL": "redis://cache.example:6380/2"}) == (
        "redis://cache.example:6380/2"
    )
    assert devrun.find_redis({"INNKEEP_REDIS_PORT": str(closed_port)}) is None
    port = settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0]
    assert devrun.find_redis({"INNKEEP_REDIS_PORT": port}) == f"redis://127.0.0.1:{port}/0"


def test_safe_url_hides_the_password():
    assert devrun.safe_url("postgres://ana:s3cret@db:5432/x") == "postgres://ana:***@db:5432/x"
    assert devrun.safe_url("postgres://postgres@127.0.0.1:5432/x") == (
        "postgres://postgres@127.0.0.1:5432/x"
    )


def test_ensure_database_creates_a_missing_database_once():
    db = settings.DATABASES["default"]
    name = f"innkeep_devrun_{uuid.uuid4().hex[:8]}"
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    try:
        assert devrun.ensure_database(url) is True
        assert devrun.ensure_database(url) is False
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_database()").fetchone() == (name,)
    finally:
        admin = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_without_redis_dev_settings_run_tasks_eagerly_with_a_memory_cache():
    env = devrun.child_env(database_url="postgres://x@127.0.0.1:1/x", redis_url=None, port=8123)
    env.pop("CACHE_KEY_PREFIX", None)
    code = (
        "import json; from django.conf import settings as s; c = s.CACHES['default']; "
        "print(json.dumps([c['BACKEND'], c['KEY_FUNCTION'], s.CELERY_TASK_ALWAYS_EAGER, "
        "s.PUBLIC_PORT, s.DATABASES['default']['PORT']]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django_tenants.cache.make_key",
        True,
        8123,
        1,
    ]


def test_child_env_with_and_without_redis():
    common = {
        "PATH": "/bin",
        "DJANGO_SETTINGS_MODULE": "innkeep.settings.dev",
        "DATABASE_URL": "postgres://x@h/x",
        "PUBLIC_PORT": "8000",
        "PYTHONUNBUFFERED": "1",
    }
    base = {"PATH": "/bin", "DJANGO_SETTINGS_MODULE": "innkeep.settings.prod"}
    redis_url = "redis://127.0.0.1:6379/0"

    with_redis = devrun.child_env(
        database_url="postgres://x@h/x", redis_url=redis_url, port=8000, base=base
    )
    without = devrun.child_env(
        database_url="postgres://x@h/x", redis_url=None, port=8000, base=base
    )

    assert with_redis == {**common, "REDIS_URL": redis_url}
    assert without == {**common, "CELERY_TASK_ALWAYS_EAGER": "true", "CACHE_URL": "locmemcache://"}


def test_print_urls_shows_every_url_and_the_demo_owner(capsys, monkeypatch):
    monkeypatch.delenv("ROOT_DOMAIN", raising=False)
    devrun.print_urls(
        port=8000, database_url="postgres://postgres@127.0.0.1:5432/innkeep", with_worker=True
    )
    assert capsys.readouterr().out.strip("\n").splitlines() == [
        "Innkeep is running. Ctrl-C stops everything.",
        "  Platform:         http://localhost:8000/",
        "  Demo hotel:       http://demo.localhost:8000/",
        "  Demo hotel admin: http://demo.localhost:8000/admin/  "
        "(owner@demo.test / demo-Owner-2027)",
        "  API docs:         http://localhost:8000/api/docs/  "
        "and  http://demo.localhost:8000/api/docs/",
        "  Platform admin:   http://localhost:8000/admin/",
        "    create an operator: .venv/bin/innkeep createsuperuser",
        "  Celery:           worker + beat running",
    ]


def test_print_urls_tells_how_to_reach_an_embedded_database(capsys, monkeypatch):
    monkeypatch.delenv("ROOT_DOMAIN", raising=False)
    url = "postgresql://postgres:@/innkeep?host=/srv/innkeep/.data/pg"
    devrun.print_urls(port=8001, database_url=url, with_worker=False)
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[7]
        == f"    create an operator: DATABASE_URL='{url}' .venv/bin/innkeep createsuperuser"
    )
    assert lines[8] == "  Celery:           no Redis, tasks run in-process"


def test_stop_services_stops_each_process_group():
    services = {
        "web": devrun.start(["sh", "-c", "sleep 30 & wait"], dict(os.environ)),
        "worker": devrun.start(["sleep", "30"], dict(os.environ)),
    }
    groups = [p.pid for p in services.values()]

    devrun.stop_services(services)

    assert [p.returncode for p in services.values()] == [-signal.SIGTERM, -signal.SIGTERM]
    assert [group_alive(group) for group in groups] == [False, False]  # grandchildren too


def group_alive(group: int, wait: float = 10.0) -> bool:
    """Whether the process group still has members after `wait` seconds (orphans are reaped
    by init a moment after they die; on a loaded machine, with the suite on two processes,
    that moment took over 2 s)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.05)
    return True


def test_wait_for_stop_returns_1_when_a_service_dies():
    services = {"web": devrun.start(["sh", "-c", "exit 3"], dict(os.environ))}
    assert devrun.wait_for_stop(services, threading.Event()) == 1
    assert services["web"].returncode == 3


def test_wait_for_stop_returns_0_when_asked_to_stop():
    services = {"web": devrun.start(["sleep", "30"], dict(os.environ))}
    stop = threading.Event()
    stop.set()
    try:
        assert devrun.wait_for_stop(services, stop) == 0
    finally:
        devrun.stop_services(services)


# --- seed_demo: the demo hotel's catalogue ----------------------------------------------

DEMO_ROOMS = {"SGL": 8, "DBL": 18, "TWN": 12, "DLX": 10, "FAM": 8, "STE": 4}


def demo_catalogue() -> dict[str, object]:
    """Everything seed_demo puts in the demo hotel, as comparable values."""
    from innkeep.inventory.models import InventoryDay
    from innkeep.properties.models import Extra, Room, RoomType
    from innkeep.rates.models import (
        CancellationPolicy,
        DailyRate,
        PromoCode,
        RatePlan,
        Restriction,
        TaxRule,
    )

    with schema_context("hotel_demo"):
        return {
            "profile": list(HotelProfile.objects.values()),
            "room types": list(RoomType.objects.values()),
            "rooms": list(Room.objects.values()),
            "plans": list(RatePlan.objects.values("code", "cancellation_policy__name")),
            "plan room types": sorted(
                RatePlan.room_types.through.objects.values_list("rateplan_id", "roomtype_id")
            ),
            "prices": list(DailyRate.objects.values_list("rate_plan_id", "room_type_id", "date")),
            "price sum": DailyRate.objects.aggregate(s=Sum("price"))["s"],
            "restrictions": list(Restriction.objects.values()),
            "taxes": list(TaxRule.objects.values()),
            "extras": list(Extra.objects.values()),
            "promo codes": list(PromoCode.objects.values()),
            "policies": list(CancellationPolicy.objects.values()),
            "inventory": list(InventoryDay.objects.values_list("room_type_id", "date", "total")),
        }


def rows_written_in_this_transaction(schema: str) -> int:
    """Rows inserted, updated or deleted in `schema` so far in the current transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) "
            "FROM pg_stat_xact_user_tables WHERE schemaname = %s",
            [schema],
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db
def test_seed_demo_fills_the_catalogue_and_a_second_run_changes_nothing():
    from innkeep.properties.models import Room, RoomType
    from innkeep.properties.selectors import hotel_today
    from innkeep.rates.models import DailyRate, RatePlan, Restriction, TaxKind, TaxRule

    first = run("seed_demo")

    with schema_context("hotel_demo"):
        today = hotel_today()
        assert list(RoomType.objects.values_list("code", flat=True)) == list(DEMO_ROOMS)
        assert {
            rt.code: rt.rooms.count() for rt in RoomType.objects.prefetch_related("rooms")
        } == DEMO_ROOMS
        assert Room.objects.count() == 60
        assert set(Room.objects.values_list("floor", flat=True)) == {1, 2, 3, 4, 5}
        assert list(RatePlan.objects.values_list("code", flat=True)) == ["BAR", "NRF", "BB"]
        # 365 nights of prices, from the hotel's today, for every plan x room type it sells
        sold = {(p.id, rt.id) for p in RatePlan.objects.all() for rt in p.room_types.all()}
        assert len(sold) == 17  # the suite has no non-refundable rate
        last = today + timedelta(days=364)
        priced = {
            (plan, rt): n
            for plan, rt, n in DailyRate.objects.filter(date__gte=today, date__lte=last)
            .values("rate_plan_id", "room_type_id")
            .annotate(n=Count("id"))
            .values_list("rate_plan_id", "room_type_id", "n")
        }
        assert priced == dict.fromkeys(sold, 365)
        # and the half year before, which the demo's past stays paid
        history = Counter(
            DailyRate.objects.filter(date__lt=today).values_list("rate_plan_id", "room_type_id")
        )
        assert history == dict.fromkeys(sold, 182)
        assert DailyRate.objects.order_by("date").first().date == today - timedelta(days=182)
        # weekends and seasons differ; the non-refundable rate is cheaper than the flexible one
        bar = dict(
            DailyRate.objects.filter(
                rate_plan__code="BAR", room_type__code="DBL", date__gte=today
            ).values_list("date", "price")
        )
        assert len(bar) == 365

        def night(month: int, weekday: int, after_day: int = 0):  # isoweekday: 2 Tue, 5 Fri
            return next(
                d
                for d in sorted(bar)
                if (d.month, d.isoweekday()) == (month, weekday) and d.day > after_day
            )

        # DBL's base is 95.00: seasons (low 0.90, mid 1.00, summer 1.30, holidays 1.25) times
        # 1.15 on Friday and Saturday nights, rounded to whole euros
        assert {
            "mid weeknight": bar[night(5, 2)],
            "mid Friday": bar[night(5, 5)],
            "mid Saturday": bar[night(5, 6)],
            "summer weeknight": bar[night(7, 2)],
            "summer Saturday": bar[night(7, 6)],
            "low weeknight": bar[night(2, 2)],
            "low Friday": bar[night(2, 5)],
            "holidays weeknight": bar[night(12, 2, after_day=20)],
        } == {
            "mid weeknight": Decimal("95.00"),
            "mid Friday": Decimal("109.00"),
            "mid Saturday": Decimal("109.00"),
            "summer weeknight": Decimal("124.00"),
            "summer Saturday": Decimal("142.00"),
            "low weeknight": Decimal("86.00"),
            "low Friday": Decimal("98.00"),
            "holidays weeknight": Decimal("119.00"),
        }
        nrf = dict(
            DailyRate.objects.filter(rate_plan__code="NRF", room_type__code="DBL").values_list(
                "date", "price"
            )
        )
        assert all(nrf[day] < bar[day] for day in bar)
        kinds = {(r.min_stay, r.closed, r.closed_to_arrival) for r in Restriction.objects.all()}
        assert {(2, False, False), (None, True, False), (None, False, True)} <= kinds
        assert sorted(TaxRule.objects.values_list("kind", "amount")) == [
            (TaxKind.PER_PERSON_NIGHT, Decimal("2.50")),
            (TaxKind.PERCENT, Decimal("10.00")),
        ]
    assert first.splitlines()[3:-1] == [
        "  rooms: 60 in 6 room types (SGL 8, DBL 18, TWN 12, DLX 10, FAM 8, STE 4)",
        f"  rates: 3 plans (BAR, NRF, BB), 9299 daily prices from "
        f"{today - timedelta(days=182)} to {last}, "
        "90 restrictions",
        "  taxes: City tax 2.50 per person-night, VAT 10%; extras: BRK, PARK, LATE; "
        "promo codes: WELCOME10",
        f"  inventory calendar: until {today + timedelta(days=730)}",
    ]
    assert first.splitlines()[-1].startswith("  reservations: ")  # tests/demo/test_year.py

    before = demo_catalogue()
    written = rows_written_in_this_transaction("hotel_demo")

    second = run("seed_demo")

    assert second.splitlines()[0] == "The demo hotel 'Demo Hotel' already exists; nothing changed."
    assert second.splitlines()[1:] == first.splitlines()[1:]
    assert demo_catalogue() == before
    assert rows_written_in_this_transaction("hotel_demo") == written  # not even a rewrite


@pytest.mark.django_db
def test_seed_demo_completes_a_catalogue_it_finds_partly_missing(monkeypatch):
    from innkeep.inventory.models import InventoryDay
    from innkeep.properties.models import Room
    from innkeep.rates.models import DailyRate

    # the catalogue alone: the year's stays would hold the rooms removed below
    monkeypatch.setattr("innkeep.demo.management.commands.seed_demo.seed_year", lambda report: None)
    run("seed_demo")
    complete = demo_catalogue()
    with schema_context("hotel_demo"):
        kept = Room.objects.get(number="101")
        kept.notes = "Noisy at night"  # a change by the hotel: the seed keeps it
        kept.save()
        Room.objects.filter(number__in=["511", "512"]).delete()
        cutoff = DailyRate.objects.order_by("-date").values_list("date", flat=True)[0]
        DailyRate.objects.filter(date__gte=cutoff - timedelta(days=9)).delete()
        InventoryDay.objects.filter(room_type__code="STE").update(total=2)

    output = run("seed_demo")

    assert output.splitlines()[0] == (
        "The demo hotel 'Demo Hotel' already exists; added 2 rooms, 170 daily prices."
    )
    after = demo_catalogue()
    with schema_context("hotel_demo"):
        assert Room.objects.get(number="101").notes == "Noisy at night"
    assert {k: v for k, v in after.items() if k != "rooms"} == {
        k: v for k, v in complete.items() if k != "rooms"
    }


@pytest.mark.django_db
def test_seed_demo_writes_through_the_services_with_their_audit_rows():
    from innkeep.core.models import AuditEvent
    from innkeep.properties.models import RoomType
    from innkeep.rates.models import RatePlan

    run("seed_demo")

    with schema_context("hotel_demo"):
        events = AuditEvent.objects.all()
        assert {event.actor_id for event in events} == {None}  # the seed is no staff member
        actions = events.exclude(action__endswith="bulk_set").values_list("action", flat=True)
        created = Counter(actions)
        assert created == {
            "hotel_profile.updated": 1,
            "room_type.created": 6,
            "room.created": 60,
            "cancellation_policy.created": 2,
            "rate_plan.created": 3,
            "tax_rule.created": 2,
            "extra.created": 3,
            "promo_code.created": 1,
        }
        # every price and restriction came from the rates' bulk services
        codes = dict(RoomType.objects.values_list("id", "code"))
        priced = {
            (event.data["rate_plan"], codes[int(event.target_id)])
            for event in events.filter(action="rates.bulk_set")
        }
        assert priced == {
            (plan.code, rt.code) for plan in RatePlan.objects.all() for rt in plan.room_types.all()
        }
        assert events.filter(action="restrictions.bulk_set").exists()
        written = AuditEvent.objects.count()

    run("seed_demo")

    with schema_context("hotel_demo"):
        assert AuditEvent.objects.count() == written  # a second run writes nothing


@pytest.mark.django_db
def test_demo_hotel_answers_availability_with_bookable_offers():
    from innkeep.inventory.models import InventoryDay
    from innkeep.properties.selectors import hotel_today

    run("seed_demo")
    with schema_context("hotel_demo"):
        today = hotel_today()
    api = APIClient(HTTP_HOST=f"demo.{settings.ROOT_DOMAIN}")
    check_in, check_out = today + timedelta(days=10), today + timedelta(days=13)

    response = api.get(
        "/api/v1/public/availability/",
        {"check_in": str(check_in), "check_out": str(check_out), "adults": 2},
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["nights"], body["currency"]) == (3, "EUR")
    offers = {rt["code"]: rt for rt in body["room_types"]}
    assert list(offers) == ["DBL", "TWN", "DLX", "FAM", "STE"]  # a single takes one adult
    with schema_context("hotel_demo"):  # what the demo's year of reservations left
        left = {
            code: min(
                d.total - d.sold - d.blocked
                for d in InventoryDay.objects.filter(
                    room_type__code=code, date__gte=check_in, date__lt=check_out
                )
            )
            for code in offers
        }
    assert {code: rt["available"] for code, rt in offers.items()} == left
    assert all(0 < left[code] < DEMO_ROOMS[code] for code in ("DBL", "TWN"))
    # whatever the date, the double's flexible and breakfast rates are bookable
    double = {plan["code"]: plan for plan in offers["DBL"]["rate_plans"]}
    assert list(double) == ["BAR", "NRF", "BB"]
    for code in ("BAR", "BB"):
        assert double[code]["bookable"], double[code]["reasons"]
        assert [n["date"] for n in double[code]["nightly"]] == [
            str(check_in + timedelta(days=n)) for n in range(3)
        ]
    bar = double["BAR"]
    subtotal = sum(Decimal(n["price"]) for n in bar["nightly"])
    city_tax = Decimal("2.50") * 2 * 3
    assert Decimal(bar["subtotal"]) == subtotal
    assert Decimal(bar["taxes"]) == (subtotal / 10).quantize(Decimal("0.01")) + city_tax
    assert bar["cancellation_policy"] == (
        "Free cancellation until 2 days before arrival; later, the first night"
    )
    assert double["NRF"]["guarantee"] == "prepay"

    promo = api.get(
        "/api/v1/public/availability/",
        {"check_in": str(check_in), "check_out": str(check_out), "adults": 2, "promo": "welcome10"},
    )

    assert promo.status_code == 200, promo.content
    double = {p["code"]: p for p in promo.json()["room_types"][0]["rate_plans"]}
    assert Decimal(double["BAR"]["discount"]) == (subtotal / 10).quantize(Decimal("0.01"))
    assert Decimal(double["NRF"]["discount"]) == 0  # the promo is not for the saver rate
