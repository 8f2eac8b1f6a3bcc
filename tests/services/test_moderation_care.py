"""Issue 13 item 3, the moderator's side: an urgent crisis item lets a site moderator
send the member a private care message, in her language, with the deployment's crisis
lines; it arrives in her notifications without her words; it is audited; a second one
for the same item is refused; group moderators and members cannot send it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.groups import ReviewQueueItem
from portal.models.notifications import Notification
from portal.services.errors import NotFound, ServiceError
from portal.services.moderation import care
from portal.services.moderation import queue as moderation
from portal.services.notifications import inbox as notifications
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.refusals import refused

CRISIS_WORDS = "I want to die, I cannot go on like this"


@pytest.fixture
def crisis(db_session):
    s = db_session
    group = make_group(s, name="Evening circle")
    willow = make_member(s, group, established=True, name="Survivor Willow")
    willow.language = "es"
    s.commit()
    luna = make_member(s, group, established=True, name="Survivor Luna", moderator=True)
    heron = make_moderator(s, name="Moderator Heron")
    outcome = thread_by(s, willow, group, title="Tonight", body=CRISIS_WORDS)
    item_id = s.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == outcome.post_id)).scalar_one()
    return dict(s=s, group=group, willow=willow, luna=luna, heron=heron, item_id=item_id)


def send(world, actor=None, template="check_in"):
    return care.send_care_message(session=world["s"], actor=actor_of(actor or world["heron"]),
                                  item_id=world["item_id"], template=template)


def her_notifications(world, language):
    return notifications.list_notifications(session=world["s"], actor=actor_of(world["willow"]),
                                            language=language).items


def test_the_urgent_crisis_item_offers_a_care_message_to_site_moderators(crisis):
    page = moderation.list_queue(session=crisis["s"], actor=actor_of(crisis["heron"]))
    [item] = [view for view in page.items if view.id == crisis["item_id"]]
    assert item.urgent and "crisis" in item.reasons
    assert (item.care_possible, item.care_sent, item.member_language) == (True, False, "es")


def test_a_group_moderator_is_not_offered_it_and_cannot_send_it(crisis):
    luna = crisis["luna"]
    page = moderation.list_queue(session=crisis["s"], actor=actor_of(luna))
    assert all(not view.care_possible for view in page.items)
    with refused(PermissionDenied):
        send(crisis, actor=luna)
    with refused(PermissionDenied):
        send(crisis, actor=crisis["willow"])
    assert crisis["s"].execute(select(Notification.id).where(
        Notification.kind == "care")).first() is None


def test_she_reads_it_in_her_language_with_the_crisis_lines_and_not_her_words(crisis):
    assert send(crisis, template="not_alone") == "es"
    [note] = [n for n in her_notifications(crisis, "es") if n.kind == "care"]
    assert note.text.startswith("No estás sola.")
    assert "1-888-373-7888" in note.text and "988" in note.text and "911" in note.text
    assert "die" not in note.text and "Tonight" not in note.text
    assert note.link == "/help"


def test_the_choices_show_the_moderator_exactly_what_she_will_read(crisis):
    choices = care.care_choices("es")
    assert [choice.template for choice in choices] == list(care.CARE_TEMPLATES)
    send(crisis, template="safety_first")
    [note] = [n for n in her_notifications(crisis, "es") if n.kind == "care"]
    assert note.text == next(c.text for c in choices if c.template == "safety_first")


def test_sending_is_audited_without_any_words(crisis):
    send(crisis)
    [entry] = crisis["s"].execute(select(AuditEntry).where(
        AuditEntry.action == "moderation.care_sent")).scalars().all()
    assert entry.actor_id == crisis["heron"].id and entry.target_id == crisis["item_id"]
    assert entry.detail == f"member={crisis['willow'].id} template=check_in language=es"


def test_a_second_care_message_for_the_same_item_is_refused_and_the_card_says_sent(crisis):
    send(crisis)
    with refused(ServiceError, code="care.already_sent"):
        send(crisis, template="not_alone")
    assert len([n for n in her_notifications(crisis, "en") if n.kind == "care"]) == 1
    page = moderation.list_queue(session=crisis["s"], actor=actor_of(crisis["heron"]))
    [item] = [view for view in page.items if view.id == crisis["item_id"]]
    assert item.care_sent is True
    assert crisis["s"].execute(select(AuditEntry.id).where(
        AuditEntry.action == "moderation.care_sent")).all().__len__() == 1


def test_unknown_templates_and_items_without_crisis_words_are_refused(crisis):
    with refused(ServiceError, code="care.choose_message"):
        send(crisis, template="")
    with refused(ServiceError, code="care.choose_message"):
        send(crisis, template="<script>")
    plain = thread_by(crisis["s"], make_member(crisis["s"], crisis["group"]), crisis["group"],
                      body="Hello everyone, new here.")
    plain_item = crisis["s"].execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == plain.post_id)).scalar_one()
    with refused(ServiceError, code="care.not_a_crisis_item"):
        care.send_care_message(session=crisis["s"], actor=actor_of(crisis["heron"]),
                               item_id=plain_item, template="check_in")
    with refused(NotFound):
        care.send_care_message(session=crisis["s"], actor=actor_of(crisis["heron"]),
                               item_id=999999, template="check_in")


def test_the_lines_follow_the_deployments_country():
    assert care.lines_text("en", "GB") == "08000 121 700 · 116 123 · 999"
    assert care.lines_text("es", "US") == "1-888-373-7888 · mensaje al 233733 · 988 · 911"
