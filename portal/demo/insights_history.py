"""A made-up year for programme insights (demo mode, and only when `make run` asks for
it with LANTERN_DEMO_HISTORY=1), so every chart of /insights has figures to show.

Recognisable everywhere: the made-up members are named "History 001 (demo)" and so
on, their organisation is "Demo history" (``HISTORY_ORGANISATION``), their group is
"Demo history circle" (invite only, none of the demo people in it), their volunteer
role "Demo history shifts" is closed, and every row is dated in the weeks before the
day the demo was seeded (the current week has only the demo's own data). None of them
can sign in (no passphrase), none writes to a demo person, and no demo person gets a
notification from them. /insights says so in a banner ("the history before <date> is
made up for the demo").

The browser tests seed the demo without it (the flag is not set there), so what they
see of the demo is unchanged.
"""

from __future__ import annotations

import os
import random
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlmodel import Session

from portal.demo.resources import ALWAYS
from portal.demo.resources import _add as add_listing
from portal.domain.insights import week_start
from portal.domain.names import name_skeleton
from portal.models import Invite, User
from portal.models.calendar import GroupMeeting, MeetingRsvp, SessionBooking
from portal.models.groups import GroupPost, GroupThread, PostFlag, ReviewQueueItem, SupportGroup
from portal.models.mentoring import FitCheck, MentorApplication, MentorMatch, MentorRequest
from portal.models.notifications import Notification
from portal.models.resources import ResourceListing, ResourceReview
from portal.models.types import utcnow
from portal.models.volunteering import (
    ShiftSignup,
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services import insights

HISTORY_FLAG = "LANTERN_DEMO_HISTORY"
HISTORY_ORGANISATION = insights.DEMO_HISTORY_ORGANISATION
WEEKS = 52
SIGNUPS_PER_WEEK = 7
MENTORS = 12
APPLICANTS = 6


def wanted() -> bool:
    return os.environ.get(HISTORY_FLAG, "").strip() == "1"


def seed_history(session: Session) -> list[str]:
    """The made-up year: members, mentoring, groups, calendar, volunteering, directory
    reviews, invites. Returns the line to print."""
    rng = random.Random(17)
    this_week = week_start(utcnow().date())
    first = datetime.combine(this_week - timedelta(weeks=WEEKS), time(), tzinfo=utcnow().tzinfo)

    def moment(week: int, hours: float) -> datetime:
        """``hours`` into week ``week`` (0 is the oldest), never this week."""
        return first + timedelta(weeks=week, hours=min(hours, 7 * 24 - 1))

    members = _members(session, rng, moment)
    mentors, survivors = members[:MENTORS], members[MENTORS:]
    _mentoring(session, rng, moment, mentors, survivors)
    _groups(session, rng, moment, survivors)
    _volunteering(session, rng, moment, survivors)
    _directory(session, survivors)
    session.commit()
    return [f"Insights: a made-up year before {this_week.isoformat()} for the charts "
            f"({len(members)} members of \"{HISTORY_ORGANISATION}\", demo only)."]


def _members(session: Session, rng: random.Random, moment) -> list[User]:
    now = utcnow()
    members = []
    for week in range(WEEKS):
        for index in range(SIGNUPS_PER_WEEK):
            number = len(members) + 1
            name = f"History {number:03d} (demo)"
            joined = moment(week, 10 + index * 20)
            # About two in three come back after 90 days, a few more after 30.
            back = rng.choice((2, 40, 120, 120, 200))
            members.append(User(
                display_name=name, display_name_key=name.casefold(),
                display_name_skeleton=name_skeleton(name),
                roles="survivor,mentor" if number <= MENTORS else "survivor",
                organisation=HISTORY_ORGANISATION, created_at=joined,
                last_seen_at=min(joined + timedelta(days=back), now - timedelta(days=1))))
    session.add_all(members)
    for week in range(WEEKS):  # two a week, long expired
        for number in range(2):
            session.add(Invite(code_hash=f"demo-history-{week:02d}-{number}".ljust(64, "0"),
                               code_hint="demo", role="survivor",
                               organisation=HISTORY_ORGANISATION, label="Demo history",
                               max_uses=10, uses=3 + number, created_at=moment(week, 1 + number),
                               expires_at=moment(week, 24)))
    session.flush()
    return members


RARER_REASONS = ("fit", "other", "unsaid", "staff", "block")


def _demo_reason(index: int, week: int) -> str:
    """Why the demo's index-th accepted request of a week ended (index 1 to 4)."""
    if index < 4:
        return ("done", "done", "busy")[index - 1]
    return RARER_REASONS[week % len(RARER_REASONS)]


def _mentoring(session: Session, rng: random.Random, moment, mentors: list[User],
               survivors: list[User]) -> None:
    for mentor in mentors:  # paused: none of them is offered to a demo person
        session.add(MentorApplication(
            user_id=mentor.id, languages="en", focus_areas="employment",
            meeting_modes="video", capacity=3, status="approved", paused=True,
            bio="Made up for the demo.", created_at=mentor.created_at,
            updated_at=mentor.created_at, submitted_at=mentor.created_at))
    for survivor in survivors[-APPLICANTS:]:  # waiting for review, for a few weeks
        session.add(MentorApplication(
            user_id=survivor.id, languages="en", focus_areas="employment",
            meeting_modes="video", capacity=2, status="submitted", bio="Made up.",
            created_at=survivor.created_at, updated_at=survivor.created_at,
            submitted_at=survivor.created_at))
    # Each week: five accepted (one mentorship still going, two ended by the mentee, two
    # by the mentor), two declined, two lapsed, two withdrawn. Why they ended: two a week
    # "we reached what we set out to do", one "life got busy", and the fourth in turn one
    # of the rarer reasons (about ten a year each, so fewer than 5 in a short range).
    outcomes = ("accepted",) * 5 + ("declined", "expired", "withdrawn") * 2
    pool = survivors[:-APPLICANTS]
    matches: list[tuple[MentorMatch, int]] = []
    for week in range(WEEKS):
        for index, status in enumerate(outcomes):
            # Every request its own pair of people (no pair asks twice).
            number = week * len(outcomes) + index
            survivor = pool[number % len(pool)]
            mentor = mentors[(number // len(pool) + number) % len(mentors)]
            sent = moment(week, 8 + index * 7)
            answered = sent + timedelta(hours=rng.randint(4, 60))
            request = MentorRequest(
                survivor_id=survivor.id, mentor_id=mentor.id, status=status,
                open_pair=None, created_at=sent, expires_at=sent + timedelta(days=7),
                closed_at=answered if status in ("accepted", "declined")
                else sent + timedelta(days=7))
            session.add(request)
            if status != "accepted":
                continue
            session.flush()
            ended = index != 0
            match = MentorMatch(
                survivor_id=survivor.id, mentor_id=mentor.id, request_id=request.id,
                status="ended" if ended else "active", active_pair=None if ended else True,
                started_at=answered,
                first_session_at=answered + timedelta(days=rng.randint(2, 9)),
                ended_at=answered + timedelta(days=rng.randint(12, 30)) if ended else None,
                ended_by_id=(survivor.id if index in (1, 2) else mentor.id) if ended else None,
                ended_reason=_demo_reason(index, week) if ended else None)
            session.add(match)
            matches.append((match, week))
    session.flush()
    for number, (match, week) in enumerate(matches):
        session.add(FitCheck(match_id=match.id, user_id=match.survivor_id,
                             answer="unsure" if number % 5 in (1, 3) else "good",
                             answered_at=match.started_at + timedelta(days=10)))
        for session_number in range(2):
            # Each match at its own minute: no two of a mentor's sessions at one time.
            start = match.first_session_at + timedelta(days=7 * session_number,
                                                       minutes=number)
            if start >= moment(WEEKS, 0):
                continue
            status = "cancelled" if (week + session_number) % 5 == 0 else "booked"
            session.add(SessionBooking(
                match_id=match.id, survivor_id=match.survivor_id, mentor_id=match.mentor_id,
                start_at=start, end_at=start + timedelta(hours=1), mode="video",
                status=status, active_slot=None if status == "cancelled" else True,
                created_at=match.started_at))


def _groups(session: Session, rng: random.Random, moment, survivors: list[User]) -> None:
    group = SupportGroup(name="Demo history circle", name_key="demo history circle",
                         purpose="Made up for the insights demo.", visibility="invite",
                         created_at=moment(0, 0))
    session.add(group)
    session.flush()
    reasons = ("crisis", "personal_details", "recruitment", "slur")
    flags = ("harassment", "other")
    for week in range(WEEKS):
        writers = rng.sample(survivors[:-APPLICANTS], 8)
        posts = []
        for number in range(2):  # two conversations a week, eight replies each
            opened = moment(week, 2 + number * 60)
            thread = GroupThread(group_id=group.id, author_id=writers[number].id,
                                 title="How was your week?", status="visible",
                                 reply_count=8, created_at=opened, last_activity_at=opened)
            session.add(thread)
            session.flush()
            for index in range(9):
                post = GroupPost(thread_id=thread.id, group_id=group.id,
                                 author_id=writers[(number + index) % len(writers)].id,
                                 is_opening=index == 0, body="A made-up post for the demo.",
                                 status="visible",
                                 held_reasons="new_member" if index % 3 == 1 else "",
                                 created_at=opened + timedelta(hours=1 + index * 5))
                posts.append(post)
        session.add_all(posts)
        session.flush()
        for index, post in enumerate(posts[:8]):
            created = post.created_at
            urgent = index < 5 and week % 2 == 0
            session.add(ReviewQueueItem(
                kind="post", post_id=post.id, author_id=post.author_id,
                reasons=reasons[index % len(reasons)] if index % 2 == 0 else "new_member",
                urgent=urgent, created_at=created, resolved=True,
                resolved_at=created + timedelta(hours=1 if urgent else rng.randint(2, 30)),
                outcome="approved"))
        for index, post in enumerate(posts[8:12]):
            session.add(PostFlag(post_id=post.id, flagger_id=writers[index].id,
                                 reason=flags[index % len(flags)],
                                 created_at=post.created_at + timedelta(hours=1)))
        meeting_start = moment(week, 5 * 24)
        meeting = GroupMeeting(group_id=group.id, title="Demo history circle",
                               starts_at=meeting_start,
                               ends_at=meeting_start + timedelta(hours=1), seats=10,
                               created_at=moment(week, 0))
        session.add(meeting)
        session.flush()
        for position, member in enumerate(writers):
            session.add(MeetingRsvp(meeting_id=meeting.id, user_id=member.id,
                                    status="confirmed", position=position,
                                    created_at=moment(week, 1), updated_at=moment(week, 1)))
            if position < 5 and week % 2 == 1:  # a place freed: promoted from the list
                session.add(Notification(user_id=member.id, kind="calendar",
                                         message_key="notify.meeting_promoted",
                                         params={"title": "Demo history circle"},
                                         created_at=moment(week, 4 * 24)))


def _volunteering(session: Session, rng: random.Random, moment, survivors: list[User]) -> None:
    roles = []
    for leadership in (False, True):
        role = VolunteerOpportunity(
            title="Demo history shifts" + (" (leading)" if leadership else ""),
            description="Made up for the insights demo.", organisation=HISTORY_ORGANISATION,
            organisation_key=HISTORY_ORGANISATION.casefold(), region="TX",
            leadership=leadership, leadership_kind="peer_leader" if leadership else "",
            status="closed", created_at=moment(0, 0), updated_at=moment(0, 0))
        session.add(role)
        roles.append(role)
    session.flush()
    pool = survivors[:-APPLICANTS]
    for week in range(WEEKS):
        for number, role in enumerate(roles):
            start = moment(week, 3 * 24 + number * 4)
            shift = VolunteerShift(opportunity_id=role.id, starts_at=start,
                                   ends_at=start + timedelta(hours=3), seats=8,
                                   created_at=moment(week, 0))
            session.add(shift)
            session.flush()
            people = rng.sample(pool, 7)
            for position, person in enumerate(people):
                signup = ShiftSignup(shift_id=shift.id, user_id=person.id,
                                     status="confirmed", position=position,
                                     created_at=moment(week, 1), confirmed_at=moment(week, 1))
                session.add(signup)
                session.flush()
                attended = position != 6
                session.add(VolunteerAttendance(
                    signup_id=signup.id, shift_id=shift.id, user_id=person.id,
                    attended=attended, minutes=180 if attended else 0,
                    marked_at=start + timedelta(hours=4),
                    approved_at=start + timedelta(days=1) if attended else None))


# Made-up listings (named so), so the directory's charts have categories of 5 or more.
LISTINGS = tuple(
    (f"{kind} {number} (made up)", "Demo history", category, "TX", "en", "(512) 555-0100",
     "", "", "America/Chicago", ALWAYS, "Anyone.", "Made up for the insights demo.",
     age)
    for category, kind in (("food", "Pantry"), ("legal_aid", "Legal clinic"))
    for number, age in enumerate((20, 40, 60, 250, 300, 350), start=1))


def _directory(session: Session, survivors: list[User]) -> None:
    for index, row in enumerate(LISTINGS):
        add_listing(session, 900 + index, row, pinned=False)
    _directory_reviews(session, survivors)


def _directory_reviews(session: Session, survivors: list[User]) -> None:
    """Suggestions and reports waiting for staff, on listings the demo already has."""
    listings = session.execute(select(ResourceListing.id).order_by(ResourceListing.id)
                               .limit(6)).scalars().all()
    for index, listing_id in enumerate(listings):
        for kind in ("suggestion", "report"):
            session.add(ResourceReview(kind=kind, listing_id=listing_id,
                                       reporter_id=survivors[index].id,
                                       reason="wrong_hours" if kind == "report" else "",
                                       note="Made up for the insights demo.",
                                       created_at=survivors[index].created_at))
