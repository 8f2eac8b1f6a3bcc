"""Private messages and moderators, proven from both sides.

The promise "A moderator will look at it" is kept when the reporter's report is an item
a site moderator sees, with the message and the few before it, and every decision ends
with a notice to the reporter. Messages get the same text check as group posts: the
partner never reads recruitment or personal details before a moderator has looked.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.i18n import translate
from portal.models import AuditEntry, User
from portal.models.groups import ModerationRecord, ReviewQueueItem
from portal.models.mentoring import MentorMatch, MessageReport
from portal.services import mentoring
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.moderation import members as moderation_members
from portal.services.moderation import queue as moderation
from portal.services.notifications import inbox as notifications
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.refusals import refused

RECRUITING = "I have a paid job abroad for you, no papers needed, text me on WhatsApp"


@pytest.fixture
def people(db_session):
    """Luna (survivor) and Sol (her mentor), a site moderator, a group's own moderator."""
    luna = make_survivor(db_session, name="Survivor Luna")
    sol = make_mentor(db_session, name="Mentor Sol")
    match = make_match(db_session, luna, sol)
    heron = make_moderator(db_session, name="Moderator Heron")
    group = make_group(db_session)
    lead = make_member(db_session, group, moderator=True, established=True, name="Group Lead")
    return luna, sol, match, heron, lead


def say(session, who, match, text):
    return mentoring.send_message(session=session, actor=actor_of(who), match_id=match.id,
                                  body=text)


def thread_of(session, who, match) -> list[str]:
    page = mentoring.list_messages(session=session, actor=actor_of(who), match_id=match.id)
    return [message.body for message in page.messages]


def queue_of(session, who):
    return moderation.list_queue(session=session, actor=actor_of(who)).items


def notices_of(session, who) -> list[str]:
    """Every notice but the usual "new messages" ones (issue 15), which any message brings."""
    page = notifications.list_notifications(session=session, actor=actor_of(who),
                                            language="en")
    return [item.text for item in page.items if item.kind != "message"]


def reported(session, luna, sol, match, reason="recruitment_exploitation"):
    """A short conversation, then Luna reports Sol's last message."""
    for who, text in ((sol, "Hello Luna, how was your week?"), (luna, "Hard, honestly."),
                      (sol, "I'm sorry. What happened?"), (luna, "Work trouble again."),
                      (sol, "Don't tell anyone about our talks, ok?")):
        say(session, who, match, text)
    last = say(session, sol, match, "You owe me for all this help.")
    mentoring.report_message(session=session, actor=actor_of(luna), message_id=last.id,
                             reason=reason)
    return last


# --- a report becomes an item a site moderator sees ---------------------------------------

def test_the_report_is_an_urgent_item_with_the_message_and_the_few_before_it(db_session, people):
    luna, sol, match, heron, lead = people
    reported(db_session, luna, sol, match)
    [item] = queue_of(db_session, heron)
    assert (item.kind, item.urgent, item.author.display_name) == ("message", True, "Mentor Sol")
    case = item.case
    assert (case.reporter_name, case.report_reason, case.match_id, case.match_active) == \
        ("Survivor Luna", "recruitment_exploitation", match.id, True)
    assert [(line.sender_name, line.body, line.is_subject) for line in case.lines] == [
        ("Survivor Luna", "Hard, honestly.", False),
        ("Mentor Sol", "I'm sorry. What happened?", False),
        ("Survivor Luna", "Work trouble again.", False),
        ("Mentor Sol", "Don't tell anyone about our talks, ok?", False),
        ("Mentor Sol", "You owe me for all this help.", True)]
    assert "moderation.private_message_read" in db_session.execute(
        select(AuditEntry.action)).scalars().all()
    # A group's own moderator is a member like Luna: never private messages.
    assert queue_of(db_session, lead) == ()


@pytest.mark.parametrize("reason, urgent", [("unsafe", True), ("self_harm_risk", True),
                                            ("recruitment_exploitation", True),
                                            ("harassment", False), ("other", False)])
def test_safety_recruitment_and_self_harm_reports_go_to_the_top(db_session, people, reason,
                                                                urgent):
    luna, sol, match, heron, _ = people
    reported(db_session, luna, sol, match, reason=reason)
    [item] = queue_of(db_session, heron)
    assert item.urgent is urgent


