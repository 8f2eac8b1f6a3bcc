"""Live delivery on the scale-out path: PostgreSQL, Redis and 2 workers (issue 15).

Builds and starts Lantern as ``bench.protocol --scale-out`` does (prod build, demo data
plus bench members, PostgreSQL, Redis state, ``GRANIAN_WORKERS=2``), signs everyone in
over HTTP and opens socket tabs that carry their member's cookie, as browsers do.

- ``delivery``: 50 pairs. Each bench member (the sender) has her mentorship's messages
  open, and so does her mentor (the receiver: one tab per mentorship). Each pair has
  its own mentor (the issue's "50 pairs of members"); ``--shared-mentor`` seeds as
  bench.protocol does, one mentor for all 50, whose 50 tabs then all refresh their
  badge on every message (the shape measured before, kept so both can be reported). Every sender
  sends ``--messages`` messages, all pairs at once; a delivery is timed from the
  sender's event to the delta that shows the message on the receiver's tab. Which
  worker holds each socket is read from Reflex's own token records in Redis, so the
  figures for pairs whose sender and receiver sit on different workers are reported
  apart (``delivery_cross_worker_p95_ms``) beside all pairs (``delivery_p95_ms``).
  Extra, not the target's figure: ``delivery_paced_p95_ms``, the same pairs again, each
  starting at a random moment within ``--paced-spread`` seconds and sending its
  messages ``--paced-pause`` seconds apart (people talking, not a burst of 100 at one
  instant), timed the same way. ``--paced-spread 0`` leaves it out.
  Extra: ``delivery_cpu_ms_per_message``, the CPU time each message of the burst cost
  the server's processes, PostgreSQL and this client (bench/_cpu.py): it moves by a few
  percent between runs where the p95 moves by a quarter, so compare code by it.
  Then ``--reconnects`` receivers drop their socket: one message is sent while she is
  away, she comes back with the same tab token (as a browser reconnects) while another
  is sent, and once both show, anything shown twice counts in
  ``duplicates_after_reconnect``.
- ``fanout``: 200 members have the same group thread open; one of them replies (a
  different member each round, ``--rounds``), and the round's time is until every other
  tab has the reply (its bar, ``new_replies``, counts it): ``fanout_p95_ms`` over the
  rounds' slowest tabs, and each round's per-tab times. Beside them the thread is open
  in ``--blockers`` tabs of group members who blocked every writer and ``--outsiders``
  tabs of members outside the group.
- ``wrong_deliveries``: every delta each tab receives is read (its lists of messages and
  posts, and the post entries a push sends alone), and each piece of content its viewer
  may not see counts once: on a mentorship's tab, a message of
  another pair; on a blocker's tab, a writer's reply or a bar counting one; on an
  outsider's tab, any post or bar at all (after each round they ask for the new
  replies too: what comes back must hide them as well).

Targets: ``delivery_p95_ms`` <= 250, ``fanout_p95_ms`` <= 1000, ``wrong_deliveries``
and ``duplicates_after_reconnect`` == 0.

    .venv/bin/python -m bench.live [--pairs 50] [--tabs 200] [--messages 2] [--rounds 3]
        [--blockers 10] [--outsiders 5] [--reconnects 10] [--shared-mentor]
        [--paced-spread 5] [--paced-pause 2]

The last line printed is one JSON object. Figures and the load they ran under: README,
"Live updates (issue 15)".
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import pickle
import random
import tempfile
import time
from pathlib import Path

import redis

from bench import _protocol_apps as apps
from bench._cpu import CpuMeter
from bench._protocol_mix import APP, MESSAGES, THREAD, Target, ready, split, timed
from bench._protocol_seed import (
    BENCH_PASSPHRASE,
    MENTEES_PER_MENTOR,
    Scene,
    seed_bench_members,
)
from bench._protocol_stats import Run, percentile, summary
from bench._socket import Seen, Tab, event
from bench.protocol import sign_in_all, target_of
from portal import routes
from tests.e2e.live_server import sign_in_over_http

TARGETS = {"delivery_p95_ms": 250, "fanout_p95_ms": 1000, "wrong_deliveries": 0,
           "duplicates_after_reconnect": 0}
SOCKET_RECORD = "token_manager_socket_record_"  # Reflex's RedisTokenManager key prefix
OUTSIDER = "Bench Outsider {:02d}"  # members who are not in the thread's group
BODY_MARK = "bench-live"  # every body this benchmark writes carries it


class Wrong:
    """Content a tab's viewer may not see, found in what the server sent that tab: each
    (tab, body) once. ``forbidden(body)`` says which bodies are not hers; a tab that may
    not see the thread at all also counts any post or "new replies" bar it is sent."""

    def __init__(self) -> None:
        self.found: set[tuple[str, str]] = set()

    def monitor(self, tab: Tab, forbidden, *, no_thread: bool = False,
                no_bar: bool = False) -> None:
        def check(seen: Seen) -> None:
            for state, field in ((MESSAGES, "messages"), (MESSAGES, "earlier_messages"),
                                 (THREAD, "posts"), (THREAD, "post_updates")):
                items = seen.get(state, {}).get(field)
                if isinstance(items, dict):  # post_updates: entries sent alone, by post id
                    items = list(items.values())
                for item in items if isinstance(items, list) else ():
                    body = str(item.get("body", "")) if isinstance(item, dict) else ""
                    if BODY_MARK in body and forbidden(body):
                        self.found.add((tab.token, body))
            posts = seen.get(THREAD, {}).get("posts")
            if no_thread and isinstance(posts, list) and posts:
                self.found.add((tab.token, f"{len(posts)} posts of a refused thread"))
            updates = seen.get(THREAD, {}).get("post_updates")
            if no_thread and isinstance(updates, dict) and updates:
                self.found.add((tab.token, f"{len(updates)} entries of a refused thread"))
            replies = seen.get(THREAD, {}).get("new_replies")
            if (no_bar or no_thread) and isinstance(replies, int) and replies > 0:
                self.found.add((tab.token, f"a bar of {replies} new replies"))
            return None
        tab.watch(check)

    def __len__(self) -> int:
        return len(self.found)


def message_arrived(body: str):
    def finished(seen: Seen) -> bool | None:
        messages = seen.get(MESSAGES, {}).get("messages")
        if isinstance(messages, list) and any(item.get("body") == body for item in messages):
            return True
        return None
    return finished


def reply_arrived(body: str):
    """The reply reached the tab: its bar counts it, or (a read of the new replies the
    tab asked for itself landed after the reply) the reply is among its posts."""
    def finished(seen: Seen) -> bool | None:
        thread = seen.get(THREAD, {})
        posts = thread.get("posts")
        if thread.get("new_replies") or (isinstance(posts, list) and any(
                isinstance(post, dict) and post.get("body") == body for post in posts)):
            return True
        return None
    return finished


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


def pair_of(body: str) -> int:
    """The pair a delivery benchmark message belongs to (-1 for none)."""
    marker = body.partition(" pair ")[2].partition(" ")[0]
    return int(marker) if marker.isdigit() else -1


async def delivery(target: Target, scene: Scene, member_cookies: list[str],
                   mentor_cookies: list[str], pairs: int, messages: int, reconnects: int,
                   store: redis.Redis, wrong: Wrong, paced_spread: float = 0.0,
                   paced_pause: float = 0.0, meter: CpuMeter | None = None,
                   bursts: int = 1) -> dict[str, object]:
    """``mentor_cookies[n]``: the cookie of pair ``n``'s mentor (the receiver)."""
    loaded = ready(MESSAGES, "thread_ready")
    hrefs = [routes.mentoring_messages(scene.members[n].match_id) for n in range(pairs)]
    senders = await asyncio.gather(*(open_tab(target, member_cookies[n], hrefs[n], loaded)
                                     for n in range(pairs)))
    receivers = await asyncio.gather(*(open_tab(target, mentor_cookies[n], hrefs[n], loaded)
                                       for n in range(pairs)))
    # Every tab shows one mentorship: a message of any other pair in it is wrong.
    for n in range(pairs):
        for tab in (senders[n], receivers[n]):
            wrong.monitor(tab, lambda body, n=n: pair_of(body) != n)
    await asyncio.sleep(1.0)  # the token records are written as the sockets join
    cross = [worker_of(store, senders[n].token) != worker_of(store, receivers[n].token)
             for n in range(pairs)]
    times: list[float] = []
    cross_times: list[float] = []
    paced_times: list[float] = []
    offsets = random.Random(15)  # the same start offsets every run
    errors = 0
    duplicates = 0
    caught_up = 0

    async def send(n: int, body: str) -> None:
        path, query = split(hrefs[n])
        await senders[n].emit(event(f"{MESSAGES}.send_message", path, query, {
            "form_data": {"match_id": str(scene.members[n].match_id), "body": body}}))

    async def timed_message(n: int, body: str) -> float | None:
        """From the sender's event to the delta that shows it on the receiver's tab, in
        ms (None: it never came)."""
        waiter = receivers[n].watch(message_arrived(body))
        started = time.perf_counter()
        await send(n, body)
        try:
            await asyncio.wait_for(waiter, 30)
        except TimeoutError:
            return None
        return (time.perf_counter() - started) * 1000

    async def pair(n: int, burst: int, timed: list[float], cross_timed: list[float]) -> None:
        nonlocal errors
        for number in range(messages):
            body = (f"Checking in before Thursday, pair {n} message {number} burst "
                    f"{burst} ({BODY_MARK}).")
            elapsed = await timed_message(n, body)
            if elapsed is None:
                errors += 1
                continue
            timed.append(elapsed)
            if cross[n]:
                cross_timed.append(elapsed)

    async def burst(number: int, timed: list[float], cross_timed: list[float],
                    ) -> dict[str, float]:
        """Every pair sends its messages at once; the CPU per message it cost."""
        if meter is not None:
            meter.start()
        await asyncio.gather(*(pair(n, number, timed, cross_timed) for n in range(pairs)))
        return meter.per_item(len(timed)) if meter is not None else {}

    async def paced_pair(n: int, start: float) -> None:
        """Extra: pair ``n`` talking at a person's pace, from ``start`` seconds on."""
        nonlocal errors
        await asyncio.sleep(start)
        for number in range(messages):
            if number:
                await asyncio.sleep(paced_pause)
            body = f"Talking at our own pace, pair {n} message {number} ({BODY_MARK})."
            elapsed = await timed_message(n, body)
            if elapsed is None:
                errors += 1
                continue
            paced_times.append(elapsed)

    async def reconnect(n: int) -> None:
        """Her socket drops; one message arrives while she is away, one as she comes
        back (same tab token, as a browser's reconnect); after catching up, every
        message must show once."""
        nonlocal errors, duplicates, caught_up
        path, query = split(hrefs[n])
        await receivers[n].close()
        away = f"While you were away, pair {n} ({BODY_MARK})."
        back = f"As you come back, pair {n} ({BODY_MARK})."
        await send(n, away)
        await asyncio.sleep(0.2)
        again = Tab(target.host, target.port, token=receivers[n].token,
                    origin=target.origin, cookie=mentor_cookies[n],
                    cookie_name=receivers[n].cookie.partition("=")[0])
        receivers[n] = again
        wrong.monitor(again, lambda body: pair_of(body) != n)
        latest: Seen = {}

        def merge(seen: Seen) -> None:  # kept after the watches are done
            for state, variables in seen.items():
                latest.setdefault(state, {}).update(variables)

        def shown(seen: Seen) -> list[dict]:
            merge(seen)
            return seen.get(MESSAGES, {}).get("messages") or []

        both = again.watch(lambda seen: True if all(
            any(item.get("body") == body for item in shown(seen))
            for body in (away, back)) else None, skip_snapshot=True)
        await asyncio.gather(again.open(target.hydrate(path, query, first_load=False)),
                             send(n, back))
        try:
            await asyncio.wait_for(both, 30)
        except TimeoutError:
            errors += 1
            return
        # Any late push lands before she is counted: what she sees then is merged in.
        later = again.watch(merge)
        await asyncio.sleep(2.0)
        later.cancel()
        final = [*latest[MESSAGES].get("earlier_messages", []), *latest[MESSAGES]["messages"]]
        ids = [item.get("id") for item in final]
        bodies = [item.get("body") for item in final]
        duplicates += max(len(ids) - len(set(ids)),
                          sum(bodies.count(body) - 1 for body in set(bodies)))
        caught_up += 1

    later_bursts: list[dict[str, object]] = []
    try:
        burst_cpu = await burst(0, times, cross_times)
        for number in range(1, bursts):  # extra: each later burst apart
            await asyncio.sleep(1.0)
            again: list[float] = []
            cpu = await burst(number, again, [])
            later_bursts.append({"deliveries": summary(again) if again else None,
                                 "cpu_ms_per_message": cpu})
        if paced_spread > 0:
            await asyncio.sleep(1.0)  # the burst's last pushes settle first
            await asyncio.gather(*(paced_pair(n, offsets.uniform(0, paced_spread))
                                   for n in range(pairs)))
        await asyncio.gather(*(reconnect(n) for n in range(min(reconnects, pairs))))
    finally:
        await asyncio.gather(*(tab.close() for tab in [*senders, *receivers]),
                             return_exceptions=True)
    return {"deliveries": summary(times) if times else None,
            "cross_worker": summary(cross_times) if cross_times else None,
            "paced": summary(paced_times) if paced_times else None,
            "pairs": pairs, "cross_worker_pairs": sum(cross), "errors": errors,
            "reconnected": caught_up, "duplicates_after_reconnect": duplicates,
            "burst_cpu_ms_per_message": burst_cpu, "later_bursts": later_bursts}


