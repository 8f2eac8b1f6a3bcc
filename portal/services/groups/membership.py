"""Support groups: creating them (staff), joining, requests, invitations, leaving, and
who moderates each group.

Posting lives in ``groups_posts``, feeds in ``groups_feed``, reactions and flags in
``groups_feedback``, the review queue in ``moderation``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.groups import (
    GROUP_NAME_MAX,
    GROUP_PURPOSE_MAX,
    GROUP_RULES_MAX,
    MemberRole,
    MembershipStatus,
    Visibility,
    parse_enum,
)
from portal.domain.languages import is_language
from portal.domain.names import display_name_key
from portal.domain.permissions import Actor, Permission, Status, require
from portal.models import User
from portal.models.groups import GroupMembership, SupportGroup
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups._access import (
    access_group,
    may_moderate,
    membership_of,
    scope_of,
)
from portal.services.groups.posts import clean_body, clean_line
from portal.services.groups.views import GroupView, MembershipRow

MAX_GROUPS_LISTED = 200
# Other capabilities react when a member leaves a group (the calendar gives her meeting
# seats to the waitlist), in the same transaction: (session, group id, member id).
LeaveHook = Callable[[Session, int, int], None]
ON_LEAVE: list[LeaveHook] = []


def _member_counts(session: Session, group_ids: list[int]) -> dict[int, int]:
    if not group_ids:
        return {}
    rows = session.execute(
        select(GroupMembership.group_id, func.count(GroupMembership.id))
        .where(GroupMembership.group_id.in_(group_ids),
               GroupMembership.status == MembershipStatus.ACTIVE)
        .group_by(GroupMembership.group_id)
    ).all()
    return dict(rows)


def _view(session: Session, actor: Actor, group: SupportGroup, member: GroupMembership | None,
          count: int) -> GroupView:
    return GroupView(id=group.id, name=group.name, purpose=group.purpose, rules=group.rules,
                     language=group.language, visibility=group.visibility,
                     allow_anonymous=group.allow_anonymous, member_count=count,
                     my_status=member.status if member else "",
                     my_role=member.role if member else "",
                     can_moderate=may_moderate(session, actor, group.id),
                     can_assign_moderators=actor.is_staff)


def list_groups(*, session: Session, actor: Actor) -> list[GroupView]:
    """Groups this member can find: open and by-request ones, and invite-only ones they
    belong to or were invited to (staff see every group)."""
    require(actor, Permission.GROUP_TAKE_PART)
    mine = select(GroupMembership.group_id).where(GroupMembership.user_id == actor.id)
    query = select(SupportGroup)
    if not actor.is_staff:
        query = query.where(or_(SupportGroup.visibility != Visibility.INVITE,
                                SupportGroup.id.in_(mine)))
    groups = session.execute(query.order_by(SupportGroup.name_key)
                             .limit(MAX_GROUPS_LISTED)).scalars().all()
    members = {m.group_id: m for m in session.execute(
        select(GroupMembership).where(GroupMembership.user_id == actor.id)).scalars()}
    counts = _member_counts(session, [group.id for group in groups])
    return [_view(session, actor, group, members.get(group.id), counts.get(group.id, 0))
            for group in groups]


def read_group(*, session: Session, actor: Actor, group_id: object) -> GroupView:
    group = access_group(session, actor, group_id)
    member = membership_of(session, group.id, actor.id)
    count = _member_counts(session, [group.id]).get(group.id, 0)
    return _view(session, actor, group, member, count)


def create_group(*, session: Session, actor: Actor, name: object, purpose: object,
                 rules: object = "", language: object = "en", visibility: object = "open",
                 allow_anonymous: object = False) -> GroupView:
    """Staff open a new group."""
    require(actor, Permission.GROUP_CREATE)
    name_text = clean_line(name, max_length=GROUP_NAME_MAX, empty_key="groups.name_needed")
    purpose_text = clean_line(purpose, max_length=GROUP_PURPOSE_MAX,
                              empty_key="groups.purpose_needed")
    rules_text = clean_body(rules, max_length=GROUP_RULES_MAX) if str(rules or "").strip() else ""
    if not is_language(language):  # any ISO 639 language, not only the interface's two
        raise ServiceError("groups.unknown_language")
    chosen = parse_enum(Visibility, visibility)
    if chosen is None:
        raise ServiceError("groups.unknown_visibility")
    key = display_name_key(name_text)[:GROUP_NAME_MAX]
    if session.execute(select(SupportGroup.id).where(SupportGroup.name_key == key)).first():
        raise ServiceError("groups.name_taken")
    group = SupportGroup(name=name_text, name_key=key, purpose=purpose_text, rules=rules_text,
                         language=str(language), visibility=chosen.value,
                         allow_anonymous=allow_anonymous is True
                         or str(allow_anonymous).lower() in ("true", "on", "yes", "1"),
                         created_by_id=actor.id)
    session.add(group)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ServiceError("groups.name_taken") from None
    audit.record(session, actor=actor, action="group.create", target_type="group",
                 target_id=group.id, detail=f"visibility={group.visibility}")
    session.commit()
    return _view(session, actor, group, None, 0)


def join_group(*, session: Session, actor: Actor, group_id: object) -> str:
    """Join an open group, ask to join a by-request one, or accept an invitation.
    Returns the membership status that results."""
    group = access_group(session, actor, group_id)
    member = membership_of(session, group.id, actor.id)
    if member is not None:
        if member.status == MembershipStatus.REMOVED:
            raise ServiceError("groups.removed_cannot_join")
        if member.status == MembershipStatus.INVITED:
            member.status = MembershipStatus.ACTIVE.value
            session.commit()
        return member.status
    if group.visibility == Visibility.INVITE:
        raise NotFound()
    status = (MembershipStatus.ACTIVE if group.visibility == Visibility.OPEN
              else MembershipStatus.REQUESTED)
    session.add(GroupMembership(group_id=group.id, user_id=actor.id, status=status.value))
    try:
        session.commit()
    except IntegrityError:  # joined twice at once: one membership either way
        session.rollback()
    return status.value


def leave_group(*, session: Session, actor: Actor, group_id: object) -> None:
    """Leave at any time (also withdraws a request or declines an invitation)."""
    group = access_group(session, actor, group_id)
    # Leaving does not undo a moderator's removal (she could then join again).
    session.execute(delete(GroupMembership).where(
        GroupMembership.group_id == group.id, GroupMembership.user_id == actor.id,
        GroupMembership.status != MembershipStatus.REMOVED.value))
    for hook in ON_LEAVE:
        hook(session, group.id, actor.id)
    session.commit()


def _moderated_group(session: Session, actor: Actor, group_id: object) -> SupportGroup:
    group = access_group(session, actor, group_id)
    require(actor, Permission.GROUP_POST_APPROVE, scope_of(session, group.id))
    return group


def list_memberships(*, session: Session, actor: Actor, group_id: object,
                     status: str = MembershipStatus.REQUESTED.value) -> list[MembershipRow]:
    """For the group's moderators: requests waiting, invitations out, or members."""
    group = _moderated_group(session, actor, group_id)
    wanted = parse_enum(MembershipStatus, status) or MembershipStatus.REQUESTED
    rows = session.execute(
        select(GroupMembership, User.display_name)
        .join(User, User.id == GroupMembership.user_id)
        .where(GroupMembership.group_id == group.id, GroupMembership.status == wanted.value)
        .order_by(GroupMembership.created_at).limit(100)
    ).all()
    return [MembershipRow(member_id=m.user_id, display_name=name, role=m.role, status=m.status,
                          since=m.created_at) for m, name in rows]


