"""Support groups in a phone-sized Chromium (390x844), with the demo data.

A new member's post waits for review and a moderator approves it; another member then
reads it. A post with a phone number is held. Three members' reports hide a post.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import OUTPUT, serious_accessibility_violations, sign_in

GROUP = "Morning check-in"


def open_group(visit, name: str = GROUP) -> None:
    visit.go("/groups")
    visit.page.locator("#group-list").get_by_role("link", name=name).click()
    visit.page.wait_for_selector("#group-name")
    visit.wait_ready()


def start_thread(visit, title: str, body: str, warning: str = "") -> str:
    open_group(visit)
    visit.page.click("#start-thread")
    visit.page.wait_for_selector("#compose-form")
    visit.wait_ready()
    visit.page.fill("#field-title", title)
    visit.page.fill("#field-body", body)
    if warning:
        visit.page.click("label[for=compose-has-warning]")
        visit.page.fill("#compose-warning", warning)
    visit.page.click("#compose-form button[type=submit]")
    visit.page.wait_for_selector("#see-post")
    return visit.page.get_attribute("#see-post", "href")


def open_thread(visit, href: str) -> None:
    visit.go(href)
    visit.page.wait_for_selector("#thread-title")
    visit.wait_ready()


def test_new_members_post_waits_for_review_then_others_see_it(tabs):
    maple = tabs()
    sign_in(maple, "Survivor Maple")
    href = start_thread(maple, "My first morning here",
                        "Hello everyone, I am new and a little nervous.")
    assert "moderator checks new members" in maple.page.inner_text("main")
    open_thread(maple, href)
    assert "Waiting for review" in maple.page.inner_text("#posts")
    OUTPUT.mkdir(exist_ok=True)
    maple.page.screenshot(path=str(OUTPUT / "groups-thread-waiting-390x844.png"))

    willow = tabs()
    sign_in(willow, "Survivor Willow")
    open_group(willow)
    assert "My first morning here" not in willow.page.inner_text("main")

    heron = tabs()
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    item = heron.page.locator("article.queue-item", has_text="I am new and a little nervous")
    item.wait_for()
    assert "Survivor Maple" in item.inner_text()
    heron.page.screenshot(path=str(OUTPUT / "groups-review-queue-390x844.png"))
    item.get_by_role("button", name="Approve").click()
    heron.page.wait_for_selector("text=Published.")

    open_group(willow)
    willow.page.locator("#thread-list").get_by_role("link",
                                                    name="My first morning here").click()
    willow.page.wait_for_selector("text=I am new and a little nervous")
    willow.page.screenshot(path=str(OUTPUT / "groups-thread-390x844.png"))


def test_a_post_with_a_phone_number_is_held_and_the_author_told_why(tabs):
    willow = tabs()
    sign_in(willow, "Survivor Willow")
    href = start_thread(willow, "Coffee sometime", "Text me on 555 201 7788 if you like.")
    assert "may share contact details" in willow.page.inner_text("main")
    open_thread(willow, href)
    assert "Waiting for review" in willow.page.inner_text("#posts")

    luna = tabs()
    sign_in(luna, "Survivor Luna")
    open_group(luna)
    assert "Coffee sometime" not in luna.page.inner_text("main")


def test_crisis_words_hold_the_post_and_show_support_only_to_the_author(tabs):
    river = tabs()
    sign_in(river, "Mentor River")
    start_thread(river, "Tonight", "Some nights I feel I can't go on.")
    support = river.page.locator("#crisis-support")
    assert support.is_visible()
    assert "988" in support.inner_text()
    assert "not alone" in river.page.inner_text("main")


def test_three_members_reporting_a_post_hide_it(tabs):
    juniper = tabs()
    sign_in(juniper, "Mentor Juniper")
    href = start_thread(juniper, "An evening thought", "Rest is part of the work too.")
    assert re.search(r"/groups/thread\?id=\d+", href)
    for name in ("Survivor Willow", "Mentor River", "Survivor Maple"):  # English speakers
        reporter = tabs()
        sign_in(reporter, name)
        open_thread(reporter, href)
        post = reporter.page.locator("article.post", has_text="Rest is part of the work too.")
        post.locator("summary", has_text="Report").click()
        post.locator("select[name=reason]").select_option("spam")
        post.get_by_role("button", name="Send to moderators").click()
        reporter.page.wait_for_selector("text=Thank you. A moderator will look at it.")
    assert "hidden until a moderator looks" in reporter.page.inner_text("main")

    luna = tabs()
    sign_in(luna, "Survivor Luna")
    open_group(luna)
    assert "An evening thought" not in luna.page.inner_text("main")
    open_thread(juniper, href)
    assert "hidden while a moderator looks" in juniper.page.inner_text("#posts")


def test_content_warnings_stay_folded_until_tapped(tabs):
    sol = tabs()
    sign_in(sol, "Mentor Sol")
    open_group(sol)
    sol.page.click("#start-thread")
    sol.page.wait_for_selector("#compose-form")
    sol.wait_ready()
    sol.page.fill("#field-title", "About a hard memory")
    sol.page.fill("#field-body", "Some days the past visits. Today it did.")
    assert not sol.page.is_visible("#compose-warning")
    sol.page.click("label[for=compose-has-warning]")
    sol.page.fill("#compose-warning", "Mentions a hard memory")
    sol.page.click("#compose-form button[type=submit]")
    sol.page.wait_for_selector("#see-post")
    open_thread(sol, sol.page.get_attribute("#see-post", "href"))
    post = sol.page.locator("article.post", has_text="Mentions a hard memory")
    body = post.locator(".post-body", has_text="Some days the past visits.")
    assert not body.is_visible()
    post.locator("summary", has_text="Mentions a hard memory").click()
    assert body.is_visible()


def test_links_in_posts_are_nofollow_and_pasted_html_is_only_text(tabs):
    heron = tabs()
    sign_in(heron, "Moderator Heron")
    href = start_thread(heron, "Where to find help",
                        "[A guide](https://example.org/guide) <script>window.bad=1</script>"
                        "<img src=x onerror=\"window.bad=2\"> done")
    open_thread(heron, href)
    link = heron.page.locator("#posts .post-body a", has_text="A guide")
    assert link.get_attribute("rel") == "nofollow noopener noreferrer ugc"
    assert link.get_attribute("href") == "https://example.org/guide"
    assert heron.page.locator("#posts script, #posts img").count() == 0
    assert heron.page.evaluate("() => window.bad") is None


@pytest.mark.parametrize("path", ["/groups", "/moderation", "/moderation/history",
                                  "/moderation/words"])
def test_group_pages_have_no_serious_accessibility_violations(audited_visit, path):
    sign_in(audited_visit, "Moderator Heron")
    audited_visit.go(path)
    assert serious_accessibility_violations(audited_visit.page) == []


def test_group_and_thread_pages_have_no_serious_accessibility_violations(audited_visit):
    sign_in(audited_visit, "Survivor Willow")
    open_group(audited_visit)
    assert serious_accessibility_violations(audited_visit.page) == []
    audited_visit.page.locator("#thread-list a").first.click()
    audited_visit.page.wait_for_selector("#thread-title")
    audited_visit.wait_ready()
    assert serious_accessibility_violations(audited_visit.page) == []


def test_blocking_the_author_of_an_anonymous_reply_never_names_them(tabs):
    """Juniper replies without her name; Maple blocks that reply's author and reloads:
    only the anonymous reply is gone. Juniper's named reply, her thread and her mentor
    card are all still there for Maple, and a site moderator sees the quiet signal."""
    words = "Some days are like that for me too, and they pass."
    juniper = tabs()
    sign_in(juniper, "Mentor Juniper")
    open_group(juniper)
    juniper.page.locator("#thread-list").get_by_role("link", name="A heavy day").click()
    juniper.page.wait_for_selector("#reply-form")
    juniper.wait_ready()
    href = juniper.page.url.removeprefix(juniper.app.url)
    juniper.page.fill("#reply-body", words)
    juniper.page.click("label[for=reply-anonymous]")
    juniper.page.click("#reply-form button[type=submit]")
    juniper.page.wait_for_selector(f"#posts article.post:has-text('{words}')")

    maple = tabs()
    sign_in(maple, "Survivor Maple")
    open_thread(maple, href)
    reply = maple.page.locator("article.post", has_text=words)
    assert "A member (no name shown)" in reply.inner_text()
    assert "Mentor Juniper" in maple.page.inner_text("#posts")  # her named reply
    reply.get_by_role("button", name="Block this person").click()
    notice = maple.page.locator("[role=status]",
                                has_text="You will not see what this person posts without a name")
    notice.wait_for()
    assert "Nothing else changes, and they are not told." in notice.inner_text()
    assert "Moderators have been told quietly." in notice.inner_text()
    notice.scroll_into_view_if_needed()
    OUTPUT.mkdir(exist_ok=True)
    maple.page.screenshot(path=str(OUTPUT / "groups-anonymous-block-390x844.png"))

    maple.page.reload()
    maple.wait_ready()
    maple.page.wait_for_selector("#thread-title")
    posts = maple.page.inner_text("#posts")
    assert words not in posts
    assert "Mentor Juniper" in posts and "glad you are here" in posts
    open_group(maple)
    maple.page.locator("#thread-list").get_by_role("link", name="Small wins this week").click()
    maple.page.wait_for_selector("#thread-title:has-text('Small wins this week')")
    maple.page.wait_for_selector("#posts article.post:has-text('Mentor Juniper')")
    assert "I slept through the night twice this week" in maple.page.inner_text("#posts")
    maple.go("/mentoring/find")
    maple.page.wait_for_selector("#found-mentors li")
    assert "Mentor Juniper" in maple.page.inner_text("#found-mentors")

    heron = tabs()
    sign_in(heron, "Moderator Heron")
    heron.go("/moderation")
    signal = heron.page.locator("article.queue-item", has_text=words)
    signal.wait_for()
    text = signal.inner_text()
    assert "A member blocked this author from a post without a name" in text
    assert "Mentor Juniper" in text and "Survivor Maple" not in text
    assert "Urgent" not in text
    heron.page.screenshot(path=str(OUTPUT / "groups-anonymous-block-signal-390x844.png"))

    open_thread(juniper, href)  # the author sees her reply as before, and nothing else
    assert words in juniper.page.inner_text("#posts")
