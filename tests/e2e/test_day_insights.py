"""A day on Lantern, on a phone (issue 17): an admin reads the programme insights.

Admin Owl (demo data) opens /insights from Staff: every figure has a one-line reading
and a table view for screen readers, charts are drawn on the page itself; she switches
the range and the language, reads a table, and downloads the figures as CSV. The page
is axe-clean and no request leaves the origin.
"""

from __future__ import annotations

import csv
import io

from playwright.sync_api import expect

from portal import routes
from tests.e2e.conftest import serious_accessibility_violations, sign_in
from tests.e2e.test_day_downloads import download_by_tapping
from tests.e2e.test_day_langstaff import switch_language


def test_an_admin_reads_the_programme_insights_and_downloads_the_figures(audited_visit):
    visit = audited_visit
    page = visit.page
    sign_in(visit, "Admin Owl")
    visit.go(routes.STAFF)
    page.locator("#insights-link").tap()
    visit.wait_for_path(routes.INSIGHTS)
    visit.wait_ready()
    if page.locator("header .lang-toggle").inner_text().strip() == "EN":
        switch_language(visit, "en")
    expect(page.locator("#insights-requests h3")).to_have_text("Mentoring requests each week")
    expect(page.locator("#insights-range-text")).to_contain_text("Weeks from")
    # Charts are Recharts SVGs drawn in the page (no image, nothing fetched).
    expect(page.locator("#insights-requests svg.recharts-surface").first).to_be_visible()
    assert page.locator(".insights-reading").count() >= 30

    # The table view: what a screen reader reads instead of the chart.
    table = page.locator("#insights-request_outcomes")
    table.locator("summary").tap()
    rows = table.locator("tbody tr")
    expect(rows.first).to_be_visible()
    texts = rows.all_inner_texts()
    assert any(text.startswith("Accepted") for text in texts), texts
    assert all(text.split("\t")[-1].strip() not in {"1", "2", "3", "4"} for text in texts)

    # Another range: the weeks change, and the download follows the choice.
    before = page.locator("#insights-range-text").inner_text()
    page.select_option("#insights-range", "52")
    expect(page.locator("#insights-range-text")).not_to_have_text(before)
    assert page.locator("#insights-csv").get_attribute("href").endswith("weeks=52")
    name, body = download_by_tapping(visit, "#insights-csv")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["Section", "Figure", "What", "Count", "Reading"]
    assert not any(row[3] in {"1", "2", "3", "4"} for row in rows[1:])

    # The same page in Spanish, then back (her language is saved in her account).
    switch_language(visit, "es")
    expect(page.locator("#insights-requests h3")).to_have_text(
        "Solicitudes de mentoría por semana")
    expect(page.locator("#insights-range-text")).to_contain_text("Semanas del")
    switch_language(visit, "en")

    assert serious_accessibility_violations(page) == []
    assert visit.foreign_requests() == []
