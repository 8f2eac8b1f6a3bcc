"""Promises the interface makes to a member, each kept and seen from the other side.

Every test here is named in tests/promise_map.py next to the catalog sentence it keeps:
the sentence is what one member is told; the test plays the other person (the mentor,
another member, a former member, a moderator) and checks what they see or are told.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.models.calendar import SessionBooking
from portal.models.groups import GroupPost
from portal.models.notifications import Notification
from portal.services import calendar, mentoring
from portal.services.accounts import my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.groups import membership as groups
from portal.services.groups import posts as groups_posts
from portal.services.notifications import inbox as notifications
from portal.services.resources import admin as resources_admin
from portal.services.resources import directory as resources
from portal.state.groups_text import author_label
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.calendar import NOW, at, book, make_pair, slot_starts
from tests.factories.groups import add_member, make_group, make_member, reply_by, thread_by
from tests.factories.mentoring import make_match, make_mentor, make_survivor
from tests.factories.resources import make_listing
from tests.refusals import refused

TUESDAY_9_NY = at(1, 14)   # Tuesday 2 March 2027, 09:00 in New York
THURSDAY_9_NY = at(3, 14)  # Thursday 4 March 2027, 09:00 in New York
PLACE = "Room 2, community centre"


def notes_for(session, user) -> list[Notification]:
    return list(session.execute(select(Notification).where(
        Notification.user_id == user.id)).scalars())


def mentor_settings(session, mentor, *, details: str):
    return calendar.save_availability_settings(
        session=session, actor=actor_of(mentor), now=NOW, session_lengths=["60"],
        buffer_before="0", buffer_after="0", notice_hours="12", horizon_days="30",
        max_per_day="", max_per_week="", paused="", meeting_details=details)


# --- calendar -------------------------------------------------------------------------

def test_a_mentors_meeting_details_reach_each_new_booking_and_nobody_else(db_session):
    """calendar.meeting_details_hint: "Added to each new booking. Only the person who
    booked sees it." """
    willow, sol, _ = make_pair(db_session)
    maple = make_user(db_session)
    make_match(db_session, maple, sol)
    stranger = make_user(db_session)
    mentor_settings(db_session, sol, details="Video room 77 passcode 4412")

    # Before booking, nothing shown to a mentee carries the details.
    offer = calendar.available_slots(session=db_session, actor=actor_of(maple),
                                     mentor_id=sol.id, now=NOW)
    assert "4412" not in repr(offer)
    card = mentoring.mentor_details(session=db_session, actor=actor_of(stranger),
                                    mentor_id=sol.id)
    assert "4412" not in repr(card)

    first = book(db_session, willow, sol, TUESDAY_9_NY)
    assert first.details == "Video room 77 passcode 4412"
    assert calendar.get_session(session=db_session, actor=actor_of(sol),
                                booking_id=first.id, now=NOW).details == first.details
    # Each new booking gets them; one person's booking stays closed to everyone else.
    second = book(db_session, maple, sol, THURSDAY_9_NY)
    assert second.details == "Video room 77 passcode 4412"
    for outsider in (maple, stranger):
        with refused(NotFound):
            calendar.get_session(session=db_session, actor=actor_of(outsider),
                                 booking_id=first.id, now=NOW)
        with refused(NotFound):
            calendar.session_ics(session=db_session, actor=actor_of(outsider),
                                 booking_id=first.id)
    for other in (maple, stranger):
        seen = calendar.my_calendar(session=db_session, actor=actor_of(other), now=NOW)
        assert f"/calendar/session?id={first.id}" not in {item.link for item in seen.items}
        assert "4412" not in repr(seen)
    # What the mentor is told carries no details either.
    assert all("4412" not in repr(note.params) for note in notes_for(db_session, sol))