def test_reporting_twice_or_with_an_unknown_reason_adds_nothing(db_session, people):
    luna, sol, match, heron, _ = people
    last = reported(db_session, luna, sol, match)
    mentoring.report_message(session=db_session, actor=actor_of(luna), message_id=last.id,
                             reason="unsafe")
    with refused(ServiceError, code="mentoring.bad_choice"):
        mentoring.report_message(session=db_session, actor=actor_of(luna),
                                 message_id=last.id, reason="nonsense")
    assert len(db_session.execute(select(ReviewQueueItem.id)).all()) == 1


def test_the_writer_is_never_shown_that_their_message_was_reported(db_session, people):
    luna, sol, match, heron, _ = people
    last = reported(db_session, luna, sol, match)
    sols_view = mentoring.list_messages(session=db_session, actor=actor_of(sol),
                                        match_id=match.id).messages
    assert [m.reported for m in sols_view if m.id == last.id] == [False]
    assert notices_of(db_session, sol) == []


# --- each action, and the reporter's notice ----------------------------------------------

def test_a_warning_reaches_the_writer_and_the_reporter_hears_the_outcome(db_session, people):
    luna, sol, match, heron, _ = people
    reported(db_session, luna, sol, match)
    [item] = queue_of(db_session, heron)
    moderation_members.warn_author(session=db_session, actor=actor_of(heron), item_id=item.id,
                                   reason="Please never ask a mentee for anything in return.")
    assert queue_of(db_session, heron) == ()
    report = db_session.execute(select(MessageReport)).scalar_one()
    assert (report.status, report.outcome, report.resolved_by_id) == \
        ("resolved", "warned", heron.id)
    assert notices_of(db_session, luna) == [
        translate("en", "notify.report_outcome_warned")]
    [note] = groups_feed.my_notes(session=db_session, actor=actor_of(sol))
    assert (note.action, note.reason_text) == \
        ("warn", "Please never ask a mentee for anything in return.")
    [sols_notice] = notices_of(db_session, sol)
    assert "Luna" not in sols_notice and "report" not in sols_notice.lower()


def test_ending_the_match_from_the_queue_ends_it_for_both(db_session, people):
    luna, sol, match, heron, _ = people
    reported(db_session, luna, sol, match, reason="unsafe")
    [item] = queue_of(db_session, heron)
    moderation.end_item_match(session=db_session, actor=actor_of(heron), item_id=item.id)
    db_session.expire_all()
    ended = db_session.get(MentorMatch, match.id)
    assert ended.status == "ended" and ended.ended_by_id == heron.id
    assert ended.ended_reason == "staff"  # counted as "ended by staff", told to nobody
    for who in (luna, sol):  # neither reads "You ended this mentorship"
        view = mentoring.get_match(session=db_session, actor=actor_of(who), match_id=match.id)
        assert view.status == "ended" and not view.ended_by_me
    with refused(ServiceError, code="mentoring.thread_read_only"):
        say(db_session, sol, match, "Why did you do that?")
    assert notices_of(db_session, luna) == [
        translate("en", "notify.report_outcome_match_ended")]
    assert db_session.execute(select(ModerationRecord.action)).scalars().all() == ["end_match"]


def test_suspending_goes_through_staff_and_only_admins_may(db_session, people):
    luna, sol, match, heron, _ = people
    reported(db_session, luna, sol, match, reason="unsafe")
    [item] = queue_of(db_session, heron)
    with refused(PermissionDenied):
        moderation_members.suspend_author(session=db_session, actor=actor_of(heron),
                                          item_id=item.id, reason="Recruiting")
    assert notices_of(db_session, luna) == []
    owl = make_user(db_session, name="Admin Owl", roles=("admin",))
    moderation_members.suspend_author(session=db_session, actor=actor_of(owl), item_id=item.id,
                                      reason="Recruiting")
    db_session.expire_all()
    assert db_session.get(User, sol.id).status == "suspended"
    assert "member.suspend" in db_session.execute(select(AuditEntry.action)).scalars().all()
    assert notices_of(db_session, luna) == [
        translate("en", "notify.report_outcome_suspended")]


def test_dismissing_tells_the_reporter_what_they_can_still_do(db_session, people):
    luna, sol, match, heron, _ = people
    reported(db_session, luna, sol, match, reason="other")
    [item] = queue_of(db_session, heron)
    moderation.dismiss_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    [notice] = notices_of(db_session, luna)
    assert notice == translate("en", "notify.report_outcome_dismissed")
    assert "block" in notice
    assert db_session.get(MentorMatch, match.id).status == "active"


