"""A group's settings, for its moderators (issue 13 item 10): its name, purpose and
rules, and taking a member out of the group.

Group moderators edit the groups they moderate; site moderators every group. Members
read the new words at once (the group page reads them on every load). Removing a member
keeps a ``removed`` membership row, so she cannot simply join again (a moderator may
invite her back); she is told calmly in her notifications, with no reason and no
moderator's name; she loses the feed, posting and her meeting seats at once. Every
change is audited; a removal's reason is kept in the audit entry only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlmodel import Session

from portal import routes
from portal.domain.groups import (
    GROUP_NAME_MAX,
    GROUP_PURPOSE_MAX,
    GROUP_RULES_MAX,
    MemberRole,
    MembershipStatus,
)
from portal.domain.names import display_name_key
from portal.domain.permissions import Actor, Permission, require
from portal.models import User
from portal.models.groups import GroupMembership, SupportGroup
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups._access import access_group, membership_of, scope_of
from portal.services.groups.membership import ON_LEAVE
from portal.services.groups.posts import clean_body, clean_line
from portal.services.notifications import inbox as notifications

__all__ = ["GroupSettings", "SettingsMember", "read_group_settings", "remove_member",
           "update_group_settings"]

REMOVAL_REASON_MAX = 300
MEMBERS_LISTED = 200


@dataclass(frozen=True)
class SettingsMember:
    member_id: int
    display_name: str
    is_moderator: bool
    is_me: bool


@dataclass(frozen=True)
class GroupSettings:
    id: int
    name: str
    purpose: str
    rules: str
    members: tuple[SettingsMember, ...]


def _group_to_manage(session: Session, actor: Actor, group_id: object) -> SupportGroup:
    """A group this actor moderates (site moderators: any group); anyone else is refused."""
    group = access_group(session, actor, group_id)
    require(actor, Permission.GROUP_POST_APPROVE, scope_of(session, group.id))
    return group


def read_group_settings(*, session: Session, actor: Actor, group_id: object) -> GroupSettings:
    group = _group_to_manage(session, actor, group_id)
    rows = session.execute(
        select(GroupMembership.user_id, GroupMembership.role, User.display_name)
        .join(User, User.id == GroupMembership.user_id)
        .where(GroupMembership.group_id == group.id,
               GroupMembership.status == MembershipStatus.ACTIVE.value)
        .order_by(User.display_name_key).limit(MEMBERS_LISTED)).all()
    return GroupSettings(
        id=group.id, name=group.name, purpose=group.purpose, rules=group.rules,
        members=tuple(SettingsMember(member_id=row.user_id, display_name=row.display_name,
                                     is_moderator=row.role == MemberRole.MODERATOR,
                                     is_me=row.user_id == actor.id) for row in rows))


def update_group_settings(*, session: Session, actor: Actor, group_id: object, name: object,
                          purpose: object, rules: object = "") -> None:
    """Change the group's name, purpose and rules (audited: which fields changed)."""
    group = _group_to_manage(session, actor, group_id)
    name_text = clean_line(name, max_length=GROUP_NAME_MAX, empty_key="groups.name_needed")
    purpose_text = clean_line(purpose, max_length=GROUP_PURPOSE_MAX,
                              empty_key="groups.purpose_needed")
    rules_text = clean_body(rules, max_length=GROUP_RULES_MAX) if str(rules or "").strip() else ""
    key = display_name_key(name_text)[:GROUP_NAME_MAX]
    if session.execute(select(SupportGroup.id).where(SupportGroup.name_key == key,
                                                     SupportGroup.id != group.id)).first():
        raise ServiceError("groups.name_taken")
    changed = [field for field, old, new in (("name", group.name, name_text),
                                             ("purpose", group.purpose, purpose_text),
                                             ("rules", group.rules, rules_text)) if old != new]
    if not changed:
        return
    group.name, group.name_key, group.purpose, group.rules = (name_text, key, purpose_text,
                                                              rules_text)
    audit.record(session, actor=actor, action="group.settings_edit", target_type="group",
                 target_id=group.id, detail="changed=" + ",".join(changed))
    session.commit()


def remove_member(*, session: Session, actor: Actor, group_id: object, member_id: object,
                  reason: object) -> None:
    """Take an active member out of the group, with a reason for the record."""
    group = _group_to_manage(session, actor, group_id)
    why = clean_line(reason, max_length=REMOVAL_REASON_MAX,
                     empty_key="groups_settings.reason_needed")
    membership = membership_of(session, group.id, parse_id(member_id))
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        raise NotFound()
    if membership.user_id == actor.id:
        raise ServiceError("groups_settings.not_yourself")
    if membership.role == MemberRole.MODERATOR and not actor.is_staff:
        # One group moderator does not take out another: that is for site staff.
        raise ServiceError("groups_settings.moderator_needs_staff")
    membership.status, membership.role = (MembershipStatus.REMOVED.value,
                                          MemberRole.MEMBER.value)
    for hook in ON_LEAVE:
        hook(session, group.id, membership.user_id)
    notifications.notify(session, user_id=membership.user_id, kind="group_removal",
                         key="notify.group_removed", params={"group": group.name},
                         link=routes.HELP)
    audit.record(session, actor=actor, action="group.member_remove", target_type="group",
                 target_id=group.id, detail=f"member={membership.user_id} reason={why}")
    session.commit()
