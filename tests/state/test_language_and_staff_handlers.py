"""Issue 13 items 8 and 11, through the handlers as a browser calls them.

Item 8: switching the language runs the page's own load again, so what the server
formatted (dates, statuses, counts) follows at once, and a search the member made is
kept in the new words. Item 11: the audit log's filters and pages as an admin sees
them (pseudonyms and plain words, in her language), and a new invite's label, sign-up
link and copy note."""

from __future__ import annotations

from datetime import timedelta

from reflex.istate.data import RouterData

from portal import routes
from portal.i18n import translate
from portal.models import AuditEntry
from portal.models.types import utcnow
from portal.state.base import AppState
from portal.state.resources import ResourcesState
from portal.state.staff import StaffState
from tests.factories.accounts import make_user
from tests.factories.resources import make_listing
from tests.state.browser import Browser, token_for

ORIGIN = "http://localhost:3000"


def at(browser: Browser, path: str) -> Browser:
    cookie = browser.root.router.headers.cookie
    browser.root.router = RouterData.from_router_data(
        {"headers": {"cookie": cookie, "origin": ORIGIN}, "pathname": path, "asPath": path,
         "host": "localhost:3000"})
    return browser


def _handler_names(events) -> list[str]:
    names = []
    for event in events:
        handler = getattr(event, "handler", event)
        names.append(handler.fn.__qualname__ if hasattr(handler, "fn") else str(handler))
    return names


def test_choosing_a_language_asks_for_the_pages_own_load_again(app_db):
    phone = at(Browser.with_token(""), routes.RESOURCES)
    events = phone.call(AppState, "choose_language", "es")
    # One event: the page's own load enters the page itself (portal/state/base.py,
    # ``entering_the_page``), as on every navigation to a page with one load.
    assert _handler_names(events) == ["ResourcesState.load_resources"]
    assert getattr(events[0].fn.__wrapped__, "enters_the_page", False)
    assert phone.state(AppState).lang == "es"


def test_an_unknown_language_changes_nothing_and_loads_nothing(app_db):
    phone = at(Browser.with_token(""), routes.RESOURCES)
    assert phone.call(AppState, "choose_language", "xx") is None
    assert phone.state(AppState).lang == "en"


def test_a_search_survives_the_language_switch_in_the_new_words(app_db):
    make_listing(app_db, name="Harbor Pantry", category="food")
    make_listing(app_db, name="Night Shelter", category="emergency_shelter")
    phone = at(Browser.with_token(""), routes.RESOURCES)
    phone.call(AppState, "load_page")
    phone.call(ResourcesState, "load_resources")
    phone.call(ResourcesState, "search_resources", {"category": "food"})
    english = phone.state(ResourcesState).results
    assert [item["name"] for item in english] == ["Harbor Pantry"]
    phone.call(AppState, "choose_language", "es")
    # What choose_language asked for: the page's load, which enters the page first
    # (Browser.call runs bodies alone, so the entering is called here by its name).
    phone.call(AppState, "load_page")
    phone.call(ResourcesState, "load_resources")
    spanish = phone.state(ResourcesState).results
    assert [item["name"] for item in spanish] == ["Harbor Pantry"]
    assert spanish[0]["status"] != english[0]["status"] or \
        spanish[0]["meta"] != english[0]["meta"]
    # The next time the page is opened it starts afresh.
    phone.call(AppState, "load_page")
    phone.call(ResourcesState, "load_resources")
    assert {item["name"] for item in phone.state(ResourcesState).results} == \
        {"Harbor Pantry", "Night Shelter"}


def _admin_phone(app_db):
    admin = make_user(app_db, name="Admin Owl", roles=("admin",))
    return admin, at(Browser.with_token(token_for(app_db, admin)), routes.STAFF)


def test_the_admin_filters_the_log_and_reads_pseudonyms_and_plain_words(app_db):
    admin, phone = _admin_phone(app_db)
    heron = make_user(app_db, name="Staff Heron", roles=("moderator",))
    fox = make_user(app_db, name="Quiet Fox")
    now = utcnow()
    for minutes, action in ((9, "moderation.queue_read"), (8, "moderation.queue_read"),
                            (7, "moderation.warn")):
        app_db.add(AuditEntry(actor_id=heron.id, action=action, target_type="user",
                              target_id=fox.id if action == "moderation.warn" else None,
                              at=now - timedelta(minutes=minutes)))
    app_db.add(AuditEntry(actor_id=admin.id, action="invite.create", target_type="invite",
                          target_id=1, at=now - timedelta(minutes=1)))
    app_db.commit()
    phone.call(StaffState, "load_staff")
    state = phone.state(StaffState)
    assert [row["action"] for row in state.audit_rows] == ["Created an invite", "Warned a member"]
    phone.call(StaffState, "filter_audit", {"person": str(heron.id), "reads": "on"})
    rows = phone.state(StaffState).audit_rows
    assert [(row["who"], row["action"], row["times"], row["target"]) for row in rows] == [
        ("Staff Heron", "Warned a member", "", "Quiet Fox"),
        ("Staff Heron", "Viewed the review queue", "2 times", "")]
    assert str(heron.id) not in " ".join(row["who"] + row["target"] for row in rows)
    phone.call(AppState, "choose_language", "es")
    phone.call(AppState, "load_page")
    phone.call(StaffState, "load_staff")
    rows = phone.state(StaffState).audit_rows
    assert [(row["action"], row["times"]) for row in rows] == [
        ("Dio un aviso a un miembro", ""), ("Consultó la cola de revisión", "2 veces")]


