"""The protocol benchmark's members: the demo data, plus one member per client.

Each bench member belongs to the demo's "Morning check-in" group (established, so her
replies appear at once), and is in an active mentorship with a bench mentor who shares
hours every day and who has written her a first message, so every page of the mix has
something real to show. Mentors take ``mentees_per_mentor`` members each (50 by
default, as bench.protocol has always seeded them; bench.live gives each pair its own
mentor with 1). Written with the test factories (one shared Argon2 hash); each member
then signs in over HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from portal.db import make_engine
from portal.models.groups import GroupThread, SupportGroup
from portal.services import mentoring
from portal.services.wiring import wire
from tests.factories.accounts import PASSPHRASE, actor_of
from tests.factories.calendar import give_hours
from tests.factories.groups import make_member
from tests.factories.mentoring import make_match, make_mentor

GROUP_NAME = "Morning check-in"
MENTEES_PER_MENTOR = 50  # seats are numbered below 100 (tests/factories/mentoring.py)
BENCH_PASSPHRASE = PASSPHRASE
EARLIER = "Thank you, that helped. Can we go over the next step on Thursday"
WELCOME = "Hello, I am glad we are matched. When would you like to talk this week?"


@dataclass(frozen=True)
class BenchMember:
    name: str
    match_id: int
    mentor: str = ""


@dataclass(frozen=True)
class Scene:
    thread_id: int
    members: tuple[BenchMember, ...]


def mentor_name(number: int) -> str:
    """The name of bench mentor ``number`` (from 0): "Bench Mentor 01" first."""
    return f"Bench Mentor {number + 1:02d}"


def seed_bench_members(database_url: str, count: int, *,
                       mentees_per_mentor: int = MENTEES_PER_MENTOR,
                       history: int = 0) -> Scene:
    """``history``: messages each mentorship holds after the mentor's welcome, taking
    turns, as an ongoing conversation does (0: the welcome alone)."""
    if not 1 <= mentees_per_mentor <= MENTEES_PER_MENTOR:
        raise ValueError(f"a mentor takes 1 to {MENTEES_PER_MENTOR} bench members")
    wire()
    engine = make_engine(database_url)
    try:
        with Session(engine) as session:
            group = session.execute(
                select(SupportGroup).where(SupportGroup.name == GROUP_NAME)).scalar_one()
            thread_id = session.execute(
                select(GroupThread.id).where(GroupThread.group_id == group.id,
                                             GroupThread.status == "visible")
                .order_by(GroupThread.id)).scalars().first()
            mentors = []
            for number in range(-(-count // mentees_per_mentor)):
                mentor = make_mentor(session, name=mentor_name(number),
                                     capacity=mentees_per_mentor, modes=("video", "phone"))
                give_hours(session, mentor)
                mentors.append(mentor)
            members = []
            for number in range(count):
                member = make_member(session, group, name=f"Bench Member {number + 1:03d}",
                                     established=True)
                mentor = mentors[number // mentees_per_mentor]
                match = make_match(session, member, mentor)
                mentoring.send_message(session=session, actor=actor_of(mentor),
                                       match_id=match.id, body=WELCOME)
                for turn in range(history):
                    writer = member if turn % 2 == 0 else mentor
                    mentoring.send_message(session=session, actor=actor_of(writer),
                                           match_id=match.id,
                                           body=f"{EARLIER} ({turn + 1} of {history}).")
                members.append(BenchMember(name=member.display_name, match_id=match.id,
                                           mentor=mentor.display_name))
        return Scene(thread_id=thread_id, members=tuple(members))
    finally:
        engine.dispose()