def test_removing_weekly_hours_keeps_the_sessions_already_booked(db_session):
    """calendar.window_removed: "Removed. Sessions already booked stay as they are." """
    willow, sol, _ = make_pair(db_session, windows=((1, "09:00", "12:00"),))
    booked = book(db_session, willow, sol, TUESDAY_9_NY)
    before_notes = len(notes_for(db_session, willow))
    window_id = calendar.my_availability(session=db_session, actor=actor_of(sol),
                                         now=NOW).windows[0].id
    view = calendar.remove_weekly_window(session=db_session, actor=actor_of(sol),
                                         window_id=window_id, now=NOW)
    assert view.windows == ()
    assert slot_starts(db_session, willow, sol) == []  # no new times are offered
    kept = calendar.get_session(session=db_session, actor=actor_of(willow),
                                booking_id=booked.id, now=NOW)
    assert (kept.status, kept.starts_at, kept.can_change) == ("booked", TUESDAY_9_NY, True)
    mine = calendar.my_calendar(session=db_session, actor=actor_of(willow), now=NOW)
    assert [item.link for item in mine.items] == [f"/calendar/session?id={booked.id}"]
    assert len(notes_for(db_session, willow)) == before_notes  # nothing was called off
    db_session.expire_all()
    row = db_session.get(SessionBooking, booked.id)
    assert (row.status, row.start_at, row.end_at) == (
        "booked", TUESDAY_9_NY, TUESDAY_9_NY + timedelta(hours=1))


def test_removing_a_date_change_gives_that_date_its_weekly_hours_back(db_session):
    """calendar.override_removed: "Removed. That date follows your weekly hours again." """
    willow, sol, _ = make_pair(db_session, windows=((1, "09:00", "11:00"),))

    def on_march_2():
        return [start for start in slot_starts(db_session, willow, sol)
                if (start.month, start.day) == (3, 2)]

    weekly = on_march_2()
    assert weekly
    view = calendar.add_date_override(session=db_session, actor=actor_of(sol),
                                      day="2027-03-02", kind="unavailable", now=NOW)
    assert on_march_2() == []
    view = calendar.remove_date_override(session=db_session, actor=actor_of(sol),
                                         override_id=view.overrides[0].id, now=NOW)
    assert view.overrides == ()
    assert on_march_2() == weekly
    assert book(db_session, willow, sol, TUESDAY_9_NY).status == "booked"


def test_a_meeting_place_is_seen_by_members_only_not_by_former_or_waiting_ones(db_session):
    """calendar.meeting_where_hint: "Only members of the group see this." """
    group = make_group(db_session, visibility="request")
    lead = make_user(db_session, name="Lead Lark")
    add_member(db_session, group, lead, role="moderator")
    member, leaver = make_user(db_session), make_user(db_session)
    add_member(db_session, group, member)
    add_member(db_session, group, leaver)
    meeting = calendar.schedule_meeting(
        session=db_session, actor=actor_of(lead), group_id=group.id, now=NOW,
        title="Evening check-in", day="2027-03-03", start="18:00", length="60", seats="5",
        details=PLACE, repeat="once", occurrences="1")[0]
    seen = calendar.list_meetings(session=db_session, actor=actor_of(member),
                                  group_id=group.id, now=NOW)
    assert [view.details for view in seen.meetings] == [PLACE]

    calendar.rsvp_meeting(session=db_session, actor=actor_of(leaver), meeting_id=meeting.id,
                          now=NOW)
    groups.leave_group(session=db_session, actor=actor_of(leaver), group_id=group.id)
    asking = make_user(db_session)
    assert groups.join_group(session=db_session, actor=actor_of(asking),
                             group_id=group.id) == "requested"
    for outsider in (leaver, asking, make_user(db_session)):
        with refused(ServiceError, code="groups.join_first"):
            calendar.list_meetings(session=db_session, actor=actor_of(outsider),
                                   group_id=group.id, now=NOW)
        everywhere = calendar.list_meetings(session=db_session, actor=actor_of(outsider),
                                            now=NOW)
        assert everywhere.meetings == ()
        mine = calendar.my_calendar(session=db_session, actor=actor_of(outsider), now=NOW)
        assert PLACE not in repr(mine)
        with refused(ServiceError, code="groups.join_first"):
            calendar.rsvp_meeting(session=db_session, actor=actor_of(outsider),
                                  meeting_id=meeting.id, now=NOW)
        db_session.rollback()
        assert all(PLACE not in repr(note.params) for note in notes_for(db_session, outsider))


# --- mentoring ------------------------------------------------------------------------