def test_a_bad_date_in_the_filter_is_a_calm_line_and_no_rows(app_db):
    _admin, phone = _admin_phone(app_db)
    phone.call(StaffState, "load_staff")
    phone.call(StaffState, "filter_audit", {"since": "2026-12-06", "until": "2026-12-01"})
    state = phone.state(StaffState)
    assert state.audit_rows == []
    assert state._message_shown(at="audit") == translate("en", "staff.audit_dates_reversed")


def test_the_log_pages_forward_and_back(app_db):
    admin, phone = _admin_phone(app_db)
    now = utcnow()
    for minute in range(30):
        app_db.add(AuditEntry(actor_id=admin.id, action="invite.create", target_type="invite",
                              target_id=minute + 1, at=now - timedelta(minutes=minute)))
    app_db.commit()
    phone.call(StaffState, "load_staff")
    first = list(phone.state(StaffState).audit_rows)
    assert phone.state(StaffState).audit_has_more
    phone.call(StaffState, "next_audit_page")
    state = phone.state(StaffState)
    assert state.audit_page == 1 and len(state.audit_rows) == 5 and not state.audit_has_more
    phone.call(StaffState, "next_audit_page")  # nothing more: stays
    assert phone.state(StaffState).audit_page == 1
    phone.call(StaffState, "previous_audit_page")
    assert phone.state(StaffState).audit_rows == first


def test_a_new_invite_shows_its_label_and_a_sign_up_link_with_the_code(app_db):
    _admin, phone = _admin_phone(app_db)
    phone.call(StaffState, "load_staff")
    phone.call(StaffState, "create_invite", {"role": "survivor", "organisation": "Harbor",
                                              "label": "For the Tuesday group",
                                              "max_uses": "3", "valid_days": "7"})
    state = phone.state(StaffState)
    assert state.new_label == "For the Tuesday group"
    assert state.new_link == f"{ORIGIN}{routes.SIGN_UP}?code={state.new_code}"
    assert state.invites[0]["label"] == "For the Tuesday group"
    phone.call(StaffState, "invite_copied", "link")
    assert state._message_shown(at="staff_copy") == translate("en", "staff.link_copied")


def test_the_copy_note_needs_a_new_code_and_a_known_kind(app_db):
    _admin, phone = _admin_phone(app_db)
    phone.call(StaffState, "load_staff")
    phone.call(StaffState, "invite_copied", "code")
    assert phone.state(StaffState)._message_shown(at="staff_copy") == ""
    phone.call(StaffState, "create_invite", {"role": "survivor", "organisation": "Harbor"})
    for garbage in ("<b>", ["code"], None, 7):
        phone.call(StaffState, "invite_copied", garbage)
        assert phone.state(StaffState)._message_shown(at="staff_copy") == ""


def test_the_mentors_found_stay_the_same_after_the_switch_in_the_new_words(app_db):
    from portal.state.mentoring import MentoringState
    from tests.factories.mentoring import make_mentor, make_survivor

    make_mentor(app_db, name="Mentor Alba", languages=("es",))
    make_mentor(app_db, name="Mentor Birch", languages=("en",))
    seeker = make_survivor(app_db, name="Quiet Fox")
    phone = at(Browser.with_token(token_for(app_db, seeker)), routes.MENTORING_FIND)
    phone.call(AppState, "load_page")
    phone.call(MentoringState, "load_find")
    phone.call(MentoringState, "filter_mentors", {"language": "es"})
    english = phone.state(MentoringState).found_mentors
    assert [item["name"] for item in english] == ["Mentor Alba"]
    phone.call(AppState, "choose_language", "es")
    phone.call(AppState, "load_page")
    phone.call(MentoringState, "load_find")
    spanish = phone.state(MentoringState).found_mentors
    assert [item["name"] for item in spanish] == ["Mentor Alba"]
    assert spanish[0]["languages"] != english[0]["languages"]  # "Spanish" -> "Español"
