"""What a member writes is what others read (issue #10, item 9), in phone-sized Chromium.

Maple writes text that looks like markup, a content warning in angle brackets and a
hotline link; Luna, in her own browser profile, reads exactly those words, folded under
the warning, and the link dials. The XSS corpus, posted through the real form and read
by another member with the page's Content-Security-Policy switched off, runs nothing
and adds no element: the renderer alone keeps it text.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlmodel import Session

from portal.models import User
from portal.models.groups import MemberStanding
from portal.models.types import utcnow
from tests.domain.test_sanitize import XSS_VECTORS
from tests.e2e.conftest import OUTPUT, open_visit, sign_in
from tests.e2e.test_groups import open_thread, start_thread

HOTLINE = "tel:+18883737888"
TYPED_LINES = [
    "I'll be there <after work> on Friday",
    "if x<y then y>x, press <Enter> then type your name. salt &amp; pepper &lt;3",
    "[my notes](notes.txt) or call the hotline",
]
BODY = (TYPED_LINES[0] + "\n\n" + TYPED_LINES[1] + "\n\n"
        "[my notes](notes.txt) or call [the hotline](" + HOTLINE + ")\n\n"
        "I feel *a little* better")
WARNING = "<self-harm>"
MARKDOWN_TAGS = {"P", "A", "EM", "STRONG", "CODE", "PRE", "BLOCKQUOTE", "UL", "OL", "LI", "HR",
                 "BR", "H1", "H2", "H3", "H4", "H5", "H6"}
# Counts every way a payload could run: dialogs, and CSP reports should the policy be on.
WATCH_FOR_EXECUTION = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
}
document.addEventListener("securitypolicyviolation",
  (event) => window.__ran.push("csp:" + event.violatedDirective + ":" + event.blockedURI));
"""
# What the reader's page holds inside member text: every element and attribute.
MEMBER_MARKUP = """
() => {
  const found = {tags: [], handlers: [], hrefs: []};
  for (const root of document.querySelectorAll(".member-markdown, .member-plain")) {
    for (const element of root.querySelectorAll("*")) {
      found.tags.push(element.tagName);
      for (const attribute of element.attributes) {
        if (attribute.name.toLowerCase().startsWith("on")) { found.handlers.push(attribute.name); }
      }
      if (element.hasAttribute("href")) { found.hrefs.push(element.getAttribute("href")); }
    }
  }
  found.foreign = document.querySelectorAll([
    "script", "img", "iframe", "svg", "object", "embed", "video", "style", "math", "base",
    "meta", "input[autofocus]", "form[action^='javascript']", "details[ontoggle]",
  ].map((selector) => "#posts " + selector).join(", ")).length;
  return found;
}
"""


@pytest.fixture
def tabs(browser, live_app):
    opened = []

    def open_tab(**options):
        tab = open_visit(browser, live_app, **options)
        tab.page.add_init_script(WATCH_FOR_EXECUTION)
        tab.dialogs = []
        tab.page.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message),
                                              dialog.dismiss()))
        opened.append(tab)
        return tab

    yield open_tab
    for tab in opened:
        tab.page.context.close()


@pytest.fixture
def maple_may_post_links(live_app) -> Iterator[None]:
    """Maple as a member of a month's standing (links need a trusted member), then new again."""
    engine = create_engine(live_app.env["LANTERN_DATABASE_URL"])
    with Session(engine) as session:
        maple = session.execute(select(User).where(
            User.display_name == "Survivor Maple")).scalar_one()
        joined, maple_id = maple.created_at, maple.id
        standing = session.get(MemberStanding, maple_id)
        approved = standing.approved_posts if standing else None
        maple.created_at = utcnow() - timedelta(days=30)
        if standing is None:
            session.add(MemberStanding(user_id=maple_id, approved_posts=10))
        else:
            standing.approved_posts = 10
        session.commit()
    try:
        yield
    finally:
        with Session(engine) as session:
            session.get(User, maple_id).created_at = joined
            standing = session.get(MemberStanding, maple_id)
            if approved is None:
                session.delete(standing)
            else:
                standing.approved_posts = approved
            session.commit()
        engine.dispose()


def approve(visit, title: str) -> None:
    visit.go("/moderation")
    item = visit.page.locator("article.queue-item", has_text=title)
    item.wait_for()
    item.get_by_role("button", name="Approve").click()
    visit.page.wait_for_selector("text=Published.")


