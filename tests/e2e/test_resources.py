"""The resources directory in a phone-sized Chromium, against the demo data."""

from __future__ import annotations

import re

from tests.e2e.conftest import OUTPUT, serious_accessibility_violations, sign_in

SHELTER = "Safe Harbor Emergency Shelter"  # open 24 hours in the demo data


def find_open_shelter(visit) -> None:
    visit.go("/resources")
    visit.page.wait_for_selector("#resources-results li")  # the first page has loaded
    visit.page.select_option("#resources-category", "emergency_shelter")
    visit.page.check("#resources-open-now")
    visit.page.click("#resources-search button[type=submit]")
    visit.page.wait_for_selector(f"#resources-results li:has-text('{SHELTER}')")


def test_a_visitor_finds_an_open_shelter_without_signing_in(visit):
    visit.go("/resources")
    main = visit.page.inner_text("main")
    for number in ("1-888-373-7888", "233733", "988", "911"):
        assert number in main  # crisis lines first, before any search
    find_open_shelter(visit)
    results = visit.page.locator("#resources-results > li")
    assert all("Open" in text for text in results.all_inner_texts())
    card = results.filter(has_text=SHELTER)
    assert "Open 24 hours" in card.inner_text()
    assert card.locator("a[href^='tel:']").get_attribute("href") == "tel:5125550142"
    assert card.locator("a[href^='sms:']").get_attribute("href") == "sms:5125550143"
    for button in card.locator("a.button").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44
    browser_zone = visit.page.evaluate("Intl.DateTimeFormat().resolvedOptions().timeZone")
    zone_label = browser_zone.rsplit("/", 1)[-1].replace("_", " ")
    assert f"in your time ({zone_label})" in visit.page.inner_text("main")
    # The crisis lines stay at the top, once: the pinned listings repeat no number.
    assert "National Human Trafficking Hotline" in visit.page.inner_text(".crisis-list")
    assert visit.page.locator("main a[href='tel:18883737888']").count() == 1
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / "resources-390x844.png"), full_page=True)
    card.locator("a.resource-title").click()
    visit.page.wait_for_url(re.compile(r".*/resources/listing\?id=\d+&tz=.+$"))
    visit.page.wait_for_selector(f"#resource-name:has-text('{SHELTER}')")
    detail = visit.page.inner_text("main")
    assert "Open 24 hours" in detail and "Sunday" in detail
    assert f"in your time ({zone_label})" in detail  # the visitor's zone came along
    assert "Sign in to tell us about a mistake." in detail
    visit.page.screenshot(path=str(OUTPUT / "resource-detail-390x844.png"), full_page=True)
    cookies = {cookie["name"] for cookie in visit.page.context.cookies()}
    assert "lantern_session" not in cookies


def test_directory_pages_have_no_serious_accessibility_violations(audited_visit):
    find_open_shelter(audited_visit)
    assert serious_accessibility_violations(audited_visit.page) == []
    audited_visit.page.locator("#resources-results a.resource-title").first.click()
    audited_visit.page.wait_for_selector("#resource-name")
    assert serious_accessibility_violations(audited_visit.page) == []


def test_tap_targets_on_the_directory_are_at_least_44_pixels(visit):
    find_open_shelter(visit)
    small = visit.page.evaluate(
        "() => [...document.querySelectorAll('main button, main a.button, main a.resource-title,"
        " main select, main input, main summary')].map(e => [e.name || e.textContent.trim(),"
        " e.getBoundingClientRect()]).filter(([, r]) => r.width > 0 && r.height < 44)"
        ".map(([t]) => t)")
    assert [name for name in small if name != "open_now"] == []


def test_a_moderator_sees_the_review_list_and_downloads_the_directory(visit):
    sign_in(visit, "Moderator Heron")
    visit.go("/resources/manage")
    visit.page.wait_for_selector("#review-list li:has-text('Evening Kitchen')")
    assert "They close at 7 now" in visit.page.inner_text("#review-list")
    OUTPUT.mkdir(exist_ok=True)
    visit.page.screenshot(path=str(OUTPUT / "resources-manage-390x844.png"))
    response = visit.page.request.get(visit.app.url + "/resources/export.zip")
    assert response.status == 200 and response.body()[:2] == b"PK"
    visit.go("/resources/edit?id=new")
    visit.page.wait_for_selector("#resource-editor")
    assert visit.page.input_value("#editor-name") == ""
    # Editing keeps every stored value, hours included, and saves in place.
    visit.go("/resources/manage")
    visit.page.click("#review-list li:has-text('Evening Kitchen') >> text=Edit")
    visit.page.wait_for_function(
        "() => document.querySelector('#editor-name')?.value === 'Evening Kitchen'")
    assert visit.page.input_value("#editor-mon_1_opens") == "17:00"
    assert visit.page.input_value("#editor-category") == "food"
    assert visit.page.is_checked("#editor-lang-en")
    visit.page.click("#resource-editor summary:has-text('Monday')")
    visit.page.fill("#editor-mon_1_closes", "19:00")
    visit.page.click("#resource-editor button[type=submit]")
    visit.page.wait_for_selector("text=Saved.")
    assert visit.page.input_value("#editor-mon_1_closes") == "19:00"
    visit.page.click("#resource-editor details summary >> nth=0")
    visit.page.screenshot(path=str(OUTPUT / "resource-editor-390x844.png"), full_page=True)


def package(category: bytes) -> list[dict]:
    files = {
        "organizations.csv": b"id,name\r\no1,Partner Org\r\n",
        "services.csv": b"id,organization_id,name,x_category\r\ns1,o1,River Pantry," + category
                        + b"\r\n",
        "locations.csv": b"id,name,x_region\r\nl1,Ohio,OH\r\n",
        "service_at_location.csv": b"id,service_id,location_id\r\nx1,s1,l1\r\n",
    }
    return [{"name": name, "mimeType": "text/csv", "buffer": data} for name, data in files.items()]


def test_a_moderator_imports_hsds_files_and_sees_problems_by_line(visit):
    sign_in(visit, "Moderator Heron")
    visit.go("/resources/manage")
    visit.page.set_input_files("#hsds-files", package(b"groceries"))
    visit.page.click("#hsds-import-form button[type=submit]")
    visit.page.wait_for_url(re.compile(r".*/resources/manage/?\?import=\d+$"))
    visit.wait_ready()
    problems = visit.page.inner_text("#import-problems")
    assert "services.csv, line 2:" in problems and "groceries" in problems
    assert "Nothing was imported" in visit.page.inner_text("#hsds-import")
    visit.page.set_input_files("#hsds-files", package(b"food"))
    visit.page.click("#hsds-import-form button[type=submit]")
    visit.page.wait_for_selector("#hsds-import :text('Imported: 1 new')")
    assert "River Pantry" in visit.page.inner_text("#staff-listings")
