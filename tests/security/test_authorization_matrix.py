"""Every listed handler, called as anonymous, as each role and with others' ids.

A caller the inventory does not allow changes nothing and receives nothing private.
An allowed caller's write really happens (so the "nothing changed" check can fail).
"""

from __future__ import annotations

import pytest

from portal.models import User
from portal.state.base import AppState
from portal.state.staff import StaffState
from tests.factories import snapshot
from tests.security.inventory import ANONYMOUS, HANDLERS, ROLES
from tests.security.probes import TWO_ROLES, all_probes, build_world, roles_of
from tests.security.saved_world import seeded_world
from tests.state.browser import Browser, token_for

CALLERS = (ANONYMOUS, *ROLES, TWO_ROLES, "suspended_admin")
PROBES = all_probes()


def test_every_handler_in_the_inventory_has_a_probe():
    assert sorted(set(HANDLERS) - set(PROBES)) == []


def _is_empty(value) -> bool:
    if isinstance(value, dict) and value:
        return all(_is_empty(field) for field in value.values())  # a blank record
    return value in ("", None, False, 0) or (hasattr(value, "__len__") and len(value) == 0)


# Every caller on SQLite; on PostgreSQL a refused, a member and a staff caller per handler
# (the rules live in Python and are the same on both; PostgreSQL proves the queries).
POSTGRES_CALLERS = (ANONYMOUS, "survivor", TWO_ROLES, "admin")


@pytest.mark.parametrize("db_engine", ["sqlite"], indirect=True)
@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name", sorted(PROBES))
def test_handler_refuses_callers_the_inventory_does_not_allow(app_db, name, caller):
    check_handler_as(app_db, name, caller)


@pytest.mark.postgres
@pytest.mark.parametrize("db_engine", ["postgres"], indirect=True)
@pytest.mark.parametrize("caller", POSTGRES_CALLERS)
@pytest.mark.parametrize("name", sorted(PROBES))
def test_handler_refuses_callers_on_postgres(app_db, name, caller):
    check_handler_as(app_db, name, caller)


def check_handler_as(app_db, name: str, caller: str) -> None:
    probe = PROBES[name]
    world = seeded_world(app_db)
    user = world.members.get(caller)
    # Signing in marks her row as seen: her own row of this test's session, not the
    # world's copy (saved_world.py).
    browser = Browser.with_token(token_for(app_db, user and app_db.get(User, user.id)))
    # A caller with several roles is allowed through any role the object does not refuse.
    allowing = {role for role in roles_of(caller)
                if role in HANDLERS[name].roles and role not in probe.extra_refused}
    allowed = bool(allowing)
    if probe.url is not None:
        browser.open(*probe.url(world))
    before = snapshot(app_db)
    browser.call(probe.state, probe.handler, *probe.args(world))
    after = snapshot(app_db)
    state = browser.state(probe.state)
    # The seeds prepare each single-role caller's own objects (memberships, a mentor
    # profile); the two-role caller proves that holding two roles widens nothing.
    if allowed and probe.changes_for and allowing & probe.changes_for and caller != TWO_ROLES:
        assert after != before, f"{name} as {caller} should have changed something"
        return
    if not allowed:
        assert after == before, f"{name} as {caller} changed the database"
        for var in probe.private_vars:
            assert _is_empty(getattr(state, var)), f"{name} as {caller} exposed {var}"
    elif probe.changes_for is None:
        assert after == before, f"{name} is read-only but changed the database"


def test_load_page_shows_only_the_callers_own_pseudonym(app_db):
    world = build_world(app_db)
    browser = Browser.with_token(token_for(app_db, world.members["survivor"]))
    browser.call(AppState, "load_page")
    state = browser.state(AppState)
    assert state.viewer_name == "Caller survivor"
    assert state.viewer_roles == ["survivor"]


def test_a_forged_session_cookie_is_anonymous(app_db):
    build_world(app_db)
    browser = Browser.with_token("forged-token-value")
    browser.call(AppState, "load_page")
    assert browser.state(AppState).signed_in is False


def test_moderators_cannot_invite_staff_and_nobody_suspends_themselves(app_db):
    world = build_world(app_db)
    moderator = Browser.with_token(token_for(app_db, world.members["moderator"]))
    admin = Browser.with_token(token_for(app_db, world.members["admin"]))
    before = snapshot(app_db)
    moderator.call(StaffState, "create_invite", {"role": "admin", "organisation": "Harbor",
                                                 "max_uses": "1", "valid_days": "7"})
    assert moderator.state(StaffState).new_code == ""
    admin.call(StaffState, "suspend_member", {"member_id": world.members["admin"].id,
                                              "reason": "testing"})
    assert snapshot(app_db) == before


@pytest.mark.parametrize("payload", [
    None, "x", -1, 10**18, {"id": 1}, ["1"], "1; DROP TABLE users",
])
def test_garbage_payloads_change_nothing_and_raise_nothing(app_db, payload):
    world = build_world(app_db)
    admin = Browser.with_token(token_for(app_db, world.members["admin"]))
    before = snapshot(app_db)
    for handler in ("revoke_invite", "suspend_member", "unsuspend_member",
                    "end_member_sessions"):
        admin.call(StaffState, handler, payload)
    for handler in ("create_invite", "search_members"):
        admin.call(StaffState, handler, payload if isinstance(payload, dict) else {})
    after = snapshot(app_db)
    # create_invite with an empty form is refused (no organisation): nothing at all changed.
    assert {k: v for k, v in after.items() if k != "audit_entries"} == \
        {k: v for k, v in before.items() if k != "audit_entries"}


def test_url_loaders_give_the_object_to_those_it_belongs_to_so_the_refusals_are_real(app_db):
    """The loaders read the id from the page URL: the same URL that gives a survivor
    nothing gives site staff the hidden thread, so the matrix's refusals are not an
    artefact of a missing id."""
    from portal.state.groups_thread import GroupThreadState

    world = build_world(app_db)
    url = PROBES["GroupThreadState.load_thread"].url(world)
    for caller, sees in (("admin", True), ("survivor", False), (TWO_ROLES, False)):
        browser = Browser.with_token(token_for(app_db, world.members[caller]))
        browser.open(*url)
        browser.call(GroupThreadState, "load_thread")
        assert bool(browser.state(GroupThreadState).posts) is sees, caller
