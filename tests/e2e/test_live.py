"""Live (issue 15): what the other person does appears in an open tab without a reload.

Phones at 390x844, each its own browser profile, on one worker (memory bus): Luna and
Mentor Sol have their mentorship's messages open and what one sends appears on the
other's screen while neither reloads; a tab left open after signing out is sent nothing;
Willow reads a group thread while Juniper replies, and the replies wait behind a bar;
a session Sol cancels leaves Luna's open calendar. Also: "seen" appears on Luna's open
tab once Sol reads, only because both chose it; Heron's approval reaches the author's
open thread; a blocked author's reply never reaches the blocker (a third member's tab
gets it); a reply Heron approves after later replies reaches Willow's open thread in
its place; a session Sol moves shows at its new time on Luna's open calendar; quick exit
stops pushes to that browser at once (her laptop still gets them); a tab whose socket
drops catches up when it comes back, each message once; in a long conversation, what
arrives joins the end of an open tab whose earlier messages stay above, in order, once.
"""

from __future__ import annotations

import time

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlalchemy import delete, func, select

from portal import routes
from portal.models import User
from portal.models.calendar import SessionBooking
from portal.models.groups import GroupPost, GroupThread, SupportGroup
from portal.models.mentoring import SeenChoice
from portal.models.types import utcnow
from portal.services import calendar
from portal.services.accounts import blocks
from portal.services.groups.posts import POLICY
from portal.state.calendar_text import when
from tests.e2e.conftest import Visit, active_match_id, app_database, sign_in
from tests.e2e.test_groups import open_thread, start_thread
from tests.factories.accounts import actor_of
from tests.factories.groups import reply_by, thread_by

LIVE_WAIT_MS = 15000  # how long a test waits for the push (a bound, not a target)


def wait_out_her_posting_interval(live_app, name: str) -> None:
    """A new member waits between posts (the posting policy). Other browser tests share
    this app's members and may have just posted as her: wait what she would wait."""
    with app_database(live_app) as session:
        latest = session.execute(
            select(func.max(GroupPost.created_at)).join(User, User.id == GroupPost.author_id)
            .where(User.display_name == name)).scalar()
    if latest is None:
        return
    latest = latest if latest.tzinfo else latest.replace(tzinfo=utcnow().tzinfo)
    wait = (latest + POLICY.new_member_min_interval - utcnow()).total_seconds()
    if wait > 0:
        time.sleep(wait + 1)


def their_match(live_app) -> int:
    with app_database(live_app) as session:
        named = {user.display_name: user for user in session.execute(select(User)).scalars()}
        return active_match_id(session, named["Survivor Luna"], named["Mentor Sol"])


def on_their_thread(tabs, live_app, *names: str) -> tuple[int, list]:
    """Luna and Sol's mentorship: a phone each for ``names``, signed in, on its messages."""
    match_id = their_match(live_app)
    phones = [tabs() for _ in names]
    for phone, name in zip(phones, names, strict=True):
        sign_in(phone, name)
        phone.go(routes.mentoring_messages(match_id))
    return match_id, phones


def send(tab, body: str) -> None:
    form = tab.page.locator("#compose-form")
    form.locator("textarea[name=body]").fill(body)
    form.locator("button[type=submit]").click()
    expect(tab.page.locator("#messages")).to_contain_text(body, timeout=LIVE_WAIT_MS)


def test_luna_and_sol_message_each_other_without_reloading(tabs, live_app):
    match_id, (luna, sol) = on_their_thread(tabs, live_app, "Survivor Luna", "Mentor Sol")
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

    # Juniper sends a hug to Willow's post: it shows on Willow's screen at once, in place,
    # counted, and pressed only on Juniper's.
    juniper.page.locator("#posts .reaction", has_text="A hug").first.click()
    expect(juniper.page.locator("#posts .reaction", has_text="A hug").first).to_have_attribute(
        "aria-pressed", "true", timeout=LIVE_WAIT_MS)
    willows_hug = willow.page.locator("#posts .reaction", has_text="A hug").first
    expect(willows_hug).to_have_text("A hug 1", timeout=LIVE_WAIT_MS)
    expect(willows_hug).to_have_attribute("aria-pressed", "false")
    expect(bar).to_have_count(0)


