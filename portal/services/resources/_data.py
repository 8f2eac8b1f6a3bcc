"""What the directory holds about a member, for "my data" and for deleting an account.

A member's suggestions and reports are theirs: exported, and erased with the account.
A suggestion still waiting for review goes with it (its words are the member's); a
suggestion moderators already published stays, as the moderators' listing. Staff's
import runs lose the link to the person.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from portal.domain.resource_catalog import ListingStatus
from portal.models.resources import ResourceImport, ResourceListing, ResourceReview


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _export_reviews(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(
        select(ResourceReview, ResourceListing.name)
        .join(ResourceListing, ResourceListing.id == ResourceReview.listing_id)
        .where(ResourceReview.reporter_id == user_id).order_by(ResourceReview.id)).all()
    return [{"kind": item.kind, "listing": name, "reason": item.reason, "note": item.note,
             "sent": _iso(item.created_at), "outcome": item.outcome or None}
            for item, name in rows]


def _export_imports(session: Session, user_id: int) -> list[dict[str, Any]]:
    rows = session.execute(select(ResourceImport).where(ResourceImport.actor_id == user_id)
                           .order_by(ResourceImport.id)).scalars()
    return [{"at": _iso(run.created_at), "accepted": run.accepted, "created": run.created,
             "updated": run.updated} for run in rows]


def _erase_reviews(session: Session, user_id: int, _keep_posts: bool) -> None:
    waiting = select(ResourceReview.listing_id).where(
        ResourceReview.reporter_id == user_id, ResourceReview.kind == "suggestion",
        ResourceReview.resolved_at.is_(None))
    session.execute(delete(ResourceListing).where(ResourceListing.id.in_(waiting),
                                                  ResourceListing.status == ListingStatus.PENDING))
    session.execute(delete(ResourceReview).where(ResourceReview.reporter_id == user_id))
    session.execute(update(ResourceReview).where(ResourceReview.resolved_by_id == user_id)
                    .values(resolved_by_id=None))
    session.execute(update(ResourceImport).where(ResourceImport.actor_id == user_id)
                    .values(actor_id=None))


# What "My data" shows and erases for this capability (wired in services.wiring).
EXPORTERS = {
    "resource_suggestions_and_reports": _export_reviews,
    "resource_imports": _export_imports,
}
ERASER = _erase_reviews
