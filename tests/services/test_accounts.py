"""Accounts: invite-only sign-up, sign-in, sessions, recovery, passphrase changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.models import Invite, RecoveryCode, User, UserSession
from portal.models.types import utcnow
from portal.services.accounts import members as accounts
from portal.services.errors import ServiceError, Throttled
from tests.factories.accounts import PASSPHRASE, actor_of, make_invite, make_user
from tests.refusals import refused

NEW_PASSPHRASE = "a quiet morning by the river"


def sign_up(db_session, code, name="Quiet Fox", **overrides):
    values = dict(session=db_session, invite_code=code, display_name=name,
                  passphrase=NEW_PASSPHRASE, timezone="America/New_York", language="en",
                  client_key="10.0.0.1")
    values.update(overrides)
    return accounts.sign_up(**values)


def count(db_session, model) -> int:
    return db_session.execute(select(func.count()).select_from(model)).scalar_one()


def test_sign_up_with_invite_creates_member_with_invited_role_and_session(db_session):
    code = make_invite(db_session, role="mentor_applicant")
    signed_in = sign_up(db_session, code)
    viewer = accounts.resolve_session(session=db_session, token=signed_in.token)
    assert viewer.display_name == "Quiet Fox"
    assert set(viewer.roles) == {"survivor", "mentor_applicant"}
    assert signed_in.landing == "/welcome"
    stored = db_session.execute(select(UserSession)).scalar_one()
    assert signed_in.token not in stored.token_hash


def test_sign_up_code_is_forgiving_about_case_and_dashes(db_session):
    code = make_invite(db_session)
    signed_in = sign_up(db_session, code.lower().replace("-", " "))
    assert accounts.resolve_session(session=db_session, token=signed_in.token) is not None


@pytest.mark.parametrize("mutate, code", [
    (lambda invite: setattr(invite, "expires_at", utcnow() - timedelta(seconds=1)),
     "auth.invite_expired"),
    (lambda invite: setattr(invite, "revoked_at", utcnow()), "auth.invite_unknown"),
    (lambda invite: setattr(invite, "uses", invite.max_uses), "auth.invite_used_up"),
])
def test_unusable_invites_are_refused_and_nothing_is_created(db_session, mutate, code):
    invite_code = make_invite(db_session)
    invite = db_session.execute(select(Invite)).scalar_one()
    mutate(invite)
    db_session.commit()
    with refused(ServiceError, code=code):
        sign_up(db_session, invite_code)
    assert count(db_session, User) == 0


def test_wrong_invite_code_is_refused(db_session):
    make_invite(db_session)
    with refused(ServiceError, code="auth.invite_unknown"):
        sign_up(db_session, "AAAA-BBBB-CCCC")
    assert count(db_session, User) == 0


def test_limited_use_invite_stops_after_its_uses(db_session):
    code = make_invite(db_session, max_uses=2)
    sign_up(db_session, code, name="Quiet Fox")
    sign_up(db_session, code, name="Brave Wren")
    with refused(ServiceError, code="auth.invite_used_up"):
        sign_up(db_session, code, name="Gentle Lark")
    assert count(db_session, User) == 2


def test_display_names_are_unique_ignoring_case_and_the_invite_use_is_not_spent(db_session):
    make_user(db_session, name="Quiet Fox")
    code = make_invite(db_session)
    with refused(ServiceError, code="auth.name_taken"):
        sign_up(db_session, code, name="quiet  FOX")
    assert db_session.execute(select(Invite.uses)).scalar_one() == 0


@pytest.mark.parametrize("name, code", [
    ("Maria Lopez", "name.looks_like_real_name"),
    ("call 555 123 4567", "name.too_many_digits"),
    ("me@example.org", "name.looks_like_email"),
    ("@quietfox", "name.looks_like_handle"),
    ("fox12345678", "name.too_many_digits"),
    ("ab", "name.too_short"),
    ("x" * 31, "name.too_long"),
    ("<b>fox</b>", "name.bad_characters"),
])
def test_unsafe_display_names_are_refused(db_session, name, code):
    invite = make_invite(db_session)
    with refused(ServiceError, code=code):
        sign_up(db_session, invite, name=name)


@pytest.mark.parametrize("passphrase, code", [
    ("short", "passphrase.too_short"),
    ("1234567890", "passphrase.too_common"),
    ("qwertyuiop", "passphrase.too_common"),
    ("aaaaaaaaaaaa", "passphrase.too_common"),
    ("x" * 257, "passphrase.too_long"),
])
def test_weak_passphrases_are_refused(db_session, passphrase, code):
    invite = make_invite(db_session)
    with refused(ServiceError, code=code):
        sign_up(db_session, invite, passphrase=passphrase)


def test_passphrases_of_128_characters_are_accepted(db_session):
    invite = make_invite(db_session)
    long_phrase = "river stone " * 10 + "x" * 8
    assert len(long_phrase) == 128
    signed_in = sign_up(db_session, invite, passphrase=long_phrase)
    assert accounts.resolve_session(session=db_session, token=signed_in.token)


def test_unknown_timezone_is_refused(db_session):
    invite = make_invite(db_session)
    with refused(ServiceError, code="auth.unknown_timezone"):
        sign_up(db_session, invite, timezone="Mars/Olympus")


def test_sign_in_gives_the_same_refusal_for_unknown_names_and_wrong_passphrases(db_session):
    make_user(db_session, name="Quiet Fox")
    refusals = []
    for name, phrase in (("Quiet Fox", "wrong passphrase here"), ("Nobody Here", PASSPHRASE)):
        with refused(ServiceError) as caught:
            accounts.sign_in(session=db_session, display_name=name, passphrase=phrase,
                             client_key="10.0.0.2")
        refusals.append(caught.value.code)
    assert refusals == ["auth.sign_in_refused", "auth.sign_in_refused"]


def test_suspended_member_cannot_sign_in(db_session):
    make_user(db_session, name="Quiet Fox", status="suspended")
    # The right passphrase hears that the account is paused (no session either way).
    with refused(ServiceError, code="auth.account_paused"):
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.0.0.3")
    with refused(ServiceError, code="auth.sign_in_refused"):
        accounts.sign_in(session=db_session, display_name="Quiet Fox",
                         passphrase="not the passphrase", client_key="10.0.0.3")


def test_sign_in_rotates_the_session_and_ends_the_previous_one(db_session):
    make_user(db_session, name="Quiet Fox")
    first = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                             passphrase=PASSPHRASE, client_key="10.0.0.4")
    second = accounts.sign_in(session=db_session, display_name="quiet fox",
                              passphrase=PASSPHRASE, client_key="10.0.0.4",
                              previous_token=first.token)
    assert first.token != second.token
    assert accounts.resolve_session(session=db_session, token=first.token) is None
    assert accounts.resolve_session(session=db_session, token=second.token) is not None


def test_sessions_end_after_idle_timeout_and_absolute_timeout(db_session):
    make_user(db_session, name="Quiet Fox")
    start = utcnow()
    signed_in = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                                 passphrase=PASSPHRASE, client_key="10.0.0.5", now=start)
    token = signed_in.token
    # Active every 20 minutes keeps it alive...
    for minutes in (20, 40, 60):
        assert accounts.resolve_session(session=db_session, token=token,
                                        now=start + timedelta(minutes=minutes))
    # ...but 31 idle minutes end it.
    assert accounts.resolve_session(session=db_session, token=token,
                                    now=start + timedelta(minutes=92)) is None
    again = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                             passphrase=PASSPHRASE, client_key="10.0.0.5", now=start)
    moment = start
    for _ in range(36):  # busy all day: every 20 minutes for 12 hours
        moment += timedelta(minutes=20)
        viewer = accounts.resolve_session(session=db_session, token=again.token, now=moment)
    assert viewer is None  # the absolute limit (12 h) ended it


def test_a_stolen_old_cookie_is_refused_after_sign_out(db_session):
    make_user(db_session, name="Quiet Fox")
    signed_in = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                                 passphrase=PASSPHRASE, client_key="10.0.0.6")
    accounts.sign_out(session=db_session, token=signed_in.token)
    assert accounts.resolve_session(session=db_session, token=signed_in.token) is None


def test_sign_out_everywhere_ends_every_session(db_session):
    user = make_user(db_session, name="Quiet Fox")
    tokens = [accounts.sign_in(session=db_session, display_name="Quiet Fox",
                               passphrase=PASSPHRASE, client_key=f"10.0.1.{i}").token
              for i in range(3)]
    accounts.sign_out_everywhere(session=db_session, actor=actor_of(user))
    assert all(accounts.resolve_session(session=db_session, token=t) is None for t in tokens)


def test_suspension_ends_sessions_for_resolution(db_session):
    user = make_user(db_session, name="Quiet Fox")
    token = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                             passphrase=PASSPHRASE, client_key="10.0.0.7").token
    user.status = "suspended"
    db_session.commit()
    assert accounts.resolve_session(session=db_session, token=token) is None


def test_garbage_tokens_resolve_to_nobody(db_session):
    for token in ("", "x", "a" * 500, "' OR 1=1 --"):
        assert accounts.resolve_session(session=db_session, token=token) is None


def test_recovery_codes_are_eight_one_time_codes_stored_hashed(db_session):
    user = make_user(db_session, name="Quiet Fox")
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                         passphrase=PASSPHRASE)
    assert len(codes) == 8 and len(set(codes)) == 8
    stored = db_session.execute(select(RecoveryCode.code_hash)).scalars().all()
    assert not set(codes) & set(stored)
    signed_in = accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                                 new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.8")
    assert accounts.resolve_session(session=db_session, token=signed_in.token)
    with refused(ServiceError, code="auth.recovery_refused"):
        accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                         new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.8")
    accounts.sign_in(session=db_session, display_name="Quiet Fox",
                     passphrase=NEW_PASSPHRASE, client_key="10.0.0.8")


def test_the_count_of_codes_left_drops_as_a_code_is_used_and_comes_back_with_new_ones(
        db_session):
    user = make_user(db_session, name="Quiet Fox")
    other = make_user(db_session, name="Still Lake")

    def left(member) -> int:
        return accounts.count_unused_recovery_codes(session=db_session, actor=actor_of(member))

    assert left(user) == 0
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                         passphrase=PASSPHRASE)
    accounts.issue_recovery_codes(session=db_session, actor=actor_of(other),
                                  passphrase=PASSPHRASE)
    assert (left(user), left(other)) == (8, 8)
    for code in codes[:6]:
        accounts.recover(session=db_session, display_name="Quiet Fox", code=code,
                         new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.8")
    assert (left(user), left(other)) == (2, 8)
    accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                  passphrase=NEW_PASSPHRASE)
    assert left(user) == 8


def test_recovery_ends_all_other_sessions(db_session):
    user = make_user(db_session, name="Quiet Fox")
    old = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                           passphrase=PASSPHRASE, client_key="10.0.0.9").token
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                         passphrase=PASSPHRASE)
    accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[1],
                     new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.9")
    assert accounts.resolve_session(session=db_session, token=old) is None


def test_new_recovery_codes_replace_old_ones(db_session):
    user = make_user(db_session, name="Quiet Fox")
    old = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                        passphrase=PASSPHRASE)
    accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                  passphrase=PASSPHRASE)
    with refused(ServiceError, code="auth.recovery_refused"):
        accounts.recover(session=db_session, display_name="Quiet Fox", code=old[0],
                         new_passphrase=NEW_PASSPHRASE, client_key="10.0.0.10")


def test_change_passphrase_needs_the_current_one_and_ends_other_sessions(db_session):
    user = make_user(db_session, name="Quiet Fox")
    old = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                           passphrase=PASSPHRASE, client_key="10.0.0.11").token
    with refused(ServiceError, code="auth.current_passphrase_wrong"):
        accounts.change_passphrase(session=db_session, actor=actor_of(user),
                                   current="not my passphrase", new=NEW_PASSPHRASE)
    fresh = accounts.change_passphrase(session=db_session, actor=actor_of(user),
                                       current=PASSPHRASE, new=NEW_PASSPHRASE)
    assert accounts.resolve_session(session=db_session, token=old) is None
    assert accounts.resolve_session(session=db_session, token=fresh.token) is not None


def test_sign_in_is_throttled_per_account_with_the_same_answer_for_unknown_names(db_session):
    make_user(db_session, name="Quiet Fox")
    now = utcnow()
    for name in ("Quiet Fox", "Nobody Here"):
        for attempt in range(10):
            with refused(ServiceError):
                accounts.sign_in(session=db_session, display_name=name, passphrase="wrong one!",
                                 client_key=f"10.1.{attempt}.1", now=now)
        with refused(Throttled, code="error.too_many_tries"):
            accounts.sign_in(session=db_session, display_name=name, passphrase=PASSPHRASE,
                             client_key="10.2.0.1", now=now)
    # After the window, the right passphrase works again.
    accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.2.0.1", now=now + timedelta(minutes=16))


def test_sign_in_is_throttled_per_ip_at_25_in_5_minutes(db_session):
    make_user(db_session, name="Quiet Fox")
    now = utcnow()
    for attempt in range(25):
        with refused(ServiceError, code="auth.sign_in_refused"):
            accounts.sign_in(session=db_session, display_name=f"Someone {attempt}x",
                             passphrase="wrong one!", client_key="10.3.0.1", now=now)
    with refused(Throttled):
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.3.0.1", now=now)
    accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.3.0.2", now=now)


def test_sign_up_is_throttled_per_ip(db_session):
    now = utcnow()
    for _ in range(10):
        with refused(ServiceError, code="auth.invite_unknown"):
            sign_up(db_session, "AAAA-BBBB-CCCC", now=now, client_key="10.4.0.1")
    with refused(Throttled):
        sign_up(db_session, make_invite(db_session), now=now, client_key="10.4.0.1")


def test_recovery_is_throttled_per_account(db_session):
    user = make_user(db_session, name="Quiet Fox")
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                         passphrase=PASSPHRASE)
    now = utcnow()
    for attempt in range(5):
        with refused(ServiceError, code="auth.recovery_refused"):
            accounts.recover(session=db_session, display_name="Quiet Fox", code="AAAA-BBBB-CCCC",
                             new_passphrase=NEW_PASSPHRASE, client_key=f"10.5.{attempt}.1",
                             now=now)
    with refused(Throttled):
        accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                         new_passphrase=NEW_PASSPHRASE, client_key="10.5.9.1", now=now)


def test_oidc_maps_a_verified_email_to_existing_staff_only(db_session):
    make_user(db_session, name="Staff Heron", roles=("moderator",), email="heron@partner.org")
    make_user(db_session, name="Member Wren", roles=("survivor",), email="wren@partner.org")
    signed_in = accounts.sign_in_verified_staff_email(session=db_session,
                                                      email="Heron@Partner.org")
    assert accounts.resolve_session(session=db_session, token=signed_in.token)
    for email in ("wren@partner.org", "stranger@partner.org"):
        with refused(ServiceError, code="auth.oidc_no_staff_account"):
            accounts.sign_in_verified_staff_email(session=db_session, email=email)
    assert count(db_session, User) == 2


def test_oidc_ignores_a_member_who_typed_a_staff_email(db_session):
    make_user(db_session, name="Member Wren", roles=("survivor",), email="heron@partner.org")
    staff = make_user(db_session, name="Staff Heron", roles=("moderator",),
                      email="heron@partner.org")
    signed_in = accounts.sign_in_verified_staff_email(session=db_session,
                                                      email="heron@partner.org")
    assert accounts.resolve_session(session=db_session, token=signed_in.token).id == staff.id