def decide_request(*, session: Session, actor: Actor, group_id: object, member_id: object,
                   approve: bool) -> None:
    group = _moderated_group(session, actor, group_id)
    member = membership_of(session, group.id, parse_id(member_id))
    if member is None or member.status != MembershipStatus.REQUESTED:
        raise NotFound()
    if approve:
        member.status = MembershipStatus.ACTIVE.value
    else:
        session.delete(member)
    audit.record(session, actor=actor, action="group.request_approve" if approve
                 else "group.request_decline", target_type="group", target_id=group.id,
                 detail=f"member={member.user_id}")
    session.commit()


def invite_member(*, session: Session, actor: Actor, group_id: object,
                  display_name: object) -> None:
    """A group moderator invites a member by nickname; they accept by joining."""
    group = _moderated_group(session, actor, group_id)
    key = display_name_key(str(display_name or ""))[:40]
    user = session.execute(select(User).where(User.display_name_key == key)).scalar_one_or_none()
    if user is None or user.status != Status.ACTIVE or not key:
        raise ServiceError("groups.no_such_member")
    member = membership_of(session, group.id, user.id)
    if member is not None:
        if member.status == MembershipStatus.REQUESTED:
            member.status = MembershipStatus.ACTIVE.value
        elif member.status == MembershipStatus.REMOVED:  # invited back after a removal
            member.status, member.role = (MembershipStatus.INVITED.value,
                                          MemberRole.MEMBER.value)
        else:
            raise ServiceError("groups.already_member")
    else:
        session.add(GroupMembership(group_id=group.id, user_id=user.id,
                                    status=MembershipStatus.INVITED.value))
    audit.record(session, actor=actor, action="group.invite", target_type="group",
                 target_id=group.id, detail=f"member={user.id}")
    session.commit()


def set_group_moderator(*, session: Session, actor: Actor, group_id: object, member_id: object,
                        moderator: bool) -> None:
    """Staff make an active member a moderator of the group, or step them back."""
    require(actor, Permission.GROUP_MODERATOR_ASSIGN)
    group = access_group(session, actor, group_id)
    member = membership_of(session, group.id, parse_id(member_id))
    if member is None or member.status != MembershipStatus.ACTIVE:
        raise NotFound()
    member.role = (MemberRole.MODERATOR if moderator else MemberRole.MEMBER).value
    audit.record(session, actor=actor, action="group.moderator_add" if moderator
                 else "group.moderator_remove", target_type="group", target_id=group.id,
                 detail=f"member={member.user_id}")
    session.commit()
