"""Small numbers helpers for the benchmark report: percentiles and the printed table."""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field


def progress(message: str) -> None:
    """Progress goes to stderr so that stdout holds only the report."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median_ms(samples_ns: Sequence[int]) -> float:
    return statistics.median(samples_ns) / 1e6


def p95_ms(samples_ns: Sequence[int]) -> float:
    """Nearest-rank 95th percentile: the smallest sample that at least 95% of samples do
    not exceed (with n=30, the 29th smallest)."""
    ordered = sorted(samples_ns)
    rank = max(math.ceil(0.95 * len(ordered)), 1)
    return ordered[rank - 1] / 1e6


@dataclass
class Target:
    label: str
    passed: bool


@dataclass
class Row:
    benchmark: str
    samples_ns: Sequence[int]
    ratio: str = "-"
    targets: list[Target] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.samples_ns)

    @property
    def median(self) -> float:
        return median_ms(self.samples_ns)

    @property
    def p95(self) -> float:
        return p95_ms(self.samples_ns)


HEADERS = ("benchmark", "n", "median ms", "p95 ms", "ratio vs baseline", "target", "result")
RIGHT_ALIGNED = {1, 2, 3, 4}


def _lines(rows: Sequence[Row]) -> list[tuple[str, ...]]:
    lines: list[tuple[str, ...]] = []
    for row in rows:
        first = (row.benchmark, str(row.n), f"{row.median:.2f}", f"{row.p95:.2f}", row.ratio)
        targets = row.targets or [None]
        for i, target in enumerate(targets):
            head = first if i == 0 else ("", "", "", "", "")
            if target is None:
                lines.append((*head, "-", "-"))
            else:
                lines.append((*head, target.label, "PASS" if target.passed else "FAIL"))
    return lines


def render_table(rows: Sequence[Row]) -> str:
    lines = _lines(rows)
    widths = [max(len(HEADERS[i]), *(len(line[i]) for line in lines)) for i in range(len(HEADERS))]

    def fmt(cells: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(cells):
            out.append(cell.rjust(widths[i]) if i in RIGHT_ALIGNED else cell.ljust(widths[i]))
        return "  ".join(out).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([fmt(HEADERS), rule, *(fmt(line) for line in lines)])
