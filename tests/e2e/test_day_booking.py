"""Booking on a phone (issue 13, item 9), at 390x844 with two people on two phones.

Demo data: Survivor Luna (Denver, Spanish) is matched with Mentor Sol (Los Angeles), who
shares weekday mornings and Tuesday and Thursday evenings; Luna belongs to "Morning
check-in", whose "Evening check-in" meets every Wednesday (Moderator Heron runs it).
Luna taps "Book a session" on her mentoring page and in her thread, taps a day far down
the list and finds its times right under that day, in view; she books, and Sol sees the
session on his phone. Sol's profile says when he is usually free, as his hours say on
Luna's clock. Luna says yes to every upcoming Evening check-in at once and Heron sees her
counted at each date; she cancels the session, and its page offers no calendar file.
Everything booked or said yes to is undone at the end, so later tests see the demo
calendar as it was. Luna reads Spanish: the test finds things by id and pseudonym.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from portal import routes
from portal.models import User
from portal.models.calendar import GroupMeeting, MeetingRsvp, SessionBooking
from portal.models.notifications import Notification, Reminder
from portal.services import calendar
from portal.state.calendar_usual import usual_sentence
from tests.e2e.conftest import (
    OUTPUT,
    VIEWPORT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)
from tests.factories.accounts import actor_of

SURVIVOR, MENTOR, MODERATOR = "Survivor Luna", "Mentor Sol", "Moderator Heron"
SERIES_TITLE = "Evening check-in"


def in_view(locator) -> None:
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()


def check_page(visit, name: str) -> None:
    page = visit.page
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
    assert serious_accessibility_violations(page) == [], name
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"booking-{name}-390x844.png"))


def the_scene(app) -> dict:
    with app_database(app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        luna, sol = named[SURVIVOR], named[MENTOR]
        match_id = active_match_id(session, luna, sol)
        expected = usual_sentence(luna.language, calendar.usually_free(
            session=session, actor=actor_of(luna), mentor_id=sol.id).parts)
        series = session.execute(select(GroupMeeting).where(
            GroupMeeting.title == SERIES_TITLE, GroupMeeting.series_id.is_not(None))
            .order_by(GroupMeeting.starts_at)).scalars().first()
        rsvps = [(row.meeting_id, row.status, row.position, row.created_at, row.updated_at)
                 for row in session.execute(select(MeetingRsvp).where(
                     MeetingRsvp.user_id == luna.id)).scalars()]
        seats_before = {meeting_id: count for meeting_id, count in session.execute(
            select(MeetingRsvp.meeting_id, func.count(MeetingRsvp.id))
            .join(GroupMeeting, GroupMeeting.id == MeetingRsvp.meeting_id)
            .where(GroupMeeting.series_id == series.series_id,
                   MeetingRsvp.status == "confirmed")
            .group_by(MeetingRsvp.meeting_id)).all()}
        return dict(luna=luna.id, sol=sol.id, match=match_id, usually=expected,
                    group=series.group_id, series=series.series_id, rsvps=rsvps,
                    seats_before=seats_before)


def undo(app, scene: dict, booking_ids: list[int]) -> None:
    """Leave the demo calendar as it was: no session, Luna's RSVPs as before."""
    with app_database(app) as session:
        for booking_id in booking_ids:
            session.execute(delete(Reminder).where(Reminder.subject_type == "session",
                                                   Reminder.subject_id == booking_id))
            session.execute(delete(Notification).where(
                Notification.link == routes.calendar_session(booking_id)))
            session.execute(delete(SessionBooking).where(SessionBooking.id == booking_id))
        series_ids = list(session.execute(select(GroupMeeting.id).where(
            GroupMeeting.series_id == scene["series"])).scalars())
        session.execute(delete(Reminder).where(Reminder.subject_type == "meeting",
                                               Reminder.subject_id.in_(series_ids),
                                               Reminder.user_id == scene["luna"]))
        session.execute(delete(MeetingRsvp).where(MeetingRsvp.user_id == scene["luna"],
                                                  MeetingRsvp.meeting_id.in_(series_ids)))
        session.add_all([MeetingRsvp(meeting_id=meeting_id, user_id=scene["luna"],
                                     status=status, position=position, created_at=created,
                                     updated_at=updated)
                         for meeting_id, status, position, created, updated in scene["rsvps"]
                         if meeting_id in series_ids])
        session.commit()


def times_right_under_the_day(page, day) -> None:
    """The tapped day's times open just below its row and are on the screen."""
    times = page.locator("#times")
    in_view(times)
    in_view(times.locator("label").first)
    day_box, times_box = day.bounding_box(), times.bounding_box()
    gap = times_box["y"] - (day_box["y"] + day_box["height"])
    assert 0 <= gap < 40, gap
    assert times_box["y"] + 52 <= VIEWPORT["height"]