def lunas_last_offered_session_with_sol(live_app):
    """Luna books the last time Sol offers (far from other tests' bookings), through the
    service: (the booking, Luna)."""
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
        session.refresh(luna)  # her language and clock, read after the booking's commit
    return booked, luna


def test_a_session_sol_cancels_leaves_lunas_open_calendar(tabs, live_app):
    """Sol calls off a session from his phone; Luna's calendar, open on hers, drops it
    without a reload (his cancellation notifies her, and her calendar page reloads)."""
    booked, _ = lunas_last_offered_session_with_sol(live_app)
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


def named_people(live_app) -> dict[str, User]:
    with app_database(live_app) as session:
        people = {user.display_name: user for user in session.execute(select(User)).scalars()}
        for user in people.values():
            session.expunge(user)
        return people


def frames_of(page) -> list[str]:
    """Every socket frame this tab receives from now on, as text."""
    frames: list[str] = []

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda payload: frames.append(
            payload if isinstance(payload, str) else payload.decode("utf-8", "replace")))

    page.on("websocket", on_socket)
    return frames


def second_tab(tab, live_app) -> Visit:
    """Another tab in the same browser (same cookie, same session)."""
    return Visit(page=tab.page.context.new_page(), app=live_app)


def turn_seen_on(tab) -> None:
    tab.go(routes.NOTIFICATIONS)
    switch = tab.page.locator("#seen-switch")
    expect(switch).to_have_attribute("aria-checked", "false")
    switch.click()
    expect(tab.page.locator("#seen-switch")).to_have_attribute("aria-checked", "true",
                                                               timeout=LIVE_WAIT_MS)


def test_luna_sees_seen_live_once_sol_reads_when_both_chose_it(tabs, live_app):
    """Issue 15, item 4: both turn "seen" on in their settings; Luna writes, and her open
    tab says "Visto" (she reads Spanish) under her message once Sol opens the thread,
    without a reload. The time is never shown."""
    match_id = their_match(live_app)
    luna, sol = tabs(), tabs()
    sign_in(luna, "Survivor Luna")
    sign_in(sol, "Mentor Sol")
    try:
        turn_seen_on(luna)
        turn_seen_on(sol)
        sol.go(routes.MENTORING)  # away from the thread: he has not read it yet
        luna.go(routes.mentoring_messages(match_id))
        loads = []
        luna.page.on("load", lambda _page: loads.append(1))
        send(luna, "Did you get my note about Thursday?")
        mine = luna.page.locator("#messages li.mine",
                                 has_text="Did you get my note about Thursday?")
        sol.page.wait_for_timeout(1500)
        expect(mine.locator(".message-seen")).to_have_count(0)  # not read yet

        sol.go(routes.mentoring_messages(match_id))
        expect(sol.page.locator("#messages")).to_contain_text("my note about Thursday")
        expect(mine.locator(".message-seen")).to_have_text("Visto", timeout=LIVE_WAIT_MS)
        # His screen never says "Seen" on her messages; and nothing tells a time.
        expect(sol.page.locator("#messages li:not(.mine) .message-seen")).to_have_count(0)
        assert loads == []
    finally:
        with app_database(live_app) as session:  # leave the demo as it was: off
            session.execute(delete(SeenChoice))
            session.commit()


