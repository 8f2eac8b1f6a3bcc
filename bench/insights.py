"""Programme insights on a year of data: every figure of the page, and the CSV export.

Builds (seeded, in bulk: executemany in batches) a year for 5,000 members: mentor
requests and matches, 200,000 group posts with their review items and flags, 30,000
mentoring sessions, 20,000 volunteer shifts with sign-ups and attendance, meetings,
invites, directory listings and searches with no result; then times the real service
calls, each in its own database session as a page event would:

- insights_page_p95_ms: ``insights.programme_insights`` for the default range (every
  figure of every section, suppression included, and the audit entry it writes);
- csv_export_s: ``insights.insights_csv`` for the longest range (52 weeks);
- section_<name>_median_ms: each section of the page on its own (the breakdown).

Nothing is cached between runs: every run computes every figure in the database. The
posts' figures read the weekly rollups that triggers on ``group_posts`` keep (migration
``i17ins03``); on SQLite the seeding's inserts go through those triggers like any other
write, on PostgreSQL the bulk load fills them as the migration does (``_insert_posts``).
Percentiles: ``bench._protocol_stats`` (linear between the closest ranks).

On SQLite (a temporary file) and on PostgreSQL (LANTERN_TEST_POSTGRES_URL, else the
local test database) in a schema of its own, dropped afterwards (``pg_`` figures).
Run: `.venv/bin/python -m bench.insights`. The last line printed is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import portal.models  # noqa: F401  (registers every table)
from bench._protocol_stats import percentile, summary
from portal.db import make_engine, normalise_url
from portal.domain.insights import DEFAULT_WEEKS
from portal.domain.mentoring import EndReason
from portal.domain.permissions import Actor
from portal.models import Invite, User
from portal.models.calendar import GroupMeeting, MeetingRsvp, SessionBooking
from portal.models.groups import GroupPost, GroupThread, PostFlag, ReviewQueueItem, SupportGroup
from portal.models.insights import POSTGRES_BACKFILL
from portal.models.mentoring import FitCheck, MentorApplication, MentorMatch, MentorRequest
from portal.models.resources import DirectorySearchMiss, ResourceListing, ResourceReview
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services import insights
from portal.services.insights import overview
from portal.services.wiring import wire

MEMBERS = 5_000
MENTORS = 500
REQUESTS = 8_000
MATCHES = 4_000
POSTS = 200_000
THREADS = 10_000
REVIEW_ITEMS = 20_000
FLAGS = 5_000
# Ended matches give every reason a member may choose, and the ones the system records.
END_REASONS = tuple(reason.value for reason in EndReason)
SESSIONS = 30_000
SHIFTS = 20_000
MEETINGS = 1_000
LISTINGS = 2_000
RUNS = 30
SECTION_RUNS = 10
WARMUP = 3
BATCH = 5_000
PG_SCHEMA = "bench_insights"

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
YEAR_AGO = NOW - timedelta(days=365)
ORGS = ("Harbor House", "Bridge Center", "New Roots", "Open Door", "Safe Passage")
CATEGORIES = ("food", "legal_aid", "safe_housing", "employment", "clothing", "education")
REGIONS = ("TX", "CA", "NY", "FL", "OH", "nationwide")


def _insert(connection, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), BATCH):
        connection.execute(table.insert(), rows[start:start + BATCH])


def _insert_posts(connection, rows: list[dict]) -> None:
    """The year's posts. On SQLite through the rollup's triggers, like every write. On
    PostgreSQL, 200,000 posts in one transaction would update the same 52 week rows
    200,000 times, each a new row version the transaction cannot prune (the app writes
    one post per transaction): there the triggers are off for the bulk load and the
    rollups are filled as migration i17ins03 fills them from existing posts."""
    if connection.dialect.name == "sqlite":
        _insert(connection, GroupPost.__table__, rows)
        return
    connection.execute(text("ALTER TABLE group_posts DISABLE TRIGGER insights_posts_changed"))
    _insert(connection, GroupPost.__table__, rows)
    connection.execute(text("ALTER TABLE group_posts ENABLE TRIGGER insights_posts_changed"))
    for statement in POSTGRES_BACKFILL:
        connection.execute(text(statement))


def _moment(rng: random.Random) -> datetime:
    return YEAR_AGO + timedelta(seconds=rng.randrange(365 * 24 * 3600))


def _users(rng: random.Random) -> list[dict]:
    rows = []
    for index in range(1, MEMBERS + 2):
        created = _moment(rng)
        roles = "admin" if index == MEMBERS + 1 else "survivor,mentor" if index <= MENTORS \
            else "survivor"
        rows.append({"id": index, "display_name": f"Bench {index}",
                     "display_name_key": f"bench {index}",
                     "display_name_skeleton": f"bench-{index}", "roles": roles,
                     "status": "active", "timezone": "UTC", "language": "en",
                     "email_reminders": False, "recovery_codes_pending": False,
                     "keep_session_on_quick_exit": False,
                     "organisation": ORGS[index % len(ORGS)], "created_at": created,
                     "last_seen_at": created + timedelta(days=rng.randrange(0, 200))})
    return rows


def _mentoring(rng: random.Random) -> dict[str, list[dict]]:
    profiles = [{"id": m, "user_id": m, "languages": "en", "focus_areas": "employment",
                 "meeting_modes": "video", "capacity": 3, "bio": "", "status": "approved",
                 "staff_note": "", "paused": m % 17 == 0, "created_at": YEAR_AGO,
                 "updated_at": YEAR_AGO, "submitted_at": YEAR_AGO, "pending_changes": "",
                 "changes_status": "", "changes_reasons": "", "changes_urgent": False}
                for m in range(1, MENTORS + 1)]
    requests = []
    for index in range(1, REQUESTS + 1):
        created = _moment(rng)
        status = rng.choice(("accepted", "accepted", "declined", "expired", "withdrawn"))
        requests.append({"id": index, "survivor_id": rng.randint(MENTORS + 1, MEMBERS),
                         "mentor_id": rng.randint(1, MENTORS), "note": "", "status": status,
                         "closed_reason": "", "open_pair": None, "source": "survivor",
                         "question": "", "answer": "", "created_at": created,
                         "expires_at": created + timedelta(days=7),
                         "closed_at": created + timedelta(hours=rng.randint(1, 160))})
    matches, fits = [], []
    for index in range(1, MATCHES + 1):
        started = _moment(rng)
        ended = index % 3 == 0
        survivor, mentor = MENTORS + index, rng.randint(1, MENTORS)
        matches.append({"id": index, "survivor_id": survivor, "mentor_id": mentor,
                        "status": "ended" if ended else "active", "survivor_seat": None,
                        "mentor_seat": None, "active_pair": None, "started_at": started,
                        "first_session_at": started + timedelta(days=rng.randint(1, 20)),
                        "ended_at": started + timedelta(days=30) if ended else None,
                        "ended_by_id": survivor if index % 2 else mentor,
                        "ended_reason": rng.choice(END_REASONS) if ended else None,
                        "survivor_rematch_ok": False, "mentor_rematch_ok": False})
        if index % 4 != 0:
            fits.append({"match_id": index, "user_id": survivor,
                         "answer": rng.choice(("good", "good", "unsure", "not_good")),
                         "answered_at": started + timedelta(days=25)})
    return {"profiles": profiles, "requests": requests, "matches": matches, "fits": fits}


def _groups(rng: random.Random) -> dict[str, list[dict]]:
    groups = [{"id": g, "name": f"Group {g}", "name_key": f"group {g}", "purpose": "",
               "rules": "", "language": "en", "visibility": "open", "allow_anonymous": False,
               "created_at": YEAR_AGO} for g in range(1, 21)]
    threads = [{"id": t, "group_id": 1 + t % 20, "author_id": rng.randint(1, MEMBERS),
                "title": "Hello", "content_warning": "", "anonymous": False,
                "status": "visible", "locked": False, "pinned": False, "reply_count": 19,
                "created_at": YEAR_AGO, "last_activity_at": NOW} for t in range(1, THREADS + 1)]
    posts = []
    for index in range(1, POSTS + 1):
        thread = 1 + index % THREADS
        posts.append({"id": index, "thread_id": thread, "group_id": 1 + thread % 20,
                      "author_id": rng.randint(1, MEMBERS), "is_opening": index <= THREADS,
                      "body": "Small steps, one at a time.", "content_warning": "",
                      "anonymous": False, "status": "visible",
                      "held_reasons": "new_member" if index % 9 == 0 else "",
                      "urgent": False, "rejection_reason": "", "edited_by_moderator": False,
                      "created_at": _moment(rng)})
    items = []
    for index in range(1, REVIEW_ITEMS + 1):
        created = _moment(rng)
        items.append({"id": index, "kind": "post", "post_id": index * 9,
                      "author_id": rng.randint(1, MEMBERS),
                      "reasons": rng.choice(("new_member", "crisis", "personal_details",
                                             "recruitment", "slur")),
                      "urgent": index % 11 == 0, "created_at": created,
                      "resolved": index % 10 != 0,
                      "resolved_at": created + timedelta(hours=rng.randint(1, 72))
                      if index % 10 != 0 else None, "outcome": "", "note": ""})
    flags = [{"post_id": rng.randint(1, POSTS), "flagger_id": rng.randint(1, MEMBERS),
              "reason": rng.choice(("harassment", "spam", "other", "self_harm_risk")),
              "note": "", "created_at": _moment(rng)} for _ in range(FLAGS)]
    return {"groups": groups, "threads": threads, "posts": posts, "items": items,
            "flags": flags}


def _calendar(rng: random.Random) -> dict[str, list[dict]]:
    bookings = []
    for index in range(1, SESSIONS + 1):
        match = 1 + index % MATCHES
        start = YEAR_AGO + timedelta(hours=index * 3)
        cancelled = index % 8 == 0
        bookings.append({"id": index, "match_id": match, "survivor_id": MENTORS + match,
                         "mentor_id": 1 + match % MENTORS, "start_at": start,
                         "end_at": start + timedelta(hours=1), "mode": "video", "details": "",
                         "status": "cancelled" if cancelled else "booked",
                         "active_slot": None if cancelled else True, "created_at": start,
                         "cancel_reason": "", "closed_with_match": False,
                         "rescheduled_from_id": index - 1 if index % 15 == 0 else None})
    meetings = [{"id": m, "group_id": 1 + m % 20, "title": "Circle", "details": "",
                 "starts_at": YEAR_AGO + timedelta(hours=m * 8), "ends_at": YEAR_AGO
                 + timedelta(hours=m * 8 + 1), "seats": 10, "status": "scheduled",
                 "created_at": YEAR_AGO, "lock_version": 0} for m in range(1, MEETINGS + 1)]
    rsvps = [{"meeting_id": 1 + i // 8, "user_id": 1 + (i * 7) % MEMBERS,
              "status": "confirmed" if i % 8 < 7 else "waitlisted", "position": i % 8,
              "created_at": YEAR_AGO, "updated_at": YEAR_AGO} for i in range(MEETINGS * 8)]
    return {"bookings": bookings, "meetings": meetings, "rsvps": rsvps}


def _volunteering(rng: random.Random) -> dict[str, list[dict]]:
    opportunities = [{"id": o, "title": f"Role {o}", "description": "",
                      "organisation": ORGS[o % 5], "organisation_key": ORGS[o % 5].lower(),
                      "remote": False, "region": "TX", "skills": "", "leadership": o % 5 == 0,
                      "leadership_kind": "peer_leader" if o % 5 == 0 else "",
                      "status": "open", "created_at": YEAR_AGO, "updated_at": YEAR_AGO}
                     for o in range(1, 51)]
    shifts, signups, attendance = [], [], []
    for index in range(1, SHIFTS + 1):
        start = YEAR_AGO + timedelta(minutes=index * 26)
        shifts.append({"id": index, "opportunity_id": 1 + index % 50, "starts_at": start,
                       "ends_at": start + timedelta(hours=3), "seats": 2,
                       "status": "scheduled", "revision": 0, "created_at": YEAR_AGO})
        user = rng.randint(1, MEMBERS)
        signups.append({"id": index, "shift_id": index, "user_id": user,
                        "status": "confirmed", "position": 0, "active": True,
                        "created_at": start - timedelta(days=3)})
        attendance.append({"signup_id": index, "shift_id": index, "user_id": user,
                           "attended": index % 6 != 0, "minutes": 180,
                           "marked_at": start + timedelta(hours=4),
                           "approved_at": start + timedelta(days=1) if index % 3 else None})
    return {"opportunities": opportunities, "shifts": shifts, "signups": signups,
            "attendance": attendance}


def _directory(rng: random.Random) -> dict[str, list[dict]]:
    listings = [{"id": i, "source_id": f"bench-{i}", "name": f"Place {i}",
                 "name_key": f"place {i}", "description": "", "organisation": "Org",
                 "category": CATEGORIES[i % 6], "region": REGIONS[i % 6], "phone": "",
                 "text_number": "", "website": "", "eligibility": "", "timezone": "UTC",
                 "last_verified": (NOW - timedelta(days=rng.randint(1, 400))).date(),
                 "status": "published", "pinned": False, "search_key": "",
                 "created_at": YEAR_AGO, "updated_at": YEAR_AGO} for i in range(1, LISTINGS + 1)]
    reviews = [{"kind": "suggestion" if i % 2 else "report", "listing_id": 1 + i,
                "reporter_id": 1 + i, "reason": "", "note": "", "created_at": YEAR_AGO,
                "outcome": ""} for i in range(200)]
    misses = []
    monday = NOW.date() - timedelta(days=NOW.weekday())
    for week in range(52):
        for category in CATEGORIES:
            for region in REGIONS:
                misses.append({"week_start": monday - timedelta(weeks=week + 1),
                               "category": category, "region": region,
                               "searches": rng.randint(0, 12)})
    invites = [{"code_hash": f"{i:064d}", "code_hint": "abcd", "role": "survivor",
                "organisation": ORGS[i % 5], "label": "", "max_uses": 20,
                "uses": rng.randint(0, 20), "created_at": _moment(rng),
                "expires_at": NOW + timedelta(days=14)} for i in range(300)]
    return {"listings": listings, "reviews": reviews, "misses": misses, "invites": invites}


def build(engine: Engine) -> float:
    started = time.perf_counter()
    SQLModel.metadata.create_all(engine)
    rng = random.Random(17)
    mentoring, groups = _mentoring(rng), _groups(rng)
    calendar, volunteering, directory = _calendar(rng), _volunteering(rng), _directory(rng)
    with engine.begin() as connection:
        _insert(connection, User.__table__, _users(rng))
        _insert(connection, MentorApplication.__table__, mentoring["profiles"])
        _insert(connection, MentorRequest.__table__, mentoring["requests"])
        _insert(connection, MentorMatch.__table__, mentoring["matches"])
        _insert(connection, FitCheck.__table__, mentoring["fits"])
        _insert(connection, SupportGroup.__table__, groups["groups"])
        _insert(connection, GroupThread.__table__, groups["threads"])
        _insert_posts(connection, groups["posts"])
        _insert(connection, ReviewQueueItem.__table__, groups["items"])
        _insert(connection, PostFlag.__table__, groups["flags"])
        _insert(connection, SessionBooking.__table__, calendar["bookings"])
        _insert(connection, GroupMeeting.__table__, calendar["meetings"])
        _insert(connection, MeetingRsvp.__table__, calendar["rsvps"])
        _insert(connection, VolunteerOpportunity.__table__, volunteering["opportunities"])
        _insert(connection, VolunteerShift.__table__, volunteering["shifts"])
        _insert(connection, ShiftSignup.__table__, volunteering["signups"])
        _insert(connection, VolunteerAttendance.__table__, volunteering["attendance"])
        _insert(connection, ResourceListing.__table__, directory["listings"])
        _insert(connection, ResourceReview.__table__, directory["reviews"])
        _insert(connection, DirectorySearchMiss.__table__, directory["misses"])
        _insert(connection, Invite.__table__, directory["invites"])
        connection.execute(text("ANALYZE"))
    return round(time.perf_counter() - started, 1)


def run_on(engine: Engine) -> dict[str, float]:
    build_s = build(engine)
    admin = Actor(id=MEMBERS + 1, roles=frozenset({"admin"}))
    samples = []
    for run in range(WARMUP + RUNS):
        with Session(engine, expire_on_commit=False) as session:
            started = time.perf_counter()
            view = insights.programme_insights(session=session, actor=admin, now=NOW)
            elapsed = (time.perf_counter() - started) * 1000
        if run >= WARMUP:
            samples.append(elapsed)
    assert sum(len(s.figures) for s in view.sections) >= 30
    sections = _section_breakdown(engine)
    with Session(engine, expire_on_commit=False) as session:
        started = time.perf_counter()
        data = insights.insights_csv(session=session, actor=admin, weeks=52, now=NOW)
        csv_s = time.perf_counter() - started
    assert data.count(b"\r\n") > 100
    page = summary(samples)
    return {"insights_page_p95_ms": page["p95"], "insights_page_median_ms": page["p50"],
            "insights_page_max_ms": page["max"],
            "csv_export_s": round(csv_s, 3), "build_s": build_s,
            **{f"section_{key}_median_ms": value for key, value in sections.items()}}


def _section_breakdown(engine: Engine) -> dict[str, float]:
    """Where the page's time goes: each section's median over ``SECTION_RUNS`` builds of
    the default range (the same code as the page, without the audit entry)."""
    per_section: dict[str, list[float]] = {}
    for _ in range(SECTION_RUNS):
        timings: dict[str, float] = {}
        with Session(engine) as session:
            overview.build(session, scope=overview.Scope(), weeks=DEFAULT_WEEKS, now=NOW,
                           timings=timings)
        for key, value in timings.items():
            per_section.setdefault(key, []).append(value)
    return {key: round(percentile(values, 0.5), 1) for key, values in per_section.items()}


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
    figures: dict[str, object] = {"members": MEMBERS, "posts": POSTS, "sessions": SESSIONS,
                                  "shifts": SHIFTS, "runs": RUNS}
    with tempfile.TemporaryDirectory(prefix="lantern-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'insights.db'}")
        sqlite = run_on(engine)
        engine.dispose()
    figures.update(sqlite)
    print("sqlite", json.dumps(sqlite), flush=True)
    postgres_url = os.environ.get("LANTERN_TEST_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    engine = _postgres_engine(postgres_url)
    try:
        postgres = run_on(engine)
    finally:
        engine.dispose()
        _drop_postgres_schema(postgres_url)
    print("postgres", json.dumps(postgres), flush=True)
    figures.update({f"pg_{key}": value for key, value in postgres.items()})
    print(json.dumps({"insights_page_p95_ms": figures["insights_page_p95_ms"],
                      "pg_insights_page_p95_ms": figures["pg_insights_page_p95_ms"],
                      "csv_export_s": figures["csv_export_s"],
                      "pg_csv_export_s": figures["pg_csv_export_s"], **{
                          k: v for k, v in figures.items()
                          if k not in {"insights_page_p95_ms", "pg_insights_page_p95_ms",
                                       "csv_export_s", "pg_csv_export_s"}}}))


if __name__ == "__main__":
    main()
