"""Probes for issue 13, item 9's handlers: "all upcoming" for a weekly series, leaving it,
and "usually free" on a mentor's profile.

The series belongs to the calendar probes' group (every participant caller is a member,
someone else moderates it): one series nobody has joined (joining changes the database
for every participant), one every participant is going to (leaving changes it). The
profile line is read for the calendar probes' approved mentor, who shares hours.
"""

from __future__ import annotations

from datetime import timedelta

from portal.models.calendar import GroupMeeting
from portal.models.calendar import MeetingRsvp as Rsvp
from portal.models.types import utcnow
from portal.state.calendar_meetings import MeetingsState
from portal.state.calendar_usual import UsuallyFreeState
from tests.security.probes import Probe, World
from tests.security.probes.calendar import PARTICIPANTS


def _series(session, group_id: int, title: str, first_day: int) -> list[GroupMeeting]:
    start = utcnow() + timedelta(days=first_day)
    meetings = [GroupMeeting(group_id=group_id, title=title, starts_at=start + timedelta(
        weeks=week), ends_at=start + timedelta(weeks=week, hours=1), seats=20)
        for week in range(2)]
    session.add_all(meetings)
    session.flush()
    for meeting in meetings:
        meeting.series_id = meetings[0].id
    return meetings


def seed(session, world: World) -> None:
    # Runs after the calendar probes' seed (modules are seeded in name order).
    group_id = world.extra["calendar_group"]
    open_series = _series(session, group_id, "Open series", 2)
    joined = _series(session, group_id, "Joined series", 3)
    session.add_all([Rsvp(meeting_id=meeting.id, user_id=world.members[role].id,
                          status="confirmed", position=index + 1)
                     for meeting in joined
                     for index, role in enumerate(sorted(PARTICIPANTS))])
    session.commit()
    world.extra.update(open_series=open_series[0].id, joined_series=joined[1].id)


PROBES: dict[str, Probe] = {
    "MeetingsState.join_series": Probe(MeetingsState, "join_series",
                                       lambda w: (w.extra["open_series"],),
                                       changes_for=PARTICIPANTS),
    "MeetingsState.leave_series": Probe(MeetingsState, "leave_series",
                                        lambda w: (w.extra["joined_series"],),
                                        changes_for=PARTICIPANTS),
    "UsuallyFreeState.load_usually_free": Probe(
        UsuallyFreeState, "load_usually_free", private_vars=("usually_free",),
        url=lambda w: ("/mentoring/mentor", {"id": str(w.extra["others_mentor"])})),
}