def test_herons_approval_reaches_the_authors_open_thread(tabs, live_app):
    """Willow's post waits for a moderator (it shares a phone number); she keeps it open.
    Heron approves it from the queue, and Willow's tab shows it published, no reload.
    (Her post is written through the service, as tests/e2e/test_moderation.py seeds held
    posts; writing one from the browser is tests/e2e/test_groups.py's.)"""
    body = "Live check: text me on 555 201 4455 about the walk."
    wait_out_her_posting_interval(live_app, "Survivor Willow")
    with app_database(live_app) as session:
        author = session.execute(select(User).where(
            User.display_name == "Survivor Willow")).scalar_one()
        group = session.execute(select(SupportGroup).where(
            SupportGroup.name == "Morning check-in")).scalar_one()
        posted = thread_by(session, author, group, title="Walk on Sunday", body=body)
    assert posted.status == "held"
    willow, heron = tabs(), tabs()
    sign_in(willow, "Survivor Willow")
    open_thread(willow, routes.group_thread(posted.thread_id))
    expect(willow.page.locator("#posts")).to_contain_text("Waiting for review")
    loads = []
    willow.page.on("load", lambda _page: loads.append(1))

    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    item = heron.page.locator("article.queue-item", has_text="555 201 4455")
    item.wait_for()
    item.get_by_role("button", name="Approve").click()
    heron.page.wait_for_selector("text=Published.")

    expect(willow.page.locator("#posts")).not_to_contain_text("Waiting for review",
                                                              timeout=LIVE_WAIT_MS)
    expect(willow.page.locator("#posts")).to_contain_text("555 201 4455")
    assert loads == []


def test_an_older_reply_heron_approves_reaches_willows_open_thread_in_its_place(
        tabs, live_app):
    """Maple's reply waits for a moderator (it shares a phone number) and Juniper replies
    after it. Willow has the thread open and sees Juniper's reply only; Luna, who blocked
    Maple, has it open too. Heron approves Maple's: Willow's bar counts it although it is
    older than what she sees, and one tap shows it before Juniper's, once, no reload.
    Luna's tab is sent nothing of it. (Both replies are written through the service.)"""
    people = named_people(live_app)
    maple_words = "Maple here: soup tonight, text me on 555 201 8833 for the recipe."
    later_words = "Juniper again: soup counts, truly."
    with app_database(live_app) as session:
        thread_id = session.execute(select(GroupThread.id).where(
            GroupThread.title == "Small wins this week")).scalar_one()
    wait_out_her_posting_interval(live_app, "Survivor Maple")
    with app_database(live_app) as session:
        held = reply_by(session, people["Survivor Maple"], thread_id, body=maple_words)
    wait_out_her_posting_interval(live_app, "Mentor Juniper")
    with app_database(live_app) as session:
        later = reply_by(session, people["Mentor Juniper"], thread_id, body=later_words)
    assert (held.status, later.status) == ("held", "visible")
    with app_database(live_app) as session:
        blocks.block_member(session=session, actor=actor_of(people["Survivor Luna"]),
                            member_id=people["Survivor Maple"].id)
    try:
        href = routes.group_thread(thread_id)
        willow, luna, heron = tabs(), tabs(), tabs()
        sign_in(willow, "Survivor Willow")
        open_thread(willow, href)
        posts = willow.page.locator("#posts")
        expect(posts).to_contain_text(later_words)
        expect(posts).not_to_contain_text("555 201 8833")
        loads = []
        willow.page.on("load", lambda _page: loads.append(1))
        sign_in(luna, "Survivor Luna")
        luna_frames = frames_of(luna.page)  # from the thread's own socket on
        open_thread(luna, href)

        sign_in(heron, "Moderator Heron")
        heron.go("/moderation")
        item = heron.page.locator("article.queue-item", has_text="555 201 8833")
        item.wait_for()
        item.get_by_role("button", name="Approve").click()
        heron.page.wait_for_selector("text=Published.")

        bar = willow.page.locator("#new-replies")
        expect(bar).to_have_text("1 new reply. Show it", timeout=LIVE_WAIT_MS)
        expect(posts).not_to_contain_text("555 201 8833")  # nothing moved under her thumb
        bar.click()
        expect(posts.locator("article", has_text="555 201 8833")).to_have_count(1)
        expect(bar).to_have_count(0)
        shown = posts.inner_text()
        assert shown.index("555 201 8833") < shown.index(later_words)  # in its place
        assert loads == []
        expect(luna.page.locator("#new-replies")).to_have_count(0)
        expect(luna.page.locator("#posts")).not_to_contain_text("555 201 8833")
        assert any(later_words in frame for frame in luna_frames)  # her socket was heard
        assert not [frame for frame in luna_frames if "555 201 8833" in frame]
    finally:
        with app_database(live_app) as session:
            blocks.unblock_member(session=session, actor=actor_of(people["Survivor Luna"]),
                                  member_id=people["Survivor Maple"].id)