def test_the_fit_answer_stays_with_the_one_who_gave_it(db_session):
    """mentoring.fit_body: "Only you see your answer." """
    sol = make_mentor(db_session, name="Mentor Sol")
    make_mentor(db_session, name="Mentor River")
    willow = make_survivor(db_session, name="Survivor Willow")
    match = make_match(db_session, willow, sol, first_session=True)
    notes_before = len(notes_for(db_session, sol))
    result = mentoring.record_fit_check(session=db_session, actor=actor_of(willow),
                                        match_id=match.id, answer="not_good")
    assert result.answer == "not_good"
    assert mentoring.get_match(session=db_session, actor=actor_of(willow),
                               match_id=match.id).my_fit_answer == "not_good"
    # The mentor's side: the match, the desk, the notifications, the data export.
    assert mentoring.get_match(session=db_session, actor=actor_of(sol),
                               match_id=match.id).my_fit_answer == ""
    desk = mentoring.mentor_desk(session=db_session, actor=actor_of(sol))
    assert "not_good" not in repr(desk)
    assert len(notes_for(db_session, sol)) == notes_before
    export = my_data.export_my_data(session=db_session, actor=actor_of(sol))
    assert [row["my_fit_check"] for row in export["mentorships"]] == [None]
    assert "not_good" not in repr(export)


def test_saving_or_hiding_a_mentor_is_never_told_and_seen_by_nobody_else(db_session):
    """mentoring.marked_saved ("Only you can see this") and mentoring.marks_private
    ("Saving or hiding is private. The mentor is never told.")"""
    sol = make_mentor(db_session, name="Mentor Sol")
    river = make_mentor(db_session, name="Mentor River")
    willow = make_survivor(db_session, name="Survivor Willow")
    maple = make_survivor(db_session, name="Survivor Maple")
    me = actor_of(willow)
    mentoring.mark_mentor(session=db_session, actor=me, mentor_id=sol.id, kind="saved")
    mentoring.mark_mentor(session=db_session, actor=me, mentor_id=river.id, kind="hidden")
    assert mentoring.mentor_details(session=db_session, actor=me, mentor_id=sol.id).saved

    for mentor in (sol, river):
        assert notes_for(db_session, mentor) == []
        desk = mentoring.mentor_desk(session=db_session, actor=actor_of(mentor))
        assert desk.requests == () and "Survivor Willow" not in repr(desk)
        export = my_data.export_my_data(session=db_session, actor=actor_of(mentor))
        assert "Survivor Willow" not in repr(export)
    # Another survivor sees no trace of Willow's marks.
    other = actor_of(maple)
    card = mentoring.mentor_details(session=db_session, actor=other, mentor_id=sol.id)
    assert (card.saved, card.hidden) == (False, False)
    assert [c.name for c in mentoring.browse_mentors(session=db_session, actor=other,
                                                     saved_only=True)] == []
    assert {c.name for c in mentoring.browse_mentors(session=db_session, actor=other)} == {
        "Mentor Sol", "Mentor River"}


def test_topics_to_avoid_from_the_intake_never_bring_a_suggestion(db_session):
    """mentoring.intake_avoid_hint: "We won't use these to suggest mentors." """
    make_mentor(db_session, name="Mentor Faith", focus=("faith_spiritual",))
    make_mentor(db_session, name="Mentor Work", focus=("employment",))
    willow = make_survivor(db_session, name="Survivor Willow", intake=False)
    mentoring.save_intake(session=db_session, actor=actor_of(willow),
                          goals=["employment", "faith_spiritual"], languages=["en"],
                          topics_to_avoid=["faith_spiritual"])
    found = mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))
    assert [s.mentor.name for s in found][0] == "Mentor Work"
    for suggestion in found:
        assert all(dict(reason.params).get("focus") != "faith_spiritual"
                   for reason in suggestion.reasons)
    # The avoided topic neither counts for a mentor who offers it nor is named.
    by_name = {s.mentor.name: s for s in found}
    assert by_name["Mentor Faith"].score < by_name["Mentor Work"].score
    assert not any(reason.code == "helps_with" for reason in by_name["Mentor Faith"].reasons)



