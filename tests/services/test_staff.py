"""Staff tools: invites, members, suspension, ended sessions, the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry, Invite
from portal.services.accounts import members as accounts
from portal.services.accounts import staff
from portal.services.errors import NotFound, ServiceError
from tests.factories.accounts import actor_of, make_user
from tests.refusals import refused


def audit_actions(db_session) -> list[str]:
    return list(db_session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def test_moderator_creates_a_member_invite_shown_once_and_audited(db_session):
    moderator = make_user(db_session, name="Staff Heron", roles=("moderator",))
    created = staff.create_invite(session=db_session, actor=actor_of(moderator),
                                  role="survivor", organisation="  Harbor   House ",
                                  max_uses=3, valid_days=7)
    stored = db_session.execute(select(Invite)).scalar_one()
    assert created.organisation == "Harbor House" and created.max_uses == 3
    assert created.code not in stored.code_hash and stored.code_hint == created.code[-4:]
    assert audit_actions(db_session) == ["invite.create"]
    signed_in = accounts.sign_up(session=db_session, invite_code=created.code,
                                 display_name="Quiet Fox", passphrase="a quiet morning by the sea",
                                 timezone="UTC", language="es", client_key="10.9.0.1")
    assert accounts.resolve_session(session=db_session, token=signed_in.token).language == "es"


@pytest.mark.parametrize("role", ["moderator", "admin", "coordinator", "partner"])
def test_only_admins_invite_staff(db_session, role):
    moderator = make_user(db_session, name="Staff Heron", roles=("moderator",))
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    with refused(PermissionDenied):
        staff.create_invite(session=db_session, actor=actor_of(moderator), role=role,
                            organisation="Harbor")
    staff.create_invite(session=db_session, actor=actor_of(admin), role=role,
                        organisation="Harbor")


@pytest.mark.parametrize("kwargs, code", [
    ({"role": "emperor"}, "invite.unknown_role"),
    ({"max_uses": 0}, "invite.bad_uses"),
    ({"max_uses": 501}, "invite.bad_uses"),
    ({"valid_days": 0}, "invite.bad_days"),
    ({"valid_days": 91}, "invite.bad_days"),
    ({"organisation": "   "}, "invite.organisation_needed"),
    ({"organisation": "x" * 500}, "sanitize.too_long"),
])
def test_bad_invite_requests_are_refused_and_nothing_is_stored(db_session, kwargs, code):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    values = {"role": "survivor", "organisation": "Harbor", "max_uses": 1, "valid_days": 7}
    values.update(kwargs)
    with refused(ServiceError, code=code):
        staff.create_invite(session=db_session, actor=actor_of(admin), **values)
    assert db_session.execute(select(func.count(Invite.id))).scalar_one() == 0


def test_partners_invite_for_their_own_organisation_and_see_only_their_invites(db_session):
    partner = make_user(db_session, name="Partner Harbor", roles=("partner",),
                        organisation="Harbor House")
    other = make_user(db_session, name="Partner Bay", roles=("partner",), organisation="Bay")
    mine = staff.create_invite(session=db_session, actor=actor_of(partner), role="survivor",
                               organisation="Somebody Else")
    theirs = staff.create_invite(session=db_session, actor=actor_of(other), role="survivor",
                                 organisation="")
    assert mine.organisation == "Harbor House" and theirs.organisation == "Bay"
    listed = staff.list_invites(session=db_session, actor=actor_of(partner))
    assert [row.id for row in listed] == [mine.id]
    with refused(PermissionDenied):
        staff.revoke_invite(session=db_session, actor=actor_of(partner), invite_id=theirs.id)
    staff.revoke_invite(session=db_session, actor=actor_of(partner), invite_id=mine.id)
    with refused(PermissionDenied):
        staff.create_invite(session=db_session, actor=actor_of(partner), role="admin",
                            organisation="x")


def test_revoked_invite_cannot_be_used(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    created = staff.create_invite(session=db_session, actor=actor_of(admin), role="survivor",
                                  organisation="Harbor")
    staff.revoke_invite(session=db_session, actor=actor_of(admin), invite_id=created.id)
    with refused(ServiceError, code="auth.invite_unknown"):
        accounts.sign_up(session=db_session, invite_code=created.code, display_name="Quiet Fox",
                         passphrase="a quiet morning by the sea", timezone="UTC",
                         language="en", client_key="10.9.0.2")
    with refused(NotFound):
        staff.revoke_invite(session=db_session, actor=actor_of(admin), invite_id=99999)


def test_members_are_listed_for_staff_only_and_searchable(db_session):
    moderator = make_user(db_session, name="Staff Heron", roles=("moderator",))
    member = make_user(db_session, name="Quiet Fox")
    make_user(db_session, name="Gone Member", status="deleted")
    rows = staff.list_members(session=db_session, actor=actor_of(moderator), search="fox")
    assert [row.display_name for row in rows] == ["Quiet Fox"]
    assert staff.list_members(session=db_session, actor=actor_of(moderator), search="%_") == []
    with refused(PermissionDenied):
        staff.list_members(session=db_session, actor=actor_of(member))


def test_suspension_ends_sessions_is_audited_and_can_be_lifted(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    token = accounts._start_session(db_session, member, accounts.utcnow()).token
    db_session.commit()
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=True, reason="spam links")
    assert accounts.resolve_session(session=db_session, token=token) is None
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=False)
    assert audit_actions(db_session) == ["member.suspend", "member.unsuspend"]
    rows = staff.read_audit_log(session=db_session, actor=actor_of(admin)).lines
    assert rows[0].action == "member.unsuspend" and rows[1].detail == "spam links"


def test_moderators_cannot_suspend_and_nobody_suspends_themselves(db_session):
    moderator = make_user(db_session, name="Staff Heron", roles=("moderator",))
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    with refused(PermissionDenied):
        staff.set_suspended(session=db_session, actor=actor_of(moderator), member_id=member.id,
                            suspended=True, reason="testing")
    with refused(ServiceError, code="staff.not_yourself"):
        staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=admin.id,
                            suspended=True, reason="testing")
    assert audit_actions(db_session) == []


def test_admin_ends_every_session_of_a_member(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    tokens = [accounts._start_session(db_session, member, accounts.utcnow()).token
              for _ in range(2)]
    db_session.commit()
    assert staff.end_member_sessions(session=db_session, actor=actor_of(admin),
                                     member_id=member.id) == 2
    assert all(accounts.resolve_session(session=db_session, token=t) is None for t in tokens)
    assert audit_actions(db_session) == ["member.end_sessions"]


def test_only_admins_read_the_audit_log(db_session):
    moderator = make_user(db_session, name="Staff Heron", roles=("moderator",))
    with refused(PermissionDenied):
        staff.read_audit_log(session=db_session, actor=actor_of(moderator))
