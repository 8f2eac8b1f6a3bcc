"""Where opening a group thread spends the worker's time: py-spy samples the running app.

Starts Lantern as ``bench.protocol`` does (``make run``'s prod app on SQLite, one worker,
the demo data plus bench members), opens one signed-in tab per client on the group
thread, and then, while py-spy samples every process of the server (``--subprocesses``,
idle threads left out), each tab opens the thread again and again: the navigation event
(``on_load_internal``) and the page's own load chain (``load_thread`` and the header's
loads), each timed until the thread shows as loaded. Printed: the events, their p50/p95,
the server's Python time per event (samples of the thread holding the GIL / rate /
events; ``--busy-threads`` samples every thread not idle instead) and the top functions by
inclusive and by own ("self") share of the samples. This is the profile the issue asks to
keep "before and after" for one ``load_thread`` event.

    .venv/bin/python -m bench.profile_thread [--clients 10] [--events 20] [--rate 200]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import _protocol_apps as apps
from bench._protocol_mix import ON_LOAD, THREAD, LanternClient, Target, ready, timed
from bench._protocol_seed import Scene, seed_bench_members
from bench._protocol_stats import Run, summary
from bench.protocol import sign_in_all, target_of

FRAME = re.compile(r"^(?P<function>.+?) \((?P<file>[^()]+):\d+\)$")
TOP = 15


def py_spy() -> str:
    found = Path(sys.executable).parent / "py-spy"
    if found.exists():
        return str(found)
    on_path = shutil.which("py-spy")
    if not on_path:
        raise SystemExit("py-spy is not installed: pip install -e '.[bench]'")
    return on_path


def short(path: str) -> str:
    for marker in ("site-packages/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return "portal/" + path.split("/portal/", 1)[1] if "/portal/" in path else path


def label(frame: str) -> str | None:
    found = FRAME.match(frame.strip())
    if not found:
        return None
    return f"{short(found['file'])}:{found['function']}"


def package(name: str) -> str:
    """The top-level package (or standard-library module) a function label lives in."""
    return name.split("/", 1)[0].split(".py:", 1)[0]


def read_samples(raw: str) -> tuple[Counter, Counter, Counter, int]:
    """py-spy's raw (collapsed) stacks: inclusive and own samples per function, and own
    samples per package."""
    inclusive: Counter = Counter()
    own: Counter = Counter()
    packages: Counter = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [name for name in map(label, stack.split(";")) if name]
        if not frames:
            continue
        total += count
        for name in set(frames):
            inclusive[name] += count
        own[frames[-1]] += count
        packages[package(frames[-1])] += count
    return inclusive, own, packages, total


def top(counter: Counter, total: int, cpu_ms_per_sample: float, events: int) -> list[dict]:
    return [{"function": name, "share": round(count / total, 3),
             "cpu_ms_per_event": round(count * cpu_ms_per_sample / events, 2)}
            for name, count in counter.most_common(TOP)]


async def open_again_and_again(target: Target, scene: Scene, cookies: list[str],
                               events: int) -> Run:
    """Every tab hydrates on the thread (not counted), then opens it ``events`` times."""
    clients = [LanternClient(target, scene, number, cookie)
               for number, cookie in enumerate(cookies)]
    opening = Run(clients=len(clients))
    run = Run(clients=len(clients))
    try:
        await asyncio.gather(*(client.hydrate(opening) for client in clients))

        async def play(client: LanternClient) -> None:
            for _ in range(events):
                await timed(run, target, client.tab, "open_thread",
                            client._on_thread(ON_LOAD), ready(THREAD, "thread_ready"))

        started = time.perf_counter()
        await asyncio.gather(*(play(client) for client in clients))
        run.mix_seconds = time.perf_counter() - started
    finally:
        await asyncio.gather(*(client.tab.close() for client in clients),
                             return_exceptions=True)
    return run


def profile(served: apps.Served, scene: Scene, cookies: list[str], events: int,
            rate: int, folder: Path, *, gil: bool) -> dict[str, object]:
    raw = folder / "samples.txt"
    target = target_of(served, timeout=120.0)
    # A warm-up round outside the profile: imports, caches and first queries.
    asyncio.run(open_again_and_again(target, scene, cookies[:2], 2))
    sampler = subprocess.Popen(  # noqa: S603 (py-spy from this venv, on our own server)
        [py_spy(), "record", "--pid", str(served.pid), "--subprocesses", "--rate", str(rate),
         "--format", "raw", "--output", str(raw), *(["--gil"] if gil else [])],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)  # py-spy attaches to every process before the events start
    try:
        run = asyncio.run(open_again_and_again(target, scene, cookies, events))
    finally:
        sampler.send_signal(signal.SIGINT)
        _, problems = sampler.communicate(timeout=60)
    if not raw.exists():
        raise SystemExit(f"py-spy wrote no samples:\n{problems}")
    inclusive, own, packages, total = read_samples(raw.read_text())
    ours = Counter({name: count for name, count in inclusive.items()
                    if name.startswith("portal/")})
    timings = run.timings.get("open_thread", [])
    done = len(timings)
    cpu_ms_per_sample = 1000 / rate
    return {
        "events": done, "errors": run.errors, "clients": len(cookies),
        "open_thread_ms": summary(timings) if timings else None,
        "events_per_s": round(done / run.mix_seconds, 1) if run.mix_seconds else None,
        "samples": total, "rate_hz": rate, "sampled": "gil_holder" if gil else "busy_threads",
        "server_cpu_ms_per_event": round(total * cpu_ms_per_sample / done, 2) if done else None,
        "top_inclusive": top(inclusive, total, cpu_ms_per_sample, max(done, 1)),
        "top_self": top(own, total, cpu_ms_per_sample, max(done, 1)),
        "top_portal_inclusive": top(ours, total, cpu_ms_per_sample, max(done, 1)),
        "self_by_package": top(packages, total, cpu_ms_per_sample, max(done, 1)),
    }


def print_profile(report: dict[str, object]) -> None:
    print(f"\n{report['events']} thread loads by {report['clients']} tabs, "
          f"{report['errors']} errors; {report['open_thread_ms']}; "
          f"server CPU per event {report['server_cpu_ms_per_event']} ms")
    for heading, key in (("inclusive", "top_inclusive"), ("self", "top_self"),
                         ("inclusive, Lantern's own", "top_portal_inclusive"),
                         ("self, by package", "self_by_package")):
        print(f"\n{'share':>6} {'ms/event':>9}  top functions ({heading})")
        for row in report[key]:
            print(f"{row['share']:>6.1%} {row['cpu_ms_per_event']:>9}  {row['function']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_thread",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--events", type=int, default=20, help="thread loads per tab")
    parser.add_argument("--rate", type=int, default=200, help="samples per second")
    parser.add_argument("--busy-threads", action="store_true",
                        help="sample every thread that is not idle (default: only the thread "
                             "holding the GIL, which is the worker's Python time)")
    arguments = parser.parse_args(argv)
    if arguments.clients < 1 or arguments.events < 1 or arguments.rate < 1:
        parser.error("--clients, --events and --rate need whole numbers >= 1")
    scenes: list[Scene] = []
    with tempfile.TemporaryDirectory(prefix="lantern-bench-profile-") as name:
        folder = Path(name)
        with apps.lantern(folder, lambda url: scenes.append(
                seed_bench_members(url, arguments.clients))) as served:
            cookies, _ = sign_in_all(served, scenes[0], arguments.clients)
            report = profile(served, scenes[0], cookies, arguments.events, arguments.rate,
                             folder, gil=not arguments.busy_threads)
    print_profile(report)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
