"""Writing in groups: new threads, replies, edits within 15 minutes, deleting one's own.

Each use case reads top to bottom: parse and access in one call, pure judgement, store.
A reply passes each module once (``moderation.standing`` is read in step 1 and written
in step 7), and never climbs back into one it has left:

1. ``_access.access_thread_to_reply``: the id parsed, the actor checked against the
   thread, its group and their membership (``NotFound`` for what they may not see), and
   in the same call what the rules need: the moderator flag, a block between the actor
   and the thread's named author (``anonymous_mutes``), the actor's standing as a writer
   (``moderation.standing``: trust, mutes) and the time of their latest post;
2. ``domain.groups.reply_refusal``: whether this thread takes the reply;
3. ``domain.sanitize``: the words cleaned at write time;
4. ``moderation.checks.check_text``: what the watch list finds in them (personal
   details, recruitment, crisis, slurs);
5. ``domain.moderation_policy.judge_post``: the judgement, pure: refused (no names here,
   a mute, a new member's limits, links), blocked, held for review, or published, with
   the reasons and what to tell the author;
6. ``throttle``: the flood limit everyone has;
7. store: the post and its status (``transitions``), the author's count of approved
   posts (``moderation.standing``) or the review item (``moderation.review``); commit.

A thread starts the same way from ``access_group_to_post`` (no step 2; it also counts
the threads started today); an edit from ``access_own_post`` (the author's own post)
and ``domain.groups.edit_refusal`` (the 15 minutes), and goes back to review when held;
a deletion is ``access_own_post`` then store. A post is published, held for review
(with an item in the queue), or refused with a kind message.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from portal.domain.groups import (
    CONTENT_WARNING_MAX,
    POST_BODY_MAX,
    THREAD_TITLE_MAX,
    HoldReason,
    PostStatus,
    ReviewOutcome,
    edit_refusal,
    reply_refusal,
)
from portal.domain.moderation_policy import (
    PostingPolicy,
    PostJudgement,
    PostVerdict,
    judge_post,
)
from portal.domain.permissions import Actor
from portal.domain.sanitize import EmptyText, SanitizeError, clean_plain_line, clean_user_text
from portal.models.groups import GroupPost, GroupThread
from portal.models.types import utcnow
from portal.services import live, throttle
from portal.services.errors import ServiceError
from portal.services.groups import _access, notices
from portal.services.groups.transitions import set_post_status
from portal.services.groups.views import PostOutcome
from portal.services.moderation.checks import check_text
from portal.services.moderation.review import hold_for_review, resolve_items_for_post
from portal.services.moderation.standing import count_approved

POLICY = PostingPolicy()
# A flood limit for everyone (new members also have the 30-second gap).
POSTS_PER_MEMBER = throttle.Limit("group_post_member", 30, timedelta(minutes=10))
BLOCKED_KEY = "moderation.blocked_slur"
# The status a judged post ends with (every new post is first stored held).
STORED_STATUS = {PostVerdict.VISIBLE: PostStatus.VISIBLE, PostVerdict.HELD: PostStatus.HELD,
                 PostVerdict.BLOCKED: PostStatus.REJECTED}


class PostBlocked(ServiceError):
    """Refused for a hurtful word. Crisis resources still show when crisis words matched."""

    def __init__(self, *, show_crisis_resources: bool) -> None:
        super().__init__(BLOCKED_KEY)
        self.show_crisis_resources = show_crisis_resources


# --- cleaning -------------------------------------------------------------------------

def clean_body(raw: object, *, max_length: int = POST_BODY_MAX) -> str:
    try:
        return clean_user_text(str(raw if raw is not None else ""), max_length=max_length)
    except SanitizeError as refused:
        raise ServiceError(refused.message_key, **refused.params) from None


def clean_line(raw: object, *, max_length: int, empty_key: str | None = None) -> str:
    """A one-line field; empty is allowed unless ``empty_key`` names the refusal."""
    try:
        return clean_plain_line(str(raw if raw is not None else ""), max_length=max_length)
    except EmptyText:
        if empty_key:
            raise ServiceError(empty_key) from None
        return ""
    except SanitizeError as refused:
        raise ServiceError(refused.message_key, **refused.params) from None


def _wants_anonymous(anonymous: object) -> bool:
    return anonymous is True or str(anonymous).lower() in ("true", "on", "yes", "1")


# --- judging --------------------------------------------------------------------------

def _refuse(message_key: str | None) -> None:
    if message_key is not None:
        raise ServiceError(message_key)


def _judge(session: Session, actor: Actor, context: _access.PostingContext, text: str, *,
           now: datetime, is_thread: bool, anonymous: bool = False) -> PostJudgement:
    """What the watch list finds in ``text``, then the domain's judgement; a refusal
    (no names here, a mute, a new member's limits, a link) is raised here."""
    judgement = judge_post(policy=POLICY, author=context.author, now=now, text=text,
                           findings=check_text(session, actor, text), is_thread=is_thread,
                           recent_post_times=context.recent_post_times,
                           threads_today=context.threads_today, anonymous=anonymous,
                           anonymous_allowed=context.group.allow_anonymous)
    if judgement.verdict is PostVerdict.REFUSED:
        raise ServiceError(judgement.message_keys[0], **dict(judgement.params))
    return judgement


def _refuse_blocked(judgement: PostJudgement) -> None:
    """A hurtful word with nothing urgent: store nothing, say so kindly. (An urgent one
    is stored out of sight for the moderators.)"""
    if judgement.verdict is PostVerdict.BLOCKED and not judgement.urgent:
        raise PostBlocked(show_crisis_resources=judgement.show_crisis_resources)


# --- storing --------------------------------------------------------------------------

def _count_flood(session: Session, actor: Actor, now: datetime) -> None:
    throttle.check(session, limit=POSTS_PER_MEMBER, key=str(actor.id), now=now)
    throttle.count(session, limit=POSTS_PER_MEMBER, key=str(actor.id), now=now)


def _store(session: Session, *, actor: Actor, thread: GroupThread, body: str,
           content_warning: str, anonymous: bool, is_opening: bool, judgement: PostJudgement,
           now: datetime) -> GroupPost:
    post = GroupPost(thread_id=thread.id, group_id=thread.group_id, author_id=actor.id,
                     is_opening=is_opening, body=body, content_warning=content_warning,
                     anonymous=anonymous, status=PostStatus.HELD.value,
                     held_reasons=",".join(judgement.reasons)[:200], urgent=judgement.urgent,
                     created_at=now)
    session.add(post)
    session.flush()
    live.changed(session, live.thread_post_topic(thread.id, post.id))  # held too: her tabs
    status = STORED_STATUS[judgement.verdict]
    if status == PostStatus.VISIBLE:
        set_post_status(session, post, thread, PostStatus.VISIBLE, now)
        count_approved(session, actor.id, now)
        notices.reply_published(session, post, thread)
    elif status == PostStatus.REJECTED:
        set_post_status(session, post, thread, PostStatus.REJECTED, now)
        hold_for_review(session, post=post, reasons=judgement.reasons, urgent=True, now=now)
    else:
        hold_for_review(session, post=post, reasons=judgement.reasons,
                        urgent=judgement.urgent, now=now)
    return post


def _outcome(thread: GroupThread, post: GroupPost, judgement: PostJudgement) -> PostOutcome:
    return PostOutcome(thread_id=thread.id, post_id=post.id, status=judgement.verdict.value,
                       message_keys=judgement.message_keys,
                       show_crisis_resources=judgement.show_crisis_resources)


# --- public ---------------------------------------------------------------------------

def start_thread(*, session: Session, actor: Actor, group_id: object, title: object,
                 body: object, content_warning: object = "", anonymous: object = False,
                 now: datetime | None = None) -> PostOutcome:
    """Start a conversation in a group the actor belongs to."""
    now = now or utcnow()
    context = _access.access_group_to_post(session, actor, group_id, now=now)
    title_text = clean_line(title, max_length=THREAD_TITLE_MAX, empty_key="groups.title_needed")
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    hide_name = _wants_anonymous(anonymous)
    judgement = _judge(session, actor, context, f"{title_text}\n\n{warning}\n\n{body_text}",
                       now=now, is_thread=True, anonymous=hide_name)
    _refuse_blocked(judgement)
    _count_flood(session, actor, now)
    thread = GroupThread(group_id=context.group.id, author_id=actor.id, title=title_text,
                         content_warning=warning, anonymous=hide_name,
                         status=PostStatus.HELD.value, created_at=now, last_activity_at=now)
    session.add(thread)
    session.flush()
    post = _store(session, actor=actor, thread=thread, body=body_text, content_warning=warning,
                  anonymous=hide_name, is_opening=True, judgement=judgement, now=now)
    session.commit()
    return _outcome(thread, post, judgement)


def reply(*, session: Session, actor: Actor, thread_id: object, body: object,
          content_warning: object = "", anonymous: object = False,
          now: datetime | None = None) -> PostOutcome:
    """Reply in a thread: not when it is locked (moderators excepted) and never across
    a block between the actor and the author of a named thread. A thread started
    without a name is never refused for who started it: the refusal would name them."""
    now = now or utcnow()
    context = _access.access_thread_to_reply(session, actor, thread_id, now=now)
    thread = context.thread
    _refuse(reply_refusal(thread_status=thread.status, locked=thread.locked,
                          moderator=context.moderator,
                          blocked_with_author=context.blocked_with_author))
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    hide_name = _wants_anonymous(anonymous)
    judgement = _judge(session, actor, context, f"{warning}\n\n{body_text}", now=now,
                       is_thread=False, anonymous=hide_name)
    _refuse_blocked(judgement)
    _count_flood(session, actor, now)
    post = _store(session, actor=actor, thread=thread, body=body_text, content_warning=warning,
                  anonymous=hide_name, is_opening=False, judgement=judgement, now=now)
    session.commit()
    return _outcome(thread, post, judgement)


def edit_post(*, session: Session, actor: Actor, post_id: object, body: object,
              content_warning: object = "", now: datetime | None = None) -> PostOutcome:
    """The author changes their words within 15 minutes; the new text is judged again
    and may go back to review (a hurtful word is refused, urgent or not)."""
    now = now or utcnow()
    context = _access.access_own_post(session, actor, post_id, now=now)
    post, thread = context.post, context.thread
    _refuse(edit_refusal(post_status=post.status, created_at=post.created_at, now=now))
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    title = thread.title if post.is_opening else ""
    judgement = _judge(session, actor, context, f"{title}\n\n{warning}\n\n{body_text}",
                       now=now, is_thread=post.is_opening)
    if judgement.verdict is PostVerdict.BLOCKED:
        raise PostBlocked(show_crisis_resources=judgement.show_crisis_resources)
    post.body, post.content_warning, post.edited_at = body_text, warning, now
    live.changed(session, live.thread_post_topic(thread.id, post.id))
    if post.is_opening:
        thread.content_warning = warning
    if judgement.verdict is PostVerdict.HELD:
        if post.status == PostStatus.VISIBLE:
            set_post_status(session, post, thread, PostStatus.HELD, now)
        reasons = (HoldReason.EDITED.value, *judgement.reasons)
        post.held_reasons = ",".join(reasons)[:200]
        post.urgent = post.urgent or judgement.urgent
        hold_for_review(session, post=post, reasons=reasons, urgent=judgement.urgent, now=now)
    session.commit()
    return _outcome(thread, post, judgement)


def delete_post(*, session: Session, actor: Actor, post_id: object,
                now: datetime | None = None) -> None:
    """The author removes their post: the words are erased, not just hidden."""
    now = now or utcnow()
    context = _access.access_own_post(session, actor, post_id)
    post, thread = context.post, context.thread
    set_post_status(session, post, thread, PostStatus.DELETED, now)
    post.body, post.content_warning = "", ""
    if post.is_opening:
        thread.title, thread.content_warning = "", ""
    resolve_items_for_post(session, post_id=post.id, actor_id=actor.id,
                           outcome=ReviewOutcome.WITHDRAWN, now=now)
    session.commit()
