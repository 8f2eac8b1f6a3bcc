"""Notifications for what matters (issue 15, item 2), each proven from both sides.

Each kind reaches the right person once and nobody else; messages are one notice per
thread while unread and never carry their words; a held message tells the partner
nothing until a moderator delivers it; a reply across a block never notifies, and an
anonymous reply never names its writer; a member's choice per kind is hers alone, and
security notices cannot be turned off.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.notification_kinds import OPTIONAL_KINDS, is_optional
from portal.domain.permissions import PermissionDenied
from portal.i18n import translate
from portal.models.notifications import MutedNotificationKind, Notification
from portal.services import mentoring
from portal.services.accounts import blocks, my_data
from portal.services.errors import ServiceError
from portal.services.groups import anonymous_mutes
from portal.services.moderation import queue as moderation
from portal.services.notifications import choices
from portal.services.notifications import inbox as notifications
from tests.factories import count_rows
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

RECRUITING = "I have a paid job abroad for you, no papers needed, text me on WhatsApp"


def notices(session, who, kind: str | None = None, language: str | None = None) -> list:
    """Her notifications, in her own language unless ``language`` says otherwise."""
    page = notifications.list_notifications(session=session, actor=actor_of(who),
                                            language=language)
    return [item for item in page.items if kind is None or item.kind == kind]


def texts(session, who, kind: str | None = None, language: str | None = None) -> list[str]:
    return [item.text for item in notices(session, who, kind, language)]


def stored(session, who) -> list[Notification]:
    return list(session.execute(select(Notification).where(Notification.user_id == who.id)
                                .order_by(Notification.id)).scalars())


def turn(session, who, kind: str, on: bool):
    return choices.choose_notification_kind(session=session, actor=actor_of(who), kind=kind,
                                            on=on)


# --- requests ---------------------------------------------------------------------------

@pytest.fixture
def pair(db_session):
    luna = make_survivor(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    river = make_mentor(db_session, name="Mentor River")
    return luna, sol, river


def ask(session, survivor, mentor):
    return mentoring.send_request(session=session, actor=actor_of(survivor),
                                  mentor_id=mentor.id, note="Hello")


def test_a_new_request_notifies_that_mentor_once_and_nobody_else(db_session, pair):
    luna, sol, river = pair
    ask(db_session, luna, sol)
    [notice] = notices(db_session, sol)
    assert notice.kind == "mentoring_request" and notice.link == "/mentoring/desk"
    assert notice.text == translate("en", "notify.request_received",
                                    from_member="Survivor Luna")
    assert stored(db_session, luna) == [] and stored(db_session, river) == []


def test_a_request_the_team_suggests_notifies_the_mentor_too(db_session):
    heron = make_user(db_session, name="Moderator Heron", roles=("moderator",))
    juniper = make_mentor(db_session, name="Mentor Juniper", capacity=2)
    willow = make_survivor(db_session, name="Survivor Willow")
    proposal = mentoring.propose_assignment(session=db_session, actor=actor_of(heron))
    mentoring.publish_proposal(session=db_session, actor=actor_of(heron),
                               proposal_id=proposal.id, publish_as="requests")
    assert texts(db_session, juniper) == [translate("en", "notify.request_suggested",
                                                    from_member="Survivor Willow")]
    assert stored(db_session, willow) == [] and stored(db_session, heron) == []


def test_accepting_tells_the_survivor_and_links_to_the_new_thread(db_session, pair):
    luna, sol, river = pair
    request = ask(db_session, luna, sol)
    match = mentoring.accept_request(session=db_session, actor=actor_of(sol),
                                     request_id=request.id)
    [notice] = notices(db_session, luna)
    assert notice.kind == "request_answer"
    assert notice.text == translate("en", "notify.request_accepted", by_member="Mentor Sol")
    assert notice.link == f"/mentoring/messages?match={match.id}"
    assert [n.kind for n in notices(db_session, sol)] == ["mentoring_request"]
    assert stored(db_session, river) == []


def test_declining_is_kind_and_shows_the_next_step(db_session, pair):
    luna, sol, _river = pair
    request = ask(db_session, luna, sol)
    mentoring.decline_request(session=db_session, actor=actor_of(sol), request_id=request.id)
    [notice] = notices(db_session, luna)
    assert notice.kind == "request_answer" and notice.link == "/mentoring/find"
    assert "not about you" in notice.text and "Find a mentor" in notice.text
    [spanish] = texts(db_session, luna, language="es")
    assert "No tiene que ver contigo" in spanish
    assert [n.kind for n in notices(db_session, sol)] == ["mentoring_request"]


def test_after_a_decline_she_asks_another_mentor_who_hears_of_it(db_session, pair):
    """The next step the kind decline names: another mentor, asked, is told at once."""
    luna, sol, river = pair
    request = ask(db_session, luna, sol)
    mentoring.decline_request(session=db_session, actor=actor_of(sol), request_id=request.id)
    ask(db_session, luna, river)
    assert texts(db_session, river) == [translate("en", "notify.request_received",
                                                  from_member="Survivor Luna")]


def test_a_mentor_who_fills_up_closes_other_requests_with_a_kind_word(db_session):
    sol = make_mentor(db_session, name="Mentor Sol", capacity=1)
    luna = make_survivor(db_session, name="Survivor Luna")
    willow = make_survivor(db_session, name="Survivor Willow")
    first, _second = ask(db_session, luna, sol), ask(db_session, willow, sol)
    mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=first.id)
    assert [n.kind for n in notices(db_session, luna)] == ["request_answer"]
    assert texts(db_session, willow) == [translate("en", "notify.request_mentor_full",
                                                   by_member="Mentor Sol")]


# --- private messages ---------------------------------------------------------------------

@pytest.fixture
def matched(db_session):
    luna = make_survivor(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    return luna, sol, make_match(db_session, luna, sol)


def say(session, who, match, words):
    return mentoring.send_message(session=session, actor=actor_of(who), match_id=match.id,
                                  body=words)


def test_messages_are_one_notice_per_thread_while_unread_and_never_their_words(db_session,
                                                                              matched):
    luna, sol, match = matched
    for words in ("Hola Luna", "The bakery called back", "Bring your folder on Tuesday"):
        say(db_session, sol, match, words)
    [notice] = notices(db_session, luna, "message")
    assert notice.text == "New messages from Mentor Sol in your mentorship."
    assert notice.link == f"/mentoring/messages?match={match.id}"
    row = stored(db_session, luna)[0]
    assert "bakery" not in str(row.params) and "bakery" not in notice.text
    assert stored(db_session, sol) == []  # nobody hears of her own words
    # Read: the next message brings a new notice, and only one again.
    notifications.mark_read(session=db_session, actor=actor_of(luna), notification_id=notice.id)
    say(db_session, sol, match, "Are you there?")
    say(db_session, sol, match, "No rush")
    assert [n.read for n in notices(db_session, luna, "message")] == [False, True]
    # Both ways: Sol hears of Luna's messages in the same way; "mark all" also regroups.
    say(db_session, luna, match, "Yes, thank you")
    say(db_session, luna, match, "Tuesday is fine")
    assert len(notices(db_session, sol, "message")) == 1
    notifications.mark_all_read(session=db_session, actor=actor_of(sol))
    say(db_session, luna, match, "See you then")
    assert [n.read for n in notices(db_session, sol, "message")] == [False, True]


def test_each_mentorship_is_its_own_thread_and_strangers_hear_nothing(db_session, matched):
    luna, sol, match = matched
    maple = make_survivor(db_session, name="Survivor Maple")
    other = make_match(db_session, maple, sol)
    outsider = make_survivor(db_session)
    say(db_session, luna, match, "Hola")
    say(db_session, maple, other, "Hello")
    say(db_session, maple, other, "Are you free Monday?")
    assert sorted(texts(db_session, sol, "message")) == [
        "New messages from Survivor Luna in your mentorship.",
        "New messages from Survivor Maple in your mentorship."]
    assert stored(db_session, outsider) == []
    assert stored(db_session, luna) == [] and stored(db_session, maple) == []


def test_a_held_message_notifies_the_partner_only_once_a_moderator_delivers_it(db_session,
                                                                              matched):
    luna, sol, match = matched
    heron = make_moderator(db_session, name="Moderator Heron")
    sent = say(db_session, sol, match, RECRUITING)
    assert sent.status == "held"
    assert stored(db_session, luna) == []  # she must not learn a held message exists
    [item] = [i for i in moderation.list_queue(session=db_session, actor=actor_of(heron)).items
              if i.kind == "held_message"]
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    assert texts(db_session, luna, "message") == [
        "New messages from Mentor Sol in your mentorship."]
    assert stored(db_session, sol) == [] and stored(db_session, heron) == []


def test_a_held_message_a_moderator_does_not_deliver_never_notifies(db_session, matched):
    luna, sol, match = matched
    heron = make_moderator(db_session)
    say(db_session, sol, match, RECRUITING)
    [item] = [i for i in moderation.list_queue(session=db_session, actor=actor_of(heron)).items
              if i.kind == "held_message"]
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item.id,
                           canned="recruitment")
    assert stored(db_session, luna) == []


# --- replies in a thread she started ------------------------------------------------------

@pytest.fixture
def circle(db_session):
    """A group that allows posts without a name; Willow started a conversation there."""
    group = make_group(db_session, name="Morning check-in", allow_anonymous=True)
    willow = make_member(db_session, group, name="Survivor Willow", established=True)
    maple = make_member(db_session, group, name="Survivor Maple", established=True)
    heron = make_moderator(db_session, group, name="Moderator Heron")
    named = thread_by(db_session, willow, group, title="Mornings", body="How do you start?")
    hidden = thread_by(db_session, willow, group, title="Nights", body="Hard nights.",
                       anonymous=True)
    return group, willow, maple, heron, named, hidden


def test_a_reply_tells_the_starter_once_and_never_the_replier(db_session, circle):
    group, willow, maple, _heron, named, _hidden = circle
    reply = reply_by(db_session, maple, named.thread_id, body="Tea and a walk.")
    [notice] = notices(db_session, willow)
    assert notice.kind == "thread_reply"
    assert notice.text == "Survivor Maple replied to your conversation in Morning check-in."
    assert notice.link == f"/groups/thread?id={named.thread_id}"
    assert "Tea" not in notice.text
    assert stored(db_session, maple) == []
    # Her own reply in her own thread tells nobody.
    reply_by(db_session, willow, named.thread_id, body="Same here.")
    assert len(stored(db_session, willow)) == 1
    assert reply.status == "visible"


def test_an_anonymous_reply_never_names_its_writer(db_session, circle):
    _group, willow, maple, _heron, named, _hidden = circle
    reply_by(db_session, maple, named.thread_id, body="Me too.", anonymous=True)
    [row] = stored(db_session, willow)
    assert row.message_key == "notify.thread_reply_anonymous"
    assert maple.id not in row.params.values()
    for language in ("en", "es"):
        [text] = texts(db_session, willow, language=language)
        assert "Maple" not in text
    assert texts(db_session, willow) == ["Someone replied to your conversation in"
                                         " Morning check-in."]


@pytest.mark.parametrize("who_blocks", ["starter", "replier"])
def test_a_named_reply_across_a_block_never_notifies(db_session, circle, who_blocks):
    _group, willow, maple, _heron, _named, hidden = circle
    blocker, blocked = (willow, maple) if who_blocks == "starter" else (maple, willow)
    blocks.block_member(session=db_session, actor=actor_of(blocker), member_id=blocked.id)
    # Her thread without a name still takes replies from anyone (refusing would name her).
    reply_by(db_session, maple, hidden.thread_id, body="Named words.")
    assert stored(db_session, willow) == []


def test_an_anonymous_reply_from_someone_she_muted_never_notifies(db_session, circle):
    _group, willow, maple, _heron, _named, hidden = circle
    first = reply_by(db_session, maple, hidden.thread_id, body="First.", anonymous=True)
    assert len(stored(db_session, willow)) == 1
    anonymous_mutes.mute(db_session, muter_id=willow.id, author_id=maple.id,
                         post_id=first.post_id, now=stored(db_session, willow)[0].created_at)
    db_session.commit()
    reply_by(db_session, maple, hidden.thread_id, body="Second.", anonymous=True)
    assert len(stored(db_session, willow)) == 1


def test_an_anonymous_reply_from_someone_she_blocked_by_name_notifies_without_a_name(
        db_session, circle):
    """A named block hides named posts only (THREATS #14): she sees the reply on reload,
    so a notice that went missing would tell her who wrote it. It names nobody."""
    _group, willow, maple, _heron, _named, hidden = circle
    blocks.block_member(session=db_session, actor=actor_of(willow), member_id=maple.id)
    reply_by(db_session, maple, hidden.thread_id, body="Thinking of you.", anonymous=True)
    assert texts(db_session, willow) == ["Someone replied to your conversation in"
                                         " Morning check-in."]


def test_a_starter_who_left_the_group_hears_nothing(db_session, circle):
    from portal.services.groups import membership

    group, willow, maple, _heron, named, _hidden = circle
    membership.leave_group(session=db_session, actor=actor_of(willow), group_id=group.id)
    reply_by(db_session, maple, named.thread_id, body="Still here.")
    assert stored(db_session, willow) == []


# --- her post, reviewed -------------------------------------------------------------------

@pytest.fixture
def waiting(db_session, circle):
    """A newcomer's reply in Willow's conversation, held for review."""
    group, willow, _maple, heron, named, _hidden = circle
    fern = make_member(db_session, group, name="New Fern")
    outcome = reply_by(db_session, fern, named.thread_id, body="Hi all, I am new here.")
    assert outcome.status == "held"
    [item] = [i for i in moderation.list_queue(session=db_session, actor=actor_of(heron)).items
              if i.post_id == outcome.post_id]
    return willow, fern, heron, item, named


def test_approving_tells_the_author_and_then_the_starter_of_the_reply(db_session, waiting):
    willow, fern, heron, item, named = waiting
    assert stored(db_session, willow) == []  # nothing while it waits
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    [notice] = notices(db_session, fern)
    assert notice.kind == "post_review"
    assert notice.text == "Your post in Morning check-in is now published. Thank you for waiting."
    assert notice.link == f"/groups/thread?id={named.thread_id}"
    assert texts(db_session, willow) == ["New Fern replied to your conversation in"
                                         " Morning check-in."]
    assert stored(db_session, heron) == []


def test_rejecting_gives_the_author_the_canned_reason_in_her_language(db_session, waiting):
    willow, fern, heron, item, _named = waiting
    fern.language = "es"
    db_session.commit()
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item.id,
                           canned="off_topic")
    [spanish] = texts(db_session, fern)
    assert translate("es", "review.reject_canned_off_topic") in spanish
    [english] = texts(db_session, fern, language="en")
    assert translate("en", "review.reject_canned_off_topic") in english
    assert stored(db_session, willow) == []  # a reply never published tells the starter nothing


def test_rejecting_gives_the_author_the_moderators_own_words(db_session, waiting):
    _willow, fern, heron, item, _named = waiting
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item.id,
                           written="Please say hello in the welcome thread")
    [notice] = notices(db_session, fern)
    assert notice.kind == "post_review"
    assert "Please say hello in the welcome thread" in notice.text
    assert "I am new here" not in notice.text


def test_a_long_written_reason_is_cut_with_an_ellipsis_never_silently(db_session, waiting):
    _willow, fern, heron, item, _named = waiting
    reason = "Please keep this group for mornings. " * 10
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item.id,
                           written=reason)
    [row] = stored(db_session, fern)
    assert len(row.params["reason"]) == 200 and row.params["reason"].endswith("…")
    assert reason.strip().startswith(row.params["reason"][:-1].strip())


# --- her choice per kind ------------------------------------------------------------------

def test_every_optional_kind_starts_on_and_security_is_never_optional():
    assert not is_optional("security") and not is_optional("report")
    assert {kind.value for kind in OPTIONAL_KINDS} == {
        "message", "thread_reply", "mentoring_request", "request_answer", "post_review"}


def test_a_kind_she_turned_off_adds_nothing_and_security_still_reaches_her(db_session,
                                                                          matched):
    luna, sol, match = matched
    view = choices.notification_choices(session=db_session, actor=actor_of(luna))
    assert all(choice.on for choice in view.kinds) and view.off == ()
    assert turn(db_session, luna, "message", False).off == ("message",)
    say(db_session, sol, match, "Hola")
    assert stored(db_session, luna) == []
    notifications.notify(db_session, user_id=luna.id, kind="security",
                         key="notify.recovery_codes_changed", link="/account")
    db_session.commit()
    assert [row.kind for row in stored(db_session, luna)] == ["security"]
    # Back on: the next message notifies again.
    assert turn(db_session, luna, "message", True).off == ()
    say(db_session, sol, match, "Hola again")
    assert [row.kind for row in stored(db_session, luna)] == ["security", "message"]


def test_her_choice_is_hers_alone(db_session, matched):
    luna, sol, match = matched
    turn(db_session, luna, "message", False)
    turn(db_session, luna, "message", False)  # twice is the same as once
    assert count_rows(db_session, MutedNotificationKind) == 1
    assert choices.notification_choices(session=db_session, actor=actor_of(sol)).off == ()
    say(db_session, luna, match, "Hello Sol")
    assert texts(db_session, sol, "message") == [
        "New messages from Survivor Luna in your mentorship."]


@pytest.mark.parametrize("kind", ["security", "report", "care", "nonsense", "", None, 3,
                                  ["message"]])
def test_always_on_and_unknown_kinds_cannot_be_turned_off(db_session, kind):
    luna = make_survivor(db_session)
    with refused(ServiceError, code="notify.kind_unknown"):
        turn(db_session, luna, kind, False)
    assert count_rows(db_session, MutedNotificationKind) == 0


def test_an_unclear_on_or_off_changes_nothing(db_session):
    luna = make_survivor(db_session)
    with refused(ServiceError, code="notify.kind_unknown"):
        choices.choose_notification_kind(session=db_session, actor=actor_of(luna),
                                         kind="message", on="maybe")
    assert count_rows(db_session, MutedNotificationKind) == 0


def test_a_suspended_member_cannot_change_choices(db_session):
    paused = make_user(db_session, status="suspended")
    with pytest.raises(PermissionDenied):
        turn(db_session, paused, "message", False)
    assert count_rows(db_session, MutedNotificationKind) == 0


def test_her_choices_are_in_her_data_and_leave_with_her_account(db_session, matched):
    luna, _sol, _match = matched
    turn(db_session, luna, "thread_reply", False)
    exported = my_data.export_my_data(session=db_session, actor=actor_of(luna))
    assert exported["notification_choices"] == {"turned_off": ["thread_reply"]}
    my_data.delete_my_account(session=db_session, actor=actor_of(luna), passphrase=PASSPHRASE)
    assert count_rows(db_session, MutedNotificationKind) == 0
