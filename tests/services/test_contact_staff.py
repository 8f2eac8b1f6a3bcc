"""Help's "write to staff" form, from every side: what a member writes lands in the site
moderators' queue under her pseudonym, never in a group moderator's; it is throttled;
a site moderator's reply reaches her notifications and is audited; group moderators
cannot answer it; it goes with her account when she deletes it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models import AuditEntry
from portal.models.groups import ReviewQueueItem
from portal.models.types import utcnow
from portal.services.accounts import my_data
from portal.services.errors import NotFound, PermissionDenied, ServiceError, Throttled
from portal.services.moderation import contact
from portal.services.moderation import queue as moderation
from portal.services.notifications import inbox as notifications
from tests.factories.accounts import PASSPHRASE, actor_of
from tests.factories.groups import make_group, make_member, make_moderator
from tests.refusals import refused

WORDS = "Someone in my group keeps writing to me. What can I do?"


@pytest.fixture
def world(db_session):
    s = db_session
    group = make_group(s, name="Evening circle")
    willow = make_member(s, group, established=True, name="Survivor Willow")
    # Luna moderates the group: a member, not site staff.
    luna = make_member(s, group, established=True, name="Survivor Luna", moderator=True)
    heron = make_moderator(s, name="Moderator Heron")
    return dict(s=s, group=group, willow=willow, luna=luna, heron=heron)


def send(world, member=None, words=WORDS, topic="groups", now=None):
    return contact.contact_staff(session=world["s"], actor=actor_of(member or world["willow"]),
                                 topic=topic, message=words, now=now)


def test_what_she_writes_lands_in_the_site_moderators_queue_under_her_pseudonym(world):
    item_id = send(world)
    page = moderation.list_queue(session=world["s"], actor=actor_of(world["heron"]))
    [item] = [view for view in page.items if view.id == item_id]
    assert item.kind == "staff_contact"
    assert item.body == WORDS
    assert item.reasons == ("contact_groups",)
    assert item.author is not None and item.author.display_name == "Survivor Willow"


def test_a_group_moderator_never_sees_or_answers_it(world):
    item_id = send(world)
    luna = actor_of(world["luna"])
    page = moderation.list_queue(session=world["s"], actor=luna)
    assert item_id not in [view.id for view in page.items]
    with refused(PermissionDenied, NotFound):
        contact.reply_to_contact(session=world["s"], actor=luna, item_id=item_id,
                                 reply="Hello")
    assert world["s"].get(ReviewQueueItem, item_id).resolved is False


def test_sending_is_throttled(world):
    now = utcnow()
    for _ in range(contact.CONTACTS_PER_DAY.attempts):
        send(world, now=now)
    with pytest.raises(Throttled):
        send(world, now=now + timedelta(minutes=1))
    # Another member is not slowed by her.
    send(world, member=world["luna"], now=now)


def test_empty_or_unknown_topic_is_refused_calmly(world):
    with refused(ServiceError):
        send(world, words="   ")
    with refused(ServiceError, code="help.contact_topic_unknown"):
        send(world, topic="nonsense")


def test_the_reply_reaches_her_notifications_and_is_audited(world):
    item_id = send(world)
    heron = actor_of(world["heron"])
    contact.reply_to_contact(session=world["s"], actor=heron, item_id=item_id,
                             reply="Thank you for telling us. You can block them.")
    page = notifications.list_notifications(session=world["s"],
                                            actor=actor_of(world["willow"]))
    assert any("You can block them." in note.text and "staff member replied" in note.text
               for note in page.items)
    item = world["s"].get(ReviewQueueItem, item_id)
    assert item.resolved and item.outcome == "replied" and item.resolved_by_id == heron.id
    entries = world["s"].execute(select(AuditEntry).where(
        AuditEntry.action == "moderation.staff_contact_reply")).scalars().all()
    assert [(entry.actor_id, entry.target_id) for entry in entries] == [(heron.id, item_id)]
    # The audit log keeps what was done, never her words or the reply.
    assert "block" not in entries[0].detail
    # Answered: it leaves the queue.
    waiting = moderation.list_queue(session=world["s"], actor=heron)
    assert item_id not in [view.id for view in waiting.items]


def test_a_member_cannot_reply_to_herself(world):
    item_id = send(world)
    with refused(PermissionDenied):
        contact.reply_to_contact(session=world["s"], actor=actor_of(world["willow"]),
                                 item_id=item_id, reply="Hi")


def test_her_words_to_staff_go_with_her_account(world):
    item_id = send(world)
    my_data.delete_my_account(session=world["s"], actor=actor_of(world["willow"]),
                              passphrase=PASSPHRASE)
    world["s"].expire_all()
    assert world["s"].get(ReviewQueueItem, item_id) is None


def test_a_visitor_cannot_write_to_staff(world):
    with refused(PermissionDenied):
        contact.contact_staff(session=world["s"], actor=None, topic="other", message=WORDS)


def test_feeling_unsafe_goes_to_the_top_of_the_queue(world):
    calm = send(world, topic="account")
    unsafe = send(world, topic="safety")
    page = moderation.list_queue(session=world["s"], actor=actor_of(world["heron"]))
    ids = [view.id for view in page.items]
    assert ids.index(unsafe) < ids.index(calm)
    assert world["s"].get(ReviewQueueItem, unsafe).urgent
