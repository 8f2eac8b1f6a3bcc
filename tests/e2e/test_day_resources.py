"""Issue 13 item 7: a visitor in Chicago finds help in her own clock and words.

Her phone's browser is set to America/Chicago. From the first paint the directory reads
in her time (no listing link carries tz=UTC), a listing says once which clock its hours
read in, and Spanish or everyday words ("refugio", "shelter") find every emergency
shelter. Demo directory data: portal/demo/resources.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import OUTPUT, VIEWPORT, Visit

ZONE = "America/Chicago"
NOTE = "Opening hours are shown in your time (Chicago)."
SHELTERS = ("Casa Segura", "Lighthouse Night Shelter", "North Star Overnight",
            "Safe Harbor Emergency Shelter")
WILLOW = "Willow Transitional Homes"  # Los Angeles, weekdays 9:00-17:00 there


@pytest.fixture
def chicago(browser, live_app) -> Iterator[Visit]:
    """A phone whose browser reports America/Chicago; the app's real CSP in force."""
    context = browser.new_context(viewport=VIEWPORT, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, timezone_id=ZONE)
    page = context.new_page()
    current = Visit(page=page, app=live_app)
    page.on("console", lambda message: message.type == "error"
            and current.console_errors.append(message.text))
    yield current
    context.close()


def in_viewport(page, locator) -> bool:
    """Scrolled to as a person would, the element is wholly inside the 390x844 screen."""
    locator.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["height"] > 0 and 0 <= box["y"] and \
        box["y"] + box["height"] <= height


def listing_links(page) -> list[str]:
    return page.eval_on_selector_all(
        "main a[href*='/resources/listing']", "links => links.map(a => a.getAttribute('href'))")


def test_a_visitor_in_chicago_sees_her_own_clock_from_the_first_paint(chicago):
    page = chicago.page
    chicago.go("/resources")
    page.wait_for_selector("#resources-results li")
    assert page.evaluate("sessionStorage.getItem('lantern_zone')") == ZONE
    note = page.locator("main .zone-note")
    assert note.count() == 1 and note.inner_text() == NOTE
    assert in_viewport(page, note)
    links = listing_links(page)
    assert links, "the first page lists places"
    assert not [href for href in links if "tz=UTC" in href]
    assert all("tz=America%2FChicago" in href for href in links)
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "day-resources-first-paint-390x844.png"))


def test_refugio_and_shelter_find_every_emergency_shelter(chicago):
    page = chicago.page
    chicago.go("/resources")
    page.wait_for_selector("#resources-results li")
    page.fill("#resources-text", "refugio")
    page.click("#resources-search button[type=submit]")
    titles = page.locator("#resources-results > li h3")
    expect(titles).to_have_count(len(SHELTERS))  # the first page was replaced
    assert sorted(titles.all_inner_texts()) == sorted(SHELTERS)
    assert in_viewport(page, page.locator("#resources-results > li h3").first)
    assert not [href for href in listing_links(page) if "tz=UTC" in href]
    page.fill("#resources-text", "shelter")
    page.click("#resources-search button[type=submit]")
    # Every emergency shelter, and the home whose words say "shelter".
    expect(titles).to_have_count(len(SHELTERS) + 1)
    assert sorted(titles.all_inner_texts()) == sorted([*SHELTERS, WILLOW])
    page.screenshot(path=str(OUTPUT / "day-resources-refugio-390x844.png"))


def test_a_listing_says_once_which_clock_its_hours_read_in(chicago):
    page = chicago.page
    chicago.go("/resources")
    page.wait_for_selector("#resources-results li")
    page.fill("#resources-text", "Willow")
    page.click("#resources-search button[type=submit]")
    expect(page.locator("#resources-results > li h3")).to_have_text([WILLOW])
    page.click(f"#resources-results a.resource-title:has-text('{WILLOW}')")
    page.wait_for_url(re.compile(r".*/resources/listing\?id=\d+&tz=America%2FChicago$"))
    page.wait_for_selector(f"#resource-name:has-text('{WILLOW}')")
    page.wait_for_load_state("networkidle")
    main = page.inner_text("main")
    assert main.count("your time") == 1 and NOTE in main
    assert "UTC" not in main and "Los Angeles" not in main
    assert in_viewport(page, page.locator("main .zone-note"))
    # Open 9:00-17:00 in Los Angeles reads 11:00-19:00 on a Chicago clock.
    monday = page.locator(".hours-row").first
    assert re.search(r"11:00\s*AM\s*–\s*7:00\s*PM", monday.inner_text())
    assert in_viewport(page, monday)
    page.screenshot(path=str(OUTPUT / "day-resources-listing-390x844.png"), full_page=True)
    # A link opened without tz (shared, or typed) still reads in her browser's zone.
    listing_id = re.search(r"id=(\d+)", page.url)[1]
    chicago.go(f"/resources/listing?id={listing_id}")
    page.wait_for_selector(f"#resource-name:has-text('{WILLOW}')")
    assert page.locator("main .zone-note").inner_text() == NOTE


def test_the_directory_draws_light_first_and_keeps_every_listing_and_zone_in_reach(chicago):
    """Issue 14: six listings and a two-line zone choice on first paint; "Show more" and
    opening the zone choice bring the rest, and a chosen zone is used."""
    page = chicago.page
    chicago.go("/resources")
    page.wait_for_selector("#resources-results li")
    # The crisis lines were already in the page's HTML, before it connected.
    html = page.request.get(chicago.app.url + "/resources").text()
    assert "1-888-373-7888" in html and "crisis-list" in html
    results = page.locator("#resources-results > li")
    assert results.count() == 6
    more = page.get_by_role("button", name="Show more")
    box = more.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44
    more.click()
    expect(results).to_have_count(20)
    zone_choice = page.locator("#resources-timezone")
    assert zone_choice.evaluate("select => [...select.options].map(o => o.value)") == [
        "UTC", ZONE]
    assert zone_choice.input_value() == ZONE
    page.locator("details.resource-details summary").click()
    expect(zone_choice.locator("option[value='Asia/Tokyo']")).to_have_count(1)
    assert zone_choice.input_value() == ZONE  # still hers after the list filled
    zone_choice.select_option("Asia/Tokyo")
    page.click("#resources-search button[type=submit]")
    expect(page.locator("main .zone-note")).to_have_text(
        "Opening hours are shown in your time (Tokyo).")
    expect(results).to_have_count(6)  # a new search starts again from a few
    assert chicago.console_errors == []
