"""What a member writes is what others read: text that looks like markup goes in through
the real services and comes back to the other member exactly as typed (issue #10, item 9).

Each test writes as one member and reads as another, on SQLite and PostgreSQL, then
checks what the reader's screen shows with the app's rendering rules
(``tests/member_render.py``): the same words, no element beyond Markdown's own.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.models.groups import PostFlag, ReviewQueueItem
from portal.services import calendar, mentoring
from portal.services.groups import feed as groups_feed
from portal.services.groups import feedback as groups_feedback
from portal.services.moderation import queue as moderation
from portal.services.resources import admin as resources_admin
from portal.services.resources import directory as resources
from tests.factories.accounts import actor_of, make_user
from tests.factories.calendar import NOW, at, book, make_pair
from tests.factories.groups import make_group, make_member, make_moderator, reply_by, thread_by
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.factories.resources import make_listing
from tests.member_render import MARKDOWN_ELEMENTS, shown_markdown, shown_plain

AFTER_WORK = "I'll be there <after work> on Friday"
LOOKS_LIKE_MARKUP = [
    AFTER_WORK,
    "if x<y then y>x",
    "press <Enter> then type your name",
    "salt &amp; pepper &lt;3, [my notes](notes.txt)",
]


def assert_reads_as_typed_markdown(stored: str, typed: str) -> None:
    assert stored == typed
    shown = shown_markdown(stored)
    assert shown.text.strip() == typed
    assert all(tag in MARKDOWN_ELEMENTS for tag, _ in shown.elements)
    assert shown.links() == []


def assert_reads_as_typed_plain(stored: str, typed: str) -> None:
    assert stored == typed
    assert shown_plain(stored) == typed


@pytest.mark.parametrize("typed", LOOKS_LIKE_MARKUP)
def test_a_post_and_a_reply_reach_the_other_member_as_typed(db_session, typed):
    group = make_group(db_session)
    maple = make_member(db_session, group, established=True)
    luna = make_member(db_session, group, established=True)
    opened = thread_by(db_session, maple, group, title="Friday", body=typed)
    replied = reply_by(db_session, maple, opened.thread_id, body=typed + " (again)")
    assert (opened.status, replied.status) == ("visible", "visible")
    view = groups_feed.read_thread(session=db_session, actor=actor_of(luna),
                                   thread_id=opened.thread_id)
    assert_reads_as_typed_markdown(view.posts[0].body, typed)
    assert_reads_as_typed_markdown(view.posts[1].body, typed + " (again)")


def approve(session, moderator, post_id: int) -> None:
    item_id = session.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == post_id)).scalar_one()
    moderation.approve_item(session=session, actor=actor_of(moderator), item_id=item_id)


def test_a_content_warning_in_angle_brackets_is_kept_and_the_post_stays_folded(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    maple = make_member(db_session, group, established=True)
    luna = make_member(db_session, group, established=True)
    opened = thread_by(db_session, maple, group, title="A hard week", body=AFTER_WORK,
                       content_warning="<self-harm>")
    # The warning is read by the watched words too: crisis language waits for a moderator.
    assert opened.status == "held" and opened.show_crisis_resources
    approve(db_session, heron, opened.post_id)
    replied = reply_by(db_session, maple, opened.thread_id, body="More.",
                       content_warning="  <loss>,   <grief> ")
    assert replied.status == "visible"
    view = groups_feed.read_thread(session=db_session, actor=actor_of(luna),
                                   thread_id=opened.thread_id)
    assert_reads_as_typed_plain(view.posts[0].content_warning, "<self-harm>")
    assert_reads_as_typed_plain(view.posts[1].content_warning, "<loss>, <grief>")
    assert view.content_warning == "<self-harm>"
    [row] = groups_feed.list_threads(session=db_session, actor=actor_of(luna),
                                     group_id=group.id).rows
    assert row.content_warning == "<self-harm>"


def test_a_hotline_tel_link_in_a_post_keeps_its_href(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    luna = make_member(db_session, group, established=True)
    typed = "Call [the hotline](tel:+18883737888) or [text us](sms:+15551234567) <any time>"
    opened = thread_by(db_session, heron, group, title="Help lines", body=typed)
    assert opened.status == "visible"
    view = groups_feed.read_thread(session=db_session, actor=actor_of(luna),
                                   thread_id=opened.thread_id)
    assert view.posts[0].body == typed
    shown = shown_markdown(view.posts[0].body)
    assert shown.links() == ["tel:+18883737888", "sms:+15551234567"]
    assert shown.text.strip() == "Call the hotline or text us <any time>"


@pytest.mark.parametrize("typed", LOOKS_LIKE_MARKUP)
def test_a_private_message_reaches_the_other_side_as_typed(db_session, typed):
    sol = make_mentor(db_session, name="Mentor Sol")
    willow = make_survivor(db_session, name="Survivor Willow")
    match = make_match(db_session, willow, sol)
    mentoring.send_message(session=db_session, actor=actor_of(willow), match_id=match.id,
                           body=typed)
    page = mentoring.list_messages(session=db_session, actor=actor_of(sol), match_id=match.id)
    assert_reads_as_typed_markdown(page.messages[-1].body, typed)


def test_a_bio_made_only_of_angle_bracket_text_is_saved_not_emptied(db_session):
    fern = make_user(db_session, name="Applicant Fern", roles=("survivor", "mentor_applicant"))
    saved = mentoring.save_application(
        session=db_session, actor=actor_of(fern), submit=True, languages=["en"],
        focus_areas=["employment"], meeting_modes=["video"], capacity=2, bio="<after work>")
    assert saved.bio == "<after work>"
    kit = make_user(db_session, name="Moderator Kit", roles=("moderator",))
    [item] = mentoring.vetting_queue(session=db_session, actor=actor_of(kit))
    assert_reads_as_typed_markdown(item.bio, "<after work>")
    mentoring.decide_application(session=db_session, actor=actor_of(kit), mentor_id=fern.id,
                                 decision="approve", note="")
    willow = make_survivor(db_session, name="Survivor Willow")
    card = mentoring.mentor_details(session=db_session, actor=actor_of(willow),
                                    mentor_id=fern.id)
    assert_reads_as_typed_markdown(card.bio, "<after work>")


def test_a_session_place_made_only_of_angle_bracket_text_reaches_the_mentor(db_session):
    survivor, mentor, _ = make_pair(db_session)
    booked = book(db_session, survivor, mentor, at(1, 14), details="<the usual café>")
    seen = calendar.get_session(session=db_session, actor=actor_of(mentor),
                                booking_id=booked.id, now=NOW)
    assert_reads_as_typed_plain(seen.details, "<the usual café>")
    calendar.update_session_details(session=db_session, actor=actor_of(mentor),
                                    booking_id=booked.id, details="<after work> room 4", now=NOW)
    seen = calendar.get_session(session=db_session, actor=actor_of(survivor),
                                booking_id=booked.id, now=NOW)
    assert_reads_as_typed_plain(seen.details, "<after work> room 4")


def test_a_report_note_made_only_of_angle_bracket_text_reaches_moderators(db_session):
    listing = make_listing(db_session)
    member = actor_of(make_user(db_session))
    resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                             reason="wrong_phone", note="<number disconnected>\n[old](site.html)")
    moderator = actor_of(make_user(db_session, roles=("moderator",)))
    [item] = resources_admin.list_review_items(session=db_session, actor=moderator)
    assert_reads_as_typed_plain(item.note, "<number disconnected>\n[old](site.html)")


def test_a_flag_note_in_angle_brackets_is_kept_for_moderators(db_session):
    group = make_group(db_session)
    author = make_member(db_session, group, established=True)
    flagger = make_member(db_session, group)
    opened = thread_by(db_session, author, group)
    groups_feedback.flag_post(session=db_session, actor=actor_of(flagger),
                              post_id=opened.post_id, reason="other", note="<see the title>")
    assert db_session.execute(select(PostFlag.note)).scalar_one() == "<see the title>"


def test_a_held_post_keeps_its_angle_brackets_through_review(db_session):
    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    maple = make_member(db_session, group)
    luna = make_member(db_session, group, established=True)
    held = thread_by(db_session, maple, group, title="New here", body=AFTER_WORK,
                     content_warning="<self-harm>")
    assert held.status == "held"
    approve(db_session, heron, held.post_id)
    view = groups_feed.read_thread(session=db_session, actor=actor_of(luna),
                                   thread_id=held.thread_id)
    assert_reads_as_typed_markdown(view.posts[0].body, AFTER_WORK)
    assert_reads_as_typed_plain(view.posts[0].content_warning, "<self-harm>")
