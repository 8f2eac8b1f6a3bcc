"""A home for each role, Back, and the header at 320 px (issue 13 items 4, 5 and 8's header),
on a phone (390x844): each demo role lands on its own tiles with real figures; a new
member's next steps go away as she does them, and her request waits on the mentor's home
(two phones); the account menu reaches Account and signs out; the header's Back control
goes to the page's parent; the Safety page's Back list choice decides whether the
browser's Back walks through Lantern; the header fits on one line at 320 px in English
and Spanish.
"""

from __future__ import annotations

import random
import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.e2e.conftest import OUTPUT, app_database, serious_accessibility_violations, sign_in

ROLE_HOMES = {
    "Survivor Luna": ("#tile-next-session", "#tile-mentor", "#tile-unread"),
    "Mentor Sol": ("#tile-mentor-requests", "#tile-week-sessions", "#tile-unread"),
    "Moderator Heron": ("#tile-queue", "#tile-vetting", "#tile-unread"),
    "Coordinator Ash": ("#tile-shifts", "#tile-hours", "#tile-unread"),
    "Admin Owl": ("#tile-queue", "#tile-invites", "#tile-vetting"),
}
STAFF_ONLY = ("#tile-queue", "#tile-invites", "#tile-vetting", "#tile-hours")


def figure_of(page, tile: str) -> int:
    return int(page.locator(f"{tile} .tile-figure").inner_text().strip())


def open_home(visit) -> None:
    visit.go("/")
    visit.page.wait_for_selector("#home-tiles")


def test_each_role_lands_on_its_own_home_with_real_figures(tabs, live_app):
    from portal.models.groups import ReviewQueueItem

    with app_database(live_app) as session:
        waiting = session.execute(select(func.count(ReviewQueueItem.id)).where(
            ReviewQueueItem.resolved.is_(False))).scalar_one()
    for name, tiles in ROLE_HOMES.items():
        phone = tabs(audited=True)
        sign_in(phone, name)
        page = phone.page
        page.wait_for_selector("#home-tiles")
        expect(page.locator("#member-home")).to_contain_text(name)
        for tile in tiles:
            locator = page.locator(tile)
            locator.scroll_into_view_if_needed()
            expect(locator).to_be_in_viewport()
            # The whole tile is the link, and it is easy to tap.
            assert locator.evaluate("e => e.tagName") == "A"
            assert locator.bounding_box()["height"] >= 44
        if name.startswith(("Survivor", "Mentor", "Coordinator")):
            for tile in STAFF_ONLY[:3]:
                assert page.locator(tile).count() == 0, (name, tile)
        if name.startswith(("Survivor", "Moderator", "Admin", "Coordinator")):
            assert page.locator("#tile-mentor-requests").count() == 0, name
        if name in ("Moderator Heron", "Admin Owl"):
            # The figure is the queue's: the same count the database holds.
            assert figure_of(page, "#tile-queue") == waiting
            assert figure_of(page, "#tile-vetting") >= 1  # Applicant Fern waits
        assert serious_accessibility_violations(page) == []
        if name == "Moderator Heron" and waiting:
            # Switching language rewrites the dates at once (item 8), not only the labels.
            detail = page.locator("#tile-queue .tile-detail")
            english = detail.inner_text().split("Waiting since", 1)[1].strip()
            page.click("button.lang-toggle")
            expect(detail).to_contain_text("Espera desde")
            spanish = detail.inner_text().split("Espera desde", 1)[1].strip()
            assert spanish and spanish != english
            page.click("button.lang-toggle")  # his language back to English
            expect(detail).to_contain_text("Waiting since")
        if name == "Survivor Luna":
            OUTPUT.mkdir(exist_ok=True)
            page.screenshot(path=str(OUTPUT / "home-survivor-390x844.png"))


def test_a_new_member_sees_next_steps_and_her_request_waits_on_the_mentors_home(tabs,
                                                                                 live_app):
    from portal.models import User
    from portal.models.mentoring import MentorRequest
    from portal.services.mentoring import requests as mentoring_requests
    from tests.factories.accounts import PASSPHRASE, actor_of
    from tests.factories.mentoring import make_survivor

    fern_name = f"Quiet Meadow {random.randint(1000, 9999)}"
    with app_database(live_app) as session:
        make_survivor(session, name=fern_name, intake=False)
        river_id = session.execute(select(User.id).where(
            User.display_name == "Mentor River")).scalar_one()

    river = tabs()
    sign_in(river, "Mentor River")
    river.page.wait_for_selector("#home-tiles")
    before = figure_of(river.page, "#tile-mentor-requests")

    newcomer = tabs(audited=True)
    sign_in(newcomer, fern_name, PASSPHRASE)
    page = newcomer.page
    page.wait_for_selector("#home-steps")
    for step in ("#step-questions", "#step-mentor", "#step-group"):
        expect(page.locator(step)).to_be_in_viewport()
        assert page.locator(step).bounding_box()["height"] >= 44
    assert serious_accessibility_violations(page) == []

    # She asks Mentor River (the step "Find a mentor" is then done).
    newcomer.go(f"/mentoring/mentor?id={river_id}")
    page.click("#request-form button[type=submit]")
    newcomer.wait_for_path("/mentoring")
    open_home(newcomer)
    expect(page.locator("#step-mentor")).to_have_count(0)
    expect(page.locator("#step-questions")).to_be_in_viewport()
    assert figure_of(page, "#tile-sent-requests") == 1

    # On River's phone the request is waiting for his answer.
    open_home(river)
    expect(river.page.locator("#tile-mentor-requests .tile-figure")).to_have_text(
        str(before + 1))
    expect(river.page.locator("#tile-mentor-requests")).to_be_in_viewport()

    # Leave the demo as it was: her request is withdrawn.
    with app_database(live_app) as session:
        fern = session.execute(select(User).where(User.display_name == fern_name)).scalar_one()
        request_id = session.execute(select(MentorRequest.id).where(
            MentorRequest.survivor_id == fern.id)).scalar_one()
        mentoring_requests.withdraw_request(session=session, actor=actor_of(fern),
                                            request_id=request_id)


