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
  (``calendar.available_slots``).

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
    }


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
