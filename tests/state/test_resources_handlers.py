"""Directory handlers and routes called the way a browser (or an attacker) would."""

from __future__ import annotations

import io
import zipfile

import pytest
from reflex.istate.data import RouterData
from sqlalchemy import func, select
from starlette.applications import Starlette
from starlette.testclient import TestClient

from portal.auth.cookies import SESSION_COOKIE
from portal.domain.hsds import write_directory
from portal.domain.resource_listing import build_listing
from portal.http.resources import MAX_IMPORT_BYTES, RESOURCE_ROUTES
from portal.models import AuditEntry
from portal.models.resources import ResourceImport, ResourceListing, ResourceReview
from portal.services.resources import hsds as resources_hsds
from portal.state.resources import ResourceDetailState, ResourcesState
from portal.state.resources_admin import ResourceAdminState, ResourceEditorState
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.resources import ALWAYS, hours, make_listing
from tests.state.browser import Browser, token_for

ORIGIN = "http://testserver"


def at(browser: Browser, path: str) -> Browser:
    cookie = browser.root.router.headers.cookie
    browser.root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie, "origin": ORIGIN}, "asPath": path})
    return browser


def as_member(session, roles=("survivor",)) -> Browser:
    return Browser.with_token(token_for(session, make_user(session, roles=roles)))


def test_a_visitor_opens_a_published_listing_but_not_an_unpublished_one(app_db):
    shown = make_listing(app_db, name="Open Shelter", category="emergency_shelter",
                         hours=ALWAYS)
    hidden = make_listing(app_db, name="Secret Draft", status="pending",
                          description="Private words")
    visitor = at(Browser.with_token(""), f"/resources/listing?id={shown.id}")
    visitor.call(ResourceDetailState, "load_resource")
    state = visitor.state(ResourceDetailState)
    assert state.found and state.listing["name"] == "Open Shelter"
    assert state.listing["status"] == "Open 24 hours"
    for browser in (Browser.with_token(""), as_member(app_db)):
        at(browser, f"/resources/listing?id={hidden.id}").call(ResourceDetailState,
                                                               "load_resource")
        state = browser.state(ResourceDetailState)
        assert not state.found and state.description == "" and not state.listing
    moderator = at(as_member(app_db, ("moderator",)), f"/resources/listing?id={hidden.id}")
    moderator.call(ResourceDetailState, "load_resource")
    assert moderator.state(ResourceDetailState).description == "Private words"


def test_a_visitor_searches_for_an_open_shelter_with_the_browsers_zone(app_db):
    make_listing(app_db, name="Always Open Shelter", category="emergency_shelter", hours=ALWAYS)
    make_listing(app_db, name="Food Bank", category="food", hours=ALWAYS)
    visitor = Browser.with_token("")
    visitor.call(ResourcesState, "search_resources",
                 {"category": "emergency_shelter", "open_now": "on",
                  "timezone": "America/Denver"})
    state = visitor.state(ResourcesState)
    assert [item["name"] for item in state.results] == ["Always Open Shelter"]
    assert state.times_note == "Opening hours are shown in your time (Denver)."
    visitor.call(ResourcesState, "search_resources", {"timezone": "<script>"})
    assert "(UTC)" in visitor.state(ResourcesState).times_note


def test_a_visitors_first_load_uses_the_zone_her_browser_reported(app_db):
    listing = make_listing(app_db, name="Pantry", timezone="America/Los_Angeles")
    visitor = Browser.with_token("")
    # What lantern.js stored in sessionStorage, applied by Reflex before on_load runs.
    visitor.state(ResourcesState).browser_zone = "America/Chicago"
    visitor.call(ResourcesState, "load_resources")
    state = visitor.state(ResourcesState)
    assert state.times_note == "Opening hours are shown in your time (Chicago)."
    (item,) = state.results
    assert item["href"].endswith(f"?id={listing.id}&tz=America%2FChicago")
    assert "tz=UTC" not in item["href"]
    visitor.state(ResourcesState).browser_zone = "Not/A_Zone"
    visitor.call(ResourcesState, "load_resources")
    assert "(UTC)" in visitor.state(ResourcesState).times_note