def test_a_blocked_authors_reply_never_reaches_the_blockers_open_thread(tabs, live_app):
    """Luna blocked River. Juniper and Luna read Juniper's thread in their group; River
    replies. Juniper's tab hears of it (delivery works); Luna's tab is sent nothing at all.
    (The demo's own thread: a new member may start only a few threads a day, and other
    browser tests start Juniper's.)"""
    people = named_people(live_app)
    luna_user, river_user = people["Survivor Luna"], people["Mentor River"]

    with app_database(live_app) as session:
        blocks.block_member(session=session, actor=actor_of(luna_user),
                            member_id=river_user.id)
    try:
        with app_database(live_app) as session:
            thread_id = session.execute(select(GroupThread.id).where(
                GroupThread.title == "Small wins this week")).scalar_one()
        href = routes.group_thread(thread_id)
        juniper, luna, river = tabs(), tabs(), tabs()
        sign_in(juniper, "Mentor Juniper")
        open_thread(juniper, href)
        sign_in(luna, "Survivor Luna")
        luna_frames = frames_of(luna.page)  # from the thread's own socket on
        open_thread(luna, href)
        sign_in(river, "Mentor River")
        open_thread(river, href)
        reply = "River here: porridge and a short list."
        wait_out_her_posting_interval(live_app, "Mentor River")
        river.page.fill("#reply-body", reply)
        river.page.click("#reply-form button[type=submit]")
        expect(river.page.locator("#posts")).to_contain_text(reply, timeout=LIVE_WAIT_MS)

        expect(juniper.page.locator("#new-replies")).to_have_text("1 new reply. Show it",
                                                                  timeout=LIVE_WAIT_MS)
        juniper.page.locator("#new-replies").click()
        expect(juniper.page.locator("#posts")).to_contain_text(reply)
        juniper.page.wait_for_timeout(1500)  # longer than the push took to Juniper
        expect(luna.page.locator("#new-replies")).to_have_count(0)
        expect(luna.page.locator("#posts")).not_to_contain_text("porridge")
        assert any("Small wins this week" in frame for frame in luna_frames)  # heard
        assert not [frame for frame in luna_frames if "porridge" in frame]
    finally:
        with app_database(live_app) as session:
            blocks.unblock_member(session=session, actor=actor_of(luna_user),
                                  member_id=river_user.id)


def test_a_session_sol_moves_shows_at_its_new_time_on_lunas_open_calendar(tabs, live_app):
    """Sol moves a session to another time from his phone; Luna's calendar, open on hers,
    shows it at the new time (in her own clock and language) without a reload."""
    booked, luna = lunas_last_offered_session_with_sol(live_app)
    luna_language, luna_zone = luna.language, luna.timezone
    luna_tab, sol_tab = tabs(), tabs()
    sign_in(luna_tab, "Survivor Luna")
    luna_tab.go(routes.CALENDAR)
    expect(luna_tab.page.locator("#calendar-items")).to_contain_text(
        when(luna_language, luna_zone, booked.starts_at))
    loads = []
    luna_tab.page.on("load", lambda _page: loads.append(1))

    sign_in(sol_tab, "Mentor Sol")
    sol_tab.go(f"{routes.CALENDAR_BOOK}?booking={booked.id}")
    sol_tab.page.locator("#days button.day-choice").first.click()
    sol_tab.page.locator("#times label").first.click()
    sol_tab.page.click("#move-form button[type=submit]")
    deadline = time.monotonic() + LIVE_WAIT_MS / 1000
    moved = None
    while moved is None and time.monotonic() < deadline:
        with app_database(live_app) as session:
            moved = session.execute(select(SessionBooking).where(
                SessionBooking.rescheduled_from_id == booked.id)).scalar_one_or_none()
            if moved is not None:
                session.expunge(moved)
        sol_tab.page.wait_for_timeout(200)
    assert moved is not None and moved.start_at != booked.starts_at

    new_time = when(luna_language, luna_zone, moved.start_at)
    expect(luna_tab.page.locator("#calendar-items")).to_contain_text(new_time,
                                                                     timeout=LIVE_WAIT_MS)
    expect(luna_tab.page.locator(f"#calendar-items a[href*='id={moved.id}']")).to_have_count(1)
    assert loads == []


