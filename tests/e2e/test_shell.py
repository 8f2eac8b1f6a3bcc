"""The app shell in a phone-sized Chromium: pages, navigation, quick exit, headers, privacy."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.e2e.conftest import OUTPUT, serious_accessibility_violations

SECTIONS = {
    "/": "Welcome to Lantern",
    "/mentoring": "Mentoring",
    "/groups": "Support groups",
    "/calendar": "Calendar",
    "/resources": "Resources",
    "/help": "Need help now?",
}
PUBLIC_PAGES = [*SECTIONS, "/safety", "/sign-in", "/sign-up", "/recover"]
NEUTRAL_TITLE = "Lantern"


def test_home_page_renders_at_phone_size_and_is_saved_as_a_screenshot(visit):
    visit.go("/")
    assert visit.page.title() == NEUTRAL_TITLE
    assert visit.page.inner_text("h1") == "Welcome to Lantern"
    assert visit.page.is_visible("#quick-exit")
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / "home-390x844.png"))
    assert (OUTPUT / "home-390x844.png").stat().st_size > 10_000


def test_navigation_reaches_every_section_with_a_neutral_title(visit):
    visit.go("/")
    for path, heading in SECTIONS.items():
        label = {"/": "Home", "/mentoring": "Mentoring", "/groups": "Groups",
                 "/calendar": "Calendar", "/resources": "Resources", "/help": "Help"}[path]
        visit.page.click(f"nav.bottom-nav >> text={label}")
        visit.page.wait_for_url(re.compile(re.escape(visit.app.url + path) + "/?$"))
        visit.page.wait_for_selector(f"h1:has-text('{heading}')")
        assert visit.page.title() == NEUTRAL_TITLE


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_pages_have_no_serious_accessibility_violations(audited_visit, path):
    audited_visit.go(path)
    assert serious_accessibility_violations(audited_visit.page) == []


def test_every_page_has_the_quick_exit_and_a_neutral_title(visit):
    for path in PUBLIC_PAGES:
        visit.go(path)
        title = visit.page.title()
        assert title == NEUTRAL_TITLE
        assert not re.search(r"traffick|victim", title, re.IGNORECASE)
        assert visit.page.is_visible("#quick-exit")


def test_quick_exit_button_leaves_and_back_does_not_return(visit):
    visit.page.goto("about:blank")
    visit.go("/")
    visit.page.click("nav.bottom-nav >> text=Groups")
    visit.page.wait_for_selector("h1:has-text('Support groups')")
    visit.page.click("#quick-exit")
    visit.page.wait_for_url(visit.app.weather_url)
    assert "sunny" in visit.page.inner_text("h1")
    visit.page.go_back()
    visit.page.wait_for_load_state()
    assert not visit.page.url.startswith(visit.app.url)


def test_quick_exit_by_pressing_shift_three_times(visit):
    visit.page.goto("about:blank")
    visit.go("/help")
    for _ in range(3):
        visit.page.keyboard.press("Shift")
    visit.page.wait_for_url(visit.app.weather_url)
    visit.page.go_back()
    visit.page.wait_for_load_state()
    assert not visit.page.url.startswith(visit.app.url)


def test_typing_capital_letters_does_not_trigger_quick_exit(visit):
    visit.go("/sign-in")
    visit.page.click("#field-display_name")
    visit.page.keyboard.type("Quiet River Fox")
    visit.page.wait_for_timeout(300)
    assert visit.page.url.startswith(visit.app.url)


def test_quick_exit_is_announced_to_screen_readers_and_stays_on_top_while_scrolling(visit):
    visit.go("/safety")
    label = visit.page.get_attribute("#quick-exit", "aria-label")
    assert "leave this site" in label.lower()
    visit.page.mouse.wheel(0, 3000)
    visit.page.wait_for_timeout(200)
    box = visit.page.locator("#quick-exit").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 844
    on_top = visit.page.evaluate(
        "() => { const b = document.querySelector('#quick-exit').getBoundingClientRect();"
        " const hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);"
        " return hit.closest('#quick-exit') !== null; }")
    assert on_top


def test_no_request_leaves_the_apps_origin(visit):
    for path in PUBLIC_PAGES:
        visit.go(path)
    assert visit.requests, "the recorder saw no requests"
    assert visit.foreign_requests() == []


def test_strict_content_security_policy_causes_no_violations_and_the_app_works(visit):
    visit.page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")
    visit.go("/")
    visit.page.click("button.lang-toggle")
    visit.page.wait_for_selector("h1:has-text('Te damos la bienvenida a Lantern')")
    visit.page.click("button.lang-toggle")
    visit.page.wait_for_selector("h1:has-text('Welcome to Lantern')")
    assert visit.page.evaluate("window.__cspViolations") == []
    assert [e for e in visit.console_errors if "Content Security Policy" in e] == []


def test_removing_the_script_hashes_would_be_caught(visit):
    """The CSP check above can fail: a page whose inline scripts are not allowed reports it."""
    visit.page.route("**/*", lambda route: route.continue_())
    response = visit.page.request.get(visit.app.url + "/")
    policy = response.headers["content-security-policy"]
    stripped = re.sub(r"'sha256-[^']+'", "", policy)
    html = response.text()
    visit.page.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__cspViolations.push(e.violatedDirective));")
    visit.page.route(visit.app.url + "/", lambda route: route.fulfill(
        status=200, body=html, headers={"content-type": "text/html",
                                        "content-security-policy": stripped}))
    visit.page.goto(visit.app.url + "/")
    visit.page.wait_for_timeout(1000)
    assert visit.page.evaluate("window.__cspViolations.length") > 0


@pytest.mark.parametrize("path", ["/", "/help", "/sign-in", "/_health"])
def test_security_headers_are_on_every_response(live_app, path):
    with urllib.request.urlopen(live_app.url + path) as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert headers["Cache-Control"] == "no-store"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert "microphone=()" in headers["Permissions-Policy"]


def test_uploads_route_is_not_served(live_app):
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(live_app.url + "/_upload/anything")
    assert refused.value.code == 404


def test_tap_targets_are_at_least_44_pixels(visit):
    visit.go("/")
    small = visit.page.evaluate(
        "() => [...document.querySelectorAll('nav a, header a, header button, main button,"
        " main a.button, footer a')].map(e => [e.textContent.trim(), e.getBoundingClientRect()])"
        ".filter(([, r]) => r.width > 0 && (r.height < 44 || r.width < 44)).map(([t]) => t)")
    assert small == []


def test_text_reflows_at_320_css_pixels_without_sideways_scrolling(visit):
    visit.page.set_viewport_size({"width": 320, "height": 640})
    for path in ["/", "/help", "/safety", "/sign-up"]:
        visit.go(path)
        overflow = visit.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_help_page_lists_the_crisis_lines(visit):
    visit.go("/help")
    text = visit.page.inner_text("main")
    for number in ("1-888-373-7888", "233733", "988", "911"):
        assert number in text
    assert visit.page.get_attribute("a[href='tel:18883737888']", "aria-label")


def test_safety_page_is_honest_that_quick_exit_does_not_erase_history(visit):
    visit.go("/safety")
    assert "does not erase your history" in visit.page.inner_text("main")