def test_a_search_draws_a_few_listings_first_and_show_more_brings_every_one(app_db):
    from portal.services.resources.directory import PAGE_SIZE
    from portal.state.resources import FIRST_SHOWN

    total = PAGE_SIZE + 3  # a first page, held in part, and one more page
    for number in range(total):
        make_listing(app_db, name=f"Pantry {number:02d}")
    make_listing(app_db, name="Riverside Clinic", category="mental_health")
    total += 1
    visitor = Browser.with_token("")
    visitor.call(ResourcesState, "load_resources")
    state = visitor.state(ResourcesState)
    assert len(state.results) == FIRST_SHOWN and state.has_more
    visitor.call(ResourcesState, "show_more_resources")  # the rest of the first page
    assert len(visitor.state(ResourcesState).results) == PAGE_SIZE
    assert visitor.state(ResourcesState).has_more
    visitor.call(ResourcesState, "show_more_resources")  # the next page
    state = visitor.state(ResourcesState)
    names = [item["name"] for item in state.results]
    assert len(names) == len(set(names)) == total and "Riverside Clinic" in names
    assert not state.has_more
    # A new search (or filter) starts again from a few, over all listings.
    visitor.call(ResourcesState, "search_resources", {"text": "Riverside"})
    state = visitor.state(ResourcesState)
    assert [item["name"] for item in state.results] == ["Riverside Clinic"]
    assert not state.has_more


def test_a_members_profile_zone_wins_over_her_browsers(app_db):
    make_listing(app_db, name="Pantry")
    member = make_user(app_db, timezone="America/Denver")
    browser = Browser.with_token(token_for(app_db, member))
    browser.state(ResourcesState).browser_zone = "America/Chicago"
    browser.call(ResourcesState, "load_resources")
    assert browser.state(ResourcesState).times_note == \
        "Opening hours are shown in your time (Denver)."


@pytest.mark.parametrize("payload", [None, "x", -1, 10**18, {"id": 1}, ["1"],
                                     "1; DROP TABLE resource_listings"])
def test_garbage_payloads_change_nothing_and_raise_nothing(app_db, payload):
    listing = make_listing(app_db)
    moderator = as_member(app_db, ("moderator",))
    member = as_member(app_db)
    before = snapshot(app_db)
    for handler in ("accept_review", "dismiss_review", "verify_resource", "publish_resource",
                    "unpublish_resource"):
        moderator.call(ResourceAdminState, handler, payload)
    form = payload if isinstance(payload, dict) else {}
    moderator.call(ResourceEditorState, "save_resource", {**form, "listing_id": payload})
    member.call(ResourceDetailState, "report_resource", {"listing_id": payload})
    member.call(ResourcesState, "search_resources", {"category": payload, "region": payload})
    after = snapshot(app_db)
    assert {k: v for k, v in after.items() if k != "audit_entries"} == \
        {k: v for k, v in before.items() if k != "audit_entries"}
    assert app_db.get(ResourceListing, listing.id).status == "published"


# --- HTTP routes ------------------------------------------------------------------------

@pytest.fixture
def client(app_db):
    return TestClient(Starlette(routes=RESOURCE_ROUTES), base_url=ORIGIN,
                      follow_redirects=False)


def cookie_for(session, roles) -> dict[str, str]:
    return {SESSION_COOKIE: token_for(session, make_user(session, roles=roles))}


def package() -> bytes:
    record = build_listing({"source_id": "p-1", "name": "Partner Pantry", "organisation": "P",
                            "category": "food", "region": "TX", "timezone": "UTC"})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in write_directory([record]).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_export_is_for_moderators_only(app_db, client):
    make_listing(app_db, name="Pantry")
    assert client.get("/resources/export.zip").status_code == 303
    client.cookies = cookie_for(app_db, ("survivor",))
    assert client.get("/resources/export.zip").status_code == 403
    client.cookies = cookie_for(app_db, ("moderator",))
    response = client.get("/resources/export.zip")
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert "services.csv" in names and "schedules.csv" in names
    assert app_db.execute(select(AuditEntry.action)).scalars().all() == ["resources.export"]


