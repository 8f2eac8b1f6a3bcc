"""Demo data for programme insights (demo mode only): a synthetic history of directory
searches that found nothing, by week, category and region, so the "what is missing"
charts have something to show. Demo only: these counts are made up.

The other figures count the demo's own members, requests, posts, sessions and shifts as
the other seeders leave them; a handful of demo members mostly shows as "fewer than 5",
which is the point of the page.
"""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal.demo import insights_history
from portal.domain.insights import week_start
from portal.models import User
from portal.models.resources import DirectorySearchMiss
from portal.models.types import utcnow

# (category, region, searches in each of the last weeks, newest last)
MISSES = (
    ("legal_aid", "TX", (6, 8, 5, 9, 7, 11, 6, 8, 12, 9, 7, 10, 8)),
    ("safe_housing", "NY", (5, 7, 6, 5, 9, 6, 8, 7, 5, 6, 9, 7, 6)),
    ("employment", "", (9, 6, 7, 8, 5, 10, 6, 9, 7, 8, 6, 5, 9)),
    ("", "CA", (5, 6, 5, 7, 6, 5, 8, 6, 7, 5, 6, 7, 5)),
)


def seed_insights(session: Session, members: dict[str, User]) -> list[str]:
    """The search-miss history, and the made-up year when `make run` asks for it
    (``portal.demo.insights_history``)."""
    del members
    this_week = week_start(utcnow().date())
    for category, region, weeks in MISSES:
        for back, searches in enumerate(reversed(weeks), start=1):
            session.add(DirectorySearchMiss(week_start=this_week - timedelta(weeks=back),
                                            category=category, region=region,
                                            searches=searches))
    session.commit()
    lines = ["Insights: a made-up history of directory searches with no result (demo)."]
    if insights_history.wanted():
        lines.extend(insights_history.seed_history(session))
    return lines
