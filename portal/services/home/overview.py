"""One call per home page load: each signed-in role's tiles, from the services that own
the figures.

Each part is asked for only when the viewer holds the permission the owning service
requires, and is read through that service (or counted with the same rule and scope),
so a survivor never receives queue counts and a moderator's counts are the queue's.
Nothing is written: reading the home is not a staff read of anyone's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session

from portal.domain.mentoring import ApplicationStatus, ProfileChanges
from portal.domain.permissions import Actor, Permission, Role, Status, can, require
from portal.models import Invite, User
from portal.models.groups import ReviewQueueItem
from portal.models.mentoring import MentorApplication
from portal.models.types import utcnow
from portal.services.calendar.feed import upcoming_items
from portal.services.errors import ServiceError
from portal.services.groups._access import moderated_group_ids
from portal.services.groups.feed import list_threads
from portal.services.groups.membership import list_groups
from portal.services.home.views import (
    AdminTiles,
    GroupActivity,
    MenteeTiles,
    MentorTiles,
    ModerationTiles,
    NextSteps,
    SessionLine,
    ShiftLine,
    VolunteeringTiles,
)
from portal.services.mentoring.overview import mentee_overview
from portal.services.mentoring.requests import mentor_desk
from portal.services.moderation.queue import queue_scope
from portal.services.notifications.inbox import unread_count
from portal.services.volunteering.manage import managed_opportunities, opportunity_editor

WEEK = timedelta(days=7)
NEW_ACTIVITY_FOR = timedelta(days=7)  # a group's threads count as new for a week
SESSION_HORIZON = timedelta(days=60)
GROUPS_SHOWN = 5
SHIFTS_SHOWN = 3
SCHEDULED = "scheduled"


@dataclass(frozen=True)
class HomeOverview:
    unread_notifications: int
    groups: tuple[GroupActivity, ...]
    mentee: MenteeTiles | None = None
    mentor: MentorTiles | None = None
    moderation: ModerationTiles | None = None
    volunteering: VolunteeringTiles | None = None
    admin: AdminTiles | None = None


def home_overview(*, session: Session, actor: Actor, now: datetime | None = None) -> HomeOverview:
    """Everything the viewer's home shows, for the roles they hold and nothing more."""
    require(actor, Permission.NOTIFICATIONS_READ)  # every active, signed-in member
    now = now or utcnow()
    sessions = _upcoming_sessions(session, actor, now)
    groups = _group_activity(session, actor, now)
    return HomeOverview(
        unread_notifications=unread_count(session=session, actor=actor),
        groups=groups,
        mentee=_mentee(session, actor, now, sessions, groups)
        if can(actor, Permission.MENTORING_MENTEE_SEEK) else None,
        mentor=_mentor(session, actor, now, sessions)
        if can(actor, Permission.MENTORING_MENTOR_MANAGE) else None,
        moderation=_moderation(session, actor),
        volunteering=_volunteering(session, actor)
        if actor.has_role(Role.COORDINATOR) else None,
        admin=_admin(session, actor, now)
        if can(actor, Permission.ACCOUNT_INVITE_LIST)
        or can(actor, Permission.MENTORING_PROFILE_REVIEW) else None,
    )


# --- members ---------------------------------------------------------------------------

def _upcoming_sessions(session: Session, actor: Actor, now: datetime) -> tuple[SessionLine, ...]:
    if not can(actor, Permission.CALENDAR_SESSION_TAKE_PART):
        return ()
    items = upcoming_items(session=session, actor=actor, start=now, end=now + SESSION_HORIZON)
    return tuple(SessionLine(partner_name=item.title_params.get("partner", ""),
                             starts_at=item.starts_at, link=item.link)
                 for item in items
                 if item.kind == "session" and item.link and item.starts_at >= now)


def _group_activity(session: Session, actor: Actor, now: datetime) -> tuple[GroupActivity, ...]:
    """Her groups, each with the threads others started or answered this week."""
    if not can(actor, Permission.GROUP_TAKE_PART):
        return ()
    mine = [group for group in list_groups(session=session, actor=actor)
            if group.my_status == "active"][:GROUPS_SHOWN]
    since = now - NEW_ACTIVITY_FOR
    activity = []
    for group in mine:
        page = list_threads(session=session, actor=actor, group_id=group.id)
        fresh = {row.id for row in (*page.pinned, *page.rows)
                 if row.last_activity_at >= since and not row.by_me}
        activity.append(GroupActivity(group_id=group.id, name=group.name,
                                      new_threads=len(fresh)))
    return tuple(activity)


