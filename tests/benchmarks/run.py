"""`make bench`: provisioning, routing, availability and booking benchmarks, as one table.

Not a test: a script that measures and reports. Every figure is compared with a baseline
measured in the same run, on the same machine, so the ratios are what to read; the
absolute milliseconds depend on the machine. The report goes to stdout, progress to stderr.
It exits 0 even when a target fails (the table says FAIL); a crash exits non-zero.

It works in its own databases (innkeep_bench, innkeep_bench_one, innkeep_bench_avail and
innkeep_bench_booking, dropped at the start and at the end), never in the developer or test
databases.

    .venv/bin/python -m tests.benchmarks.run [--signups 30] [--hotels 500] [--requests 2000]
    .venv/bin/python -m tests.benchmarks.run --only availability [--searches 300] ...
    .venv/bin/python -m tests.benchmarks.run --only booking [--booking-requests 2000] ...
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from typing import TYPE_CHECKING

from tests.benchmarks import db
from tests.benchmarks.stats import Row, Target, median_ms, progress, render_table

if TYPE_CHECKING:  # these import Django models: only after django.setup()
    from tests.benchmarks.provisioning import ProvisioningResults
    from tests.benchmarks.routing import RoutingResults

HOME_SUBDOMAIN = "home-hotel"
PARTS = ("provisioning", "availability", "booking")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--signups", type=int, default=30, help="signups per series")
    parser.add_argument("--hotels", type=int, default=500, help="hotels in the large state")
    parser.add_argument("--requests", type=int, default=2000, help="timed requests per state")
    parser.add_argument("--warmup", type=int, default=200, help="untimed requests per state")
    parser.add_argument(
        "--only",
        choices=PARTS,
        help="one part: provisioning (and routing), availability or booking",
    )
    parser.add_argument(
        "--searches", type=int, default=300, help="timed searches per stay length (in-process)"
    )
    parser.add_argument(
        "--naive-searches", type=int, default=40, help="of those, also answered the naive way"
    )
    parser.add_argument(
        "--http-requests", type=int, default=3000, help="timed HTTP requests per row, at most"
    )
    parser.add_argument(
        "--http-seconds", type=float, default=10, help="time limit of an HTTP row, seconds"
    )
    parser.add_argument("--clients", type=int, default=16, help="concurrent HTTP clients")
    parser.add_argument(
        "--booking-requests", type=int, default=2000, help="bookings of case (a), at most"
    )
    parser.add_argument(
        "--booking-seconds", type=float, default=15, help="time limit of case (a), seconds"
    )
    parser.add_argument(
        "--booking-clients", type=int, default=32, help="concurrent clients of the booking part"
    )
    return parser.parse_args(argv)


def configure(url: str) -> None:
    """Environment for Django, set before django.setup(): test settings, bench database."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "innkeep.settings.test"
    os.environ["DATABASE_URL"] = url
    os.environ["LOG_LEVEL"] = "WARNING"  # no "hotel provisioned" line per signup
    # Tasks a signup sends after commit (e.g. the owner's verification email) are published
    # in-process: no broker or worker is part of the measurement, nothing is left in Redis.
    os.environ["CELERY_BROKER_URL"] = "memory://localhost/"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"


def source_line() -> str:
    """Which code was measured: other work may be in progress in the same tree."""
    import innkeep

    where = os.path.dirname(os.path.abspath(innkeep.__file__))

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", where, *args], capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=normal", "--", ".")
    except (OSError, subprocess.CalledProcessError):
        return f"code: {where} (not a git checkout)"
    return f"code: {where} at commit {head}" + (" plus uncommitted changes" if dirty else "")


def load_average() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def machine_line(url: str) -> str:
    import django
    import django_tenants

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    tenants_version = getattr(django_tenants, "__version__", None)
    if tenants_version is None:
        from importlib.metadata import version

        tenants_version = version("django-tenants")
    return (
        f"machine: nproc={cores}, Python {platform.python_version()}, "
        f"PostgreSQL {db.server_version(url)}, Django {django.get_version()}, "
        f"django-tenants {tenants_version}, {platform.machine()} {platform.system()}"
    )


def build_rows(prov: ProvisioningResults, routing: RoutingResults, hotels: int) -> list[Row]:
    runs = prov.samples
    rows = []
    for hasher in ("Argon2", "MD5"):
        baseline = runs[hasher, "migrate"]
        rows.append(Row(f"signup, {hasher}: migrate_schemas", baseline, "baseline"))
        for path, label in (("pool", "service, warm pool"), ("clone", "service, clone")):
            samples = runs[hasher, path]
            speedup = median_ms(baseline) / median_ms(samples)
            targets = []
            if hasher == "Argon2":  # production's hasher: the targets apply here
                targets = [
                    Target("median < 250 ms", median_ms(samples) < 250),
                    Target(">= 10x faster than migrate", speedup >= 10),
                ]
            rows.append(
                Row(f"signup, {hasher}: {label}", samples, f"{speedup:.1f}x faster", targets)
            )
    rows.append(Row("Argon2 make_password alone", prov.argon2_hash))

    one, many = routing.samples["1 hotel"], routing.samples[f"{hotels} hotels"]
    ratio = median_ms(many) / median_ms(one)
    q_one, q_many = len(routing.queries["1 hotel"]), len(routing.queries[f"{hotels} hotels"])
    rows.append(Row(f"routing: GET {routing.path}, 1 hotel", one, "baseline"))
    rows.append(
        Row(
            f"routing: GET {routing.path}, {hotels} hotels",
            many,
            f"{ratio:.3f}",
            [
                Target("ratio < 1.1", ratio < 1.1),
                Target(f"same queries/request ({q_one} vs {q_many})", q_one == q_many),
            ],
        )
    )
    return rows


