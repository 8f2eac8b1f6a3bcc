"""What Lantern's hottest reads cost in Python, called in-process (issue 14, issue 15).

bench.protocol and bench.live time the whole path (sockets, Reflex, Redis, the database
server) and move by a quarter from run to run on this machine; a change of a tenth in one
read is lost there. This one calls the services directly, as a page's handler does, each
in its own database session, and reports the CPU time of this process per call: the
smallest of ``--rounds`` rounds of ``--calls`` calls (the least disturbed by the rest of
the machine). The database server's own time is not in it.

Each backend gets the demo data plus bench.protocol's bench members (``migrate``,
``seed-demo``, ``seed_bench_members``): SQLite in a temporary folder, and PostgreSQL in
a database of its own when ``LANTERN_TEST_POSTGRES_URL`` is set (dropped at the end).

- ``session_lookup_ms``: her session cookie to her (``viewer_for_cookies``): before
  every event of every tab, and for every live push;
- ``group_thread_ms``: a group thread as a member opens it (``feed.read_thread``);
- ``thread_changes_ms``: what a live push re-reads of that thread for one open tab
  (``feed.read_thread_changes``);
- ``messages_ms``: her mentorship's messages as she opens them (``open_thread``);
- ``unread_count_ms``: her badge (``inbox.unread_count``);
- ``slots_ms``: her mentor's free times as the booking page opens them
  (``calendar.available_slots``);
- ``message_send_ms``: one private message as her tab's handler sends it
  (``ThreadState.send_message``: her cookie, the send, what came since, her tab's list;
  her tab stays open, so it holds every message she sent),
  and ``message_push_ms``: her mentor's open tab taking it (the live push's pool job: his
  cookie, his thread page, his badge). The conversation grows with every call, so the
  push reads a full first page (30 messages), as an ongoing conversation does;
  ``message_push_long_ms``: the same push to a tab left open through the whole talk
  (at least ``LONG_TALK`` messages arrived while it was open, each pushed), and
  ``message_push_long_kb`` what such a push sent it, on average. Each push includes Reflex's
  delta of his tab, as JSON. Without
  Reflex's own event processing or the sockets: the handlers as Reflex calls them
  (tests/state/browser.py). Bench only: the flood limit is raised for the sender, so each
  call sends (the check still runs).

    .venv/bin/python -m bench.reads [--calls 300] [--rounds 5]

The last line printed is one JSON object: per backend, each figure in ms per call.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench._protocol_seed import BENCH_PASSPHRASE, seed_bench_members
from tests.e2e.live_server import portal_cli

MEMBERS = 10
LONG_TALK = 300


def _seeded_env(url: str, folder: Path) -> dict[str, str]:
    env = {**os.environ, "LANTERN_DATABASE_URL": url, "LANTERN_INSTANCE_DIR": str(folder),
           "LANTERN_DEMO_MODE": "1"}
    for command in ("migrate", "seed-demo"):
        portal_cli(env, command)
    return env


@contextlib.contextmanager
def _postgres(base_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine, text

    from portal.db import normalise_url

    name = "lantern_bench_reads"
    admin = create_engine(normalise_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield base_url.rsplit("/", 1)[0] + "/" + name
    finally:
        from portal.db import get_engine

        get_engine().dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def cpu_ms_per_call(call: Callable[[], object], calls: int, rounds: int) -> float:
    for _ in range(max(calls // 5, 20)):  # warm: caches, compiled statements, the pool
        call()
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - started) / calls * 1000)
    return round(best, 3)


def cpu_ms_each(prepare: Callable[[], object], call: Callable[[], object], calls: int,
                rounds: int) -> float:
    """``cpu_ms_per_call`` with ``prepare()`` before each call, its time left out."""
    for _ in range(max(calls // 5, 20)):
        prepare()
        call()
    best = float("inf")
    for _ in range(rounds):
        spent = 0.0
        for _ in range(calls):
            prepare()
            started = time.process_time()
            call()
            spent += time.process_time() - started
        best = min(best, spent / calls * 1000)
    return round(best, 3)


def measure(url: str, calls: int, rounds: int) -> dict[str, float]:
    """Every figure on the database at ``url`` (this process's engine is bound to it)."""
    with tempfile.TemporaryDirectory(prefix="lantern-bench-reads-") as folder:
        os.environ.update(_seeded_env(url, Path(folder)))
        from portal.db import get_engine
        from portal.settings import get_settings

        get_settings.cache_clear()
        get_engine.cache_clear()
        scene = seed_bench_members(url, MEMBERS)
        return _figures(scene, calls, rounds)


def _figures(scene, calls: int, rounds: int) -> dict[str, float]:
    from sqlalchemy import select

    from portal.auth.cookies import session_cookie_name
    from portal.db import open_session
    from portal.http.viewer import viewer_for_cookies
    from portal.models import User
    from portal.models.groups import GroupPost
    from portal.services import accounts, calendar
    from portal.services.accounts.members import viewer_of
    from portal.services.groups import feed
    from portal.services.mentoring.overview import open_thread
    from portal.services.notifications import inbox

    member = scene.members[0]
    with open_session() as session:
        user = session.execute(select(User).where(User.display_name == member.name)).scalar_one()
        actor = viewer_of(user).actor
        token = accounts.sign_in(session=session, display_name=member.name,
                                 passphrase=BENCH_PASSPHRASE, client_key="bench-reads").token
        shown = tuple(session.execute(select(GroupPost.id).where(
            GroupPost.thread_id == scene.thread_id).order_by(GroupPost.id)).scalars())
    cookie = f"{session_cookie_name()}={token}"

    def in_session(read: Callable[..., object], **arguments: object) -> Callable[[], object]:
        def call() -> object:
            with open_session() as session:
                return read(session=session, actor=actor, **arguments)
        return call

    assert viewer_for_cookies(cookie) is not None, "the bench member's session must open"
    return {
        "session_lookup_ms": cpu_ms_per_call(lambda: viewer_for_cookies(cookie), calls, rounds),
        "group_thread_ms": cpu_ms_per_call(
            in_session(feed.read_thread, thread_id=scene.thread_id), calls, rounds),
        "thread_changes_ms": cpu_ms_per_call(
            in_session(feed.read_thread_changes, thread_id=scene.thread_id, shown=shown,
                       after=max(shown)), calls, rounds),
        "messages_ms": cpu_ms_per_call(
            in_session(open_thread, match_id=member.match_id), calls, rounds),
        "unread_count_ms": cpu_ms_per_call(in_session(inbox.unread_count), calls, rounds),
        "slots_ms": cpu_ms_per_call(in_session(calendar.available_slots), calls, rounds),
        **_message_path(member, token, calls, rounds),
    }


def _open_thread_tab(token: str, match_id: int, viewer_id: int):
    """A tab with her mentorship's messages open, as a page load leaves it."""
    from portal import routes
    from portal.state.base import AppState
    from portal.state.mentoring_thread import ThreadState
    from portal.state.notifications import NotificationsState
    from tests.state.browser import Browser

    tab = Browser.with_token(token)
    tab.open(routes.MENTORING_MESSAGES, {"match": str(match_id)})
    tab.call(AppState, "load_page")
    tab.call(ThreadState, "load_thread")
    tab.call(NotificationsState, "load_unread_count")
    tab.state(AppState)._bound_viewer_id = viewer_id  # as the page load binds it
    return tab


def _message_path(member, token: str, calls: int, rounds: int) -> dict[str, float]:
    """``message_send_ms`` and ``message_push_ms`` (the module's docstring)."""
    from datetime import timedelta

    from reflex_base.utils.format import json_dumps
    from sqlalchemy import select

    from portal.db import open_session
    from portal.models import User
    from portal.services import accounts, mentoring, throttle
    from portal.services.accounts.members import viewer_of
    from portal.services.mentoring import matches
    from portal.state import live
    from portal.state.event_viewers import event_viewers
    from portal.state.mentoring_thread import ThreadState
    from portal.state.notifications import NotificationsState

    matches.MESSAGES_PER_TEN_MINUTES = throttle.Limit("mentor_message", 10**9,
                                                      timedelta(minutes=10))
    with open_session() as session:
        people = {user.display_name: user.id for user in session.execute(
            select(User).where(User.display_name.in_([member.name, member.mentor])))
            .scalars()}
        mentor_token = accounts.sign_in(session=session, display_name=member.mentor,
                                        passphrase=BENCH_PASSPHRASE,
                                        client_key="bench-reads-mentor").token
    sender = _open_thread_tab(token, member.match_id, people[member.name])
    receiver = _open_thread_tab(mentor_token, member.match_id, people[member.mentor])
    sent = iter(range(10**9))

    def send() -> None:
        started = event_viewers.set({})  # a new event, as the middleware starts one
        try:
            sender.call(ThreadState, "send_message", {
                "match_id": str(member.match_id),
                "body": f"Checking in, message {next(sent)}."})
        finally:
            event_viewers.reset(started)

    def newest_page_shown() -> None:
        """His tab as if just opened: the newest page, nothing kept above it (a tab open
        through the whole run would keep every message)."""
        state = receiver.state(ThreadState)
        state.messages = list(state.messages[-matches.MESSAGE_PAGE:])

    sent_bytes = [0, 0]  # bytes, pushes

    def push() -> None:
        """The pool job, then what Reflex sends his tab: the delta, as JSON."""
        started = event_viewers.set(None)
        try:
            live._refresh_all([receiver.state(ThreadState), receiver.state(NotificationsState)],
                              people[member.mentor], {})
        finally:
            event_viewers.reset(started)
        sent_bytes[0] += len(json_dumps(receiver.root.get_delta()))
        sent_bytes[1] += 1
        receiver.root._clean()

    figures = {"message_send_ms": cpu_ms_per_call(send, calls, rounds),
               "message_push_ms": cpu_ms_each(newest_page_shown, push, calls, rounds)}
    shown = receiver.state(ThreadState).messages
    assert len(shown) == matches.MESSAGE_PAGE and shown[-1]["body"].startswith(
        "Checking in"), "the mentor's tab must show the newest full page"
    # His tab stays open while the talk goes on: each message reaches it by a push.
    with open_session() as session:
        writer = viewer_of(session.get(User, people[member.name])).actor

    def partner_writes() -> None:
        with open_session() as session:
            mentoring.send_message(session=session, actor=writer, match_id=member.match_id,
                                   body=f"Checking in, message {next(sent)}.")

    for _ in range(LONG_TALK):
        partner_writes()
        push()
    sent_bytes[:] = [0, 0]
    figures["message_push_long_ms"] = cpu_ms_each(partner_writes, push, calls, rounds)
    figures["message_push_long_kb"] = round(sent_bytes[0] / sent_bytes[1] / 1024, 1)
    last = f"Checking in, message {next(sent) - 1}."
    assert receiver.state(ThreadState).messages[-1]["body"] == last, (
        "every push must have reached his open tab")
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    arguments = parser.parse_args(argv)
    report: dict[str, object] = {"calls": arguments.calls, "rounds": arguments.rounds,
                                 "load_average_at_start": [round(load, 2)
                                                           for load in os.getloadavg()]}
    with tempfile.TemporaryDirectory(prefix="lantern-bench-reads-db-") as folder:
        report["sqlite"] = measure(f"sqlite:///{Path(folder) / 'lantern.db'}",
                                   arguments.calls, arguments.rounds)
    print(f"sqlite: {report['sqlite']}", flush=True)
    postgres = os.environ.get("LANTERN_TEST_POSTGRES_URL")
    if postgres:
        with _postgres(postgres) as url:
            report["postgresql"] = measure(url, arguments.calls, arguments.rounds)
        print(f"postgresql: {report['postgresql']}", flush=True)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
