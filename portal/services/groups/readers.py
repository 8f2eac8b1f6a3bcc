"""Who of a thread's readers may see it, read as plain columns in a fixed number of
statements: the thread and its group (one row), the readers' memberships, their blocks
and anonymous mutes. The rules are ``_access._thread_context``'s, in its order (group
rights, the group's visibility and her membership, then the thread's own status and
author); ``_access`` keeps the refusals' reasons, and the ORM objects a change needs.

Used by every read that only shows a thread: a live push to all its open tabs
(``thread_changes.read_thread_changes_for``), her catch-up after her reply, and a page of
it (``feed.read_thread``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlmodel import Session

from portal.domain.groups import MembershipStatus, Visibility
from portal.domain.permissions import Actor, Permission, require
from portal.models.groups import GroupMembership, GroupThread, SupportGroup
from portal.services.errors import Refused, parse_id
from portal.services.groups._access import _moderates, _thread_visible
from portal.services.groups.anonymous_mutes import HiddenAuthors, hidden_authors_of
from portal.services.plain_rows import plain_rows


def _may_take_part(actor: Actor) -> bool:
    try:
        require(actor, Permission.GROUP_TAKE_PART)
    except Refused:
        return False
    return True


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """What the readers' rules and views read of the thread (``_thread_visible``,
    ``feed._assembled_view``), as plain columns: no ORM object per read."""

    id: int
    group_id: int
    author_id: int | None
    anonymous: bool
    status: str
    title: str
    content_warning: str
    locked: bool
    pinned: bool


@dataclass(frozen=True, slots=True)
class GroupRow:
    """What the readers' rules and views read of the thread's group."""

    id: int
    name: str
    visibility: str
    allow_anonymous: bool


_THREAD_WIDTH = len(ThreadRow.__dataclass_fields__)

# Built once with their values bound at each call (building a statement and its cache
# key per call was a tenth of a push's time).
_FRAME = (select(*(getattr(GroupThread, name) for name in ThreadRow.__dataclass_fields__),
                 *(getattr(SupportGroup, name) for name in GroupRow.__dataclass_fields__))
          .join(SupportGroup, SupportGroup.id == GroupThread.group_id)
          .where(GroupThread.id == bindparam("thread_id")))
_MEMBERS = select(GroupMembership.user_id, GroupMembership.role, GroupMembership.status).where(
    GroupMembership.group_id == bindparam("group_id"),
    GroupMembership.user_id.in_(bindparam("user_ids", expanding=True)))


@dataclass(frozen=True)
class Seen:
    """A thread, its group, and which of its readers may see it (each reader's number
    and whether she moderates it), with the blocks and mutes of every reader who may
    take part in groups."""

    thread: ThreadRow
    group: GroupRow
    hidden: dict[int, HiddenAuthors]
    seeing: list[tuple[int, bool]]


def who_sees(session: Session, thread_id: object, readers: Sequence[Actor]) -> Seen | None:
    """The thread and which readers may see it (``Seen.seeing``, perhaps none), by
    ``_access._thread_context``'s rules, in a fixed number of statements however many
    read. None: no such thread. ``_access`` says why to a reader refused alone."""
    try:
        frame = plain_rows(session, _FRAME, {"thread_id": parse_id(thread_id)}).first()
    except Refused:
        return None
    if frame is None:  # no such thread, or its group is gone
        return None
    thread = ThreadRow(*frame[:_THREAD_WIDTH])
    group = GroupRow(*frame[_THREAD_WIDTH:])
    allowed = [number for number, actor in enumerate(readers) if _may_take_part(actor)]
    reader_ids = {readers[number].id for number in allowed}
    members = {row.user_id: row for row in plain_rows(
        session, _MEMBERS, {"group_id": group.id, "user_ids": list(reader_ids)})
    } if reader_ids else {}
    hidden = hidden_authors_of(session, reader_ids)
    seeing: list[tuple[int, bool]] = []  # (reader number, moderator)
    for number in allowed:
        actor = readers[number]
        member = members.get(actor.id)
        if not actor.is_staff and (
                (group.visibility == Visibility.INVITE and member is None)
                or member is None or member.status != MembershipStatus.ACTIVE):
            continue
        moderator = _moderates(actor, member)
        if _thread_visible(actor, thread, moderator, hidden[actor.id]):
            seeing.append((number, moderator))
    return Seen(thread, group, hidden, seeing)
