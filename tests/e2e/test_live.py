"""Live (issue 15): what the other person does appears in an open tab without a reload.

Phones at 390x844, each its own browser profile, on one worker (memory bus): Luna and
Mentor Sol have their mentorship's messages open and what one sends appears on the
other's screen while neither reloads; a tab left open after signing out is sent nothing;
Willow reads a group thread while Juniper replies, and the replies wait behind a bar;
a session Sol cancels leaves Luna's open calendar.
"""

from __future__ import annotations

from playwright.sync_api import expect
from sqlalchemy import select

from portal import routes
from portal.models import User
from portal.models.types import utcnow
from portal.services import calendar
from tests.e2e.conftest import active_match_id, app_database, sign_in
from tests.e2e.test_groups import open_thread, start_thread
from tests.factories.accounts import actor_of

LIVE_WAIT_MS = 15000  # how long a test waits for the push (a bound, not a target)


def their_match(live_app) -> int:
    with app_database(live_app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        return active_match_id(session, named["Survivor Luna"], named["Mentor Sol"])


def send(tab, body: str) -> None:
    form = tab.page.locator("#compose-form")
    form.locator("textarea[name=body]").fill(body)
    form.locator("button[type=submit]").click()
    expect(tab.page.locator("#messages")).to_contain_text(body, timeout=LIVE_WAIT_MS)


def test_luna_and_sol_message_each_other_without_reloading(tabs, live_app):
    match_id = their_match(live_app)
    luna, sol = tabs(), tabs()
    sign_in(luna, "Survivor Luna")
    sign_in(sol, "Mentor Sol")
    for tab in (luna, sol):
        tab.go(routes.mentoring_messages(match_id))
    loads = {"luna": 0, "sol": 0}
    luna.page.on("load", lambda _page: loads.__setitem__("luna", loads["luna"] + 1))
    sol.page.on("load", lambda _page: loads.__setitem__("sol", loads["sol"] + 1))

    send(sol, "Hola Luna, is Thursday at five still good for you?")
    expect(luna.page.locator("#messages")).to_contain_text(
        "is Thursday at five still good for you?", timeout=LIVE_WAIT_MS)
    send(luna, "Yes, Thursday works. Thank you.")
    expect(sol.page.locator("#messages")).to_contain_text(
        "Yes, Thursday works.", timeout=LIVE_WAIT_MS)
    assert loads == {"luna": 0, "sol": 0}  # neither page was reloaded


def test_a_tab_left_open_after_signing_out_is_sent_nothing(tabs, live_app):
    """Luna has the messages open in one tab and signs out in another tab of the same
    phone: the open tab's session has ended, so Sol's next message never reaches it."""
    match_id = their_match(live_app)
    luna, sol = tabs(), tabs()
    sign_in(luna, "Survivor Luna")
    sign_in(sol, "Mentor Sol")
    luna.go(routes.mentoring_messages(match_id))
    sol.go(routes.mentoring_messages(match_id))
    send(sol, "Before you go: see you Thursday.")
    expect(luna.page.locator("#messages")).to_contain_text("see you Thursday",
                                                           timeout=LIVE_WAIT_MS)

    second_tab = luna.page.context.new_page()
    second_tab.goto(live_app.url + routes.ACCOUNT)
    second_tab.wait_for_selector(".app[data-loaded='true']", timeout=20000)
    second_tab.click("#sign-out-form button[type=submit]")
    second_tab.wait_for_selector("text=You are signed out")

    send(sol, "A private note after she signed out.")
    sol.page.wait_for_timeout(3000)  # longer than a push takes on this machine
    expect(luna.page.locator("#messages")).not_to_contain_text("after she signed out")


def test_willow_reads_a_thread_while_juniper_replies(tabs):
    """Juniper's reply waits behind one calm bar on Willow's screen (the page does not
    move under her thumb); one tap shows it. Juniper's reaction shows at once, in place."""
    willow, juniper = tabs(), tabs()
    sign_in(willow, "Survivor Willow")
    href = start_thread(willow, "Evening walk", "A short walk after dinner helps me sleep.")
    open_thread(willow, href)
    sign_in(juniper, "Mentor Juniper")
    open_thread(juniper, href)
    juniper.page.fill("#reply-body", "Even ten minutes counts.")
    juniper.page.click("#reply-form button[type=submit]")
    expect(juniper.page.locator("#posts")).to_contain_text("Even ten minutes counts.",
                                                           timeout=LIVE_WAIT_MS)

    bar = willow.page.locator("#new-replies")
    expect(bar).to_have_text("1 new reply. Show it", timeout=LIVE_WAIT_MS)
    expect(willow.page.locator("#posts")).not_to_contain_text("Even ten minutes counts.")
    bar.click()
    expect(willow.page.locator("#posts")).to_contain_text("Even ten minutes counts.")
    expect(bar).to_have_count(0)


def test_a_session_sol_cancels_leaves_lunas_open_calendar(tabs, live_app):
    """Sol calls off a session from his phone; Luna's calendar, open on hers, drops it
    without a reload (his cancellation notifies her, and her calendar page reloads)."""
    with app_database(live_app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        luna, sol = named["Survivor Luna"], named["Mentor Sol"]
        active_match_id(session, luna, sol)
        now = utcnow()
        offer = calendar.available_slots(session=session, actor=actor_of(luna),
                                         mentor_id=sol.id, now=now)
        start = [slot.start_utc for day in offer.days for slot in day.slots][-1]
        booked = calendar.book_session(session=session, actor=actor_of(luna),
                                       mentor_id=sol.id, start=start.isoformat(),
                                       length=offer.length, mode=offer.modes[0],
                                       details="", now=now)
    luna_tab, sol_tab = tabs(), tabs()
    sign_in(luna_tab, "Survivor Luna")
    luna_tab.go(routes.CALENDAR)
    sessions_with_sol = luna_tab.page.locator("#calendar-items li", has_text="Mentor Sol")
    before = sessions_with_sol.count()
    assert before >= 1

    sign_in(sol_tab, "Mentor Sol")
    sol_tab.go(routes.calendar_session(booked.id))
    sol_tab.page.click("#cancel-step-open")
    sol_tab.page.fill("#cancel-reason", "I am unwell today")
    sol_tab.page.click("#confirm-cancel")
    sol_tab.page.wait_for_selector("#session-message.notice-ok")

    expect(sessions_with_sol).to_have_count(before - 1, timeout=LIVE_WAIT_MS)
