"""Directory listings for tests, written the way the services write them."""

from __future__ import annotations

import itertools
from datetime import date

from sqlmodel import Session

from portal.domain.opening_hours import OpenRange, parse_clock
from portal.domain.resource_listing import build_listing
from portal.models.resources import ResourceListing
from portal.models.types import utcnow
from portal.services.resources._store import listing_values, replace_children

_counter = itertools.count(1)
WEEK = range(7)


def hours(*spec: tuple[int, str, str]) -> tuple[OpenRange, ...]:
    """(weekday, "HH:MM", "HH:MM") triples; a closing "00:00" is midnight."""
    return tuple(OpenRange(day, parse_clock(opens, closing=False),
                           parse_clock(closes, closing=True)) for day, opens, closes in spec)


ALWAYS = hours(*[(day, "00:00", "00:00") for day in WEEK])
WEEKDAYS_NINE_TO_FIVE = hours(*[(day, "09:00", "17:00") for day in range(5)])


def make_listing(session: Session, *, pinned: bool = False, **overrides) -> ResourceListing:
    number = next(_counter)
    fields = dict(source_id=f"test-{number}", name=f"Listing {number:04d}",
                  description="A calm place.", organisation="Harbor House",
                  category="food", region="TX", languages=("en",), phone="1-800-555-0100",
                  text_number="", website="", eligibility="", timezone="America/Chicago",
                  last_verified=date(2026, 1, 15), status="published",
                  hours=WEEKDAYS_NINE_TO_FIVE)
    fields.update(overrides)
    record = build_listing(fields)
    now = utcnow()
    listing = ResourceListing(**listing_values(record, now), pinned=pinned, created_at=now)
    session.add(listing)
    session.flush()
    replace_children(session, [(listing.id, record)])
    session.commit()
    return listing