def test_import_upload_is_for_moderators_from_our_own_origin(app_db, client):
    files = {"files": ("directory.zip", package(), "application/zip")}
    client.cookies = cookie_for(app_db, ("moderator",))
    for headers in ({"origin": "https://evil.test"}, {"origin": "null"}, {},
                    {"origin": "null", "sec-fetch-site": "cross-site"}):
        refused = client.post("/resources/import", files=files, headers=headers)
        assert refused.status_code == 403
    client.cookies = cookie_for(app_db, ("survivor",))
    denied = client.post("/resources/import", files=files, headers={"origin": ORIGIN})
    assert denied.headers["location"] == "/resources/manage?error=error.not_allowed"
    assert count(app_db, ResourceListing) == 0 and count(app_db, ResourceImport) == 0
    client.cookies = cookie_for(app_db, ("moderator",))
    # A plain form post under no-referrer carries "Origin: null" and Sec-Fetch-Site.
    done = client.post("/resources/import", files=files,
                       headers={"origin": "null", "sec-fetch-site": "same-origin"})
    run_id = app_db.execute(select(ResourceImport.id)).scalar_one()
    assert done.headers["location"] == f"/resources/manage?import={run_id}"
    assert app_db.execute(select(ResourceListing.name)).scalars().all() == ["Partner Pantry"]


def test_an_oversized_upload_is_refused_before_it_is_read(app_db, client):
    client.cookies = cookie_for(app_db, ("moderator",))
    big = {"files": ("big.csv", b"x" * (MAX_IMPORT_BYTES + 10), "text/csv")}
    response = client.post("/resources/import", files=big, headers={"origin": ORIGIN})
    assert response.headers["location"] == "/resources/manage?error=resources.hsds.too_large"
    assert count(app_db, ResourceImport) == 0


def test_the_import_report_lists_problems_by_file_and_line(app_db):
    moderator_user = make_user(app_db, roles=("moderator",))
    browser = Browser.with_token(token_for(app_db, moderator_user))
    report = resources_hsds.import_directory(
        session=app_db, actor=actor_of(moderator_user),
        uploads=[("organizations.csv", b"id,name\r\no1,Org\r\n"),
                 ("services.csv", b"id,organization_id,name,x_category\r\ns1,o2,X,food\r\n")])
    at(browser, f"/resources/manage?import={report.id}").call(ResourceAdminState,
                                                             "load_resource_admin")
    state = browser.state(ResourceAdminState)
    assert not state.import_accepted and "Nothing was imported" in state.import_summary
    assert state.import_problems[0]["where"] == "services.csv, line 2:"
    assert "o2" in state.import_problems[0]["reason"]
    assert count(app_db, ResourceReview) == 0


def test_a_visitors_zone_travels_to_the_listing_and_bad_zones_fall_back_to_utc(app_db):
    listing = make_listing(app_db, name="Pantry")
    visitor = at(Browser.with_token(""),
                 f"/resources/listing?id={listing.id}&tz=America/Los_Angeles")
    visitor.call(ResourceDetailState, "load_resource")
    assert "(Los Angeles)" in visitor.state(ResourceDetailState).times_note
    at(visitor, f"/resources/listing?id={listing.id}&tz=%3Cscript%3E").call(
        ResourceDetailState, "load_resource")
    assert "(UTC)" in visitor.state(ResourceDetailState).times_note
    # Opened without tz (a shared link): the browser's own zone.
    visitor.state(ResourceDetailState).browser_zone = "America/Chicago"
    at(visitor, f"/resources/listing?id={listing.id}").call(ResourceDetailState,
                                                            "load_resource")
    assert "(Chicago)" in visitor.state(ResourceDetailState).times_note


def test_a_listings_weekly_hours_read_in_the_viewers_zone_with_one_note(app_db):
    listing = make_listing(app_db, name="Pantry", timezone="America/Los_Angeles",
                           hours=hours((0, "09:00", "17:00")))
    visitor = at(Browser.with_token(""), f"/resources/listing?id={listing.id}&tz=America/Chicago")
    visitor.call(ResourceDetailState, "load_resource")
    state = visitor.state(ResourceDetailState)
    assert state.hours_rows[0] == {"day": "Monday", "text": "11:00\u202fAM – 7:00\u202fPM"}
    assert state.times_note == "Opening hours are shown in your time (Chicago)."
