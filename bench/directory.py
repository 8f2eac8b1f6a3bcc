"""Resources directory benchmarks: ``python -m bench.directory``.

Builds a seeded HSDS package of 20,000 listings (about 190,000 CSV rows over six
files), imports it through the real service (all or nothing, one transaction), then
times filtered searches with "open now" at many instants of the week.
Targets: search p95 <= 50 ms, import of the 20,000 listings <= 20 s, on SQLite and
(when LANTERN_TEST_POSTGRES_URL is set) on PostgreSQL, in a schema of its own that is
dropped afterwards. The last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import tempfile
import time as clock
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, create_engine

import portal.models  # noqa: F401  (registers every table)
from portal.db import make_engine, normalise_url
from portal.domain.hsds import write_directory
from portal.domain.opening_hours import OpenRange
from portal.domain.permissions import Actor
from portal.domain.resource_catalog import CATEGORIES, LANGUAGES, REGIONS
from portal.domain.resource_listing import ListingRecord, build_listing
from portal.models import User
from portal.services.resources import directory as resources
from portal.services.resources import hsds as resources_hsds
from portal.services.wiring import wire

SEED = 20260301
LISTINGS = 20_000
SEARCHES = 400
PG_SCHEMA = "bench_directory"
ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Phoenix",
         "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico")
WORDS = ("shelter", "pantry", "clinic", "legal", "housing", "counseling", "clothing", "ride",
         "community", "harbor", "hope", "bridge", "casa", "esperanza", "north", "river")
START = datetime(2026, 3, 2, tzinfo=UTC)  # a week that crosses the US clock change


def _hours(rng: random.Random) -> tuple[OpenRange, ...]:
    kind = rng.random()
    if kind < 0.1:
        return tuple(OpenRange(day, 0, 1440) for day in range(7))
    if kind < 0.5:
        opens = rng.choice((420, 480, 540, 600))
        return tuple(OpenRange(day, opens, opens + rng.choice((240, 480, 600)))
                     for day in range(5))
    if kind < 0.7:
        return tuple(OpenRange(day, 1140 + rng.choice((0, 60)), 420 + rng.choice((0, 60)))
                     for day in range(7))
    if kind < 0.9:
        return tuple(item for day in rng.sample(range(7), 4)
                     for item in (OpenRange(day, 540, 720), OpenRange(day, 780, 1020)))
    return ()


def build_records(count: int) -> list[ListingRecord]:
    rng = random.Random(SEED)
    records = []
    for number in range(count):
        name = f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {number}"
        records.append(build_listing({
            "source_id": f"bench-{number}", "name": name,
            "organisation": f"Org {number % 3000}",
            "description": " ".join(rng.choices(WORDS, k=12)),
            "category": rng.choice(CATEGORIES), "region": rng.choice(REGIONS),
            "languages": rng.sample(LANGUAGES, rng.randint(1, 3)),
            "phone": f"(555) 010-{number % 10000:04d}",
            "text_number": "233733" if number % 5 == 0 else "",
            "website": f"https://listing{number}.example.org", "eligibility": "Adults.",
            "timezone": rng.choice(ZONES), "last_verified": "2026-01-15",
            "status": "published" if number % 20 else "pending", "hours": _hours(rng)}))
    return records


def _search_cases(count: int) -> list[dict]:
    rng = random.Random(SEED + 1)
    cases = []
    for _ in range(count):
        case: dict = {"open_now": True,
                      "now": START + timedelta(minutes=rng.randrange(7 * 24 * 60))}
        if rng.random() < 0.7:
            case["category"] = rng.choice(CATEGORIES)
        if rng.random() < 0.6:
            case["region"] = rng.choice(REGIONS)
        if rng.random() < 0.4:
            case["language"] = rng.choice(LANGUAGES)
        if rng.random() < 0.2:
            case["text"] = rng.choice(WORDS)
        cases.append(case)
    return cases


def run_on(engine: Engine, package: dict[str, bytes]) -> dict[str, float]:
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        user = User(display_name="Bench Moderator", display_name_key="bench moderator",
                    roles="moderator")
        session.add(user)
        session.commit()
        actor = Actor(id=user.id, roles=frozenset({"moderator"}))
        started = clock.perf_counter()
        report = resources_hsds.import_directory(session=session, actor=actor,
                                                 uploads=list(package.items()))
        import_seconds = clock.perf_counter() - started
        assert report.accepted and report.created == LISTINGS, report
    timings = []
    found = 0
    with Session(engine, expire_on_commit=False) as session:
        for case in _search_cases(SEARCHES):
            started = clock.perf_counter()
            page = resources.search_listings(session=session, actor=None,
                                             viewer_timezone="America/Chicago", **case)
            timings.append((clock.perf_counter() - started) * 1000)
            found += len(page.results)
    timings.sort()
    return {"import_20k_s": round(import_seconds, 2),
            "search_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
            "search_median_ms": round(statistics.median(timings), 2),
            "results_per_search": round(found / SEARCHES, 1)}


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
    started = clock.perf_counter()
    package = write_directory(build_records(LISTINGS))
    rows = sum(data.count(b"\r\n") - 1 for data in package.values())
    print(f"built an HSDS package of {LISTINGS} listings ({rows} rows) in "
          f"{clock.perf_counter() - started:.1f} s")
    figures: dict[str, object] = {"listings": LISTINGS, "hsds_rows": rows}
    with tempfile.TemporaryDirectory(prefix="lantern-bench-") as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'directory.db'}")
        sqlite = run_on(engine, package)
        engine.dispose()
    print(f"SQLite: {sqlite}")
    figures.update(sqlite)
    postgres_url = os.environ.get("LANTERN_TEST_POSTGRES_URL", "")
    if postgres_url:
        engine = _postgres_engine(postgres_url)
        try:
            postgres = run_on(engine, package)
        finally:
            engine.dispose()
            _drop_postgres_schema(postgres_url)
        print(f"PostgreSQL: {postgres}")
        figures.update({f"pg_{key}": value for key, value in postgres.items()})
    figures["targets"] = {"search_p95_ms": 50, "import_20k_s": 20}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
