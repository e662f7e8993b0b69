"""`check_inventory` on the availability bench hotel (50,000 reservations, two years of
calendar): the recount that `innkeep check_inventory` runs, against the naive way of
counting the same nights (every occupying stay loaded and its nights counted in Python).

The tests prove that the recount is exact (tests/inventory/test_recount_scale.py); how long
it takes is measured here."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

from django_tenants.utils import schema_context

from innkeep.inventory.models import InventoryDay
from innkeep.reservations.models import OCCUPYING_STATUSES, Stay
from innkeep.reservations.recount import recount_inventory
from tests.benchmarks.stats import Row, Target, median_ms

ROUNDS = 5
# The recount reads each stay once in one statement; the naive count moves every stay into
# Python and walks its nights.
TARGET_SPEEDUP = 1.5


def naive_drifts(today: date) -> int:
    """Count the sold nights from the stays in Python and compare with the calendar."""
    nights: Counter[tuple[int, date]] = Counter()
    for rt_id, check_in, check_out in Stay.objects.filter(
        reservation__status__in=OCCUPYING_STATUSES, check_out__gt=today
    ).values_list("room_type_id", "check_in", "check_out"):
        for n in range((check_out - check_in).days):
            night = check_in + timedelta(days=n)
            if night >= today:
                nights[(rt_id, night)] += 1
    return sum(
        1
        for rt_id, night, sold in InventoryDay.objects.filter(date__gte=today).values_list(
            "room_type_id", "date", "sold"
        )
        if nights.get((rt_id, night), 0) != sold
    )


def run(*, schema: str, today: date) -> list[Row]:
    samples: dict[str, list[int]] = {"naive": [], "check": [], "fix": []}
    with schema_context(schema):
        for _ in range(ROUNDS):  # in turns, so that a slow moment hits all three
            for label, work in (
                ("naive", lambda: naive_drifts(today)),
                ("check", lambda: len(recount_inventory().drifts)),
                ("fix", lambda: len(recount_inventory(fix=True).drifts)),
            ):
                started = time.perf_counter_ns()
                drifts = work()
                samples[label].append(time.perf_counter_ns() - started)
                assert drifts == 0, f"{label}: the bench hotel's calendar drifted ({drifts})"
    naive = samples["naive"]
    rows = [Row("check_inventory: nights counted in Python (naive)", naive, "baseline")]
    for label, name in (("check", "recount_inventory()"), ("fix", "recount_inventory(fix=True)")):
        speedup = median_ms(naive) / median_ms(samples[label])
        targets = [Target(f">= {TARGET_SPEEDUP:.1f}x faster", speedup >= TARGET_SPEEDUP)]
        rows.append(
            Row(f"check_inventory: {name}", samples[label], f"{speedup:.1f}x faster", targets)
        )
    return rows
