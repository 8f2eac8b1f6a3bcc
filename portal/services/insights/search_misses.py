"""Directory searches that found nothing, counted per week, category and region.

Only the filters are kept: never the words typed, never who searched, never the time
within the week. A weekly counter per (category, region) keeps the table small however
many searches there are.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.insights import week_start
from portal.models.resources import DirectorySearchMiss


def record_search_miss(session: Session, *, category: str, region: str, now: datetime
                       ) -> None:
    """Add one to this week's counter for the filters (committed here, on its own)."""
    week = week_start(now.date())
    bump = (update(DirectorySearchMiss)
            .where(DirectorySearchMiss.week_start == week,
                   DirectorySearchMiss.category == category,
                   DirectorySearchMiss.region == region)
            .values(searches=DirectorySearchMiss.searches + 1))
    if session.execute(bump).rowcount:
        session.commit()
        return
    try:
        with session.begin_nested():
            session.add(DirectorySearchMiss(week_start=week, category=category,
                                            region=region, searches=1))
    except IntegrityError:  # another search made this week's row first
        session.execute(bump)
    session.commit()
