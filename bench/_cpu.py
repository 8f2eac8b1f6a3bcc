"""What a stretch of a benchmark cost the machine, in CPU time per item (Linux /proc).

A burst's p95 moves by a quarter from one run to the next on this 2-core machine (the
load the run before left, which worker each socket lands on). The CPU time each
delivered message took moves by a few percent: it is the figure to compare two versions
of the code by, beside the latency the issue's target names. Read from /proc: the
server's whole process group (``reflex run`` and its workers), every PostgreSQL process,
and the benchmark's own client.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int) -> tuple[str, int, int] | None:
    """(command name, process group, CPU ticks used) of ``pid``; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as file:
            raw = file.read()
    except OSError:
        return None
    name = raw[raw.find("(") + 1:raw.rfind(")")]
    fields = raw[raw.rfind(")") + 2:].split()
    return name, int(fields[2]), int(fields[11]) + int(fields[12])


def _ticks_by_part(server_group: int) -> dict[str, int]:
    ticks = {"lantern": 0, "postgres": 0, "bench_client": 0}
    own = os.getpid()
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        found = _stat(int(entry))
        if found is None:
            continue
        name, group, used = found
        if server_group and group == server_group:
            ticks["lantern"] += used
        elif name.startswith("postgres"):
            ticks["postgres"] += used
        elif int(entry) == own:
            ticks["bench_client"] += used
    return ticks


@dataclass
class CpuMeter:
    """``start()`` before a stretch, ``per_item(count)`` after it: CPU ms per item of
    each part (empty where /proc is not there)."""

    server_group: int
    _started: dict[str, int] | None = None

    def start(self) -> None:
        self._started = _ticks_by_part(self.server_group)

    def per_item(self, count: int) -> dict[str, float]:
        if self._started is None or count <= 0 or not os.path.isdir("/proc"):
            return {}
        now = _ticks_by_part(self.server_group)
        return {part: round((now[part] - self._started[part]) * 1000 / CLOCK_TICKS / count, 2)
                for part in now}
