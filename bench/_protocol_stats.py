"""The protocol benchmark's arithmetic: timings in, the figures of its JSON out.

Pure functions (no sockets, no clock), tested on synthetic timings in
tests/unit/test_bench_protocol.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

HYDRATE = "hydrate"


def percentile(samples: Iterable[float], fraction: float) -> float:
    """The ``fraction`` quantile (0..1), linear between the closest ranks (the "inclusive"
    method of ``statistics.quantiles``); one sample is its own every quantile."""
    ordered = sorted(samples)
    if not ordered:
        return math.nan
    position = (len(ordered) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(samples, 0.50), 2),
            "p95": round(percentile(samples, 0.95), 2), "max": round(max(samples), 2),
            "count": len(samples)}


@dataclass
class Run:
    """What one app did with N clients: each event's time by kind (ms), the events that
    failed (timed out, refused, or the socket broke) and the mix's wall time (s)."""

    clients: int
    timings: dict[str, list[float]] = field(default_factory=dict)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    mix_seconds: float = 0.0

    def record(self, kind: str, milliseconds: float) -> None:
        self.timings.setdefault(kind, []).append(milliseconds)

    def fail(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    def mix_events(self) -> list[float]:
        """Every timed event of the mix (the hydrates that open the tabs are apart)."""
        return [ms for kind, values in self.timings.items() if kind != HYDRATE
                for ms in values]


def figures(run: Run) -> dict[str, object]:
    mix = run.mix_events()
    return {
        "clients": run.clients,
        "overall": summary(mix) if mix else {"p50": None, "p95": None, "max": None,
                                             "count": 0},
        "kinds": {kind: summary(values) for kind, values in sorted(run.timings.items())},
        "events_per_s": round(len(mix) / run.mix_seconds, 1) if run.mix_seconds else None,
        "errors": run.errors,
        "error_kinds": dict(run.error_kinds),
    }


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if not numerator or not denominator:
        return None
    return round(numerator / denominator, 2)


def comparison(lantern: Mapping[int, dict], blank: Mapping[int, dict]) -> dict[str, object]:
    """Lantern against the blank app at every N both ran: ``ratio_p95_<N>`` (Lantern's
    overall p95 / the blank app's) and ``events_per_s_ratio`` (Lantern / blank, at 50
    clients, or at the largest N run when 50 was not)."""
    shared = sorted(set(lantern) & set(blank))
    compared: dict[str, object] = {
        f"ratio_p95_{n}": _ratio(lantern[n]["overall"]["p95"], blank[n]["overall"]["p95"])
        for n in shared}
    if shared:
        at = 50 if 50 in shared else shared[-1]
        compared["events_per_s_ratio"] = _ratio(lantern[at]["events_per_s"],
                                                blank[at]["events_per_s"])
        compared["events_per_s_ratio_clients"] = at
    return compared


def table(lantern: Mapping[int, dict], blank: Mapping[int, dict]) -> dict[int, dict]:
    """The figures to quote, one row per N: overall p50/p95 (ms) and events/s of each app,
    and the p95 ratio."""
    rows = {}
    for n, mine in lantern.items():
        other = blank.get(n)
        row = {"lantern_p50": mine["overall"]["p50"], "lantern_p95": mine["overall"]["p95"],
               "lantern_events_per_s": mine["events_per_s"], "errors": mine["errors"]}
        if other is not None:
            row.update(blank_p50=other["overall"]["p50"], blank_p95=other["overall"]["p95"],
                       blank_events_per_s=other["events_per_s"],
                       ratio_p95=_ratio(mine["overall"]["p95"], other["overall"]["p95"]))
        rows[n] = row
    return rows


def scale_out_check(single: Mapping[int, dict], scaled: Mapping[int, dict]) -> float | None:
    """The scale-out target's ratio: p95 on many workers at the largest N / one worker's p95
    at 50 clients (issue 14: at most 1.5 at 200)."""
    if 50 not in single or not scaled:
        return None
    return _ratio(scaled[max(scaled)]["overall"]["p95"], single[50]["overall"]["p95"])


def kilobytes(size: int) -> float:
    return round(size / 1024, 1)
