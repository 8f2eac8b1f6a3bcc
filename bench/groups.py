"""Support groups at scale: the feed and the moderators' review queue.

Builds (seeded, in bulk) one group with 100,000 posts in 5,000 threads, written by 2,000
members, and a review queue with 10,000 waiting items (plus 30,000 resolved ones, 20,000
moderation actions and 5,000 flags), then times the real service calls, each in its own
database session as a page event would:

- feed_first_p95_ms: ``groups_feed.list_threads`` first page (25 threads);
- feed_deep_p95_ms: the same, 4,000 threads deep (keyset cursor);
- queue_p95_ms: ``moderation.list_queue`` first page (20 items with author cards,
  history and flags; includes the audit entry it writes);
- sanitize_10kb_ms: from ``bench.sanitize`` (p95 of cleaning a 10 kB post).

On SQLite (a temporary file) and, when LANTERN_TEST_POSTGRES_URL is set, on PostgreSQL
in a schema of its own that is dropped afterwards (``pg_`` figures). Run:
`.venv/bin/python -m bench.groups`. The last line printed is one JSON object.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import portal.models  # noqa: F401  (registers every table)
from bench import sanitize as sanitize_bench
from portal.db import make_engine, normalise_url
from portal.domain.permissions import Actor
from portal.models import Block, User
from portal.models.groups import (
    GroupMembership,
    GroupPost,
    GroupThread,
    MemberStanding,
    ModerationRecord,
    PostFlag,
    ReviewQueueItem,
    SupportGroup,
)
from portal.services.groups import feed as groups_feed
from portal.services.groups.feed import encode_cursor
from portal.services.moderation import queue as moderation
from portal.services.wiring import wire

AUTHORS = 2_000
THREADS = 5_000
POSTS_PER_THREAD = 20
WAITING_ITEMS = 10_000
RESOLVED_ITEMS = 30_000
ACTIONS = 20_000
FLAGS = 5_000
DEEP_POSITION = 4_000
RUNS = 200
WARMUP = 20
PG_SCHEMA = "bench_groups"
BATCH = 5_000
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
WORDS = ("today I talked to my mentor about the interview and it went better than I "
         "thought small steps one at a time thank you all for listening hoy me siento "
         "más tranquila gracias por el apoyo").split()


def _insert(connection, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start:start + BATCH])


def _body(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(12, 40))).capitalize() + "."


def build(engine: Engine) -> dict[str, object]:
    """Write the data set; returns the ids and cursor the timings need."""
    rng = random.Random(20260601)
    SQLModel.metadata.create_all(engine)
    started = time.perf_counter()
    users = [dict(id=i, display_name=f"Member {i}", display_name_key=f"member {i}",
                  roles="moderator" if i == 2 else "survivor", status="active",
                  timezone="UTC", language="en", email_reminders=False,
                  created_at=NOW - timedelta(days=rng.randint(0, 400)))
             for i in range(1, AUTHORS + 3)]
    threads, posts = [], []
    order = list(range(THREADS))
    rng.shuffle(order)
    post_id = 0
    for index in range(THREADS):
        thread_id = index + 1
        author = rng.randint(3, AUTHORS + 2)
        created = NOW - timedelta(days=90) + timedelta(minutes=order[index] * 25)
        status = "held" if rng.random() < 0.02 else "visible"
        threads.append(dict(id=thread_id, group_id=1, author_id=author,
                            title=f"Conversation {thread_id}", content_warning="",
                            anonymous=rng.random() < 0.1, status=status, locked=False,
                            pinned=thread_id <= 2, reply_count=POSTS_PER_THREAD - 1,
                            created_at=created,
                            last_activity_at=created + timedelta(minutes=rng.randint(0, 600))))
        for position in range(POSTS_PER_THREAD):
            post_id += 1
            posts.append(dict(id=post_id, thread_id=thread_id, group_id=1,
                              author_id=author if position == 0 else rng.randint(3, AUTHORS + 2),
                              is_opening=position == 0, body=_body(rng), content_warning="",
                              anonymous=False, status=status if position == 0 else "visible",
                              held_reasons="", urgent=False, rejection_reason="",
                              edited_by_moderator=False,
                              created_at=created + timedelta(minutes=position)))
    waiting_posts = rng.sample(range(1, post_id + 1), WAITING_ITEMS + RESOLVED_ITEMS)
    items = [dict(kind="post", post_id=pid, group_id=1, author_id=posts[pid - 1]["author_id"],
                  reasons=rng.choice(("new_member", "flags", "personal_details")),
                  urgent=rng.random() < 0.05,
                  created_at=NOW - timedelta(minutes=rng.randint(1, 200_000)),
                  resolved=number >= WAITING_ITEMS, outcome="")
             for number, pid in enumerate(waiting_posts)]
    actions = [dict(moderator_id=2, target_user_id=rng.randint(3, AUTHORS + 2), group_id=1,
                    action=rng.choice(("approve", "reject", "warn", "hide")),
                    reason="canned:spam",
                    created_at=NOW - timedelta(minutes=rng.randint(1, 200_000)))
               for _ in range(ACTIONS)]
    flagged = rng.sample(waiting_posts[:WAITING_ITEMS], FLAGS)
    flags = [dict(post_id=pid, flagger_id=rng.randint(3, AUTHORS + 2),
                  reason=rng.choice(("spam", "harassment", "self_harm_risk")), note="",
                  created_at=NOW) for pid in flagged]
    standings = [dict(user_id=i, approved_posts=rng.randint(0, 30),
                      rejected_posts=rng.randint(0, 3), warnings=0, updated_at=NOW)
                 for i in range(3, AUTHORS + 3)]
    with engine.begin() as connection:
        _insert(connection, User.__table__, users)
        _insert(connection, SupportGroup.__table__,
                [dict(id=g, name=f"Group {g}", name_key=f"group {g}", purpose="", rules="",
                      language="en", visibility="open", allow_anonymous=True, created_at=NOW)
                 for g in range(1, 6)])
        _insert(connection, GroupMembership.__table__,
                [dict(group_id=1, user_id=1, role="member", status="active", created_at=NOW),
                 dict(group_id=1, user_id=2, role="moderator", status="active",
                      created_at=NOW)])
        _insert(connection, Block.__table__,
                [dict(blocker_id=1, blocked_id=b, created_at=NOW) for b in (5, 6, 7)])
        _insert(connection, GroupThread.__table__, threads)
        _insert(connection, GroupPost.__table__, posts)
        _insert(connection, ReviewQueueItem.__table__, items)
        _insert(connection, ModerationRecord.__table__, actions)
        _insert(connection, PostFlag.__table__, flags)
        _insert(connection, MemberStanding.__table__, standings)
        connection.execute(text("ANALYZE"))
    build_seconds = time.perf_counter() - started
    with Session(engine) as session:
        deep = session.execute(
            select(GroupThread.last_activity_at, GroupThread.id)
            .where(GroupThread.group_id == 1, GroupThread.status == "visible",
                   GroupThread.author_id.not_in((5, 6, 7)))
            .order_by(GroupThread.last_activity_at.desc(), GroupThread.id.desc())
            .offset(DEEP_POSITION).limit(1)).one()
    return {"deep_cursor": encode_cursor(deep[0], deep[1]), "build_s": round(build_seconds, 1),
            "posts": len(posts), "threads": len(threads)}


def _p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=100, method="inclusive")[94], 2)


def _time(engine: Engine, call) -> list[float]:
    samples = []
    for run in range(WARMUP + RUNS):
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            call(session)
            elapsed = (time.perf_counter() - started) * 1000
        if run >= WARMUP:
            samples.append(elapsed)
    return samples


def run_on(engine: Engine) -> dict[str, object]:
    built = build(engine)
    reader = Actor(id=1, roles=frozenset({"survivor"}))
    staff = Actor(id=2, roles=frozenset({"moderator"}))
    rows: list[int] = []

    def first(session):
        rows.append(len(groups_feed.list_threads(session=session, actor=reader,
                                                 group_id=1).rows))

    def deep(session):
        rows.append(len(groups_feed.list_threads(session=session, actor=reader, group_id=1,
                                                 cursor=built["deep_cursor"]).rows))

    def queue(session):
        rows.append(len(moderation.list_queue(session=session, actor=staff, now=NOW).items))

    first_ms, deep_ms, queue_ms = _time(engine, first), _time(engine, deep), _time(engine, queue)
    assert min(rows) >= 20, "every timed page must be full"
    return {"feed_first_p95_ms": _p95(first_ms), "feed_deep_p95_ms": _p95(deep_ms),
            "queue_p95_ms": _p95(queue_ms),
            "feed_first_median_ms": round(statistics.median(first_ms), 2),
            "queue_median_ms": round(statistics.median(queue_ms), 2),
            "build_s": built["build_s"]}


def _sanitize_10kb_ms() -> float:
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        sanitize_bench.main()
    return json.loads(captured.getvalue().strip().splitlines()[-1])["sanitize_10kb_ms"]


def _postgres_engine(url: str) -> Engine:
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    admin.dispose()
    return create_engine(normalise_url(url),
                         connect_args={"options": f"-csearch_path={PG_SCHEMA}"})


def _drop_postgres_schema(url: str) -> None:
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
    admin.dispose()


def main() -> None:
    wire()
    figures: dict[str, object] = {"posts": THREADS * POSTS_PER_THREAD, "threads": THREADS,
                                  "waiting_items": WAITING_ITEMS}
    with tempfile.TemporaryDirectory(prefix="lantern-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'groups.db'}")
        sqlite = run_on(engine)
        engine.dispose()
    print(f"SQLite: {sqlite}")
    figures.update(sqlite)
    postgres_url = os.environ.get("LANTERN_TEST_POSTGRES_URL", "")
    if postgres_url:
        engine = _postgres_engine(postgres_url)
        try:
            postgres = run_on(engine)
        finally:
            engine.dispose()
            _drop_postgres_schema(postgres_url)
        print(f"PostgreSQL: {postgres}")
        figures.update({f"pg_{key}": value for key, value in postgres.items()})
    figures["sanitize_10kb_ms"] = _sanitize_10kb_ms()
    figures["targets"] = {"feed_first_p95_ms": 30, "feed_deep_p95_ms": 30, "queue_p95_ms": 50,
                          "sanitize_10kb_ms": 2}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