def test_the_account_menu_reaches_account_and_signs_out(tabs):
    phone = tabs(audited=True)
    sign_in(phone, "Survivor Maple")
    page = phone.page
    menu = page.locator("#account-menu-button")
    expect(menu).to_be_in_viewport()
    box = menu.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    menu.click()
    expect(page.locator("#menu-account")).to_be_in_viewport()
    assert page.locator("#menu-staff").count() == 0  # staff tools are for staff
    assert serious_accessibility_violations(page) == []
    page.click("#menu-account")
    phone.wait_for_path("/account")
    page.wait_for_selector("h1:has-text('account')")
    page.click("#account-menu-button")
    sign_out = page.locator("#menu-sign-out-form button[type=submit]")
    expect(sign_out).to_be_in_viewport()
    sign_out.click()
    phone.wait_for_path("/")
    phone.wait_ready()
    expect(page.locator("main")).to_contain_text("Lantern is a private place")
    assert page.locator("#account-menu-button").count() == 0

    owl = tabs()
    sign_in(owl, "Admin Owl")
    owl.page.click("#account-menu-button")
    expect(owl.page.locator("#menu-staff")).to_be_in_viewport()


def test_no_signed_out_text_is_drawn_before_the_page_knows_who_is_here(tabs):
    phone = tabs()
    sign_in(phone, "Survivor Maple")
    html = phone.page.request.get(phone.app.url + "/").text()
    assert "page-placeholder" in html
    assert "Lantern is a private place" not in html


def test_the_back_control_goes_to_the_pages_parent(tabs):
    visitor = tabs(audited=True)
    visitor.go("/safety")
    page = visitor.page
    back = page.locator("#back-control")
    expect(back).to_be_in_viewport()
    box = back.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    assert back.get_attribute("aria-label") == "Back"
    assert serious_accessibility_violations(page) == []
    back.click()
    visitor.wait_for_path("/help")
    page.wait_for_selector("h1:has-text('Need help')")
    # The top level has no Back control.
    expect(page.locator("#back-control")).to_have_count(0)


def test_the_safety_choice_decides_whether_back_walks_through_lantern(tabs):
    visitor = tabs(audited=True)
    page = visitor.page
    page.goto("about:blank")
    visitor.go("/safety")
    choice = page.locator("#keep-out-of-back-list")
    choice.scroll_into_view_if_needed()
    expect(choice).to_be_checked()  # on by default
    expect(page.locator("#back-list")).to_contain_text("does not erase your browsing history")
    # On: Back leaves Lantern altogether.
    page.click("nav.bottom-nav >> text=Groups")
    page.wait_for_selector("h1:has-text('Support groups')")
    page.go_back()
    page.wait_for_load_state()
    assert not page.url.startswith(visitor.app.url)

    # Off: the phone's Back returns to the Lantern page she saw before.
    visitor.go("/safety")
    choice = page.locator("#keep-out-of-back-list")
    choice.scroll_into_view_if_needed()
    choice.click()
    expect(choice).not_to_be_checked()
    status = page.locator("#back-list-status")
    expect(status).to_have_text(re.compile("Back now walks"))
    expect(status).to_be_in_viewport()
    assert serious_accessibility_violations(page) == []
    page.click("nav.bottom-nav >> text=Home")
    page.wait_for_selector("h1:has-text('Welcome to Lantern')")
    page.click("nav.bottom-nav >> text=Groups")
    page.wait_for_selector("h1:has-text('Support groups')")
    page.go_back()
    page.wait_for_selector("h1:has-text('Welcome to Lantern')")
    assert page.url.rstrip("/") == visitor.app.url
    # Kept in this browser: a new visit still has it off.
    visitor.go("/safety")
    expect(page.locator("#keep-out-of-back-list")).not_to_be_checked()


def header_fits(page) -> None:
    exit_box = page.locator("#quick-exit").bounding_box()
    assert exit_box["height"] <= 48, exit_box
    assert exit_box["x"] + exit_box["width"] <= 320
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # One line: every control of the header sits on the quick exit's row.
    tops = page.evaluate(
        "() => [...document.querySelectorAll('header.topbar a, header.topbar button,"
        " header.topbar summary')].map(e => e.getBoundingClientRect())"
        ".filter(r => r.width > 0).map(r => [r.top, r.bottom, r.right])")
    for top, bottom, right in tops:
        assert top < exit_box["y"] + exit_box["height"] and bottom > exit_box["y"], tops
        assert right <= 320, tops


def test_the_header_fits_at_320_px_in_both_languages(tabs):
    phone = tabs()
    sign_in(phone, "Survivor Willow")
    page = phone.page
    page.set_viewport_size({"width": 320, "height": 640})
    phone.go("/safety")  # badge, language, account menu, Back and quick exit all shown
    expect(page.locator("#back-control")).to_be_visible()
    expect(page.locator("#account-menu-button")).to_be_visible()
    header_fits(page)
    page.click("button.lang-toggle")
    expect(page.locator("#quick-exit")).to_contain_text("Salida rápida")
    header_fits(page)
    page.click("button.lang-toggle")  # her language back to English, as the demo had it
    expect(page.locator("#quick-exit")).to_contain_text("Quick exit")