def test_quick_exit_stops_pushes_to_that_browser_at_once(tabs, live_app):
    """Luna has the messages open in two tabs of her phone and on her laptop. She leaves
    by the quick exit on the phone: Sol's next message reaches the laptop, and nothing
    of it reaches either phone tab (that browser's session ended)."""
    match_id = their_match(live_app)
    phone, laptop, sol = tabs(), tabs(), tabs()
    sign_in(phone, "Survivor Luna")
    phone_frames = frames_of(phone.page)  # from the messages page's own socket on
    phone.go(routes.mentoring_messages(match_id))
    other_phone_tab = second_tab(phone, live_app)
    other_frames = frames_of(other_phone_tab.page)
    other_phone_tab.go(routes.mentoring_messages(match_id))
    sign_in(laptop, "Survivor Luna")
    laptop.go(routes.mentoring_messages(match_id))
    sign_in(sol, "Mentor Sol")
    sol.go(routes.mentoring_messages(match_id))
    send(sol, "Before the exit: hello.")
    for tab in (phone, other_phone_tab, laptop):  # all three were listening
        expect(tab.page.locator("#messages")).to_contain_text("Before the exit",
                                                              timeout=LIVE_WAIT_MS)
    for frames in (phone_frames, other_frames):  # both sockets are heard
        assert any("Before the exit" in frame for frame in frames)

    phone.page.click("#quick-exit")
    phone.page.wait_for_url(live_app.weather_url)
    send(sol, "After the exit: a private note.")
    expect(laptop.page.locator("#messages")).to_contain_text("After the exit",
                                                             timeout=LIVE_WAIT_MS)
    laptop.page.wait_for_timeout(1500)  # longer than the push took to the laptop
    expect(other_phone_tab.page.locator("#messages")).not_to_contain_text("After the exit")
    assert not [frame for frame in phone_frames + other_frames if "After the exit" in frame]


