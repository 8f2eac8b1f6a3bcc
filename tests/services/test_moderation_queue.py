"""The review queue: order, scope, claims, decisions, acting on authors, history, watched
words, and reported private messages from mentoring."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry, User
from portal.models.groups import GroupPost, ModerationRecord, ReviewQueueItem, WatchedWordEntry
from portal.models.types import utcnow
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.moderation import members as moderation_members
from portal.services.moderation import queue as moderation
from portal.services.moderation import review as moderation_review
from portal.services.moderation import watched_words
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.refusals import refused


def item_for(session, post_id: int) -> int:
    return session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == post_id)).scalar_one()


def snapshot(session):
    session.expire_all()
    return (session.execute(select(GroupPost.id, GroupPost.status, GroupPost.body)).all(),
            session.execute(select(ReviewQueueItem.id, ReviewQueueItem.resolved)).all(),
            session.execute(select(ModerationRecord.id)).all())


@pytest.fixture
def held(db_session):
    """A group, its site moderator, a newcomer with one post waiting, another member."""
    group = make_group(db_session, name="Morning check-in")
    heron = make_moderator(db_session, group, name="Moderator Heron")
    newcomer = make_member(db_session, group, name="New Willow")
    other = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, newcomer, group, title="Hello", body="My first post.")
    return group, heron, newcomer, other, outcome


# --- order and scope ------------------------------------------------------------------

def test_queue_shows_urgent_first_then_oldest_with_the_authors_standing(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session)
    willow = make_member(db_session, group, established=True, name="Old Willow")
    start = utcnow() - timedelta(hours=3)
    plain = thread_by(db_session, willow, group, body="my number is 555 123 4567",
                      now=start).post_id
    later = thread_by(db_session, willow, group, body="find me on insta please",
                      now=start + timedelta(hours=1)).post_id
    urgent = thread_by(db_session, willow, group, body="I want to die",
                       now=start + timedelta(hours=2)).post_id
    page = moderation.list_queue(session=db_session, actor=actor_of(heron))
    assert [item.post_id for item in page.items] == [urgent, plain, later]
    assert (page.waiting, page.urgent_waiting) == (3, 1)
    assert page.oldest_waiting_at == start
    card = page.items[0].author
    assert (card.display_name, card.status, card.trust, card.approved_posts) == \
        ("Old Willow", "active", 2, 10)
    assert db_session.execute(select(AuditEntry.action)).scalars().all() == \
        ["moderation.queue_read"]


def test_group_moderators_see_only_their_groups_and_members_see_no_queue(db_session):
    mine, theirs = make_group(db_session), make_group(db_session)
    lead = make_member(db_session, mine, moderator=True, established=True)
    thread_by(db_session, make_member(db_session, mine), mine, title="In mine")
    thread_by(db_session, make_member(db_session, theirs), theirs, title="In theirs")
    page = moderation.list_queue(session=db_session, actor=actor_of(lead))
    assert [item.thread_title for item in page.items] == ["In mine"]
    with refused(PermissionDenied):
        moderation.list_queue(session=db_session, actor=actor_of(make_user(db_session)))


def test_non_moderators_cannot_decide_and_nothing_changes(db_session, held):
    group, heron, newcomer, other, outcome = held
    item = item_for(db_session, outcome.post_id)
    before = snapshot(db_session)
    for call in (moderation.approve_item, moderation.hide_item, moderation.dismiss_item,
                 moderation.claim_item):
        with refused(NotFound, PermissionDenied):
            call(session=db_session, actor=actor_of(other), item_id=item)
    with refused(NotFound):
        moderation.reject_item(session=db_session, actor=actor_of(newcomer), item_id=item,
                               canned="spam")
    assert snapshot(db_session) == before


def test_a_group_moderator_cannot_act_on_another_groups_items(db_session, held):
    group, heron, newcomer, other, outcome = held
    elsewhere = make_group(db_session)
    lead = make_member(db_session, elsewhere, moderator=True)
    with refused(NotFound):
        moderation.approve_item(session=db_session, actor=actor_of(lead),
                                item_id=item_for(db_session, outcome.post_id))
    assert db_session.get(GroupPost, outcome.post_id).status == "held"


# --- claims and decisions -------------------------------------------------------------

def test_a_claim_keeps_other_moderators_off_for_thirty_minutes(db_session, held):
    group, heron, newcomer, other, outcome = held
    second = make_moderator(db_session)
    item = item_for(db_session, outcome.post_id)
    now = utcnow()
    moderation.claim_item(session=db_session, actor=actor_of(heron), item_id=item, now=now)
    with refused(ServiceError, code="review.claimed_by_other"):
        moderation.approve_item(session=db_session, actor=actor_of(second), item_id=item,
                                now=now + timedelta(minutes=10))
    moderation.approve_item(session=db_session, actor=actor_of(second), item_id=item,
                            now=now + timedelta(minutes=31))
    assert db_session.get(GroupPost, outcome.post_id).status == "visible"


def test_approving_publishes_counts_towards_trust_and_is_recorded(db_session, held):
    group, heron, newcomer, other, outcome = held
    moderation.approve_item(session=db_session, actor=actor_of(heron),
                            item_id=item_for(db_session, outcome.post_id))
    page = groups_feed.list_threads(session=db_session, actor=actor_of(other), group_id=group.id)
    assert [row.title for row in page.rows] == ["Hello"]
    from portal.models.groups import MemberStanding
    assert db_session.get(MemberStanding, newcomer.id).approved_posts == 1
    assert db_session.execute(select(ReviewQueueItem.resolved)).scalar_one() is True
    assert db_session.execute(select(ModerationRecord.action)).scalar_one() == "approve"
    assert "moderation.approve" in db_session.execute(select(AuditEntry.action)).scalars().all()


def test_rejecting_needs_a_reason_and_the_author_reads_it(db_session, held):
    group, heron, newcomer, other, outcome = held
    item = item_for(db_session, outcome.post_id)
    with refused(ServiceError, code="review.reason_needed"):
        moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item)
    moderation.reject_item(session=db_session, actor=actor_of(heron), item_id=item,
                           canned="personal_details")
    view = groups_feed.read_thread(session=db_session, actor=actor_of(newcomer),
                                   thread_id=outcome.thread_id)
    assert (view.posts[0].status, view.posts[0].rejection_key) == \
        ("rejected", "review.reject_canned_personal_details")
    [note] = groups_feed.my_notes(session=db_session, actor=actor_of(newcomer))
    assert note.action == "reject"


def test_a_written_rejection_reason_reaches_the_author_as_written(db_session, held):
    group, heron, newcomer, other, outcome = held
    moderation.reject_item(session=db_session, actor=actor_of(heron),
                           item_id=item_for(db_session, outcome.post_id),
                           written="  <b>Please</b>  keep it about the group\x00")
    view = groups_feed.read_thread(session=db_session, actor=actor_of(newcomer),
                                   thread_id=outcome.thread_id)
    assert view.posts[0].rejection_text == "<b>Please</b> keep it about the group"


def test_edit_and_approve_takes_out_the_phone_number_and_shows_the_edit(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    willow = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, willow, group, body="Call me 555 123 4567 for a chat")
    moderation.edit_and_approve_item(session=db_session, actor=actor_of(heron),
                                     item_id=item_for(db_session, outcome.post_id),
                                     body="Call me [number removed] for a chat")
    post = db_session.get(GroupPost, outcome.post_id)
    assert (post.status, post.edited_by_moderator) == ("visible", True)
    assert "555" not in post.body


def test_hiding_and_dismissing_close_the_item(db_session, held):
    group, heron, newcomer, other, outcome = held
    moderation.hide_item(session=db_session, actor=actor_of(heron),
                         item_id=item_for(db_session, outcome.post_id))
    assert db_session.get(GroupPost, outcome.post_id).status == "hidden"
    assert moderation.list_queue(session=db_session, actor=actor_of(heron)).waiting == 0


def test_approving_a_post_hidden_by_flags_restores_it(db_session):
    from portal.services.groups import feedback as groups_feedback

    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    author = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, author, group)
    for flagger in [make_member(db_session, group) for _ in range(3)]:
        groups_feedback.flag_post(session=db_session, actor=actor_of(flagger),
                                  post_id=outcome.post_id, reason="spam")
    moderation.approve_item(session=db_session, actor=actor_of(heron),
                            item_id=item_for(db_session, outcome.post_id))
    assert db_session.get(GroupPost, outcome.post_id).status == "visible"
    # Old flags no longer count: one new flag does not hide it again.
    groups_feedback.flag_post(session=db_session, actor=actor_of(make_member(db_session, group)),
                              post_id=outcome.post_id, reason="spam")
    assert db_session.get(GroupPost, outcome.post_id).status == "visible"


# --- acting on authors ---------------------------------------------------------------

def test_warning_and_muting_reach_the_author_and_muting_stops_posting(db_session, held):
    group, heron, newcomer, other, outcome = held
    item = item_for(db_session, outcome.post_id)
    moderation_members.warn_author(session=db_session, actor=actor_of(heron), item_id=item,
                                   reason="Please keep contact details private.")
    until = moderation_members.mute_author(session=db_session, actor=actor_of(heron),
                                           item_id=item, hours=24, reason="A short pause.")
    notes = groups_feed.my_notes(session=db_session, actor=actor_of(newcomer))
    assert [note.action for note in notes] == ["mute", "warn"]
    assert notes[0].until == until
    with refused(ServiceError, code="moderation.posting_muted"):
        thread_by(db_session, newcomer, group, now=utcnow() + timedelta(minutes=5))
    with refused(ServiceError, code="review.mute_length_unknown"):
        moderation_members.mute_author(session=db_session, actor=actor_of(heron), item_id=item,
                                       hours="9999", reason="x")


def test_only_admins_suspend_and_moderators_change_nothing_trying(db_session, held):
    group, heron, newcomer, other, outcome = held
    item = item_for(db_session, outcome.post_id)
    before = snapshot(db_session)
    with refused(PermissionDenied):
        moderation_members.suspend_author(session=db_session, actor=actor_of(heron),
                                          item_id=item, reason="Recruiting")
    assert snapshot(db_session) == before
    owl = make_user(db_session, roles=("admin",))
    moderation_members.suspend_author(session=db_session, actor=actor_of(owl), item_id=item,
                                      reason="Recruiting")
    db_session.expire_all()
    assert db_session.get(User, newcomer.id).status == "suspended"
    actions = db_session.execute(select(AuditEntry.action)).scalars().all()
    assert "member.suspend" in actions
    assert db_session.execute(select(ModerationRecord.action)).scalar_one() == "suspend"


def test_group_moderators_cannot_act_on_themselves_or_on_staff(db_session):
    group = make_group(db_session)
    lead = make_member(db_session, group, moderator=True)
    heron = make_moderator(db_session, group)
    # Held for crisis words: an item a group moderator may act on (one held for personal
    # details waits for site moderators, see test_moderation_scope.py).
    own = thread_by(db_session, lead, group, body="Some nights I feel I can't go on")
    staff_post = thread_by(db_session, heron, group, body="hello")
    from portal.services.groups import feedback as groups_feedback
    groups_feedback.flag_post(session=db_session, actor=actor_of(lead),
                              post_id=staff_post.post_id, reason="spam")
    with refused(ServiceError, code="review.not_yourself"):
        moderation_members.warn_author(session=db_session, actor=actor_of(lead),
                                       item_id=item_for(db_session, own.post_id), reason="x")
    with refused(ServiceError, code="review.not_on_staff"):
        moderation_members.warn_author(session=db_session, actor=actor_of(lead),
                                       item_id=item_for(db_session, staff_post.post_id),
                                       reason="x")


def test_history_lists_actions_and_reading_it_is_audited(db_session, held):
    group, heron, newcomer, other, outcome = held
    moderation.approve_item(session=db_session, actor=actor_of(heron),
                            item_id=item_for(db_session, outcome.post_id))
    rows, more = moderation_members.list_history(session=db_session, actor=actor_of(heron))
    assert [(row.action, row.member_name, row.moderator_name) for row in rows] == \
        [("approve", "New Willow", "Moderator Heron")]
    assert not more
    actions = db_session.execute(select(AuditEntry.action)).scalars().all()
    assert "moderation.history_read" in actions
    with refused(PermissionDenied):
        moderation_members.list_history(session=db_session, actor=actor_of(other))


# --- reported private messages ---------------------------------------------------------

def test_reported_messages_reach_site_moderators_only_and_urgent_ones_lead(db_session, held):
    group, heron, newcomer, other, outcome = held
    lead = make_member(db_session, group, moderator=True)
    moderation_review.enqueue_message_report(db_session, report_id=41, urgent=False,
                                             author_id=other.id)
    moderation_review.enqueue_message_report(db_session, report_id=42, urgent=True,
                                             author_id=other.id)
    moderation_review.enqueue_message_report(db_session, report_id=42, urgent=False)
    db_session.commit()
    page = moderation.list_queue(session=db_session, actor=actor_of(heron))
    assert [(item.kind, item.message_report_id) for item in page.items][:1] == [("message", 42)]
    assert page.waiting == 3
    assert {item.kind for item in
            moderation.list_queue(session=db_session, actor=actor_of(lead)).items} == {"post"}


def test_dismissing_a_message_report_tells_mentoring(db_session, held):
    # Was: a hook list mentoring had to register at import time (and never did). Now the
    # queue closes the report itself and the reporter reads the outcome.
    from portal.models.mentoring import MessageReport
    from portal.services import mentoring
    from portal.services.notifications import inbox as notifications
    from tests.factories.mentoring import make_match, make_mentor, make_survivor

    group, heron, newcomer, other, outcome = held
    luna, sol = make_survivor(db_session), make_mentor(db_session)
    match = make_match(db_session, luna, sol)
    message = mentoring.send_message(session=db_session, actor=actor_of(sol),
                                     match_id=match.id, body="Why don't you answer me?")
    mentoring.report_message(session=db_session, actor=actor_of(luna), message_id=message.id,
                             reason="harassment")
    [item] = [i for i in moderation.list_queue(session=db_session, actor=actor_of(heron)).items
              if i.kind == "message"]
    moderation.dismiss_item(session=db_session, actor=actor_of(heron), item_id=item.id)
    report = db_session.execute(select(MessageReport)).scalar_one()
    assert (report.status, report.outcome) == ("resolved", "dismissed")
    page = notifications.list_notifications(session=db_session, actor=actor_of(luna))
    # Besides the usual "new messages" notice (issue 15), the outcome of her report.
    assert [n.kind for n in page.items if n.kind != "message"] == ["report"]


# --- watched words ----------------------------------------------------------------------

def test_watch_list_is_seeded_once_and_moderators_extend_it(db_session, held):
    group, heron, newcomer, other, outcome = held
    seeded = db_session.execute(select(WatchedWordEntry.id)).all()
    assert len(seeded) > 100
    watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                   pattern="bus station", category="personal_details")
    later = thread_by(db_session, other, group, body="See you at the bus station")
    assert later.status == "held"
    with refused(ServiceError, code="review.words_already_listed"):
        watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                       pattern="bus station", category="personal_details")


@pytest.mark.parametrize("pattern, is_regex, category, code", [
    ("", False, "crisis", "moderation.pattern.empty"),
    (r"(\w{0,99}){0,99}x", True, "crisis", "moderation.pattern.too_complex"),
    (r"(a)\1", True, "crisis", "moderation.pattern.invalid_regex"),
    ("([", True, "crisis", "moderation.pattern.invalid_regex"),
    ("fine", False, "nonsense", "review.words_unknown_category"),
])
def test_bad_watched_words_are_refused(db_session, pattern, is_regex, category, code):
    heron = make_moderator(db_session)
    with refused(ServiceError, code=code):
        watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                       pattern=pattern, category=category, is_regex=is_regex)


def test_members_cannot_see_or_edit_the_watch_list(db_session):
    willow = make_user(db_session)
    with refused(PermissionDenied):
        watched_words.list_watched_words(session=db_session, actor=actor_of(willow))
    with refused(PermissionDenied):
        watched_words.add_watched_word(session=db_session, actor=actor_of(willow),
                                       pattern="x", category="crisis")


def test_moderators_remove_watched_words(db_session):
    heron = make_moderator(db_session)
    row = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                         pattern="bus station", category="personal_details")
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron), word_id=row.id)
    rows, _ = watched_words.list_watched_words(session=db_session, actor=actor_of(heron),
                                               category="personal_details", page=0)
    assert "bus station" not in {r.pattern for r in rows}
    with refused(NotFound):
        watched_words.remove_watched_word(session=db_session, actor=actor_of(heron),
                                          word_id=row.id)


def test_every_check_uses_the_list_as_it_stands_now(db_session):
    """The parsed list is kept while the list's stamp stays the same, yet a word a
    moderator adds or removes applies to the very next check (every check reads the
    stamp, on any worker), even when the database gives a new word the id of one just
    removed (SQLite does)."""
    from portal.services.moderation.checks import check_text

    heron = make_moderator(db_session)
    writer = actor_of(make_user(db_session))
    words = "Meet me by the old lighthouse pier."
    assert not check_text(db_session, writer, words).held
    row = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                         pattern="lighthouse pier", category="personal_details")
    assert check_text(db_session, writer, words).held
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron), word_id=row.id)
    assert not check_text(db_session, writer, words).held
    again = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                           pattern="old lighthouse", category="personal_details")
    assert check_text(db_session, writer, words).held
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron),
                                      word_id=again.id)
    swapped = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                             pattern="harbour wall", category="personal_details")
    assert not check_text(db_session, writer, words).held  # same count, maybe the same id
    assert check_text(db_session, writer, "By the harbour wall at six.").held
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron),
                                      word_id=swapped.id)


def test_what_a_member_writes_when_reporting_a_post_reaches_the_moderator(db_session):
    """The report form says "Anything moderators should know": the moderator's queue card
    shows each note as written, never who wrote it; the author never sees it."""
    from portal.services.groups import feedback as groups_feedback

    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    author = make_member(db_session, group, established=True)
    outcome = thread_by(db_session, author, group)
    willow, maple = make_member(db_session, group), make_member(db_session, group)
    groups_feedback.flag_post(session=db_session, actor=actor_of(willow), post_id=outcome.post_id,
                              reason="harassment", note="He keeps asking <where I live>")
    groups_feedback.flag_post(session=db_session, actor=actor_of(maple), post_id=outcome.post_id,
                              reason="spam")
    page = moderation.list_queue(session=db_session, actor=actor_of(heron))
    card = next(item for item in page.items if item.post_id == outcome.post_id)
    assert card.flag_notes == ("He keeps asking <where I live>",)
    assert willow.display_name not in repr(card) and maple.display_name not in repr(card)
    with refused(PermissionDenied):
        moderation.list_queue(session=db_session, actor=actor_of(author))
