"""Every listed handler, called as anonymous, as each role and with others' ids.

A caller the inventory does not allow changes nothing and receives nothing private.
An allowed caller's write really happens (so the "nothing changed" check can fail).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from portal.models import Invite, User
from portal.state.account import AccountState, RecoveryCodesState
from portal.state.base import AppState, FormPageState
from portal.state.inventory import ANONYMOUS, HANDLERS, ROLES
from portal.state.staff import StaffState
from tests.factories import make_invite, make_user
from tests.security.conftest import Browser, snapshot, token_for

CALLERS = (ANONYMOUS, *ROLES, "suspended_admin")


@dataclass
class World:
    members: dict[str, User]
    target: User
    suspended_target: User
    other_partners_invite: int
    admins_invite: int


def build_world(session) -> World:
    members = {role: make_user(session, name=f"Caller {role}", roles=(role,),
                               organisation="Harbor House") for role in ROLES}
    members["suspended_admin"] = make_user(session, name="Caller suspended", roles=("admin",),
                                           status="suspended")
    other_partner = make_user(session, name="Other partner", roles=("partner",))
    target = make_user(session, name="Target member")
    suspended_target = make_user(session, name="Suspended target", status="suspended")
    token_for(session, target)  # the target has a live session to end
    make_invite(session, created_by=other_partner)
    make_invite(session, created_by=members["admin"])
    invites = session.execute(select(Invite).order_by(Invite.id)).scalars().all()
    return World(members=members, target=target, suspended_target=suspended_target,
                 other_partners_invite=invites[0].id, admins_invite=invites[1].id)


@dataclass(frozen=True)
class Probe:
    state: type
    handler: str
    args: Callable[[World], tuple] = lambda world: ()
    # Vars that must hold nothing for a refused caller.
    private_vars: tuple[str, ...] = ()
    # Allowed callers whose call must change the database (None: nobody must).
    changes_for: frozenset[str] | None = None
    extra_refused: frozenset[str] = field(default_factory=frozenset)


SIGNED_IN = frozenset(ROLES)
PROBES: dict[str, Probe] = {
    "AppState.load_page": Probe(AppState, "load_page"),
    "AppState.choose_language": Probe(AppState, "choose_language", lambda w: ("es",),
                                      changes_for=SIGNED_IN),
    "FormPageState.load_form_page": Probe(FormPageState, "load_form_page"),
    "AccountState.load_account": Probe(AccountState, "load_account", private_vars=("timezone",)),
    "AccountState.save_timezone": Probe(AccountState, "save_timezone",
                                        lambda w: ({"timezone": "Europe/London"},),
                                        changes_for=SIGNED_IN),
    "AccountState.set_timezone_choice": Probe(AccountState, "set_timezone_choice",
                                              lambda w: ("Europe/London",)),
    "RecoveryCodesState.load_welcome": Probe(RecoveryCodesState, "load_welcome",
                                             private_vars=("codes",), changes_for=SIGNED_IN),
    "RecoveryCodesState.make_new_codes": Probe(RecoveryCodesState, "make_new_codes",
                                               private_vars=("codes",), changes_for=SIGNED_IN),
    "RecoveryCodesState.finish_codes": Probe(RecoveryCodesState, "finish_codes"),
    "StaffState.load_staff": Probe(StaffState, "load_staff",
                                   private_vars=("invites", "members", "audit_rows")),
    "StaffState.create_invite": Probe(
        StaffState, "create_invite",
        lambda w: ({"role": "survivor", "organisation": "Harbor", "max_uses": "1",
                    "valid_days": "7"},),
        private_vars=("new_code", "invites"), changes_for=frozenset({"moderator", "partner",
                                                                     "admin"})),
    # Another partner's invite: a partner may not revoke it; staff may.
    "StaffState.revoke_invite": Probe(StaffState, "revoke_invite",
                                      lambda w: (w.other_partners_invite,),
                                      private_vars=("invites",),
                                      changes_for=frozenset({"moderator", "admin"}),
                                      extra_refused=frozenset({"partner"})),
    "StaffState.search_members": Probe(StaffState, "search_members",
                                       lambda w: ({"search": "target"},),
                                       private_vars=("members",)),
    "StaffState.suspend_member": Probe(StaffState, "suspend_member", lambda w: (w.target.id,),
                                       private_vars=("members",),
                                       changes_for=frozenset({"admin"})),
    "StaffState.unsuspend_member": Probe(StaffState, "unsuspend_member",
                                         lambda w: (w.suspended_target.id,),
                                         private_vars=("members",),
                                         changes_for=frozenset({"admin"})),
    "StaffState.end_member_sessions": Probe(StaffState, "end_member_sessions",
                                            lambda w: (w.target.id,), private_vars=("members",),
                                            changes_for=frozenset({"admin"})),
}


def test_every_handler_in_the_inventory_has_a_probe():
    assert sorted(set(HANDLERS) - set(PROBES)) == []


def _is_empty(value) -> bool:
    return value in ("", None, False, 0) or (hasattr(value, "__len__") and len(value) == 0)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("name", sorted(PROBES))
def test_handler_refuses_callers_the_inventory_does_not_allow(app_db, name, caller):
    probe = PROBES[name]
    world = build_world(app_db)
    user = world.members.get(caller)
    browser = Browser.with_token(token_for(app_db, user))
    allowed = caller in HANDLERS[name].roles and caller not in probe.extra_refused
    before = snapshot(app_db)
    browser.call(probe.state, probe.handler, *probe.args(world))
    after = snapshot(app_db)
    state = browser.state(probe.state)
    if allowed and probe.changes_for and caller in probe.changes_for:
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
    admin.call(StaffState, "suspend_member", world.members["admin"].id)
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