def test_a_mentors_lived_experience_is_never_on_the_profile_survivors_see(db_session):
    """mentoring.apply_experience_hint: "Used only to suggest you to people who asked for
    shared experience. It is not shown on your profile." """
    sol = make_mentor(db_session, name="Mentor Sol", experience="labor")
    willow = make_survivor(db_session, name="Survivor Willow", intake=False)
    mentoring.save_intake(session=db_session, actor=actor_of(willow), goals=["employment"],
                          languages=["en"], wants_shared_experience=True,
                          experience_type="labor")
    maple = make_survivor(db_session, name="Survivor Maple")
    for reader in (willow, maple):
        me = actor_of(reader)
        seen = (mentoring.mentor_details(session=db_session, actor=me, mentor_id=sol.id),
                mentoring.browse_mentors(session=db_session, actor=me),
                [s.mentor for s in mentoring.suggest_mentors(session=db_session, actor=me)])
        assert "Mentor Sol" in repr(seen) and "labor" not in repr(seen)
    # It is used: the survivor who asked for shared experience is told it is shared.
    [found] = mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))
    [other] = mentoring.suggest_mentors(session=db_session, actor=actor_of(maple))
    assert found.score > other.score
    assert "labor" not in repr(found.reasons)


def test_a_survivors_lived_experience_never_reaches_the_mentor(db_session):
    """mentoring.intake_experience_hint: "Only used to find a mentor with shared
    experience. Mentors don't see it." """
    sol = make_mentor(db_session, name="Mentor Sol", experience="labor")
    willow = make_survivor(db_session, name="Survivor Willow", intake=False)
    mentoring.save_intake(session=db_session, actor=actor_of(willow), goals=["employment"],
                          languages=["en"], wants_shared_experience=True,
                          experience_type="labor")
    request = mentoring.send_request(session=db_session, actor=actor_of(willow),
                                     mentor_id=sol.id, note="Hello.")
    desk = mentoring.mentor_desk(session=db_session, actor=actor_of(sol))
    assert [r.survivor_name for r in desk.requests] == ["Survivor Willow"]
    assert "labor" not in repr(desk)
    mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=request.id)
    desk = mentoring.mentor_desk(session=db_session, actor=actor_of(sol))
    assert [m.partner_name for m in desk.mentees] == ["Survivor Willow"]
    assert "labor" not in repr(desk)
    export = my_data.export_my_data(session=db_session, actor=actor_of(sol))
    assert "Survivor Willow" in repr(export)
    assert "labor" not in repr(export["mentorships"]) + repr(export["mentoring_requests"])
    assert all("labor" not in repr(note.params) for note in notes_for(db_session, sol))



@pytest.mark.parametrize("closed_by", ["pause", "full"])
def test_a_request_closed_by_a_pause_or_a_full_mentor_leaves_other_mentors_suggested(
        db_session, closed_by):
    """mentoring.pause_explained ("those people are shown other mentors") and
    mentoring.request_status.mentor_paused / mentor_full ("Other mentors are suggested
    below")."""
    sol = make_mentor(db_session, name="Mentor Sol", capacity=1)
    make_mentor(db_session, name="Mentor River")
    willow = make_survivor(db_session, name="Survivor Willow")
    request = mentoring.send_request(session=db_session, actor=actor_of(willow),
                                     mentor_id=sol.id)
    if closed_by == "pause":
        mentoring.set_paused(session=db_session, actor=actor_of(sol), paused=True)
    else:
        other = make_survivor(db_session)
        first = mentoring.send_request(session=db_session, actor=actor_of(other),
                                       mentor_id=sol.id)
        mentoring.accept_request(session=db_session, actor=actor_of(sol), request_id=first.id)
    reason = {"pause": "mentor_paused", "full": "mentor_full"}[closed_by]
    mine = mentoring.my_requests(session=db_session, actor=actor_of(willow))
    assert [(r.id, r.status, r.closed_reason) for r in mine] == [
        (request.id, "declined", reason)]
    found = mentoring.suggest_mentors(session=db_session, actor=actor_of(willow))
    assert [s.mentor.name for s in found] == ["Mentor River"]
    assert mentoring.mentor_desk(session=db_session, actor=actor_of(sol)).requests == ()


# --- groups ---------------------------------------------------------------------------

def test_a_deleted_reply_is_gone_for_every_other_reader(db_session):
    """groups.deleted: "Your post is deleted." """
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    reader = make_member(db_session, group, established=True)
    lead = make_member(db_session, group, moderator=True)
    thread = thread_by(db_session, reader, group)
    said = reply_by(db_session, willow, thread.thread_id, body="A quiet thought of mine.")

    def bodies(user):
        view = groups_feed.read_thread(session=db_session, actor=actor_of(user),
                                       thread_id=thread.thread_id)
        return repr(view.posts)

    assert "A quiet thought of mine." in bodies(reader)
    groups_posts.delete_post(session=db_session, actor=actor_of(willow), post_id=said.post_id)
    for user in (reader, lead, willow):
        assert "A quiet thought of mine." not in bodies(user)
    db_session.expire_all()
    post = db_session.get(GroupPost, said.post_id)
    assert (post.status, post.body) == ("deleted", "")