def test_a_survivor_books_from_mentoring_and_the_thread_and_her_mentor_sees_it(tabs,
                                                                              live_app):
    scene = the_scene(live_app)
    booked: list[int] = []
    luna, sol = tabs(audited=True), tabs(audited=True)
    try:
        sign_in(luna, SURVIVOR)
        page = luna.page

        # "Book a session" on her mentoring page opens the booking page with Sol chosen.
        luna.go(routes.MENTORING)
        book_here = page.locator(f"#book-session-{scene['match']}")
        in_view(book_here)
        check_page(luna, "mentoring")
        book_here.tap()
        luna.wait_for_path(routes.CALENDAR_BOOK)
        luna.wait_ready()
        in_view(page.locator("#booking-partner", has_text=MENTOR))

        # ... and in her thread, near the top.
        luna.go(routes.mentoring_messages(scene["match"]))
        in_view(page.locator("#thread-book-session"))
        check_page(luna, "thread")
        page.locator("#thread-book-session").tap()
        luna.wait_for_path(routes.CALENDAR_BOOK)
        luna.wait_ready()
        assert f"match={scene['match']}" in page.url
        in_view(page.locator("#booking-partner", has_text=MENTOR))

        # A day far down the list: its times open right under it, on the screen.
        days = page.locator("#days button.day-choice")
        assert days.count() > 6
        day = days.nth(days.count() - 2)
        day.scroll_into_view_if_needed()
        day.tap()
        expect(day).to_have_attribute("aria-pressed", "true")
        times_right_under_the_day(page, day)
        check_page(luna, "day-times")
        # Another day in an earlier row: the times move under that one.
        other = days.nth(1)
        other.scroll_into_view_if_needed()
        other.tap()
        expect(other).to_have_attribute("aria-pressed", "true")
        times_right_under_the_day(page, other)

        page.locator("#times label").first.tap()
        page.locator("#booking-form button[type=submit]").tap()
        luna.wait_for_path(routes.CALENDAR_SESSION)
        luna.wait_ready()
        booked.append(int(re.search(r"[?&]id=(\d+)", page.url).group(1)))
        in_view(page.locator("#session-partner", has_text=MENTOR))
        in_view(page.locator("#ics-link"))

        # Sol, on his own phone, sees the session in his calendar and opens it.
        sign_in(sol, MENTOR)
        sol.go(routes.CALENDAR)
        entry = sol.page.locator("#calendar-items li", has_text=SURVIVOR)
        in_view(entry.first)
        sol.go(routes.calendar_session(booked[0]))
        in_view(sol.page.locator("#session-partner", has_text=SURVIVOR))

        # Sol's profile, as Luna reads it: when he is usually free, on her clock.
        luna.go(routes.mentor_profile(scene["sol"]))
        usually = page.locator("#usually-free")
        in_view(usually)
        assert scene["usually"] and scene["usually"] in usually.inner_text()
        check_page(luna, "profile")

        # Every upcoming Evening check-in at once; Heron counts her at each date.
        luna.go(routes.group_meetings(scene["group"]))
        join = page.locator("[id^=series-join-]").first
        join.scroll_into_view_if_needed()
        join.tap()
        expect(page.locator("[id^=series-leave-]").first).to_be_visible()
        expect(page.locator("[id^=series-join-]")).to_have_count(0)  # she is going to all
        rows = page.locator("#meetings > li", has_text=SERIES_TITLE)
        expect(rows.first.locator(".rsvp-status")).to_be_visible()
        assert rows.locator(".rsvp-status").count() == rows.count()
        check_page(luna, "series")
        with app_database(live_app) as session:
            upcoming = calendar.list_meetings(
                session=session, actor=actor_of(session.get(User, scene["luna"])),
                group_id=scene["group"]).meetings
            taken = {view.id: view.taken for view in upcoming
                     if view.series_id == scene["series"]}
        assert taken and all(view.my_status for view in upcoming
                             if view.series_id == scene["series"])
        mine_before = {row[0] for row in scene["rsvps"] if row[1] == "confirmed"}
        assert taken == {meeting_id: scene["seats_before"].get(meeting_id, 0)
                         + (0 if meeting_id in mine_before else 1) for meeting_id in taken}
        heron = tabs()
        sign_in(heron, MODERATOR)
        heron.go(routes.group_meetings(scene["group"]))
        heron_rows = heron.page.locator("#meetings > li", has_text=SERIES_TITLE)
        expect(heron_rows.first).to_be_visible()
        seats = heron_rows.locator("p.muted").all_inner_texts()
        assert sorted(seats) == sorted(f"{count} of 6 seats taken"
                                       for count in taken.values())

        # Not coming to any: one tap, and each date is free again.
        leave = page.locator("[id^=series-leave-]").first
        leave.scroll_into_view_if_needed()
        leave.tap()
        expect(page.locator("[id^=series-leave-]")).to_have_count(0)
        assert page.locator("#meetings > li .rsvp-status").count() == 0

        # She cancels the session: its page no longer offers a calendar file.
        luna.go(routes.calendar_session(booked[0]))
        page.locator("#cancel-step-open").tap()
        page.locator("#confirm-cancel").tap()
        page.wait_for_selector("#session-status.notice")
        expect(page.locator("#ics-link")).to_have_count(0)
        check_page(luna, "cancelled")
        # A phone that already holds it gets the same event, marked cancelled.
        ics = page.request.get(live_app.url + routes.session_ics(booked[0]))
        assert ics.status == 200 and "STATUS:CANCELLED" in ics.text()
        assert luna.console_errors == [] and sol.console_errors == []
    finally:
        undo(live_app, scene, booked)
