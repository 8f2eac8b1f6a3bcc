"""Moderators maintain the directory: the listing editor, verifying, publishing and
unpublishing, and the review list of members' suggestions and reports.

Every action is authorized here and written to the audit log in the same commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.opening_hours import HoursError, hours_from_form, hours_to_form
from portal.domain.permissions import Actor, Permission, require
from portal.domain.resource_catalog import STATUSES, ListingStatus, ReviewResolution
from portal.domain.resource_listing import ListingInvalid, build_listing, fold_for_search
from portal.models.resources import ResourceListing, ResourceReview
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.resources._store import (
    access_listing,
    listing_values,
    load_hours,
    load_languages,
    new_source_id,
    replace_children,
)
from portal.services.resources.directory import invalid_listing
from portal.services.resources.views import ListingForm, ReviewItemView, StaffListingRow

PAGE_SIZE = 25
EDITOR_FIELDS = ("name", "organisation", "description", "category", "region", "phone",
                 "text_number", "website", "eligibility", "timezone")
DEFAULT_TIMEZONE = "America/New_York"


def _clip(value: object, most: int = 4000) -> str:
    return str(value or "")[:most]


# --- review list --------------------------------------------------------------------

def list_review_items(*, session: Session, actor: Actor | None,
                      page: int = 0) -> tuple[ReviewItemView, ...]:
    """Open suggestions and reports, oldest first. Who sent them is not shown."""
    require(actor, Permission.RESOURCES_REVIEW_RESOLVE)
    rows = session.execute(
        select(ResourceReview, ResourceListing.name, ResourceListing.status)
        .join(ResourceListing, ResourceListing.id == ResourceReview.listing_id)
        .where(ResourceReview.resolved_at.is_(None))
        .order_by(ResourceReview.created_at, ResourceReview.id)
        .offset(max(int(page), 0) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return tuple(ReviewItemView(id=item.id, kind=item.kind, listing_id=item.listing_id,
                                listing_name=name, listing_status=status, reason=item.reason,
                                note=item.note, created_at=item.created_at)
                 for item, name, status in rows)


def _access_review(session: Session, actor: Actor | None, item_id: object) -> ResourceReview:
    """A review item, for those who resolve them (moderators see every item)."""
    require(actor, Permission.RESOURCES_REVIEW_RESOLVE)
    item = session.get(ResourceReview, parse_id(item_id))
    if item is None:
        raise NotFound()
    return item


def resolve_review(*, session: Session, actor: Actor | None, item_id: object, accept: bool,
                   now: datetime | None = None) -> None:
    """Accept or dismiss an item. A suggestion accepted is published; dismissed, rejected."""
    item = _access_review(session, actor, item_id)
    now = now or utcnow()
    if item.resolved_at is not None:
        raise ServiceError("resources.review_already_resolved")
    outcome = ReviewResolution.ACCEPTED if accept else ReviewResolution.DISMISSED
    if item.kind == "suggestion":
        listing = session.get(ResourceListing, item.listing_id)
        listing.status = ListingStatus.PUBLISHED if accept else ListingStatus.REJECTED
        if accept:
            listing.last_verified = now.date()
        listing.updated_at = now
    item.resolved_at, item.resolved_by_id, item.outcome = now, actor.id, outcome
    audit.record(session, actor=actor, action=f"resources.review.{outcome}",
                 target_type="resource_review", target_id=item.id,
                 detail=f"kind={item.kind} listing={item.listing_id}")
    session.commit()


# --- listings -----------------------------------------------------------------------

def list_staff_listings(*, session: Session, actor: Actor | None, text: object = "",
                        status: object = "", page: int = 0) -> tuple[StaffListingRow, ...]:
    require(actor, Permission.RESOURCES_LISTING_MANAGE)
    query = select(ResourceListing)
    status = str(status or "")
    if status:
        if status not in STATUSES:
            raise ServiceError("resources.unknown_filter", filter="status")
        query = query.where(ResourceListing.status == status)
    folded = fold_for_search(_clip(text, 80))
    if folded:
        escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(ResourceListing.search_key.like(f"%{escaped}%", escape="\\"))
    rows = session.execute(query.order_by(ResourceListing.name_key, ResourceListing.id)
                           .offset(max(int(page), 0) * PAGE_SIZE).limit(PAGE_SIZE)).scalars()
    return tuple(StaffListingRow(id=row.id, name=row.name, organisation=row.organisation,
                                 category=row.category, region=row.region, status=row.status,
                                 pinned=row.pinned, last_verified=row.last_verified)
                 for row in rows)


def listing_form(*, session: Session, actor: Actor | None, listing_id: object) -> ListingForm:
    """The editor's values: an existing listing's, or a blank one for id 0."""
    require(actor, Permission.RESOURCES_LISTING_MANAGE)
    if str(listing_id).strip() in ("", "0", "new"):
        values = {name: "" for name in EDITOR_FIELDS}
        values.update(timezone=DEFAULT_TIMEZONE, languages="", pinned="")
        return ListingForm(id=0, values=values, hours=hours_to_form(()),
                           status=ListingStatus.PUBLISHED)
    listing = access_listing(session, actor, listing_id)
    languages = load_languages(session, [listing.id]).get(listing.id, ())
    values = {name: str(getattr(listing, name) or "") for name in EDITOR_FIELDS}
    values.update(languages=";".join(languages), pinned="on" if listing.pinned else "")
    hours = load_hours(session, [listing.id]).get(listing.id, ())
    return ListingForm(id=listing.id, values=values, hours=hours_to_form(hours),
                       status=listing.status)


def save_listing(*, session: Session, actor: Actor | None, listing_id: object,
                 form: Mapping[str, object], now: datetime | None = None) -> int:
    """Create (id 0) or change a listing from the editor's fields. All or nothing."""
    require(actor, Permission.RESOURCES_LISTING_MANAGE)
    now = now or utcnow()
    listing = None
    if str(listing_id).strip() not in ("", "0"):
        listing = access_listing(session, actor, listing_id)
    fields = {name: _clip(form.get(name)) for name in EDITOR_FIELDS}
    languages = form.get("languages") or ()
    if not isinstance(languages, str | list | tuple):
        languages = ()
    try:
        record = build_listing({
            **fields, "languages": languages if isinstance(languages, str) else
            [_clip(item, 8) for item in languages][:32],
            "hours": hours_from_form({str(key): _clip(value, 16) for key, value in form.items()}),
            "source_id": listing.source_id if listing else new_source_id(),
            "last_verified": listing.last_verified if listing else now.date(),
            "status": listing.status if listing else ListingStatus.PUBLISHED})
    except (ListingInvalid, HoursError) as bad:
        raise invalid_listing(bad) from None
    pinned = str(form.get("pinned") or "") in ("on", "true", "1")
    if listing is None:
        listing = ResourceListing(**listing_values(record, now), pinned=pinned, created_at=now)
        session.add(listing)
        session.flush()
        action = "resources.listing.create"
    else:
        for column, value in listing_values(record, now).items():
            setattr(listing, column, value)
        listing.pinned = pinned
        action = "resources.listing.update"
    replace_children(session, [(listing.id, record)])
    audit.record(session, actor=actor, action=action, target_type="resource_listing",
                 target_id=listing.id, detail=f"pinned={pinned}")
    session.commit()
    return listing.id


def verify_listing(*, session: Session, actor: Actor | None, listing_id: object,
                   now: datetime | None = None) -> None:
    """Someone checked the details today: "last verified" moves to today."""
    require(actor, Permission.RESOURCES_LISTING_MANAGE)
    now = now or utcnow()
    listing = access_listing(session, actor, listing_id)
    listing.last_verified = now.date()
    listing.updated_at = now
    audit.record(session, actor=actor, action="resources.listing.verify",
                 target_type="resource_listing", target_id=listing.id)
    session.commit()


def set_listing_status(*, session: Session, actor: Actor | None, listing_id: object,
                       status: object, now: datetime | None = None) -> None:
    """Publish, unpublish (back to pending) or reject a listing."""
    require(actor, Permission.RESOURCES_LISTING_MANAGE)
    status = str(status or "")
    if status not in STATUSES:
        raise ServiceError("resources.unknown_filter", filter="status")
    listing = access_listing(session, actor, listing_id)
    if listing.status != status:
        listing.status = status
        listing.updated_at = now or utcnow()
        audit.record(session, actor=actor, action=f"resources.listing.{status}",
                     target_type="resource_listing", target_id=listing.id)
    session.commit()

