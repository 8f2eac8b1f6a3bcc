"""What a step may link to, who may link it, and what a link shows to whom.

She may link a published directory listing, a volunteer opportunity she may see, a
group she is an active member of, or a session of her own. A link is checked when made
and again when read: a listing unpublished or a group she left just stops showing.
Her mentor never sees which group a step links to (a group is hers to mention).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from portal import routes
from portal.domain.calendar import BookingStatus
from portal.domain.groups import MembershipStatus
from portal.domain.path import LinkKind, PathError, parse_link
from portal.domain.permissions import Actor
from portal.domain.resource_catalog import ListingStatus
from portal.domain.volunteering import OPEN
from portal.models.calendar import SessionBooking
from portal.models.groups import GroupMembership, SupportGroup
from portal.models.path import PathGoal, PathStep
from portal.models.resources import ResourceListing
from portal.models.volunteering import (
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services.errors import NotFound, ServiceError
from portal.services.path.views import LinkChoice, LinkView

MAX_CHOICES = 40


def checked_link(session: Session, actor: Actor, value: object) -> tuple[str, int | None]:
    """``(kind, id)`` for a step's link chosen by its owner, or ``("", None)``."""
    if value is None or value == "":
        return "", None
    if not isinstance(value, str):
        raise ServiceError("path.bad_link")
    try:
        parsed = parse_link(value)
    except PathError as error:
        raise ServiceError(error.code) from None
    if parsed is None:
        return "", None
    kind, object_id = parsed
    if _owner_link(session, actor.id, kind, object_id) is None:
        raise NotFound()
    return kind, object_id


def _owner_link(session: Session, owner_id: int, kind: str, object_id: int) -> LinkView | None:
    """The link as its owner sees it, or None when she may not (or no longer) see it."""
    if kind == LinkKind.RESOURCE:
        listing = session.get(ResourceListing, object_id)
        if listing is None or listing.status != ListingStatus.PUBLISHED:
            return None
        return LinkView(kind, object_id, listing.name, routes.resource(object_id))
    if kind == LinkKind.OPPORTUNITY:
        opportunity = session.get(VolunteerOpportunity, object_id)
        if opportunity is None or (opportunity.status != OPEN
                                   and not _volunteered_on(session, owner_id, object_id)):
            return None
        return LinkView(kind, object_id, opportunity.title,
                        routes.volunteer_opportunity(object_id))
    if kind == LinkKind.GROUP:
        group = session.get(SupportGroup, object_id)
        member = session.execute(select(GroupMembership.id).where(
            GroupMembership.group_id == object_id, GroupMembership.user_id == owner_id,
            GroupMembership.status == MembershipStatus.ACTIVE)).first()
        if group is None or member is None:
            return None
        return LinkView(kind, object_id, group.name, routes.group(object_id))
    if kind == LinkKind.SESSION:
        booking = session.get(SessionBooking, object_id)
        if booking is None or booking.survivor_id != owner_id:
            return None
        return LinkView(kind, object_id, "", routes.calendar_session(object_id),
                        when=booking.start_at)
    return None


def _volunteered_on(session: Session, user_id: int, opportunity_id: int) -> bool:
    return session.execute(
        select(VolunteerAttendance.id)
        .join(VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id)
        .where(VolunteerAttendance.user_id == user_id,
               VolunteerShift.opportunity_id == opportunity_id).limit(1)).first() is not None


def link_for_owner(session: Session, step: PathStep, owner_id: int) -> LinkView | None:
    if not step.link_kind or step.link_id is None:
        return None
    return _owner_link(session, owner_id, step.link_kind, step.link_id)


def link_for_mentor(session: Session, step: PathStep, goal: PathGoal,
                    mentor_id: int) -> LinkView | None:
    """What her mentor sees of a link: listings and opportunities (public), their own
    sessions together; never a group."""
    link = link_for_owner(session, step, goal.owner_id)
    if link is None or link.kind == LinkKind.GROUP:
        return None
    if link.kind == LinkKind.SESSION:
        booking = session.get(SessionBooking, link.id)
        if booking is None or booking.mentor_id != mentor_id:
            return None
    return link


def ticked_by_link(session: Session, step: PathStep, goal: PathGoal, now: datetime) -> bool:
    """Whether what the step links to is done, when she allowed that to tick it: a
    volunteer shift of that opportunity she attended with hours approved, or that
    session held (booked, and its end has passed)."""
    if not goal.auto_tick or step.link_id is None:
        return False
    if step.link_kind == LinkKind.OPPORTUNITY:
        return session.execute(
            select(VolunteerAttendance.id)
            .join(VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id)
            .where(VolunteerAttendance.user_id == goal.owner_id,
                   VolunteerAttendance.attended.is_(True),
                   VolunteerAttendance.approved_at.is_not(None),
                   VolunteerShift.opportunity_id == step.link_id).limit(1)).first() is not None
    if step.link_kind == LinkKind.SESSION:
        booking = session.get(SessionBooking, step.link_id)
        return (booking is not None and booking.survivor_id == goal.owner_id
                and booking.status == BookingStatus.BOOKED and booking.end_at <= now)
    return False


def link_choices(session: Session, owner_id: int, now: datetime) -> tuple[LinkChoice, ...]:
    """What she may link a step to: published listings, open opportunities, her groups
    and her sessions of the last month and to come."""
    listings = session.execute(
        select(ResourceListing.id, ResourceListing.name)
        .where(ResourceListing.status == ListingStatus.PUBLISHED)
        .order_by(ResourceListing.pinned.desc(), ResourceListing.name_key)
        .limit(MAX_CHOICES)).all()
    opportunities = session.execute(
        select(VolunteerOpportunity.id, VolunteerOpportunity.title)
        .where(VolunteerOpportunity.status == OPEN)
        .order_by(VolunteerOpportunity.title).limit(MAX_CHOICES)).all()
    groups = session.execute(
        select(SupportGroup.id, SupportGroup.name)
        .join(GroupMembership, GroupMembership.group_id == SupportGroup.id)
        .where(GroupMembership.user_id == owner_id,
               GroupMembership.status == MembershipStatus.ACTIVE)
        .order_by(SupportGroup.name_key).limit(MAX_CHOICES)).all()
    bookings = session.execute(
        select(SessionBooking.id, SessionBooking.start_at)
        .where(SessionBooking.survivor_id == owner_id,
               SessionBooking.status == BookingStatus.BOOKED,
               SessionBooking.start_at >= now - timedelta(days=30))
        .order_by(SessionBooking.start_at).limit(MAX_CHOICES)).all()
    return (
        *(LinkChoice(f"resource:{row.id}", LinkKind.RESOURCE, row.name) for row in listings),
        *(LinkChoice(f"opportunity:{row.id}", LinkKind.OPPORTUNITY, row.title)
          for row in opportunities),
        *(LinkChoice(f"group:{row.id}", LinkKind.GROUP, row.name) for row in groups),
        *(LinkChoice(f"session:{row.id}", LinkKind.SESSION, "", when=row.start_at)
          for row in bookings),
    )
