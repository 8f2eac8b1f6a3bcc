"""Lantern over Reflex's event protocol, beside a blank Reflex app, under N clients.

Builds and starts the prod app itself (as `make run` does: `reflex run --env prod
--single-port`, SQLite, one worker) with the demo data plus one bench member per client
(each in the "Morning check-in" group and in an active mentorship with a mentor who has
hours), signs every member in over HTTP through the real sign-in route, and opens one
socket per client carrying its member's cookie and the page's origin, as a browser tab
does. Each tab hydrates the group thread page (the first event rides in the connect
packet, as in a browser), then plays a mix per round, each event sent as the browser
sends it and timed until the delta that shows its result arrives:

- ``open_thread``: navigate to the group thread (``on_load_internal``);
- ``react``: a reaction on the thread's first post (``react_to_post``);
- ``reply``: a reply through the reply form (``post_reply``);
- ``notifications``: navigate to the notifications page;
- ``mentoring_messages``: navigate to the messages of her active mentorship;
- ``slots``: navigate to the booking page, which loads her mentor's free times.

The blank counter app in ``bench/blank_app`` is built and started the same way, and its
tabs send as many ``increment`` events in the same run. Reported per N: p50/p95 per kind
and overall (ms; the hydrates that open the tabs are a kind of their own, outside
"overall"), events/s of the mix, errors (an event that timed out, was refused or lost its
socket), and the ratios (``ratio_p95_<N>``, ``events_per_s_ratio`` at 50). Per page,
signed in: the hydrate's snapshot on a first load (the browser sends the build's
initial-state hashes, ``hydrate_kb``) and on a reconnect (no hashes: the whole state,
``reconnect_hydrate_kb``), and everything the page load sent (``page_load_kb``);
``hydrate_kb_max`` is the largest of either. ``--scale-out`` then runs Lantern again on
PostgreSQL, Redis state and 2 workers (``scale_out``, ``scale_out_p95_ratio``: p95 at the
largest N there over one worker's p95 at 50). ``floor_1`` (bench/_protocol_floor.py) times
Lantern's cheapest events on one tab beside the blank app's counter, outside the mix:
what an event costs before it reads anything. Everything started is stopped, error or
not. Figures vary with the machine's load (``load_average_at_start``): compare runs made
on the same machine at the same time, as Lantern and the blank app are here.

    .venv/bin/python -m bench.protocol [--clients 1,10,50,200] [--rounds 3] [--quick]
                                       [--scale-out]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import tempfile
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench import _protocol_apps as apps
from bench._protocol_floor import floor_events
from bench._protocol_mix import (
    MIX,
    PAGE_HYDRATED,
    BlankClient,
    LanternClient,
    Target,
    measure,
    open_page,
    page_sizes,
)
from bench._protocol_seed import BENCH_PASSPHRASE, Scene, seed_bench_members
from bench._protocol_stats import comparison, figures, scale_out_check, table
from tests.e2e.live_server import sign_in_over_http

FULL_CLIENTS = (1, 10, 50, 200)
MIN_EVENTS = 60
TARGETS = {"ratio_p95_50": 3, "ratio_p95_1": 3, "events_per_s_ratio": 0.4,
           "hydrate_kb_max": 16, "errors": 0, "scale_out_p95_ratio": 1.5}
SIGN_IN_ATTEMPTS = 5


def last_errors(log: Path, count: int = 3) -> str:
    """The last lines of the server's tracebacks that name the error, and where in
    portal/ each was raised."""
    lines = log.read_text().splitlines()
    shown = []
    for number, line in enumerate(lines):
        if line and not line[0].isspace() and number and lines[number - 1].startswith("    "):
            where = [text for text in lines[max(0, number - 40):number]
                     if "/portal/" in text][-2:]
            shown.append("\n".join([*where, line]))
    return "\n".join(shown[-count:])


def sign_in_all(served: apps.Served, scene: Scene, count: int) -> tuple[list[str], int]:
    """Every bench member signs in over HTTP, four at a time. A server error is retried
    and counted: the count is in the report, the server's error on stderr."""
    failures: list[str] = []

    def sign_in(member) -> str:
        for attempt in range(SIGN_IN_ATTEMPTS):
            try:
                return sign_in_over_http(served.url, member.name, BENCH_PASSPHRASE)
            except urllib.error.HTTPError as error:
                if error.code < 500 or attempt == SIGN_IN_ATTEMPTS - 1:
                    raise
                failures.append(f"{member.name}: HTTP {error.code}")
                time.sleep(0.5 * (attempt + 1))
        raise AssertionError("unreachable")

    with ThreadPoolExecutor(max_workers=4) as pool:
        cookies = list(pool.map(sign_in, scene.members[:count]))
    if failures:
        log = Path(served.env["LANTERN_INSTANCE_DIR"]) / "server.log"
        print(f"sign-in server errors (retried): {failures}\n{last_errors(log)}",
              file=sys.stderr)
    return cookies, len(failures)