async def fanout(target: Target, scene: Scene, cookies: list[str], blocker_cookies:
                 list[str], outsider_cookies: list[str], rounds: int, store: redis.Redis,
                 wrong: Wrong) -> dict[str, object]:
    """``cookies``: the tabs timed; ``blocker_cookies``: group members who blocked every
    round's writer; ``outsider_cookies``: members outside the group. The last two have
    the thread open too and must be sent none of the replies (nor their bar)."""
    href = routes.group_thread(scene.thread_id)
    path, query = split(href)
    loaded = ready(THREAD, "thread_ready")
    tabs: list[Tab] = []
    for start in range(0, len(cookies), 25):  # open in waves, as people arrive
        tabs.extend(await asyncio.gather(*(open_tab(target, cookie, href, loaded)
                                           for cookie in cookies[start:start + 25])))
    blockers = list(await asyncio.gather(*(open_tab(target, cookie, href, loaded)
                                           for cookie in blocker_cookies)))
    outsiders = []
    for cookie in outsider_cookies:  # the thread is refused to them; the page loads
        tab = target.tab(cookie)
        page_loaded = tab.watch(ready(APP, "loaded"), skip_snapshot=True)
        await tab.open(target.hydrate(path, query))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(page_loaded, 30)
        outsiders.append(tab)
    for tab in blockers:
        wrong.monitor(tab, lambda body: "this helps (round" in body, no_bar=True)
    for tab in outsiders:
        wrong.monitor(tab, lambda body: True, no_thread=True)
    await asyncio.sleep(1.0)
    workers = {worker_of(store, tab.token) for tab in tabs}
    slowest: list[float] = []
    every: list[float] = []
    errors = 0
    try:
        for round_number in range(rounds):
            writer = tabs[round_number]
            others = [tab for tab in tabs if tab is not writer]
            body = f"Thank you all, this helps (round {round_number}, {BODY_MARK})."
            waiters = [tab.watch(reply_arrived(body)) for tab in others]
            started = time.perf_counter()
            arrived: list[float] = []

            async def wait(waiter, started=started, arrived=arrived) -> None:
                await asyncio.wait_for(waiter, 60)
                arrived.append((time.perf_counter() - started) * 1000)

            await writer.emit(event(f"{THREAD}.post_reply", path, query, {"form_data": {
                "thread_id": str(query["id"]), "content_warning": "",
                "body": body}}))
            outcomes = await asyncio.gather(*(wait(waiter) for waiter in waiters),
                                            return_exceptions=True)
            errors += sum(1 for outcome in outcomes if isinstance(outcome, BaseException))
            if arrived:
                slowest.append(max(arrived))
                every.extend(arrived)
            # Every tab reads the new replies (the bar goes), ready for the next round;
            # the blockers' and outsiders' tabs ask too: what comes back must hide them.
            # The next round starts once every timed tab shows the reply in its posts.
            shown = [tab.watch(lambda seen, body=body: True if any(
                isinstance(post, dict) and post.get("body") == body
                for post in seen.get(THREAD, {}).get("posts") or []) else None)
                for tab in others]
            await asyncio.gather(*(tab.emit(event(f"{THREAD}.show_new_replies", path, query))
                                   for tab in [*others, *blockers, *outsiders]))
            await asyncio.wait(shown, timeout=60)
            await asyncio.sleep(1.0)
    finally:
        await asyncio.gather(*(tab.close() for tab in [*tabs, *blockers, *outsiders]),
                             return_exceptions=True)
    return {"tabs": len(tabs), "workers": len(workers), "rounds": rounds,
            "blocker_tabs": len(blockers), "outsider_tabs": len(outsiders),
            "slowest_tab_ms": [round(ms, 1) for ms in slowest],
            "per_tab": summary(every) if every else None, "errors": errors}


