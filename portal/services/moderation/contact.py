"""A member writes to staff from Help; a site moderator answers in her notifications.

What she writes becomes a private item in the review queue (kind ``staff_contact``):
only site moderators see it, never a group's own moderators (it has no group, and the
kind is staff-only), with her pseudonym, her account card and the topic she chose. A
site moderator's short reply arrives in her notifications ("A staff member replied:
..."), closes the item, and is audited (the audit entry names the item, never the
words). Sending is throttled per member, so nobody floods the queue.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from portal import routes
from portal.domain.groups import (
    CONTACT_MESSAGE_MAX,
    CONTACT_REPLY_MAX,
    ContactTopic,
    ItemKind,
    ReviewOutcome,
    parse_enum,
)
from portal.domain.permissions import Actor, Permission, require
from portal.models.groups import ReviewQueueItem
from portal.models.types import utcnow
from portal.services import audit, throttle
from portal.services.errors import NotFound, ServiceError
from portal.services.groups.posts import clean_body, clean_line
from portal.services.moderation.review import access_item
from portal.services.notifications import inbox as notifications

__all__ = ["CONTACTS_PER_DAY", "contact_staff", "reply_to_contact"]

# Enough for a member to follow up a few times; not enough to flood the queue.
CONTACTS_PER_DAY = throttle.Limit("staff_contact", 5, timedelta(days=1))


def contact_staff(*, session: Session, actor: Actor | None, topic: object, message: object,
                  now: datetime | None = None) -> int:
    """Put what she wrote in the site moderators' queue (at the top when she feels
    unsafe). Returns the item's id."""
    require(actor, Permission.MODERATION_STAFF_CONTACT_SEND)
    now = now or utcnow()
    chosen = parse_enum(ContactTopic, topic) if topic else ContactTopic.OTHER
    if chosen is None:
        raise ServiceError("help.contact_topic_unknown")
    words = clean_body(message, max_length=CONTACT_MESSAGE_MAX)
    key = f"user:{actor.id}"
    throttle.check(session, limit=CONTACTS_PER_DAY, key=key, now=now)
    throttle.count(session, limit=CONTACTS_PER_DAY, key=key, now=now)
    item = ReviewQueueItem(kind=ItemKind.STAFF_CONTACT.value, group_id=None,
                           author_id=actor.id, reasons=chosen.reason,
                           urgent=chosen is ContactTopic.SAFETY,
                           note=words, created_at=now)
    session.add(item)
    session.flush()
    audit.record(session, actor=actor, action="moderation.staff_contact_sent",
                 target_type="review_item", target_id=item.id, detail=f"topic={chosen}")
    session.commit()
    return item.id


def reply_to_contact(*, session: Session, actor: Actor | None, item_id: object,
                     reply: object, now: datetime | None = None) -> None:
    """A site moderator answers: the member reads the reply in her notifications."""
    require(actor, Permission.MODERATION_STAFF_CONTACT_REPLY)
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    if item.kind != ItemKind.STAFF_CONTACT:
        raise ServiceError("review.not_a_contact")
    if item.author_id is None:
        raise NotFound()  # she deleted her account: there is nobody to answer
    text = clean_line(reply, max_length=CONTACT_REPLY_MAX, empty_key="review.reply_needed")
    notifications.notify(session, user_id=item.author_id, kind="staff",
                         key="notify.staff_reply", params={"reply": text},
                         link=routes.HELP, dedupe_key=f"staff-contact-reply:{item.id}")
    item.resolved, item.resolved_at, item.resolved_by_id = True, now, actor.id
    item.outcome = ReviewOutcome.REPLIED
    audit.record(session, actor=actor, action="moderation.staff_contact_reply",
                 target_type="review_item", target_id=item.id,
                 detail=f"member={item.author_id}")
    session.commit()
