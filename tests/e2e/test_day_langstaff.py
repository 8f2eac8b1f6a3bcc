"""A day on a phone (390x844), issue 13 items 8 and 11.

Item 8: a member switches to Spanish on the calendar, a resource listing with opening
hours, the volunteering pages and mentoring: dates, day names, statuses and counts
change at once, without a reload, and "1 hour" becomes "1 hora" (Babel's plural forms).
Item 11: Admin Owl filters the audit log by person and action and reads pseudonyms and
plain words; she creates a labelled invite, copies the code and the sign-up link, and
in another browser the link opens sign-up with the code filled in, and it works.
"""

from __future__ import annotations

import re
import secrets

from playwright.sync_api import expect
from sqlalchemy import func, select

from tests.e2e.conftest import (
    OUTPUT,
    active_match_id,
    app_database,
    serious_accessibility_violations,
    sign_in,
)

ENGLISH_DATES = re.compile(
    r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
    r"Sunday|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|AM|PM)\b")
SPANISH_DATES = re.compile(
    r"\b(lun|mar|mié|jue|vie|sáb|dom|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"ene|feb|abr|may|jun|jul|ago|sept?|oct|nov|dic)\b")
# Words only a Spanish date has (an English text may say "may" or "mar" in lower case).
SPANISH_ONLY = re.compile(
    r"\b(lun|mié|jue|vie|sáb|dom|lunes|martes|miércoles|jueves|viernes|sábado|domingo|"
    r"ene|abr|ago|dic)\b")
NEW_PASSPHRASE = "lanterns along the harbour wall"
LABEL = "For the Tuesday group"


def in_view(locator) -> None:
    expect(locator).to_be_visible()
    expect(locator).to_be_in_viewport()


def switch_language(visit, to: str) -> None:
    """Tap the header's language button and wait for the page's words to follow, checking
    the page was not reloaded (a mark left on the window survives)."""
    page = visit.page
    toggle = page.locator("header .lang-toggle")
    page.evaluate("() => { window.__sameDocument = 'yes'; }")
    toggle.click()
    expect(toggle).to_have_text("EN" if to == "es" else "ES")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__sameDocument") == "yes"


def settled_text(dates, ready) -> str:
    """The texts once ``ready`` holds for them (the page's load runs again after the
    switch: static words change first, the server's dates a moment later), or as they
    are after 10 s. Polled from here: the app's CSP refuses wait_for_function's eval."""
    dates.first.wait_for()
    text = ""
    for _ in range(100):
        text = " ".join(dates.all_inner_texts())
        if ready(text):
            break
        dates.page.wait_for_timeout(100)
    return text


def check_switch(visit, dates) -> None:
    """English first, then Spanish at once: dates, days and months in the new words only."""
    page = visit.page
    dates.first.wait_for()
    if page.locator("header .lang-toggle").inner_text().strip() == "EN":
        switch_language(visit, "en")
    english = settled_text(dates, lambda text: ENGLISH_DATES.search(text)
                           and not SPANISH_ONLY.search(text))
    assert ENGLISH_DATES.search(english) and not SPANISH_ONLY.search(english), english
    switch_language(visit, "es")
    spanish = settled_text(dates, lambda text: SPANISH_DATES.search(text)
                           and not ENGLISH_DATES.search(text))
    assert SPANISH_DATES.search(spanish), spanish
    assert not ENGLISH_DATES.search(spanish), spanish
    dates.first.scroll_into_view_if_needed()
    in_view(dates.first)


def listing_with_week_hours(session) -> int:
    from portal.models.resources import ResourceHours, ResourceListing
    return session.execute(
        select(ResourceHours.listing_id).join(
            ResourceListing, ResourceListing.id == ResourceHours.listing_id)
        .where(ResourceListing.status == "published")
        .group_by(ResourceHours.listing_id)
        .having(func.count(func.distinct(ResourceHours.weekday)) >= 2)
        .order_by(ResourceHours.listing_id).limit(1)).scalar_one()


def languages_of(session, names) -> dict[str, str]:
    from portal.models import User
    return {user.display_name: user.language for user in session.execute(
        select(User).where(User.display_name.in_(names))).scalars()}


def willows_waiting_attendance(session):
    from portal.models import User
    from portal.models.volunteering import VolunteerAttendance
    willow = session.execute(select(User).where(User.display_name == "Survivor Willow")
                             ).scalar_one()
    return session.execute(select(VolunteerAttendance).where(
        VolunteerAttendance.user_id == willow.id,
        VolunteerAttendance.approved_by_id.is_(None))).scalars().first()


