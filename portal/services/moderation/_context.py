"""The thread around a reply waiting in the review queue (issue 13 item 10): the post
just before it in the thread (what it answers) and, when that is not the opening post,
the opening post too, each as a short excerpt.

Only what the moderator may see anyway: the queue shows a group moderator their own
groups' items only, and a post that was deleted or not published is left out. A post
made without a name never carries its author's pseudonym here, whoever is looking
(the item's own author card follows the queue's rule)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.groups import PostStatus
from portal.models import User
from portal.models.groups import GroupPost
from portal.services.groups.views import ContextPost, ThreadContext

EXCERPT_MAX = 280
_SHOWN = (PostStatus.VISIBLE.value, PostStatus.HELD.value, PostStatus.HIDDEN.value)


def excerpt(body: str, limit: int = EXCERPT_MAX) -> str:
    text = " ".join(body.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _post(row, names: dict[int, str]) -> ContextPost:
    name = "" if row.anonymous or row.author_id is None else names.get(row.author_id, "")
    return ContextPost(post_id=row.id, author_name=name, anonymous=row.anonymous,
                       excerpt=excerpt(row.body))


def thread_contexts(session: Session, replies: Iterable[tuple[int, int]]
                    ) -> dict[int, ThreadContext]:
    """``replies``: (post id, thread id) of posts that are not a thread's opening post.
    Returns, by post id, what each one answers; three queries whatever the count."""
    replies = list(replies)
    if not replies:
        return {}
    post_ids = [post_id for post_id, _ in replies]
    thread_ids = sorted({thread_id for _, thread_id in replies})
    earlier = GroupPost.__table__.alias("earlier")
    before = dict(session.execute(
        select(GroupPost.id, func.max(earlier.c.id))
        .join(earlier, (earlier.c.thread_id == GroupPost.thread_id)
              & (earlier.c.id < GroupPost.id) & earlier.c.status.in_(_SHOWN))
        .where(GroupPost.id.in_(post_ids))
        .group_by(GroupPost.id)).all())
    openings = {row.thread_id: row for row in session.execute(
        select(GroupPost.id, GroupPost.thread_id, GroupPost.author_id, GroupPost.anonymous,
               GroupPost.body)
        .where(GroupPost.thread_id.in_(thread_ids), GroupPost.is_opening.is_(True),
               GroupPost.status.in_(_SHOWN)))}
    previous_ids = {post_id for post_id in before.values() if post_id is not None}
    previous = {row.id: row for row in session.execute(
        select(GroupPost.id, GroupPost.thread_id, GroupPost.author_id, GroupPost.anonymous,
               GroupPost.body)
        .where(GroupPost.id.in_(previous_ids)))} if previous_ids else {}
    author_ids = {row.author_id for row in (*openings.values(), *previous.values())
                  if row.author_id is not None and not row.anonymous}
    names = dict(session.execute(select(User.id, User.display_name)
                                 .where(User.id.in_(author_ids))).all()) if author_ids else {}
    contexts = {}
    for post_id, thread_id in replies:
        opening = openings.get(thread_id)
        answered = previous.get(before.get(post_id))
        if opening is None and answered is None:
            continue
        contexts[post_id] = ThreadContext(
            replied_to=_post(answered, names) if answered is not None else None,
            opening=_post(opening, names) if opening is not None and (
                answered is None or answered.id != opening.id) else None)
    return contexts
