"""Writing in groups: new threads, replies, edits within 15 minutes, deleting one's own.

Every text is cleaned at write time (``portal.domain.sanitize``), then judged: the
posting policy (mutes, new-member limits, links, pre-moderation) and the watch list
(personal details, recruitment, crisis, slurs). A post is published, held for review
(with an item in the queue), or refused with a kind message.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.groups import (
    CONTENT_WARNING_MAX,
    POST_BODY_MAX,
    THREAD_TITLE_MAX,
    HoldReason,
    PostStatus,
    can_still_edit,
)
from portal.domain.moderation import PostingOutcome, PostingPolicy, check_posting
from portal.domain.permissions import Actor, Permission, require
from portal.domain.sanitize import (
    EmptyText,
    SanitizeError,
    clean_plain_line,
    clean_user_text,
    contains_link,
)
from portal.models import User
from portal.models.groups import GroupPost, GroupThread, SupportGroup
from portal.models.types import utcnow
from portal.services import throttle
from portal.services.errors import ServiceError
from portal.services.groups._access import (
    OwnedPost,
    access_group,
    access_post,
    access_thread,
    may_moderate,
)
from portal.services.groups.anonymous_mutes import hidden_from
from portal.services.groups.transitions import set_post_status
from portal.services.groups.views import PostOutcome
from portal.services.moderation.checks import check_text
from portal.services.moderation.review import hold_for_review, resolve_items_for_post
from portal.services.moderation.standing import (
    author_standing,
    count_approved,
    group_muted_until,
)

POLICY = PostingPolicy()
# A flood limit for everyone (new members also have the 30-second gap).
POSTS_PER_MEMBER = throttle.Limit("group_post_member", 30, timedelta(minutes=10))
BLOCKED_KEY = "moderation.blocked_slur"


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


# --- judging --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Judgement:
    status: PostStatus
    reasons: tuple[str, ...]
    urgent: bool
    message_keys: tuple[str, ...]
    show_crisis_resources: bool
    blocked: bool


def _start_of_utc_day(now: datetime) -> datetime:
    day = now.astimezone(UTC).date()
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _judge(session: Session, actor: Actor, group: SupportGroup, text: str, *, is_thread: bool,
           new_post: bool, now: datetime) -> _Judgement:
    user = session.get(User, actor.id)
    standing = author_standing(session, user, is_staff=may_moderate(session, actor, group.id),
                               now=now)
    group_mute = group_muted_until(session, group.id, actor.id)
    if group_mute is not None and (standing.muted_until is None
                                   or standing.muted_until < group_mute):
        standing = replace(standing, muted_until=group_mute)
    recent: list[datetime] = []
    threads_today = 0
    if new_post:
        latest = session.execute(
            select(func.max(GroupPost.created_at)).where(GroupPost.author_id == actor.id)
        ).scalar_one()
        recent = [latest] if latest is not None else []
        if is_thread:
            threads_today = session.execute(
                select(func.count(GroupThread.id)).where(
                    GroupThread.author_id == actor.id,
                    GroupThread.created_at >= _start_of_utc_day(now))
            ).scalar_one()
    decision = check_posting(policy=POLICY, author=standing, now=now, recent_post_times=recent,
                             threads_today=threads_today, is_thread=is_thread,
                             contains_link=contains_link(text))
    if not decision.may_post:
        raise ServiceError(decision.message_key or "error.not_allowed", **dict(decision.params))
    verdict = check_text(session, actor, text)
    reasons = list(verdict.reasons)
    if verdict.blocked:
        return _Judgement(PostStatus.REJECTED, tuple(reasons), verdict.urgent,
                          verdict.reason_keys, verdict.show_crisis_resources, True)
    # Site moderators write the hotline numbers and warnings: their words are not held.
    watched_hold = verdict.held
    new_member_hold = decision.outcome is PostingOutcome.HELD_FOR_REVIEW
    if new_member_hold:
        reasons.insert(0, HoldReason.NEW_MEMBER.value)
    if watched_hold:
        keys = verdict.reason_keys
    elif new_member_hold:
        keys = (decision.message_key,) if decision.message_key else ()
        if verdict.show_crisis_resources:
            keys = ("moderation.crisis_support", *keys)
    else:
        keys = ("moderation.crisis_support",) if verdict.show_crisis_resources else ()
    held = watched_hold or new_member_hold
    return _Judgement(PostStatus.HELD if held else PostStatus.VISIBLE,
                      tuple(reasons) if held else (), verdict.urgent and watched_hold,
                      keys, verdict.show_crisis_resources, False)


def _count_flood(session: Session, actor: Actor, now: datetime) -> None:
    throttle.check(session, limit=POSTS_PER_MEMBER, key=str(actor.id), now=now)
    throttle.count(session, limit=POSTS_PER_MEMBER, key=str(actor.id), now=now)


def _store(session: Session, *, actor: Actor, thread: GroupThread, body: str,
           content_warning: str, anonymous: bool, is_opening: bool, judgement: _Judgement,
           now: datetime) -> GroupPost:
    post = GroupPost(thread_id=thread.id, group_id=thread.group_id, author_id=actor.id,
                     is_opening=is_opening, body=body, content_warning=content_warning,
                     anonymous=anonymous, status=PostStatus.HELD.value,
                     held_reasons=",".join(judgement.reasons)[:200], urgent=judgement.urgent,
                     created_at=now)
    session.add(post)
    session.flush()
    if judgement.status == PostStatus.VISIBLE:
        set_post_status(session, post, thread, PostStatus.VISIBLE, now)
        count_approved(session, actor.id, now)
    elif judgement.status == PostStatus.REJECTED:
        set_post_status(session, post, thread, PostStatus.REJECTED, now)
        hold_for_review(session, post=post, reasons=judgement.reasons, urgent=True, now=now)
    else:
        hold_for_review(session, post=post, reasons=judgement.reasons,
                        urgent=judgement.urgent, now=now)
    return post


def _outcome(thread: GroupThread, post: GroupPost, judgement: _Judgement) -> PostOutcome:
    status = "blocked" if judgement.blocked else judgement.status.value
    return PostOutcome(thread_id=thread.id, post_id=post.id, status=status,
                       message_keys=judgement.message_keys,
                       show_crisis_resources=judgement.show_crisis_resources)


def _anonymous(group: SupportGroup, anonymous: object) -> bool:
    wanted = anonymous is True or str(anonymous).lower() in ("true", "on", "yes", "1")
    if wanted and not group.allow_anonymous:
        raise ServiceError("groups.anonymous_not_here")
    return wanted


def _refuse_blocked(judgement: _Judgement) -> None:
    """A hurtful word with nothing urgent: store nothing, say so kindly."""
    if judgement.blocked and not judgement.urgent:
        raise PostBlocked(show_crisis_resources=judgement.show_crisis_resources)


# --- public ---------------------------------------------------------------------------

def start_thread(*, session: Session, actor: Actor, group_id: object, title: object,
                 body: object, content_warning: object = "", anonymous: object = False,
                 now: datetime | None = None) -> PostOutcome:
    """Start a conversation in a group the actor belongs to."""
    now = now or utcnow()
    group = access_group(session, actor, group_id, need_member=True)
    title_text = clean_line(title, max_length=THREAD_TITLE_MAX, empty_key="groups.title_needed")
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    hide_name = _anonymous(group, anonymous)
    judgement = _judge(session, actor, group, f"{title_text}\n\n{warning}\n\n{body_text}",
                       is_thread=True, new_post=True, now=now)
    _refuse_blocked(judgement)
    _count_flood(session, actor, now)
    thread = GroupThread(group_id=group.id, author_id=actor.id, title=title_text,
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
    thread, group, moderator = access_thread(session, actor, thread_id)
    if thread.status != PostStatus.VISIBLE:
        raise ServiceError("groups.reply_not_possible")
    if thread.locked and not moderator:
        raise ServiceError("groups.thread_locked")
    if not thread.anonymous and hidden_from(session, actor.id, thread.author_id, False):
        raise ServiceError("groups.reply_not_possible")
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    hide_name = _anonymous(group, anonymous)
    judgement = _judge(session, actor, group, f"{warning}\n\n{body_text}", is_thread=False,
                       new_post=True, now=now)
    _refuse_blocked(judgement)
    _count_flood(session, actor, now)
    post = _store(session, actor=actor, thread=thread, body=body_text, content_warning=warning,
                  anonymous=hide_name, is_opening=False, judgement=judgement, now=now)
    session.commit()
    return _outcome(thread, post, judgement)


def edit_post(*, session: Session, actor: Actor, post_id: object, body: object,
              content_warning: object = "", now: datetime | None = None) -> PostOutcome:
    """The author changes their words within 15 minutes; the new text is judged again
    and may go back to review."""
    now = now or utcnow()
    post, thread, group, _moderator = access_post(session, actor, post_id)
    require(actor, Permission.GROUP_POST_EDIT, OwnedPost(id=post.id, owner_id=post.author_id))
    if post.status not in (PostStatus.VISIBLE, PostStatus.HELD):
        raise ServiceError("groups.cannot_edit_now")
    if not can_still_edit(post.created_at, now):
        raise ServiceError("groups.edit_window_over")
    body_text = clean_body(body)
    warning = clean_line(content_warning, max_length=CONTENT_WARNING_MAX)
    title = thread.title if post.is_opening else ""
    judgement = _judge(session, actor, group, f"{title}\n\n{warning}\n\n{body_text}",
                       is_thread=post.is_opening, new_post=False, now=now)
    if judgement.blocked:
        raise PostBlocked(show_crisis_resources=judgement.show_crisis_resources)
    post.body, post.content_warning, post.edited_at = body_text, warning, now
    if post.is_opening:
        thread.content_warning = warning
    if judgement.status == PostStatus.HELD:
        if post.status == PostStatus.VISIBLE:
            set_post_status(session, post, thread, PostStatus.HELD, now)
        post.held_reasons = ",".join((HoldReason.EDITED.value, *judgement.reasons))[:200]
        post.urgent = post.urgent or judgement.urgent
        hold_for_review(session, post=post, reasons=(HoldReason.EDITED.value,
                                                     *judgement.reasons),
                        urgent=judgement.urgent, now=now)
    session.commit()
    return _outcome(thread, post, judgement)


def delete_post(*, session: Session, actor: Actor, post_id: object,
                now: datetime | None = None) -> None:
    """The author removes their post: the words are erased, not just hidden."""
    now = now or utcnow()
    post, thread, _group, _moderator = access_post(session, actor, post_id)
    require(actor, Permission.GROUP_POST_EDIT, OwnedPost(id=post.id, owner_id=post.author_id))
    set_post_status(session, post, thread, PostStatus.DELETED, now)
    post.body, post.content_warning = "", ""
    if post.is_opening:
        thread.title, thread.content_warning = "", ""
    resolve_items_for_post(session, post_id=post.id, actor_id=actor.id, outcome="withdrawn",
                           now=now)
    session.commit()