def test_a_tab_whose_socket_drops_catches_up_without_duplicates(tabs, live_app):
    """Luna's socket is cut (the network drops) while Sol writes twice, and her tab's
    attempt to reconnect hangs until the network is back; then her tab reconnects and
    shows each message exactly once, and hears the next push."""
    match_id = their_match(live_app)
    luna, sol = tabs(), tabs()
    network = {"down": False, "open": [], "waiting": []}
    logs: list[str] = []
    luna.page.on("console", lambda message: logs.append(message.text))

    def route_socket(socket) -> None:
        if network["down"]:  # no answer until the network is back
            network["waiting"].append(socket)
            return
        network["open"].append((socket, socket.connect_to_server()))

    luna.page.context.route_web_socket(lambda url: "/_event" in url, route_socket)
    sign_in(luna, "Survivor Luna")
    luna.go(routes.mentoring_messages(match_id))
    sign_in(sol, "Mentor Sol")
    sol.go(routes.mentoring_messages(match_id))
    send(sol, "Reconnect check one.")
    expect(luna.page.locator("#messages")).to_contain_text("Reconnect check one.",
                                                           timeout=LIVE_WAIT_MS)

    network["down"] = True  # the connection drops
    luna.page.context.set_offline(True)
    for socket, server in network["open"]:
        server.close()
        socket.close()
    network["open"].clear()
    send(sol, "Reconnect check two.")
    send(sol, "Reconnect check three.")
    luna.page.wait_for_timeout(1000)
    expect(luna.page.locator("#messages")).not_to_contain_text("Reconnect check two.")
    assert network["waiting"], f"no reconnect was attempted: {logs[-10:]}"

    network["down"] = False  # the network is back: the waiting attempt goes through
    luna.page.context.set_offline(False)
    for socket in network["waiting"]:
        try:
            network["open"].append((socket, socket.connect_to_server()))
        except PlaywrightError:  # an attempt the page already gave up on
            pass
    try:
        for body in ("Reconnect check one.", "Reconnect check two.",
                     "Reconnect check three."):
            expect(luna.page.locator("#messages li", has_text=body)).to_have_count(
                1, timeout=LIVE_WAIT_MS)
    except AssertionError as missing:
        raise AssertionError(f"{missing}\nher console: {logs[-15:]}") from None
    send(sol, "Reconnect check four.")  # and hears pushes again, still once each
    expect(luna.page.locator("#messages li", has_text="Reconnect check four.")).to_have_count(
        1, timeout=LIVE_WAIT_MS)
    for body in ("Reconnect check one.", "Reconnect check two.", "Reconnect check three."):
        expect(luna.page.locator("#messages li", has_text=body)).to_have_count(1)


def test_a_long_talk_keeps_its_earlier_messages_above_what_arrives(tabs, live_app):
    """Issue 15, a long conversation: Ash opens his mentorship of 40 messages and asks
    for the earlier ones; while he reads, Rowan writes twice. Each arrives at the end of
    his open tab, the earlier messages stay above in their order, nothing shows twice."""
    from datetime import timedelta

    from portal.services import mentoring
    from tests.factories.accounts import PASSPHRASE
    from tests.factories.mentoring import make_match, make_mentor, make_survivor

    stamp = f"{time.time_ns() % 10**8}"  # names of their own, whatever ran before
    rowan_name, ash_name = f"Survivor Rowan {stamp}", f"Mentor Ash {stamp}"
    with app_database(live_app) as session:
        rowan = make_survivor(session, name=rowan_name)
        ash = make_mentor(session, name=ash_name)
        match_id = make_match(session, rowan, ash).id
        earlier = utcnow() - timedelta(hours=3)  # an afternoon's talk, hours ago
        for number in range(40):
            writer = rowan if number % 2 == 0 else ash
            mentoring.send_message(session=session, actor=actor_of(writer),
                                   match_id=match_id, body=f"Earlier note {number + 1}.",
                                   now=earlier + timedelta(minutes=number))
    rowan_tab, ash_tab = tabs(), tabs()
    sign_in(rowan_tab, rowan_name, PASSPHRASE)
    sign_in(ash_tab, ash_name, PASSPHRASE)
    rowan_tab.go(routes.mentoring_messages(match_id))
    ash_tab.go(routes.mentoring_messages(match_id))
    shown = ash_tab.page.locator("#messages li")
    expect(shown).to_have_count(30)  # the newest page
    ash_tab.page.get_by_role("button", name="Show earlier messages").click()
    expect(shown).to_have_count(40)
    loads = []
    ash_tab.page.on("load", lambda _page: loads.append(1))

    send(rowan_tab, "Are you free on Thursday?")
    send(rowan_tab, "Or Friday morning?")
    expect(shown).to_have_count(42, timeout=LIVE_WAIT_MS)
    texts = [text.strip() for text in shown.all_inner_texts()]
    expected = [f"Earlier note {n}." for n in range(1, 41)]
    expected += ["Are you free on Thursday?", "Or Friday morning?"]
    assert [next(e for e in expected if e in text) for text in texts] == expected
    assert loads == []
