"""Probes for the shell, account and staff handlers."""

from __future__ import annotations

from sqlalchemy import select

from portal.models import Invite
from portal.state.account import AccountState, RecoveryCodesState
from portal.state.base import AppState
from portal.state.staff import StaffState
from tests.factories.accounts import PASSPHRASE, make_invite, make_user
from tests.security.probes import SIGNED_IN, Probe, World
from tests.state.browser import token_for


def seed(session, world: World) -> None:
    other_partner = make_user(session, name="Other partner", roles=("partner",))
    token_for(session, world.target)  # the target has a live session to end
    make_invite(session, created_by=other_partner)
    make_invite(session, created_by=world.members["admin"])
    invites = session.execute(select(Invite).order_by(Invite.id)).scalars().all()
    world.extra["other_partners_invite"] = invites[0].id
    # Every caller just signed up (as through an invite): /welcome's first codes are due,
    # so load_welcome has something to give the allowed callers and to refuse the others.
    for member in world.members.values():
        member.recovery_codes_pending = True
    session.commit()


PROBES: dict[str, Probe] = {
    "AppState.load_page": Probe(AppState, "load_page"),
    "AppState.choose_language": Probe(AppState, "choose_language", lambda w: ("es",),
                                      changes_for=SIGNED_IN),
    "AppState.show_unexpected_trouble": Probe(AppState, "show_unexpected_trouble"),
    "AppState.dismiss_trouble": Probe(AppState, "dismiss_trouble"),
    "AccountState.load_account": Probe(AccountState, "load_account",
                                       private_vars=("timezone", "keep_session_on_quick_exit")),
    "AccountState.save_timezone": Probe(AccountState, "save_timezone",
                                        lambda w: ({"timezone": "Europe/London"},),
                                        changes_for=SIGNED_IN),
    "AccountState.set_timezone_choice": Probe(AccountState, "set_timezone_choice",
                                              lambda w: ("Europe/London",)),
    "AccountState.set_quick_exit_choice": Probe(AccountState, "set_quick_exit_choice",
                                                lambda w: (True,), changes_for=SIGNED_IN),
    "RecoveryCodesState.load_welcome": Probe(RecoveryCodesState, "load_welcome",
                                             private_vars=("codes",), changes_for=SIGNED_IN),
    # With the caller's own passphrase (the probe members share PASSPHRASE); without it the
    # handler changes nothing (tests/services/test_account_takeover.py, tests/e2e).
    "RecoveryCodesState.make_new_codes": Probe(RecoveryCodesState, "make_new_codes",
                                               lambda w: ({"passphrase": PASSPHRASE},),
                                               private_vars=("codes",), changes_for=SIGNED_IN),
    "RecoveryCodesState.finish_codes": Probe(RecoveryCodesState, "finish_codes"),
    "RecoveryCodesState.codes_copied": Probe(RecoveryCodesState, "codes_copied"),
    "StaffState.load_staff": Probe(StaffState, "load_staff",
                                   private_vars=("invites", "members", "audit_rows",
                                                 "audit_people", "audit_actions")),
    "StaffState.create_invite": Probe(
        StaffState, "create_invite",
        lambda w: ({"role": "survivor", "organisation": "Harbor", "max_uses": "1",
                    "valid_days": "7"},),
        private_vars=("new_code", "invites"),
        changes_for=frozenset({"moderator", "partner", "admin"})),
    # Another partner's invite: a partner may not revoke it; staff may.
    "StaffState.revoke_invite": Probe(StaffState, "revoke_invite",
                                      lambda w: (w.extra["other_partners_invite"],),
                                      private_vars=("invites",),
                                      changes_for=frozenset({"moderator", "admin"}),
                                      extra_refused=frozenset({"partner"})),
    "StaffState.search_members": Probe(StaffState, "search_members",
                                       lambda w: ({"search": "target"},),
                                       private_vars=("members",)),
    "StaffState.suspend_member": Probe(StaffState, "suspend_member",
                                       lambda w: ({"member_id": w.target.id,
                                                   "reason": "spam links"},),
                                       private_vars=("members",),
                                       changes_for=frozenset({"admin"})),
    "StaffState.unsuspend_member": Probe(StaffState, "unsuspend_member",
                                         lambda w: (w.suspended_target.id,),
                                         private_vars=("members",),
                                         changes_for=frozenset({"admin"})),
    "StaffState.end_member_sessions": Probe(StaffState, "end_member_sessions",
                                            lambda w: (w.target.id,), private_vars=("members",),
                                            changes_for=frozenset({"admin"})),
    # issue 13 item 11
    "StaffState.filter_audit": Probe(StaffState, "filter_audit",
                                     lambda w: ({"person": str(w.members["admin"].id),
                                                 "action": "", "since": "", "until": "",
                                                 "reads": "on"},),
                                     private_vars=("audit_rows", "audit_people",
                                                   "audit_actions")),
    "StaffState.next_audit_page": Probe(StaffState, "next_audit_page",
                                        private_vars=("audit_rows", "audit_people")),
    "StaffState.previous_audit_page": Probe(StaffState, "previous_audit_page",
                                            private_vars=("audit_rows", "audit_people")),
    "StaffState.invite_copied": Probe(StaffState, "invite_copied", lambda w: ("code",)),
}