def notes(
    prov: ProvisioningResults, routing: RoutingResults, args: argparse.Namespace
) -> list[str]:
    sent = ", ".join(f"{name} x{count}" for name, count in prov.tasks_sent.items()) or "none"
    lines = [
        "notes:",
        "  - n operations; median and p95 (nearest rank) of wall-clock ms per operation.",
        "  - signup = one innkeep.tenancy.services.hotel_signup call: validation, Hotel + Domain",
        "    rows, schema, owner user, hotel profile, verification email queued, commit.",
        "    'warm pool' claims a pooled schema; 'clone' clones the template (pool empty);",
        "    'migrate_schemas' is the same call with provision_schema swapped for the django-",
        "    tenants default: CREATE SCHEMA + migrate_schemas(schema_name=..., tenant=True).",
        "  - Argon2 rows hash the owner's password with production's hasher (settings.base",
        "    PASSWORD_HASHERS, Django's Argon2 defaults); the targets apply to them. MD5 rows",
        "    (test settings' hasher) are the same signups with hashing cost left out, each",
        "    compared with the MD5 baseline: they show the schema work alone.",
        "  - ratio: baseline median / row median (signups); 500-hotel median / 1-hotel median"
        " (routing).",
        f"  - {args.signups} rounds; each runs, per hasher, one signup per path in a rotating"
        " order (pool before",
        "    clone), then one Argon2 hash. Before each pool signup refill_pool(size=1) clones one",
        "    schema into the pool (not timed: background work in production, median"
        f" {median_ms(prov.pool_fill_ns):.0f} ms);",
        "    the pool signup claims it, so the clone signup finds the pool empty.",
        "  - Celery messages published during the signups (in-memory transport, no broker or",
        f"    worker): {sent}; the pool refill task never (TENANT_POOL_SIZE=0 while timing).",
        f"  - routing: {args.requests} timed requests per state after {args.warmup} warm-up,"
        " alternating blocks of 20 (ABBA),",
        f"    django.test.Client, HTTP_HOST={HOME_SUBDOMAIN}.<ROOT_DOMAIN>; both databases"
        " hold real hotel schemas.",
    ]
    for label, sqls in routing.queries.items():
        lines.append(f"  - SQL per request, {label}: {len(sqls)}")
        lines.extend(f"      {sql[:90]}" for sql in sqls)
    return lines


def provisioning_part(args: argparse.Namespace, url: str) -> tuple[list[Row], list[str]]:
    """Signups and routing, in innkeep_bench and innkeep_bench_one."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections
    from django.test import override_settings

    from innkeep.tenancy.services import hotel_signup
    from tests.benchmarks import provisioning, routing

    main_db = db.database_name(url)
    one_db = f"{main_db}_one"
    for name in (main_db, one_db):
        db.drop_database(url, name)
    progress(f"creating database {main_db} and migrating (public + template)")
    db.create_database(url, main_db)
    try:
        call_command("migrate", interactive=False, verbosity=0)
        with override_settings(PASSWORD_HASHERS=provisioning.FAST_HASHERS):
            hotel_signup(**provisioning.signup_data(HOME_SUBDOMAIN))
        page = {"host": f"{HOME_SUBDOMAIN}.{settings.ROOT_DOMAIN}", "path": "/"}
        routing.smoke(**page, expect=f"Bench {HOME_SUBDOMAIN}")
        connections.close_all()
        progress(f"copying the 1-hotel state to {one_db}")
        db.create_database(url, one_db, template=main_db)

        prov = provisioning.run(args.signups)
        provisioning.add_hotels(args.hotels)
        connections.close_all()
        progress("VACUUM ANALYZE both databases (steady state, as autovacuum would leave them)")
        for name in (one_db, main_db):
            db.vacuum_analyze(url, name)
        states = {"1 hotel": one_db, f"{args.hotels} hotels": main_db}
        result = routing.run(
            states=states,
            **page,
            expect=f"Bench {HOME_SUBDOMAIN}",
            requests=args.requests,
            warmup=args.warmup,
        )
    finally:
        connections.close_all()
        for name in (main_db, one_db):
            db.drop_database(url, name)
        progress("bench databases dropped")
    return build_rows(prov, result, args.hotels), notes(prov, result, args)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    load_at_start = load_average()
    url = os.environ.get("BENCH_DATABASE_URL", db.BENCH_DATABASE_URL)
    db.check_name(db.database_name(url))
    configure(url)

    import django

    django.setup()

    rows: list[Row] = []
    lines = ["notes:"]
    if args.only in (None, "provisioning"):
        part_rows, part_notes = provisioning_part(args, url)
        rows += part_rows
        lines += part_notes[1:]  # without its "notes:" heading
    if args.only in (None, "availability"):
        from tests.benchmarks import availability

        avail = availability.part(args, url)
        rows += avail.rows
        lines += avail.notes
    if args.only in (None, "booking"):
        from tests.benchmarks import booking

        booked = booking.part(args, url)
        rows += booked.rows
        lines += booked.notes
    machine = machine_line(url)

    print(render_table(rows))
    print()
    print(machine)
    print(f"load average (1/5/15 min): {load_at_start} at start, {load_average()} at end")
    print(source_line())
    print("\n".join(lines))
    failed = [f"{row.benchmark} ({t.label})" for row in rows for t in row.targets if not t.passed]
    print()
    if failed:
        print(f"FAIL: {len(failed)} target(s) missed:")
        print("\n".join(f"  - {line}" for line in failed))
    else:
        print("PASS: every target met")
    progress(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