def target_of(served: apps.Served, timeout: float) -> Target:
    return Target(host="127.0.0.1", port=served.port, origin=served.url, timeout=timeout,
                  hashes=tuple(served.hashes))


def rounds_for(clients: int, rounds: int) -> int:
    """``rounds``, or more for a few clients, so every p95 rests on MIN_EVENTS events."""
    return max(rounds, -(-MIN_EVENTS // (clients * len(MIX))))


def run_lantern(lantern: Target, scene: Scene, cookies: list[str], counts: list[int],
                rounds: int, blank: Target | None = None) -> dict[str, dict]:
    """Lantern (and the blank app, right after it at each N) at every N."""
    def lantern_clients(n: int) -> list:
        return [LanternClient(lantern, scene, number, cookies[number]) for number in range(n)]

    results: dict[str, dict] = {"lantern": {}, "blank": {}}
    asyncio.run(measure(lantern_clients(min(2, len(cookies))), 1))  # warm-up, not counted
    if blank is not None:
        asyncio.run(measure([BlankClient(blank) for _ in range(2)], 1))
    for n in counts:
        played = rounds_for(n, rounds)
        results["lantern"][n] = {**figures(asyncio.run(measure(lantern_clients(n), played))),
                                 "rounds": played}
        print(f"lantern N={n}: {results['lantern'][n]}", flush=True)
        if blank is not None:
            run = asyncio.run(measure([BlankClient(blank) for _ in range(n)], played))
            results["blank"][n] = {**figures(run), "rounds": played}
            print(f"blank   N={n}: {results['blank'][n]}", flush=True)
    return results


def single_worker(workdir: Path, counts: list[int], rounds: int,
                  timeout: float) -> dict[str, object]:
    scenes: list[Scene] = []
    with apps.blank(workdir) as blank_app, apps.lantern(
            workdir, lambda url: scenes.append(seed_bench_members(url, max(counts)))) as app:
        scene, lantern, blank = scenes[0], target_of(app, timeout), target_of(blank_app, timeout)
        cookies, sign_in_errors = sign_in_all(app, scene, max(counts))
        pages = asyncio.run(page_sizes(lantern, scene, cookies[0]))
        blank_page = {kind: asyncio.run(open_page(
            blank, "/", {}, PAGE_HYDRATED, first_load=kind == "first_load"))
            for kind in ("first_load", "reconnect")}
        results = run_lantern(lantern, scene, cookies, counts, rounds, blank)
        floor = asyncio.run(floor_events(lantern, blank, cookies[0]))
        print(f"floor, one tab: {floor}", flush=True)
    figures_out: dict[str, object] = {
        "table": table(results["lantern"], results["blank"]),
        "lantern": results["lantern"], "blank": results["blank"],
        **comparison(results["lantern"], results["blank"]),
        "hydrate_kb": {page: sizes["hydrate_kb"] for page, sizes in pages.items()},
        "reconnect_hydrate_kb": {page: sizes["reconnect_hydrate_kb"]
                                 for page, sizes in pages.items()},
        "page_load_kb": {page: sizes["page_load_kb"] for page, sizes in pages.items()},
        "pages_not_loaded": [page for page, sizes in pages.items() if not sizes["loaded"]],
        "blank_hydrate_kb": blank_page["first_load"]["hydrate_kb"],
        "blank_reconnect_hydrate_kb": blank_page["reconnect"]["hydrate_kb"],
        "sign_in_server_errors": sign_in_errors,
        "floor_1": floor,
    }
    # The largest hydrate any page sends a signed-in member, first load or reconnect.
    figures_out["hydrate_kb_max"] = max(
        [*figures_out["hydrate_kb"].values(), *figures_out["reconnect_hydrate_kb"].values()])
    return figures_out


def scale_out(workdir: Path, counts: list[int], rounds: int, timeout: float) -> dict:
    scenes: list[Scene] = []
    with apps.scale_out_services() as settings, apps.lantern(
            workdir, lambda url: scenes.append(seed_bench_members(url, max(counts))),
            extra_env=settings) as app:
        scene, lantern = scenes[0], target_of(app, timeout)
        cookies, sign_in_errors = sign_in_all(app, scene, max(counts))
        by_clients = run_lantern(lantern, scene, cookies, counts, rounds)["lantern"]
        return {"table": table(by_clients, {}), "by_clients": by_clients,
                "sign_in_server_errors": sign_in_errors}


def total_errors(*runs: dict) -> int:
    return sum(figures_at["errors"] for by_n in runs for figures_at in by_n.values())


def print_table(title: str, lantern: dict, blank: dict) -> None:
    print(f"\n{title}\n{'N':>5} {'Lantern p50/p95 ms':>22} {'blank p50/p95 ms':>20} "
          f"{'ev/s L/blank':>16} {'errors':>7}")
    for n, mine in lantern.items():
        other = blank.get(n, {"overall": {"p50": None, "p95": None}, "events_per_s": None})
        print(f"{n:>5} {mine['overall']['p50']!s:>10} / {mine['overall']['p95']!s:<9} "
              f"{other['overall']['p50']!s:>9} / {other['overall']['p95']!s:<8} "
              f"{mine['events_per_s']!s:>7} / {other['events_per_s']!s:<7} {mine['errors']:>6}")


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.protocol",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default=",".join(map(str, FULL_CLIENTS)),
                        help="numbers of clients, comma-separated (default 1,10,50,200)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of the six-event mix per client (default 3; more "
                             f"at small N, so that each N times at least {MIN_EVENTS} events)")
    parser.add_argument("--quick", action="store_true",
                        help="a short run: 1 and 10 clients, one round")
    parser.add_argument("--scale-out", action="store_true",
                        help="then run Lantern on PostgreSQL, Redis state and 2 workers")
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds an event may take before it counts as an error")
    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.clients, arguments.rounds = "1,10", 1
    arguments.counts = sorted({int(n) for n in arguments.clients.split(",") if n.strip()})
    if not arguments.counts or min(arguments.counts) < 1 or arguments.rounds < 1:
        parser.error("--clients needs whole numbers >= 1 and --rounds >= 1")
    return arguments


def _stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(128 + signum)  # unwinds: every app started is stopped on the way out


def main(argv: list[str] | None = None) -> None:
    arguments = parse_arguments(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    report: dict[str, object] = {"mode": "single_worker", "clients": arguments.counts,
                                 "rounds": arguments.rounds, "mix": list(MIX),
                                 "load_average_at_start": [round(load, 2)
                                                           for load in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="lantern-bench-protocol-") as folder:
        workdir = Path(folder)
        report.update(single_worker(workdir, arguments.counts, arguments.rounds,
                                    arguments.timeout))
        print_table("one worker, SQLite (make run)", report["lantern"], report["blank"])
        errors = total_errors(report["lantern"], report["blank"])
        if arguments.scale_out:
            scaled = scale_out(workdir, arguments.counts, arguments.rounds, arguments.timeout)
            report["scale_out"] = scaled
            report["scale_out_p95_ratio"] = scale_out_check(report["lantern"],
                                                            scaled["by_clients"])
            print_table("PostgreSQL, Redis, 2 workers", scaled["by_clients"], {})
            errors += total_errors(scaled["by_clients"])
    report["errors"] = errors
    report["targets"] = TARGETS
    print(json.dumps(report))


if __name__ == "__main__":
    main()
