"""Demo data for `make run` (demo mode only): members of every role, with known passphrases.

Never run against a real deployment: the passphrases are public. One module per
capability seeds its own data; ``SEEDERS`` below is the one list of them, in the order
they run (ids in the demo database, which the browser tests rely on, follow it).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import Session

from portal.demo.calendar import seed_calendar
from portal.demo.groups import seed_groups
from portal.demo.insights import seed_insights
from portal.demo.members import DEMO_INVITE_CODE, DEMO_MEMBERS, DEMO_PASSPHRASE, seed_members
from portal.demo.mentoring import seed_mentoring
from portal.demo.notifications import seed_notifications
from portal.demo.path import seed_path
from portal.demo.resources import seed_resources
from portal.demo.stories import seed_stories
from portal.demo.volunteering import seed_volunteering
from portal.models import User

__all__ = ["DEMO_INVITE_CODE", "DEMO_MEMBERS", "DEMO_PASSPHRASE", "SEEDERS", "seed_demo_data"]

# (session, demo members by name) -> lines to print.
DemoSeeder = Callable[[Session, dict[str, User]], list[str]]

SEEDERS: tuple[DemoSeeder, ...] = (
    seed_notifications,
    seed_mentoring,
    seed_resources,
    seed_groups,
    seed_volunteering,
    seed_calendar,  # after mentoring and groups: it uses their rows
    seed_path,  # after the calendar: it starts Luna and Sol's mentorship
    seed_insights,
    seed_stories,
)


def seed_demo_data(*, session: Session) -> list[str] | None:
    """Create the demo data once. Returns lines to print, or None when already there."""
    if session.execute(select(User.id).limit(1)).first() is not None:
        return None
    members, lines = seed_members(session)
    for seeder in SEEDERS:
        lines.extend(seeder(session, members))
    session.commit()
    return lines