def test_switching_to_spanish_changes_every_date_and_count_at_once(tabs, live_app):
    with app_database(live_app) as session:
        listing_id = listing_with_week_hours(session)
        waiting = willows_waiting_attendance(session)
        waiting_id, minutes_before = waiting.id, waiting.minutes
        languages = languages_of(session, ("Survivor Willow", "Survivor Luna"))
        from portal.models import User
        luna_user, sol = (session.execute(select(User).where(User.display_name == name))
                          .scalar_one() for name in ("Survivor Luna", "Mentor Sol"))
        active_match_id(session, luna_user, sol)  # her mentor, whatever earlier tests ended
        waiting.minutes = 60  # one hour waiting for approval: "1 hour", "1 hora"
        session.commit()
    willow = tabs(audited=True)
    luna = tabs(audited=True)
    try:
        sign_in(willow, "Survivor Willow")
        page = willow.page

        willow.go("/calendar")
        check_switch(willow, page.locator("#calendar-items .muted"))
        assert serious_accessibility_violations(page) == []

        willow.go(f"/resources/listing?id={listing_id}")
        check_switch(willow, page.locator(".hours-list dt"))

        willow.go("/volunteer")
        check_switch(willow, page.locator("#volunteer-results li > p:not(.muted):not(.hint)"))

        willow.go("/volunteer/mine")
        waiting_line = page.locator("main p.hint", has_text=re.compile("1 (hour|hora)"))
        check_switch(willow, page.locator("#my-history li, #my-upcoming li"))
        expect(waiting_line).to_have_text("Esperando aprobación: 1 hora")
        switch_language(willow, "en")
        expect(waiting_line).to_have_text("Waiting for approval: 1 hour")
        waiting_line.scroll_into_view_if_needed()
        in_view(waiting_line)
        assert "1 hours" not in page.inner_text("main")
        assert serious_accessibility_violations(page) == []

        sign_in(luna, "Survivor Luna")
        luna.go("/mentoring")
        check_switch(luna, luna.page.locator("#my-mentors li"))
        assert serious_accessibility_violations(luna.page) == []
        OUTPUT.mkdir(exist_ok=True)
        luna.page.screenshot(path=str(OUTPUT / "mentoring-es-390x844.png"))
    finally:
        # Leave the demo members as they were: their own languages, Willow's hours waiting.
        with app_database(live_app) as session:
            from portal.models import User
            from portal.models.volunteering import VolunteerAttendance
            session.get(VolunteerAttendance, waiting_id).minutes = minutes_before
            for name, language in languages.items():
                session.execute(select(User).where(User.display_name == name)
                                ).scalar_one().language = language
            session.commit()


def test_admin_reads_the_audit_log_and_shares_a_labelled_invite(tabs, live_app):
    owl = tabs(audited=True)
    page = owl.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=owl.app.url)
    sign_in(owl, "Admin Owl")
    owl.go("/staff")

    # A labelled invite: the new code card shows the label, the code and its sign-up link.
    page.fill("#invite-label", LABEL)
    page.fill("#invite-org", "Harbor House")
    page.click("form:has(#invite-label) button[type=submit]")
    code = page.locator("#new-invite-code")
    expect(code).to_have_text(re.compile(r"\S{6,}"))
    in_view(page.locator("#new-invite-label", has_text=LABEL))
    the_code = code.inner_text().strip()
    link = page.locator("#new-invite-link")
    expect(link).to_contain_text(f"/sign-up?code={the_code}")

    copy_code = page.locator("#invite-copy-code")
    copy_code.scroll_into_view_if_needed()
    copy_code.click()
    in_view(page.locator("#invite-copied", has_text="Code copied."))
    assert page.evaluate("navigator.clipboard.readText()") == the_code
    page.click("#invite-copy-link")
    in_view(page.locator("#invite-copied", has_text="Sign-up link copied."))
    the_link = page.evaluate("navigator.clipboard.readText()")
    assert the_link == link.inner_text().strip() and the_link.startswith(owl.app.url)
    for button in (copy_code, page.locator("#invite-copy-link")):
        assert button.bounding_box()["height"] >= 44

    # The invite list: the label on top, and Revoke a 44 px button on its own row, apart
    # from the expiry time ("PM" and "Revoke" no longer run together).
    row = page.locator(".table-list li", has_text=LABEL).first
    row.scroll_into_view_if_needed()
    revoke = row.get_by_role("button", name="Revoke")
    expiry = row.locator("p.muted")
    in_view(revoke)
    assert revoke.bounding_box()["height"] >= 44
    assert revoke.bounding_box()["y"] >= expiry.bounding_box()["y"] + \
        expiry.bounding_box()["height"]

    # The audit log: filtered by person and action, pseudonyms and plain words.
    page.select_option("#audit-person", label="Admin Owl")
    page.select_option("#audit-action", label="Created an invite")
    page.click("form:has(#audit-person) button[type=submit]")
    entries = page.locator("#audit-log li")
    expect(entries.filter(has_not_text="Admin Owl · Created an invite")).to_have_count(0)
    expect(entries.first).to_contain_text("Admin Owl · Created an invite")
    entries.first.scroll_into_view_if_needed()
    in_view(entries.first)
    text = page.inner_text("#audit-log")
    assert "invite.create" not in text and "#" not in text
    for line in entries.all_inner_texts():
        assert line.startswith("Admin Owl · Created an invite"), line
    assert serious_accessibility_violations(page) == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "staff-audit-390x844.png"), full_page=True)

    # Someone else's phone opens the link: the code is already in the form, and it works.
    newcomer = tabs(audited=True)
    newcomer.page.goto(the_link)
    newcomer.wait_ready()
    field = newcomer.page.locator("#field-invite_code")
    expect(field).to_have_value(the_code)
    in_view(field)
    assert serious_accessibility_violations(newcomer.page) == []
    name = f"Tuesday Finch {secrets.choice('ABCDEFGHJKMNPQRSTUVWXYZ')}" \
           f"{secrets.choice('ABCDEFGHJKMNPQRSTUVWXYZ')}"
    newcomer.page.fill("#field-display_name", name)
    newcomer.page.fill("#field-passphrase", NEW_PASSPHRASE)
    newcomer.page.click("#sign-up-form button[type=submit]")
    newcomer.wait_for_path("/welcome")
    newcomer.page.wait_for_selector("#recovery-codes li")
    # The invite counts the sign-up, seen from the admin's side.
    owl.go("/staff")
    expect(page.locator(".table-list li", has_text=LABEL).first).to_contain_text("1/1")
