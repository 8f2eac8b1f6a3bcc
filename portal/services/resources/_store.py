"""Shared plumbing of the resources services: loading a listing the actor may see,
turning rows into ``ListingRecord``s and cards, and writing a record's rows."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import Table, delete, insert, select
from sqlmodel import Session

from portal.domain.opening_hours import OpenRange, WeeklyHours, describe, open_status
from portal.domain.permissions import Actor, Permission, can
from portal.domain.resource_catalog import ListingStatus, sms_href, tel_href
from portal.domain.resource_listing import ListingRecord, name_key, search_key
from portal.models.resources import ResourceHours, ResourceListing, ResourceListingLanguage
from portal.services.errors import NotFound, parse_id
from portal.services.resources.views import ListingCard

STALE_AFTER = timedelta(days=180)
_CHUNK = 500
COPY_FROM = 200  # rows; fewer go through ordinary INSERTs


def new_source_id() -> str:
    return f"lantern-{secrets.token_hex(8)}"


def access_listing(session: Session, actor: Actor | None, listing_id: object) -> ResourceListing:
    """The listing, if this actor may see it: published ones to anyone, others to moderators."""
    listing = session.get(ResourceListing, parse_id(listing_id))
    if listing is None:
        raise NotFound()
    if (listing.status != ListingStatus.PUBLISHED
            and not can(actor, Permission.RESOURCES_LISTING_MANAGE)):
        raise NotFound()
    return listing


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def load_hours(session: Session, ids: Sequence[int]) -> dict[int, tuple[OpenRange, ...]]:
    found: dict[int, list[OpenRange]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ResourceHours.listing_id, ResourceHours.weekday, ResourceHours.opens_minute,
                   ResourceHours.closes_minute).where(ResourceHours.listing_id.in_(chunk)))
        for listing_id, weekday, opens, closes in rows:
            found[listing_id].append(OpenRange(weekday, opens, closes))
    return {key: tuple(sorted(value)) for key, value in found.items()}


def load_languages(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        rows = session.execute(
            select(ResourceListingLanguage.listing_id, ResourceListingLanguage.language)
            .where(ResourceListingLanguage.listing_id.in_(chunk)))
        for listing_id, language in rows:
            found[listing_id].append(language)
    return {key: tuple(sorted(value)) for key, value in found.items()}


def record_of(listing: ResourceListing, hours: tuple[OpenRange, ...],
              languages: tuple[str, ...]) -> ListingRecord:
    return ListingRecord(
        source_id=listing.source_id, name=listing.name, description=listing.description,
        organisation=listing.organisation, category=listing.category, region=listing.region,
        languages=languages, phone=listing.phone, text_number=listing.text_number,
        website=listing.website, eligibility=listing.eligibility, timezone=listing.timezone,
        last_verified=listing.last_verified, status=listing.status, hours=hours)


def listing_values(record: ListingRecord, now: datetime) -> dict[str, object]:
    """Column values for a listing row (not id, pinned or created_at)."""
    return dict(source_id=record.source_id, name=record.name, name_key=name_key(record.name),
                description=record.description, organisation=record.organisation,
                category=record.category, region=record.region, phone=record.phone,
                text_number=record.text_number, website=record.website,
                eligibility=record.eligibility, timezone=record.timezone,
                last_verified=record.last_verified, status=record.status,
                search_key=search_key(record), updated_at=now)


def replace_children(session: Session, records: Sequence[tuple[int, ListingRecord]], *,
                     new: bool = False) -> None:
    """Swap the hours and languages of these listings for the records' (bulk, no commit).

    ``new``: the listings were just created and have none to remove yet.
    """
    ids = [] if new else [listing_id for listing_id, _ in records]
    for chunk in _chunks(ids):
        session.execute(delete(ResourceHours).where(ResourceHours.listing_id.in_(chunk)))
        session.execute(delete(ResourceListingLanguage)
                        .where(ResourceListingLanguage.listing_id.in_(chunk)))
    insert_rows(session, ResourceHours.__table__, HOURS_COLUMNS, [
        (listing_id, item.weekday, item.opens, item.closes, item.week_start, item.week_end)
        for listing_id, record in records for item in record.hours])
    insert_rows(session, ResourceListingLanguage.__table__, ("listing_id", "language"), [
        (listing_id, language) for listing_id, record in records
        for language in record.languages])


HOURS_COLUMNS = ("listing_id", "weekday", "opens_minute", "closes_minute", "week_start",
                 "week_end")


def insert_rows(session: Session, table: Table, columns: tuple[str, ...],
                 rows: list[tuple]) -> None:
    """Many rows at once, in the session's transaction."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name == "postgresql" and len(rows) > COPY_FROM:
        # COPY is several times faster than batched INSERTs for a partner directory.
        cursor = connection.connection.driver_connection.cursor()
        with cursor, cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    session.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])


def is_stale(last_verified: date | None, now: datetime) -> bool:
    return last_verified is None or now.date() - last_verified > STALE_AFTER


def card_of(listing: ResourceListing, hours: tuple[OpenRange, ...], languages: tuple[str, ...],
            *, viewer_timezone: str, now: datetime) -> ListingCard:
    status = open_status(WeeklyHours(listing.timezone, hours), at=now)
    return ListingCard(
        id=listing.id, name=listing.name, organisation=listing.organisation,
        category=listing.category, region=listing.region, languages=languages,
        phone=listing.phone, phone_href=tel_href(listing.phone),
        text_number=listing.text_number, sms_href=sms_href(listing.text_number),
        website=listing.website,
        status=describe(status, member_timezone=viewer_timezone, now=now),
        last_verified=listing.last_verified, stale=is_stale(listing.last_verified, now),
        pinned=listing.pinned)


def cards_for(session: Session, listings: Sequence[ResourceListing], *, viewer_timezone: str,
              now: datetime) -> tuple[ListingCard, ...]:
    ids = [listing.id for listing in listings]
    hours, languages = load_hours(session, ids), load_languages(session, ids)
    return tuple(card_of(listing, hours.get(listing.id, ()), languages.get(listing.id, ()),
                         viewer_timezone=viewer_timezone, now=now) for listing in listings)