def add_onlookers(database_url: str, blockers: list[str], writers: list[str],
                  outsiders: int) -> None:
    """The blockers block every writer; the outsiders are members of no group."""
    from sqlalchemy import select
    from sqlmodel import Session

    from portal.db import make_engine
    from portal.models.accounts import User
    from portal.services.accounts import blocks
    from tests.factories.accounts import actor_of, make_user

    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            by_name = {user.display_name: user for user in session.execute(
                select(User).where(User.display_name.in_([*blockers, *writers]))).scalars()}
            for name in blockers:
                for writer in writers:
                    blocks.block_member(session=session, actor=actor_of(by_name[name]),
                                        member_id=by_name[writer].id)
            for number in range(outsiders):
                make_user(session, name=OUTSIDER.format(number + 1))
            session.commit()
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.live",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=50)
    parser.add_argument("--tabs", type=int, default=200)
    parser.add_argument("--messages", type=int, default=2, help="messages per pair")
    parser.add_argument("--rounds", type=int, default=3, help="fan-out rounds")
    parser.add_argument("--blockers", type=int, default=10,
                        help="extra tabs on the thread whose members blocked the writers")
    parser.add_argument("--outsiders", type=int, default=5,
                        help="extra tabs on the thread whose members are not in the group")
    parser.add_argument("--reconnects", type=int, default=10,
                        help="receivers whose socket drops and comes back")
    parser.add_argument("--shared-mentor", action="store_true",
                        help=f"one mentor for every {MENTEES_PER_MENTOR} pairs (the shape "
                             "measured before) instead of one mentor per pair")
    parser.add_argument("--paced-spread", type=float, default=5.0,
                        help="extra figure: seconds over which the paced pairs start "
                             "(0: no paced round)")
    parser.add_argument("--paced-pause", type=float, default=2.0,
                        help="extra figure: seconds between a paced pair's messages")
    parser.add_argument("--bursts", type=int, default=1,
                        help="extra figures: the burst again this many times in all, each "
                             "reported apart (the first is the target's figure)")
    parser.add_argument("--history", type=int, default=0,
                        help="extra: messages each mentorship already holds before the "
                             "burst, taking turns (an ongoing conversation: 30 fill her "
                             "first page)")
    arguments = parser.parse_args(argv)
    if min(arguments.pairs, arguments.tabs, arguments.messages, arguments.rounds) < 1:
        parser.error("every count needs a whole number >= 1")
    if min(arguments.paced_spread, arguments.paced_pause) < 0:
        parser.error("--paced-spread and --paced-pause need a number >= 0")
    if arguments.bursts < 1:
        parser.error("--bursts needs a whole number >= 1")
    if arguments.history < 0 or (arguments.history and arguments.shared_mentor):
        parser.error("--history needs a whole number >= 0, with a mentor per pair")
    if min(arguments.blockers, arguments.outsiders, arguments.reconnects) < 0:
        parser.error("--blockers, --outsiders and --reconnects need a whole number >= 0")
    if arguments.rounds > arguments.tabs:
        parser.error("each round needs its own writer: --rounds <= --tabs")
    members = max(arguments.pairs, arguments.tabs + arguments.blockers)
    mentees_per_mentor = MENTEES_PER_MENTOR if arguments.shared_mentor else 1
    report: dict[str, object] = {"mode": "PostgreSQL, Redis, 2 workers",
                                 "mentees_per_mentor": mentees_per_mentor,
                                 "load_average_at_start": [round(load, 2)
                                                           for load in os.getloadavg()]}
    scenes: list[Scene] = []

    def prepare(url: str) -> None:
        scene = seed_bench_members(url, members, mentees_per_mentor=mentees_per_mentor,
                                   history=arguments.history)
        names = [member.name for member in scene.members]
        add_onlookers(url, names[arguments.tabs:arguments.tabs + arguments.blockers],
                      names[:arguments.rounds], arguments.outsiders)
        scenes.append(scene)

    wrong = Wrong()
    with tempfile.TemporaryDirectory(prefix="lantern-bench-live-") as folder, \
            apps.scale_out_services() as settings, \
            apps.lantern(Path(folder), prepare, extra_env=settings) as served:
        scene = scenes[0]
        store = redis.Redis.from_url(settings["REFLEX_REDIS_URL"])
        target = target_of(served, timeout=60.0)
        cookies, _ = sign_in_all(served, scene, members)
        mentors = list(dict.fromkeys(member.mentor
                                     for member in scene.members[:arguments.pairs]))
        signed_in = {name: sign_in_over_http(served.url, name, BENCH_PASSPHRASE)
                     for name in mentors}
        mentor_cookies = [signed_in[member.mentor]
                          for member in scene.members[:arguments.pairs]]
        outsider_cookies = [sign_in_over_http(served.url, OUTSIDER.format(number + 1),
                                              BENCH_PASSPHRASE)
                            for number in range(arguments.outsiders)]
        report["delivery"] = asyncio.run(delivery(
            target, scene, cookies, mentor_cookies, arguments.pairs, arguments.messages,
            arguments.reconnects, store, wrong, arguments.paced_spread,
            arguments.paced_pause, CpuMeter(served.pid), arguments.bursts))
        report["fanout"] = asyncio.run(fanout(
            target, scene, cookies[:arguments.tabs],
            cookies[arguments.tabs:arguments.tabs + arguments.blockers], outsider_cookies,
            arguments.rounds, store, wrong))
        store.close()
    deliveries = report["delivery"]
    report["delivery_p95_ms"] = (deliveries["deliveries"] or {}).get("p95")
    report["delivery_cross_worker_p95_ms"] = (deliveries["cross_worker"] or {}).get("p95")
    # Extra beside the target's burst figure: people talking at their own pace.
    report["delivery_paced_p95_ms"] = (deliveries["paced"] or {}).get("p95")
    # Extra: the machine's CPU per message of the burst, the steadier figure to compare
    # versions of the code by (bench/_cpu.py).
    report["delivery_cpu_ms_per_message"] = deliveries["burst_cpu_ms_per_message"]
    slowest = report["fanout"]["slowest_tab_ms"]
    report["fanout_p95_ms"] = round(percentile(slowest, 0.95), 1) if slowest else None
    report["errors"] = deliveries["errors"] + report["fanout"]["errors"]
    report["wrong_deliveries"] = len(wrong)
    report["wrong_examples"] = sorted(body for _, body in wrong.found)[:5]
    report["duplicates_after_reconnect"] = deliveries["duplicates_after_reconnect"]
    report["targets"] = TARGETS
    print(f"delivery p95 {report['delivery_p95_ms']} ms (cross-worker "
          f"{report['delivery_cross_worker_p95_ms']} ms, {deliveries['cross_worker_pairs']} "
          f"of {deliveries['pairs']} pairs; paced, extra: "
          f"{report['delivery_paced_p95_ms']} ms; CPU per message, extra: "
          f"{report['delivery_cpu_ms_per_message']}); "
          f"fan-out to {report['fanout']['tabs']} tabs p95 "
          f"{report['fanout_p95_ms']} ms; wrong deliveries {report['wrong_deliveries']}; "
          f"duplicates after {deliveries['reconnected']} reconnects "
          f"{report['duplicates_after_reconnect']}; errors {report['errors']}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
