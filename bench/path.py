"""My path at its limits: one survivor with the most goals and steps the rules allow
(40 goals x 30 steps, every other step linked to a listing, an opportunity, a group or
a session, auto-ticks on), all shared with her mentor, among 2,000 listings. Times the
real service calls, each in its own database session as a page event would:

- my_path_p95_ms: ``path.my_path`` (her whole plan, links resolved and checked when read);
- mentee_path_p95_ms: ``path.mentee_path`` (the mentor's view of the 40 shared goals).

SQLite in a temporary file. Run: `.venv/bin/python -m bench.path`. The last line printed
is one JSON object.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel

import portal.models  # noqa: F401  (registers every table)
from portal.db import make_engine
from portal.domain.path import MAX_GOALS, MAX_STEPS, STARTER_GOALS
from portal.domain.permissions import Actor
from portal.models import User
from portal.models.calendar import SessionBooking
from portal.models.groups import GroupMembership, SupportGroup
from portal.models.mentoring import MentorMatch
from portal.models.path import PathGoal, PathStep
from portal.models.resources import ResourceListing
from portal.models.types import utcnow
from portal.models.volunteering import VolunteerOpportunity
from portal.services import path
from portal.services.wiring import wire

LISTINGS = 2_000
RUNS = 30
WARMUP = 3


def _user(session: Session, name: str, roles: str) -> User:
    user = User(display_name=name, display_name_key=name.casefold(),
                display_name_skeleton=name.casefold(), roles=roles, password_hash="x")
    session.add(user)
    session.flush()
    return user


def build(session: Session) -> tuple[Actor, Actor, int]:
    now = utcnow()
    luna = _user(session, "Bench Luna", "survivor")
    sol = _user(session, "Bench Sol", "survivor,mentor")
    match = MentorMatch(survivor_id=luna.id, mentor_id=sol.id, survivor_seat=0,
                        mentor_seat=0, started_at=now)
    session.add(match)
    session.add_all([ResourceListing(source_id=f"bench-{i}", name=f"Listing {i:05d}",
                                     name_key=f"listing {i:05d}", organisation="Bench",
                                     category="education", region="IL")
                     for i in range(LISTINGS)])
    opportunity = VolunteerOpportunity(title="Pantry", organisation="Bench",
                                       organisation_key="bench")
    group = SupportGroup(name="Bench circle", name_key="bench circle", purpose="Bench")
    session.add_all([opportunity, group])
    session.flush()
    session.add(GroupMembership(group_id=group.id, user_id=luna.id, role="member"))
    booking = SessionBooking(match_id=match.id, survivor_id=luna.id, mentor_id=sol.id,
                             start_at=now - timedelta(days=1),
                             end_at=now - timedelta(days=1) + timedelta(hours=1),
                             mode="video")
    session.add(booking)
    session.flush()
    links = [("resource", 1), ("opportunity", opportunity.id), ("group", group.id),
             ("session", booking.id)]
    keys = [key for keys in STARTER_GOALS.values() for key in keys]
    for number in range(MAX_GOALS):
        key = keys[number % len(keys)]
        goal = PathGoal(owner_id=luna.id, starter_key=key,
                        stage=next(stage for stage, found in STARTER_GOALS.items()
                                   if key in found),
                        note="A private note", shared_match_id=match.id, auto_tick=True)
        session.add(goal)
        session.flush()
        for step in range(MAX_STEPS):
            kind, object_id = links[step % 4] if step % 2 else ("", None)
            session.add(PathStep(goal_id=goal.id, text=f"Step {step}", link_kind=kind,
                                 link_id=object_id, done=step % 3 == 0))
    session.commit()
    return (Actor(id=luna.id, roles=frozenset({"survivor"})),
            Actor(id=sol.id, roles=frozenset({"survivor", "mentor"})), match.id)


def p95(samples: list[float]) -> float:
    return round(statistics.quantiles(samples, n=20)[18], 1)


def timed(engine, call) -> list[float]:
    samples = []
    for run in range(WARMUP + RUNS):
        with Session(engine) as session:
            start = time.perf_counter()
            call(session)
            elapsed = (time.perf_counter() - start) * 1000
        if run >= WARMUP:
            samples.append(elapsed)
    return samples


def main() -> None:
    wire()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            luna, sol, match_id = build(session)
        mine = timed(engine, lambda s: path.my_path(session=s, actor=luna))
        theirs = timed(engine, lambda s: path.mentee_path(session=s, actor=sol,
                                                          match_id=match_id))
        engine.dispose()
    print(f"my_path: {MAX_GOALS} goals x {MAX_STEPS} steps, p95 {p95(mine)} ms")
    print(f"mentee_path: p95 {p95(theirs)} ms")
    print(json.dumps({"goals": MAX_GOALS, "steps_per_goal": MAX_STEPS,
                      "my_path_p95_ms": p95(mine), "mentee_path_p95_ms": p95(theirs)}))


if __name__ == "__main__":
    main()
