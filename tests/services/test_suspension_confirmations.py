"""One tap that cannot be undone: suspension needs a reason and never hits oneself, and a
suspended member hears calmly that her account is paused, but only once she has proved
who she is (the right passphrase, or a good recovery code that is then not spent).
Removing a watched word keeps its reason in the audit entry."""

from __future__ import annotations

from sqlalchemy import select

from portal.i18n import translate
from portal.models import AuditEntry, RecoveryCode, User, UserSession
from portal.services.accounts import members as accounts
from portal.services.accounts import staff
from portal.services.errors import ServiceError
from portal.services.moderation import watched_words
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.groups import make_moderator
from tests.refusals import refused, refused_unchanged

REASON = "sent recruitment messages to two members"
NEW_PASSPHRASE = "a slow walk along the river"


def _audit(db_session, action: str) -> list[AuditEntry]:
    return list(db_session.execute(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)).scalars())


def _suspend(db_session, admin, member, reason: str = REASON) -> None:
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=True, reason=reason)


def test_an_admin_cannot_suspend_herself_and_is_told_calmly(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    error = refused_unchanged(db_session, "staff.not_yourself", lambda: staff.set_suspended(
        session=db_session, actor=actor_of(admin), member_id=admin.id, suspended=True,
        reason=REASON))
    assert error.code == "staff.not_yourself"
    assert db_session.get(User, admin.id).status == "active"
    assert "cannot be suspended" in translate("en", "staff.not_yourself")


def test_suspending_needs_a_reason_and_keeps_it_in_the_audit_entry(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    for empty in ("", "   ", None):
        refused_unchanged(db_session, "staff.reason_needed",
                          lambda empty=empty: staff.set_suspended(
                              session=db_session, actor=actor_of(admin), member_id=member.id,
                              suspended=True, reason=empty))
    assert db_session.get(User, member.id).status == "active"
    _suspend(db_session, admin, member, reason=f"  {REASON}  ")
    assert db_session.get(User, member.id).status == "suspended"
    [entry] = _audit(db_session, "member.suspend")
    assert (entry.actor_id, entry.target_id, entry.detail) == (admin.id, member.id, REASON)
    # Lifting a suspension needs no reason.
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=False)
    assert db_session.get(User, member.id).status == "active"


def test_the_paused_message_needs_the_right_passphrase_and_never_shows_the_reason(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    _suspend(db_session, admin, member)
    with refused(ServiceError, code="auth.account_paused") as paused:
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.3.0.1")
    for language in ("en", "es"):
        words = translate(language, paused.value.code)
        assert REASON not in words and "recruit" not in words.lower()
    assert translate("en", "auth.account_paused").startswith("Your account is paused for now.")
    # A wrong passphrase says exactly what it says for any account: nothing about a pause.
    for name, phrase in (("Quiet Fox", "not her passphrase at all"),
                         ("Nobody Here", PASSPHRASE)):
        with refused(ServiceError, code="auth.sign_in_refused"):
            accounts.sign_in(session=db_session, display_name=name, passphrase=phrase,
                             client_key="10.3.0.1")
    # Paused means no session was started.
    assert db_session.execute(select(UserSession).where(
        UserSession.user_id == member.id)).first() is None
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=False)
    signed_in = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                                 passphrase=PASSPHRASE, client_key="10.3.0.1")
    assert accounts.resolve_session(session=db_session, token=signed_in.token).id == member.id


def test_a_good_recovery_code_for_a_paused_account_says_paused_and_is_not_spent(db_session):
    admin = make_user(db_session, name="Staff Owl", roles=("admin",))
    member = make_user(db_session, name="Quiet Fox")
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(member),
                                          passphrase=PASSPHRASE)
    _suspend(db_session, admin, member)

    def unused() -> int:
        return len(db_session.execute(select(RecoveryCode).where(
            RecoveryCode.user_id == member.id, RecoveryCode.used_at.is_(None))).all())

    with refused(ServiceError, code="auth.account_paused"):
        accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                         new_passphrase=NEW_PASSPHRASE, client_key="10.3.0.2")
    with refused(ServiceError, code="auth.recovery_refused"):
        accounts.recover(session=db_session, display_name="Quiet Fox", code="WRONG-CODE-0000",
                         new_passphrase=NEW_PASSPHRASE, client_key="10.3.0.2")
    assert unused() == len(codes)
    # Her passphrase did not change either.
    with refused(ServiceError, code="auth.account_paused"):
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.3.0.2")
    # Once the pause is lifted, the same code still works.
    staff.set_suspended(session=db_session, actor=actor_of(admin), member_id=member.id,
                        suspended=False)
    accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                     new_passphrase=NEW_PASSPHRASE, client_key="10.3.0.2")
    assert unused() == len(codes) - 1


def test_removing_a_watched_word_keeps_the_optional_reason_in_the_audit_entry(db_session):
    heron = make_moderator(db_session)
    first = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                           pattern="bus station", category="personal_details")
    second = watched_words.add_watched_word(session=db_session, actor=actor_of(heron),
                                            pattern="train station", category="personal_details")
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron),
                                      word_id=first.id, reason="holds too many safe posts")
    watched_words.remove_watched_word(session=db_session, actor=actor_of(heron),
                                      word_id=second.id)
    details = [entry.detail for entry in _audit(db_session, "moderation.word_remove")]
    assert details == ["personal_details: bus station (reason: holds too many safe posts)",
                       "personal_details: train station"]
