"""Resources directory for everyone: search (no sign-in needed), a listing's details, and
members' suggestions of new listings and reports of wrong ones.

Crisis lines (``pinned``) come first in every search, whatever the filters. "Open now"
is decided at the current instant on each listing's own clock; the viewer's zone
(their profile's, or the browser's for a visitor, else UTC) only changes how the
closing or opening time is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, case, exists, false, or_, select, text, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from portal.domain.languages import is_language
from portal.domain.opening_hours import (
    MINUTES_PER_WEEK,
    HoursError,
    WeeklyHours,
    local_week_minute,
    shown_in_zone,
)
from portal.domain.permissions import Actor, Permission, can, require
from portal.domain.resource_catalog import (
    CATEGORIES,
    NATIONWIDE,
    REGIONS,
    REPORT_REASONS,
    ListingStatus,
    is_known_timezone,
)
from portal.domain.resource_listing import ListingInvalid, build_listing
from portal.domain.resource_search import SearchTerm, search_terms
from portal.domain.sanitize import SanitizeError, clean_user_text
from portal.models.resources import (
    ResourceHours,
    ResourceListing,
    ResourceListingLanguage,
    ResourceReview,
)
from portal.models.types import utcnow
from portal.services import throttle
from portal.services.errors import ServiceError
from portal.services.insights.search_misses import record_search_miss
from portal.services.resources._store import (
    access_listing,
    cards_for,
    listing_values,
    load_hours,
    new_source_id,
    replace_children,
)
from portal.services.resources.views import ListingDetail, SearchPage

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_QUERY_LENGTH = 80
NOTE_MAX = 1000
# Suggestions and reports together, per member: enough for honest use, little for spam.
FEEDBACK_PER_MEMBER = throttle.Limit("resource_feedback", 20, timedelta(hours=24))


def viewer_zone(timezone: object) -> str:
    return timezone if is_known_timezone(timezone) else "UTC"


def _filter(value: object, allowed: tuple[str, ...], name: str) -> str:
    text = str(value or "").strip()
    if text and text not in allowed:
        raise ServiceError("resources.unknown_filter", filter=name)
    return text


def _page(value: object) -> int:
    try:
        page = int(str(value))
    except (TypeError, ValueError):
        return 0
    return min(max(page, 0), MAX_PAGE)


# The zones in use, one index seek each ("loose index scan"): a plain DISTINCT reads every
# row on PostgreSQL, which has no skip scan.
_ZONES_IN_USE = text(
    "WITH RECURSIVE zones(zone) AS ("
    " SELECT min(timezone) FROM resource_listings"
    " UNION ALL"
    " SELECT (SELECT min(timezone) FROM resource_listings WHERE timezone > zones.zone)"
    " FROM zones WHERE zones.zone IS NOT NULL)"
    " SELECT zone FROM zones WHERE zone IS NOT NULL")


def _open_now(session: Session, now: datetime) -> ColumnElement[bool]:
    """True where the listing's own clock, now, falls inside one of its ranges."""
    zones = session.execute(_ZONES_IN_USE).scalars().all()
    minutes = {zone: local_week_minute(zone, now) for zone in zones if is_known_timezone(zone)}
    if not minutes:
        return false()
    minute = case(minutes, value=ResourceListing.timezone, else_=-MINUTES_PER_WEEK)
    hours = ResourceHours
    return exists(select(hours.id).where(
        hours.listing_id == ResourceListing.id,
        or_(and_(hours.week_start <= minute, hours.week_end > minute),
            and_(hours.week_start <= minute + MINUTES_PER_WEEK,
                 hours.week_end > minute + MINUTES_PER_WEEK))))


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _matches(term: SearchTerm) -> ColumnElement[bool]:
    """The listing's folded text holds the term, or its category is one the term names
    (``domain/resource_search.py``): plain LIKE and IN, the same on SQLite and PostgreSQL."""
    found = ResourceListing.search_key.like(f"%{_escaped(term.text)}%", escape="\\")
    if not term.categories:
        return found
    return or_(found, ResourceListing.category.in_(sorted(term.categories)))


def search_listings(*, session: Session, actor: Actor | None, category: object = "",
                    region: object = "", language: object = "", open_now: bool = False,
                    text: object = "", viewer_timezone: object = "", page: object = 0,
                    now: datetime | None = None) -> SearchPage:
    """Published listings matching the filters, a page at a time, crisis lines first.

    Needs no sign-in: ``actor`` may be None. Unknown filter values are refused.
    """
    now = now or utcnow()
    zone = viewer_zone(viewer_timezone)
    category = _filter(category, CATEGORIES, "category")
    region = _filter(region, REGIONS, "region")
    language = str(language or "").strip()
    if language and not is_language(language):
        raise ServiceError("resources.unknown_filter", filter="language")
    page = _page(page)
    listing = ResourceListing
    # A handful of rows: sorted here, so the database can use the (pinned, status) index.
    pinned = sorted(session.execute(
        select(listing).where(listing.pinned == true(), listing.status == ListingStatus.PUBLISHED))
        .scalars().all(), key=lambda row: (row.name_key, row.id))
    query = select(listing).where(listing.status == ListingStatus.PUBLISHED,
                                  listing.pinned == false())
    if category:
        query = query.where(listing.category == category)
    if region:
        query = query.where(listing.region.in_((region, NATIONWIDE)))
    if language:
        query = query.where(exists(select(ResourceListingLanguage.listing_id).where(
            ResourceListingLanguage.listing_id == listing.id,
            ResourceListingLanguage.language == language)))
    for term in search_terms(str(text or "")[:MAX_QUERY_LENGTH]):
        query = query.where(_matches(term))
    if open_now:
        query = query.where(_open_now(session, now))
    rows = session.execute(query.order_by(listing.name_key, listing.id)
                           .offset(page * PAGE_SIZE).limit(PAGE_SIZE + 1)).scalars().all()
    pinned_cards = cards_for(session, pinned, viewer_timezone=zone, now=now)
    result_cards = cards_for(session, rows[:PAGE_SIZE], viewer_timezone=zone, now=now)
    if not rows and page == 0 and (category or region or str(text or "").strip()):
        # What is missing, for programme insights: the filters only, never the words.
        record_search_miss(session, category=category, region=region, now=now)
    return SearchPage(
        pinned=pinned_cards,
        results=result_cards,
        has_more=len(rows) > PAGE_SIZE, page=page, timezone=zone)


