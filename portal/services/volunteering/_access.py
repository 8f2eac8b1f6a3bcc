"""Turning ids from the browser into volunteering objects, checking on the way that the
actor may see or manage them (Zulip's ``access_*`` pattern), and the shift lock.

An opportunity a member may not see (closed) is ``NotFound``. A coordinator acting on
another organisation's opportunity is refused by the ``_own_organisation`` object rule
(``PermissionDenied``): they can see it like any member, but not change it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlmodel import Session

from portal.domain.permissions import Actor, Permission, PermissionDenied, Status, require
from portal.domain.volunteering import OPEN
from portal.models import User
from portal.models.volunteering import ShiftSignup, VolunteerOpportunity, VolunteerShift
from portal.services.errors import NotFound, ServiceError, parse_id

MANAGE = Permission.VOLUNTEERING_OPPORTUNITY_MANAGE
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class OrganisationScope:
    """What the ``_own_organisation`` rule compares: both loaded from the database."""

    organisation_key: str
    actor_organisation_key: str


def organisation_key(name: str | None) -> str:
    return _SPACES.sub(" ", (name or "").strip()).casefold()[:120]


def actor_organisation(session: Session, actor: Actor) -> str:
    """The actor's organisation as written on their account ("" when none)."""
    user = session.get(User, actor.id)
    if user is None or user.status != Status.ACTIVE:
        return ""
    return (user.organisation or "").strip()


def scope_of(session: Session, actor: Actor, opportunity: VolunteerOpportunity
             ) -> OrganisationScope:
    return OrganisationScope(organisation_key=opportunity.organisation_key,
                             actor_organisation_key=organisation_key(
                                 actor_organisation(session, actor)))


def may_manage(session: Session, actor: Actor | None, opportunity: VolunteerOpportunity
               ) -> bool:
    if actor is None:
        return False
    try:
        require(actor, MANAGE, scope_of(session, actor, opportunity))
    except PermissionDenied:
        return False
    return True


def access_opportunity(session: Session, actor: Actor, opportunity_id: object, *,
                       permission: Permission | None = None) -> VolunteerOpportunity:
    """An opportunity the actor may see; with ``permission``, one they may act on."""
    require(actor, permission or Permission.VOLUNTEERING_OPPORTUNITY_BROWSE)
    opportunity = session.get(VolunteerOpportunity, parse_id(opportunity_id))
    if opportunity is None:
        raise NotFound()
    if permission is not None:
        require(actor, permission, scope_of(session, actor, opportunity))
    elif opportunity.status != OPEN and not may_manage(session, actor, opportunity):
        raise NotFound()
    return opportunity


def access_shift(session: Session, actor: Actor, shift_id: object, *,
                 permission: Permission | None = None
                 ) -> tuple[VolunteerShift, VolunteerOpportunity]:
    """A shift and its opportunity, under the same rules as ``access_opportunity``."""
    require(actor, permission or Permission.VOLUNTEERING_OPPORTUNITY_BROWSE)
    shift = session.get(VolunteerShift, parse_id(shift_id))
    if shift is None:
        raise NotFound()
    opportunity = access_opportunity(session, actor, shift.opportunity_id,
                                     permission=permission)
    return shift, opportunity


def access_signup(session: Session, actor: Actor, signup_id: object, *,
                  permission: Permission) -> tuple[ShiftSignup, VolunteerShift,
                                                   VolunteerOpportunity]:
    """A sign-up on a shift of an opportunity the actor may act on (coordinators, staff)."""
    require(actor, permission)
    signup = session.get(ShiftSignup, parse_id(signup_id))
    if signup is None:
        raise NotFound()
    shift, opportunity = access_shift(session, actor, signup.shift_id, permission=permission)
    return signup, shift, opportunity


def lock_shift(session: Session, shift_id: int) -> VolunteerShift:
    """Take the shift's lock for the rest of the transaction and reload it.

    The UPDATE is the transaction's first write: PostgreSQL holds the row lock until
    the commit, and SQLite takes its single write lock (waiting up to busy_timeout for
    another writer), so sign-ups and cancellations of one shift never interleave. Every
    count read after this sees the other transaction's committed work.
    """
    changed = session.execute(
        update(VolunteerShift).where(VolunteerShift.id == shift_id)
        .values(revision=VolunteerShift.revision + 1)
        .execution_options(synchronize_session=False)).rowcount
    if not changed:
        raise NotFound()
    return session.execute(
        select(VolunteerShift).where(VolunteerShift.id == shift_id)
        .execution_options(populate_existing=True)).scalar_one()


def require_organisation(session: Session, actor: Actor) -> str:
    """The coordinator's organisation; staff may act for any (they name it)."""
    organisation = actor_organisation(session, actor)
    if not organisation and not actor.is_staff:
        raise ServiceError("volunteering.no_organisation")
    return organisation