def test_a_group_moderator_cannot_act_on_a_reported_message(db_session, people):
    luna, sol, match, heron, lead = people
    reported(db_session, luna, sol, match)
    item_id = db_session.execute(select(ReviewQueueItem.id)).scalar_one()
    for call in (moderation.dismiss_item, moderation.end_item_match, moderation.claim_item):
        with refused(NotFound):
            call(session=db_session, actor=actor_of(lead), item_id=item_id)
    with refused(NotFound):
        moderation_members.warn_author(session=db_session, actor=actor_of(lead),
                                       item_id=item_id, reason="x")
    assert db_session.get(MentorMatch, match.id).status == "active"
    assert db_session.execute(select(MessageReport.status)).scalar_one() == "open"


# --- the same check as group posts --------------------------------------------------------

def test_recruitment_waits_for_a_moderator_and_the_partner_reads_it_only_after(db_session,
                                                                             people):
    luna, sol, match, heron, _ = people
    sent = say(db_session, sol, match, RECRUITING)
    assert sent.status == "held"
    assert sent.notice_keys == ("mentoring.message_held_review",)  # neutral: nothing given away
    assert RECRUITING not in thread_of(db_session, luna, match)
    assert RECRUITING in thread_of(db_session, sol, match)  # the writer sees it, waiting
    with refused(NotFound):  # Luna cannot even point at it
        mentoring.report_message(session=db_session, actor=actor_of(luna), message_id=sent.id)
    [item] = queue_of(db_session, heron)
    assert (item.kind, item.urgent, item.reasons) == ("held_message", True, ("recruitment",))
    assert item.case.lines[-1].body == RECRUITING
    moderation.approve_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    assert RECRUITING in thread_of(db_session, luna, match)


def test_personal_details_wait_and_a_message_not_delivered_tells_its_writer_why(db_session,
                                                                               people):
    luna, sol, match, heron, _ = people
    sent = say(db_session, luna, match, "My number is 555 201 7788, call me any time")
    assert sent.notice_keys == ("mentoring.message_held_personal_details",)
    assert thread_of(db_session, sol, match) == []
    [item] = queue_of(db_session, heron)
    assert (item.kind, item.urgent) == ("held_message", False)
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item.id,
                           canned="personal_details")
    [mine] = mentoring.list_messages(session=db_session, actor=actor_of(luna),
                                     match_id=match.id).messages
    assert (mine.status, mine.review_key) == ("rejected", "review.reject_canned_personal_details")
    assert thread_of(db_session, sol, match) == []
    # Explained under the message, not as a group post "not published".
    assert groups_feed.my_notes(session=db_session, actor=actor_of(luna)) == []


def test_crisis_words_reach_the_partner_and_show_the_writer_support(db_session, people):
    luna, sol, match, heron, _ = people
    sent = say(db_session, luna, match, "Some nights I feel I can't go on")
    assert sent.status == "visible" and sent.show_crisis_resources
    assert sent.notice_keys == ("moderation.crisis_support",)
    assert thread_of(db_session, sol, match) == ["Some nights I feel I can't go on"]
    # Support is the writer's alone: the partner's view carries nothing of it.
    [theirs] = mentoring.list_messages(session=db_session, actor=actor_of(sol),
                                       match_id=match.id).messages
    assert (theirs.notice_keys, theirs.show_crisis_resources) == ((), False)
    assert queue_of(db_session, heron) == ()


def test_a_hurtful_word_is_refused_kindly_and_nothing_is_sent(db_session, people):
    luna, sol, match, heron, _ = people
    with refused(ServiceError, code="mentoring.message_blocked_slur"):
        say(db_session, sol, match, "what a slut")
    assert thread_of(db_session, luna, match) == [] and thread_of(db_session, sol, match) == []


def test_ordinary_messages_are_delivered_at_once(db_session, people):
    luna, sol, match, heron, _ = people
    sent = say(db_session, sol, match, "See you on Tuesday at the library?")
    assert (sent.status, sent.notice_keys) == ("visible", ())
    assert thread_of(db_session, luna, match) == ["See you on Tuesday at the library?"]
    assert queue_of(db_session, heron) == ()