def get_listing(*, session: Session, actor: Actor | None, listing_id: object,
                viewer_timezone: object = "", now: datetime | None = None) -> ListingDetail:
    """One listing: published ones for anyone, others only for moderators.

    Its weekly hours come in the viewer's zone, like its status line, so the page needs
    one note about time zones (``ListingDetail.timezone`` is the viewer's zone).
    """
    now = now or utcnow()
    zone = viewer_zone(viewer_timezone)
    listing = access_listing(session, actor, listing_id)
    (card,) = cards_for(session, [listing], viewer_timezone=zone, now=now)
    weekly = WeeklyHours(listing.timezone, load_hours(session, [listing.id]).get(listing.id, ()))
    return ListingDetail(card=card, description=listing.description,
                         eligibility=listing.eligibility, timezone=zone,
                         hours=shown_in_zone(weekly, zone, at=now),
                         listing_status=listing.status,
                         can_manage=can(actor, Permission.RESOURCES_LISTING_MANAGE))


def _note(raw: object) -> str:
    text = str(raw or "")
    if not text.strip():
        return ""
    try:
        return clean_user_text(text, max_length=NOTE_MAX)
    except SanitizeError as refused:
        if refused.code == "empty":
            return ""
        raise ServiceError("resources.note_too_long", most=NOTE_MAX) from None


def _count_feedback(session: Session, actor: Actor, now: datetime) -> None:
    throttle.check(session, limit=FEEDBACK_PER_MEMBER, key=str(actor.id), now=now)
    throttle.count(session, limit=FEEDBACK_PER_MEMBER, key=str(actor.id), now=now)


def invalid_listing(error: ListingInvalid | HoursError) -> ServiceError:
    if isinstance(error, ListingInvalid):
        return ServiceError(error.message_key, field=error.field, **error.params)
    return ServiceError(error.message_key, **error.params)


def suggest_listing(*, session: Session, actor: Actor | None, fields: Mapping[str, object],
                    now: datetime | None = None) -> int:
    """A member suggests a place: it waits, unpublished, on the moderators' review list."""
    require(actor, Permission.RESOURCES_LISTING_SUGGEST)
    now = now or utcnow()
    name = str(fields.get("name") or "")
    try:
        record = build_listing({
            "source_id": new_source_id(), "name": name,
            "organisation": fields.get("organisation") or name,
            "description": fields.get("description"), "category": fields.get("category"),
            "region": fields.get("region"), "languages": fields.get("languages") or (),
            "phone": fields.get("phone"), "text_number": fields.get("text_number"),
            "website": fields.get("website"), "timezone": "UTC",
            "status": ListingStatus.PENDING})
    except (ListingInvalid, HoursError) as bad:
        raise invalid_listing(bad) from None
    note = _note(fields.get("note"))
    _count_feedback(session, actor, now)
    listing = ResourceListing(**listing_values(record, now), created_at=now)
    session.add(listing)
    session.flush()
    replace_children(session, [(listing.id, record)])
    session.add(ResourceReview(kind="suggestion", listing_id=listing.id, reporter_id=actor.id,
                               note=note, created_at=now))
    session.commit()
    return listing.id


def report_listing(*, session: Session, actor: Actor | None, listing_id: object, reason: object,
                   note: object = "", now: datetime | None = None) -> None:
    """A member says a listing is wrong; moderators see it on the review list."""
    require(actor, Permission.RESOURCES_LISTING_REPORT)
    now = now or utcnow()
    listing = access_listing(session, actor, listing_id)
    if listing.status != ListingStatus.PUBLISHED:
        raise ServiceError("error.not_found")
    reason = str(reason or "")
    if reason not in REPORT_REASONS:
        raise ServiceError("resources.report_reason_needed")
    cleaned = _note(note)
    already = session.execute(select(ResourceReview.id).where(
        ResourceReview.listing_id == listing.id, ResourceReview.reporter_id == actor.id,
        ResourceReview.kind == "report", ResourceReview.resolved_at.is_(None)).limit(1)).first()
    if already is not None:
        raise ServiceError("resources.already_reported")
    _count_feedback(session, actor, now)
    session.add(ResourceReview(kind="report", listing_id=listing.id, reporter_id=actor.id,
                               reason=reason, note=cleaned, created_at=now))
    session.commit()