def _mentee(session: Session, actor: Actor, now: datetime, sessions: tuple[SessionLine, ...],
            groups: tuple[GroupActivity, ...]) -> MenteeTiles | None:
    overview = mentee_overview(session=session, actor=actor, now=now)
    mentors = [match for match in overview.matches if match.status == "active"]
    waiting = sum(1 for request in overview.requests
                  if request.status == "pending" and request.expires_at > now)
    mentor_names = {match.partner_name for match in mentors}
    next_session = next((line for line in sessions if line.partner_name in mentor_names), None)
    intake = overview.intake
    # A mentor is past sign-up: no steps for her, and no mentee tiles unless she has a
    # mentor of her own or has asked one.
    newcomer = not can(actor, Permission.MENTORING_MENTOR_MANAGE)
    if not newcomer and not mentors and not waiting:
        return None
    steps = NextSteps(answer_questions=newcomer and not (intake.answered or intake.skipped),
                      find_mentor=newcomer and not mentors and not waiting,
                      join_group=newcomer and not groups)
    return MenteeTiles(next_session=next_session,
                       mentor_names=tuple(match.partner_name for match in mentors),
                       first_match_id=mentors[0].id if mentors else 0,
                       requests_waiting=waiting, steps=steps)


def _mentor(session: Session, actor: Actor, now: datetime,
            sessions: tuple[SessionLine, ...]) -> MentorTiles:
    desk = mentor_desk(session=session, actor=actor, now=now)
    mentee_names = {match.partner_name for match in desk.mentees}
    this_week = tuple(line for line in sessions
                      if line.starts_at < now + WEEK and line.partner_name in mentee_names)
    return MentorTiles(requests_waiting=len(desk.requests),
                       oldest_request_at=min((r.created_at for r in desk.requests), default=None),
                       sessions_this_week=this_week)


# --- staff -----------------------------------------------------------------------------

def _moderation(session: Session, actor: Actor) -> ModerationTiles | None:
    """The review queue's figures, in the queue's own scope (site moderators: every item;
    a member who moderates groups: those groups' items)."""
    if not can(actor, Permission.GROUP_POST_APPROVE):
        return None
    if not actor.is_staff and not moderated_group_ids(session, actor):
        return None
    scope = queue_scope(session, actor)
    waiting = select(ReviewQueueItem.id, ReviewQueueItem.urgent, ReviewQueueItem.created_at
                     ).where(ReviewQueueItem.resolved.is_(False))
    if scope is not None:
        waiting = waiting.where(ReviewQueueItem.group_id.in_(scope))
    rows = waiting.subquery()
    total, urgent, oldest = session.execute(
        select(func.count(rows.c.id),
               func.count(rows.c.id).filter(rows.c.urgent.is_(True)),
               func.min(rows.c.created_at))).one()
    return ModerationTiles(waiting=total, urgent_waiting=urgent or 0, oldest_waiting_at=oldest)


def _volunteering(session: Session, actor: Actor) -> VolunteeringTiles | None:
    try:
        opportunities = managed_opportunities(session=session, actor=actor)
        shifts: list[ShiftLine] = []
        for opportunity in opportunities:
            if not opportunity.upcoming_shifts:
                continue
            editor = opportunity_editor(session=session, actor=actor,
                                        opportunity_id=opportunity.id)
            shifts.extend(ShiftLine(opportunity_id=opportunity.id, title=opportunity.title,
                                    starts_at=shift.starts_at, confirmed=shift.confirmed,
                                    seats=shift.seats)
                          for shift in editor.shifts
                          if shift.status == SCHEDULED and not shift.started)
    except ServiceError:  # a coordinator not yet tied to an organisation
        return None
    shifts.sort(key=lambda line: line.starts_at)
    return VolunteeringTiles(next_shifts=tuple(shifts[:SHIFTS_SHOWN]),
                             upcoming_shifts=sum(o.upcoming_shifts for o in opportunities),
                             hours_waiting=sum(o.hours_waiting for o in opportunities))


def _admin(session: Session, actor: Actor, now: datetime) -> AdminTiles:
    open_invites = None
    if can(actor, Permission.ACCOUNT_INVITE_LIST):
        # The same scope as the Staff page's list: staff see every invite, others their own.
        query = select(func.count(Invite.id)).where(
            Invite.revoked_at.is_(None), Invite.uses < Invite.max_uses, Invite.expires_at > now)
        if not actor.is_staff:
            query = query.where(Invite.created_by_id == actor.id)
        open_invites = session.execute(query).scalar_one()
    vetting, oldest = None, None
    if can(actor, Permission.MENTORING_PROFILE_REVIEW):
        # The same applications the vetting queue lists (mentoring.profiles.vetting_queue).
        waiting = or_(MentorApplication.status == ApplicationStatus.SUBMITTED,
                      (MentorApplication.status == ApplicationStatus.APPROVED)
                      & (MentorApplication.changes_status == ProfileChanges.WAITING))
        since = func.coalesce(MentorApplication.changes_submitted_at,
                              MentorApplication.submitted_at)
        vetting, oldest = session.execute(
            select(func.count(MentorApplication.id), func.min(since))
            .join(User, User.id == MentorApplication.user_id)
            .where(waiting, User.status == Status.ACTIVE)).one()
    return AdminTiles(open_invites=open_invites, vetting_waiting=vetting,
                      oldest_vetting_at=oldest)