def test_posts_kept_after_an_account_is_deleted_show_a_former_member(db_session):
    """account.keep_posts: "Keep my group posts, shown as 'former member'." """
    group = make_group(db_session)
    willow = make_member(db_session, group, name="Willow Quiet", established=True)
    reader = make_member(db_session, group, established=True)
    lead = make_member(db_session, group, moderator=True)
    thread = thread_by(db_session, willow, group, body="Worth keeping.")
    my_data.delete_my_account(session=db_session, actor=actor_of(willow),
                              passphrase=PASSPHRASE, keep_posts_as_former_member=True)
    for user in (reader, lead):
        view = groups_feed.read_thread(session=db_session, actor=actor_of(user),
                                       thread_id=thread.thread_id)
        [post] = view.posts
        assert (post.body, post.author_name, post.anonymous) == ("Worth keeping.", "", False)
        assert author_label("en", name=post.author_name, anonymous=post.anonymous,
                            by_me=post.by_me) == "Former member"
        assert "Willow Quiet" not in repr(view)


# --- notifications --------------------------------------------------------------------

def test_what_another_member_does_reaches_my_notification_centre(db_session):
    """notifications.empty ("When something happens, you will see it here") and
    notify.welcome ("Your notifications will appear here")."""
    willow, sol, _ = make_pair(db_session)
    empty = notifications.list_notifications(session=db_session, actor=actor_of(willow))
    assert empty.items == () and empty.unread == 0
    booked = book(db_session, willow, sol, TUESDAY_9_NY)
    calendar.cancel_session(session=db_session, actor=actor_of(sol), booking_id=booked.id,
                            reason="I am unwell", now=NOW)
    page = notifications.list_notifications(session=db_session, actor=actor_of(willow))
    assert [item.link for item in page.items] == [f"/calendar/session?id={booked.id}"]
    assert page.unread == 1 and page.items[0].text
    theirs = notifications.list_notifications(session=db_session, actor=actor_of(sol))
    assert [item.link for item in theirs.items] == [f"/calendar/session?id={booked.id}"]


# --- resources ------------------------------------------------------------------------

def test_a_report_on_a_listing_reaches_the_moderators_review_list_once(db_session):
    """resources.report_thanks and resources.already_reported: "Our team will check it." """
    listing = make_listing(db_session)
    moderator = actor_of(make_user(db_session, roles=("moderator",)))
    member = actor_of(make_user(db_session))
    assert resources_admin.list_review_items(session=db_session, actor=moderator) == ()
    resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                             reason="wrong_phone", note="The number is disconnected.")
    with refused(ServiceError, code="resources.already_reported"):
        resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                                 reason="closed")
    db_session.rollback()
    items = resources_admin.list_review_items(session=db_session, actor=moderator)
    assert [(item.kind, item.listing_id, item.reason, item.note) for item in items] == [
        ("report", listing.id, "wrong_phone", "The number is disconnected.")]
    resources_admin.resolve_review(session=db_session, actor=moderator, item_id=items[0].id,
                                   accept=True)
    assert resources_admin.list_review_items(session=db_session, actor=moderator) == ()



def test_a_published_listing_is_found_by_visitors_and_members_at_once(db_session):
    """resources.published_now: "Published. Everyone can find it now." """
    listing = make_listing(db_session, name="Sunrise Pantry", status="pending")
    moderator = actor_of(make_user(db_session, roles=("moderator",)))
    member = actor_of(make_user(db_session))
    for reader in (None, member):
        found = resources.search_listings(session=db_session, actor=reader, region="TX")
        assert "Sunrise Pantry" not in [card.name for card in found.results]
    resources_admin.set_listing_status(session=db_session, actor=moderator,
                                       listing_id=listing.id, status="published")
    for reader in (None, member):
        found = resources.search_listings(session=db_session, actor=reader, region="TX")
        assert [card.name for card in found.results] == ["Sunrise Pantry"]
        assert resources.get_listing(session=db_session, actor=reader,
                                     listing_id=listing.id).card.name == "Sunrise Pantry"