def test_what_maple_writes_is_what_luna_reads(tabs, maple_may_post_links):
    maple = tabs()
    sign_in(maple, "Survivor Maple")
    href = start_thread(maple, "Friday plans", BODY, WARNING)
    # Crisis words in the warning: held for a moderator, support shown to Maple only.
    assert maple.page.locator("#crisis-support").is_visible()

    heron = tabs()
    sign_in(heron, "Moderator Heron")
    approve(heron, "Friday plans")

    luna = tabs()
    sign_in(luna, "Survivor Luna")
    open_thread(luna, href)
    post = luna.page.locator("article.post").first
    fold = post.locator("details.content-warning")
    assert fold.get_attribute("open") is None
    assert post.locator("summary .cw-text").inner_text() == WARNING
    body = post.locator(".member-markdown")
    assert not body.is_visible()
    post.locator("summary").first.click()
    assert body.is_visible()
    shown = body.inner_text()
    for line in TYPED_LINES:
        assert line in shown, (line, shown)
    link = body.get_by_role("link", name="the hotline")
    assert link.get_attribute("href") == HOTLINE
    assert link.get_attribute("target") is None
    assert link.get_attribute("rel") == "nofollow noopener noreferrer ugc"
    assert body.locator("a").count() == 1
    # The composer's hint holds too: "*stars* make italics".
    assert body.locator("em").inner_text() == "a little"
    OUTPUT.mkdir(exist_ok=True)
    luna.page.screenshot(path=str(OUTPUT / "member-text-as-typed-390x844.png"))

    markup = luna.page.evaluate(MEMBER_MARKUP)
    assert set(markup["tags"]) <= MARKDOWN_TAGS and markup["handlers"] == []
    assert luna.page.evaluate("() => window.__ran") == [] and luna.dialogs == []

    # The author reads her own words the same way.
    open_thread(maple, href)
    mine = maple.page.locator("article.post").first
    mine.locator("summary").first.click()
    assert TYPED_LINES[0] in mine.locator(".member-markdown").inner_text()
    assert mine.locator("summary .cw-text").inner_text() == WARNING


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def test_the_xss_corpus_read_by_another_member_runs_nothing_and_adds_no_element(tabs):
    heron = tabs()
    sign_in(heron, "Moderator Heron")
    chunks = _chunks(XSS_VECTORS, 10)
    href = start_thread(heron, "Pasted things", "\n\n".join(chunks[0]),
                   "<img src=x onerror=alert(1)>")
    open_thread(heron, href)
    for number, chunk in enumerate(chunks[1:], start=2):
        heron.page.fill("#reply-body", "\n\n".join(chunk))
        heron.page.click("label[for=reply-has-warning]")
        heron.page.fill("#reply-warning", chunk[0][:100])
        heron.page.click("#reply-form button[type=submit]")
        heron.page.wait_for_function(
            f"() => document.querySelectorAll('article.post').length >= {number}")
        heron.wait_ready()

    for reader in (tabs(bypass_csp=True), tabs()):
        sign_in(reader, "Survivor Luna")
        open_thread(reader, href)
        posts = reader.page.locator("article.post")
        assert posts.count() == len(chunks)
        for summary in reader.page.locator("details.content-warning > summary").all():
            summary.click()
        reader.page.wait_for_timeout(500)
        markup = reader.page.evaluate(MEMBER_MARKUP)
        assert set(markup["tags"]) <= MARKDOWN_TAGS, markup["tags"]
        assert markup["handlers"] == [] and markup["foreign"] == 0
        assert all(h.lower().startswith(("https://", "http://", "mailto:", "tel:", "sms:"))
                   for h in markup["hrefs"]), markup["hrefs"]
        warnings = reader.page.locator("summary .cw-text").all_inner_texts()
        assert warnings[0] == "<img src=x onerror=alert(1)>"
        page_text = reader.page.inner_text("#posts")
        for typed in ("<script>alert(1)</script>", "<svg/onload=alert(1)>",
                      "[click](javascript:alert(1))", "<javascript:alert(1)>",
                      "<body onload=alert(1)>"):
            assert typed in page_text, typed
        assert reader.page.evaluate("() => window.__ran") == [] and reader.dialogs == []
        assert not any("Content Security Policy" in error for error in reader.console_errors)
