"""Live delivery on the scale-out path: PostgreSQL, Redis and 2 workers (issue 15).

Builds and starts Lantern as ``bench.protocol --scale-out`` does (prod build, demo data
plus bench members, PostgreSQL, Redis state, ``GRANIAN_WORKERS=2``), signs everyone in
over HTTP and opens socket tabs that carry their member's cookie, as browsers do.

- ``delivery``: 50 pairs. Each bench member (the sender) has her mentorship's messages
  open, and so does her mentor (the receiver: one tab per mentorship). Every sender
  sends ``--messages`` messages, all pairs at once; a delivery is timed from the
  sender's event to the delta that shows the message on the receiver's tab. Which
  worker holds each socket is read from Reflex's own token records in Redis, so the
  figures for pairs whose sender and receiver sit on different workers are reported
  apart (``delivery_cross_worker_p95_ms``) beside all pairs (``delivery_p95_ms``).
- ``fanout``: 200 members have the same group thread open; one of them replies (a
  different member each round, ``--rounds``), and the round's time is until every other
  tab has the reply's bar (``new_replies`` changed): ``fanout_p95_ms`` over the rounds'
  slowest tabs, and each round's per-tab times.

Targets: ``delivery_p95_ms`` <= 250 and ``fanout_p95_ms`` <= 1000.

    .venv/bin/python -m bench.live [--pairs 50] [--tabs 200] [--messages 2] [--rounds 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pickle
import tempfile
import time
from pathlib import Path

import redis

from bench import _protocol_apps as apps
from bench._protocol_mix import MESSAGES, THREAD, Target, ready, split, timed
from bench._protocol_seed import BENCH_PASSPHRASE, Scene, seed_bench_members
from bench._protocol_stats import Run, percentile, summary
from bench._socket import Seen, Tab, event
from bench.protocol import sign_in_all, target_of
from portal import routes
from tests.e2e.live_server import sign_in_over_http

TARGETS = {"delivery_p95_ms": 250, "fanout_p95_ms": 1000}
SOCKET_RECORD = "token_manager_socket_record_"  # Reflex's RedisTokenManager key prefix
MENTOR = "Bench Mentor 01"  # the mentor of the first 50 bench members


def message_arrived(body: str):
    def finished(seen: Seen) -> bool | None:
        messages = seen.get(MESSAGES, {}).get("messages")
        if isinstance(messages, list) and any(item.get("body") == body for item in messages):
            return True
        return None
    return finished


def bar_changed(seen: Seen) -> bool | None:
    return True if seen.get(THREAD, {}).get("new_replies") else None


def worker_of(store: redis.Redis, token: str) -> str:
    record = store.get(SOCKET_RECORD + token)
    return pickle.loads(record).instance_id if record else ""  # noqa: S301 (Reflex's own)


async def open_tab(target: Target, cookie: str, href: str, loaded) -> Tab:
    path, query = split(href)
    tab = target.tab(cookie)
    opened = await timed(Run(clients=1), target, tab, "open", target.hydrate(path, query),
                         loaded, boot=True)
    if opened is None:
        raise RuntimeError(f"a tab did not load {href}")
    return tab


async def delivery(target: Target, scene: Scene, member_cookies: list[str],
                   mentor_cookie: str, pairs: int, messages: int,
                   store: redis.Redis) -> dict[str, object]:
    loaded = ready(MESSAGES, "thread_ready")
    hrefs = [routes.mentoring_messages(scene.members[n].match_id) for n in range(pairs)]
    senders = await asyncio.gather(*(open_tab(target, member_cookies[n], hrefs[n], loaded)
                                     for n in range(pairs)))
    receivers = await asyncio.gather(*(open_tab(target, mentor_cookie, hrefs[n], loaded)
                                       for n in range(pairs)))
    await asyncio.sleep(1.0)  # the token records are written as the sockets join
    cross = [worker_of(store, senders[n].token) != worker_of(store, receivers[n].token)
             for n in range(pairs)]
    times: list[float] = []
    cross_times: list[float] = []
    errors = 0

    async def pair(n: int) -> None:
        nonlocal errors
        path, query = split(hrefs[n])
        for number in range(messages):
            body = f"Checking in before Thursday, pair {n} message {number}."
            waiter = receivers[n].watch(message_arrived(body))
            started = time.perf_counter()
            await senders[n].emit(event(f"{MESSAGES}.send_message", path, query, {
                "form_data": {"match_id": str(scene.members[n].match_id), "body": body}}))
            try:
                await asyncio.wait_for(waiter, 30)
            except TimeoutError:
                errors += 1
                continue
            elapsed = (time.perf_counter() - started) * 1000
            times.append(elapsed)
            if cross[n]:
                cross_times.append(elapsed)

    try:
        await asyncio.gather(*(pair(n) for n in range(pairs)))
    finally:
        await asyncio.gather(*(tab.close() for tab in [*senders, *receivers]),
                             return_exceptions=True)
    return {"deliveries": summary(times) if times else None,
            "cross_worker": summary(cross_times) if cross_times else None,
            "pairs": pairs, "cross_worker_pairs": sum(cross), "errors": errors}


async def fanout(target: Target, scene: Scene, cookies: list[str], rounds: int,
                 store: redis.Redis) -> dict[str, object]:
    href = routes.group_thread(scene.thread_id)
    path, query = split(href)
    loaded = ready(THREAD, "thread_ready")
    tabs: list[Tab] = []
    for start in range(0, len(cookies), 25):  # open in waves, as people arrive
        tabs.extend(await asyncio.gather(*(open_tab(target, cookie, href, loaded)
                                           for cookie in cookies[start:start + 25])))
    await asyncio.sleep(1.0)
    workers = {worker_of(store, tab.token) for tab in tabs}
    slowest: list[float] = []
    every: list[float] = []
    errors = 0
    try:
        for round_number in range(rounds):
            writer = tabs[round_number]
            others = [tab for tab in tabs if tab is not writer]
            waiters = [tab.watch(bar_changed) for tab in others]
            started = time.perf_counter()
            arrived: list[float] = []

            async def wait(waiter, started=started, arrived=arrived) -> None:
                await asyncio.wait_for(waiter, 60)
                arrived.append((time.perf_counter() - started) * 1000)

            await writer.emit(event(f"{THREAD}.post_reply", path, query, {"form_data": {
                "thread_id": str(query["id"]), "content_warning": "",
                "body": f"Thank you all, this helps (round {round_number})."}}))
            outcomes = await asyncio.gather(*(wait(waiter) for waiter in waiters),
                                            return_exceptions=True)
            errors += sum(1 for outcome in outcomes if isinstance(outcome, BaseException))
            if arrived:
                slowest.append(max(arrived))
                every.extend(arrived)
            # Every tab reads the new replies (the bar goes), ready for the next round.
            await asyncio.gather(*(tab.emit(event(f"{THREAD}.show_new_replies", path, query))
                                   for tab in others))
            await asyncio.sleep(2.0)
    finally:
        await asyncio.gather(*(tab.close() for tab in tabs), return_exceptions=True)
    return {"tabs": len(tabs), "workers": len(workers), "rounds": rounds,
            "slowest_tab_ms": [round(ms, 1) for ms in slowest],
            "per_tab": summary(every) if every else None, "errors": errors}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.live",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--tabs", type=int, default=200)
    parser.add_argument("--messages", type=int, default=2, help="messages per pair")
    parser.add_argument("--rounds", type=int, default=3, help="fan-out rounds")
    arguments = parser.parse_args(argv)
    if min(arguments.pairs, arguments.tabs, arguments.messages, arguments.rounds) < 1:
        parser.error("every count needs a whole number >= 1")
    members = max(arguments.pairs, arguments.tabs)
    report: dict[str, object] = {"mode": "PostgreSQL, Redis, 2 workers",
                                 "load_average_at_start": [round(load, 2)
                                                           for load in os.getloadavg()]}
    scenes: list[Scene] = []
    with tempfile.TemporaryDirectory(prefix="lantern-bench-live-") as folder, \
            apps.scale_out_services() as settings, \
            apps.lantern(Path(folder), lambda url: scenes.append(
                seed_bench_members(url, members)), extra_env=settings) as served:
        scene = scenes[0]
        store = redis.Redis.from_url(settings["REFLEX_REDIS_URL"])
        target = target_of(served, timeout=60.0)
        cookies, _ = sign_in_all(served, scene, members)
        mentor_cookie = sign_in_over_http(served.url, MENTOR, BENCH_PASSPHRASE)
        report["delivery"] = asyncio.run(delivery(target, scene, cookies, mentor_cookie,
                                                  arguments.pairs, arguments.messages, store))
        report["fanout"] = asyncio.run(fanout(target, scene, cookies[:arguments.tabs],
                                              arguments.rounds, store))
        store.close()
    deliveries = report["delivery"]
    report["delivery_p95_ms"] = (deliveries["deliveries"] or {}).get("p95")
    report["delivery_cross_worker_p95_ms"] = (deliveries["cross_worker"] or {}).get("p95")
    slowest = report["fanout"]["slowest_tab_ms"]
    report["fanout_p95_ms"] = round(percentile(slowest, 0.95), 1) if slowest else None
    report["errors"] = deliveries["errors"] + report["fanout"]["errors"]
    report["targets"] = TARGETS
    print(f"delivery p95 {report['delivery_p95_ms']} ms (cross-worker "
          f"{report['delivery_cross_worker_p95_ms']} ms, {deliveries['cross_worker_pairs']} "
          f"of {deliveries['pairs']} pairs); fan-out to {report['fanout']['tabs']} tabs p95 "
          f"{report['fanout_p95_ms']} ms; errors {report['errors']}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
