"""What groups tell people in their notifications, in the caller's transaction.

The member who started a conversation hears of each reply others publish in it, as a
reload would show it to her: never a reply she may not see (a named reply across a
block, either way; an anonymous reply from an author she muted), never her own, and an
anonymous reply never with a name. An author hears that a moderator published her
waiting post, or did not, with the reason as the moderator gave it.
"""

from __future__ import annotations

from sqlmodel import Session

from portal import routes
from portal.domain.groups import PostStatus
from portal.domain.notification_kinds import NotificationKind
from portal.domain.permissions import PermissionDenied
from portal.models.groups import GroupPost, GroupThread, SupportGroup
from portal.services.accounts.members import load_actor
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import _access
from portal.services.groups.anonymous_mutes import ViewerHides
from portal.services.groups.transitions import reason_parts
from portal.services.notifications import inbox as notifications
from portal.services.notifications.inbox import MAX_PARAM_TEXT


def _group_name(session: Session, thread: GroupThread) -> str:
    group = session.get(SupportGroup, thread.group_id)
    return group.name if group is not None else ""


def _starter_sees(session: Session, starter_id: int, post: GroupPost) -> bool:
    """Whether the thread's starter would see this reply on a reload: a member of the
    group, able to open the thread, the reply not hidden from her. Site staff and group
    moderators see more than members do, so the block rule is asked here as well."""
    hides = ViewerHides(session, starter_id)
    if hides.hides(post.author_id, post.anonymous):
        return False
    reader = load_actor(session, starter_id)
    if reader is None:
        return False
    try:
        _access.access_post(session, reader, post.id, hides=hides)
    except (NotFound, ServiceError, PermissionDenied):
        return False
    return True


def reply_published(session: Session, post: GroupPost, thread: GroupThread) -> None:
    """A reply is now visible: tell whoever started the conversation (once per reply)."""
    starter_id = thread.author_id
    if (post.is_opening or post.status != PostStatus.VISIBLE or starter_id is None
            or starter_id == post.author_id or not _starter_sees(session, starter_id, post)):
        return
    params: dict[str, object] = {"group": _group_name(session, thread)}
    if post.anonymous:
        key = "notify.thread_reply_anonymous"
    else:
        key = "notify.thread_reply"
        params["by_member"] = post.author_id
    notifications.notify(session, user_id=starter_id,
                         kind=NotificationKind.THREAD_REPLY.value, key=key, params=params,
                         link=routes.group_thread(thread.id),
                         dedupe_key=f"thread-reply:{post.id}")


def post_published(session: Session, post: GroupPost, thread: GroupThread,
                   moderator_id: int) -> None:
    """A moderator published the author's waiting post."""
    if post.author_id is None or post.author_id == moderator_id:
        return
    notifications.notify(session, user_id=post.author_id,
                         kind=NotificationKind.POST_REVIEW.value, key="notify.post_approved",
                         params={"group": _group_name(session, thread)},
                         link=routes.group_thread(thread.id))


def post_not_published(session: Session, post: GroupPost, thread: GroupThread,
                       moderator_id: int, reason: str) -> None:
    """A moderator did not publish the author's post: the reason as they gave it (a
    canned one in the author's own language)."""
    if post.author_id is None or post.author_id == moderator_id:
        return
    canned_key, written = reason_parts(reason)
    params: dict[str, object] = {"group": _group_name(session, thread)}
    if canned_key:
        key, params["reason_key"] = "notify.post_rejected_canned", canned_key
    else:
        # A notification holds a short text: a longer reason is cut with an ellipsis (she
        # reads it whole under her post).
        shown = written if len(written) <= MAX_PARAM_TEXT else written[:MAX_PARAM_TEXT - 1] + "…"
        key, params["reason"] = "notify.post_rejected_written", shown
    notifications.notify(session, user_id=post.author_id,
                         kind=NotificationKind.POST_REVIEW.value, key=key, params=params,
                         link=routes.group_thread(thread.id))
