"""Nobody who knows a pseudonym can keep its owner out (issue 12, THREATS.md #3).

Wrong guesses against a name slow down the next tries (a growing delay, never a lock);
the owner's own browser (a signed device cookie from an earlier sign-in) is not slowed
at all. Played from both sides: the stranger guessing, the owner signing in.
"""

from __future__ import annotations

from datetime import timedelta

from portal.auth import tokens
from portal.models.types import utcnow
from portal.services import throttle
from portal.services.accounts import members as accounts
from portal.services.errors import ServiceError, Throttled
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.refusals import refused

NEW_PASSPHRASE = "a quiet morning by the river"


def guess(db_session, name: str, times: int, now, *, key_prefix="10.9") -> None:
    for attempt in range(times):
        try:
            accounts.sign_in(session=db_session, display_name=name, passphrase="wrong guess!",
                             client_key=f"{key_prefix}.{attempt}.1", now=now)
        except (ServiceError, Throttled):
            pass


def test_the_owners_own_browser_signs_in_while_a_stranger_guesses(db_session):
    make_user(db_session, name="Quiet Fox")
    now = utcnow()
    mine = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                            passphrase=PASSPHRASE, client_key="10.0.0.5", now=now)
    assert mine.device_token
    guess(db_session, "Quiet Fox", 40, now + timedelta(minutes=1))
    later = now + timedelta(minutes=1, seconds=1)
    # A browser without the device cookie is slowed down...
    with refused(Throttled):
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.0.0.6", now=later)
    # ...but the owner's own browser is let in at once, with the right passphrase only.
    with refused(ServiceError, code="auth.sign_in_refused"):
        accounts.sign_in(session=db_session, display_name="Quiet Fox",
                         passphrase="wrong guess!", client_key="10.0.0.5",
                         device_token=mine.device_token, now=later)
    again = accounts.sign_in(session=db_session, display_name="Quiet Fox",
                             passphrase=PASSPHRASE, client_key="10.0.0.5",
                             device_token=mine.device_token, now=later)
    assert accounts.resolve_session(session=db_session, token=again.token, now=later)


def test_another_members_device_cookie_does_not_skip_the_delay(db_session):
    make_user(db_session, name="Quiet Fox")
    make_user(db_session, name="Calm Heron")
    now = utcnow()
    stranger = accounts.sign_in(session=db_session, display_name="Calm Heron",
                                passphrase=PASSPHRASE, client_key="10.0.1.5", now=now)
    guess(db_session, "Quiet Fox", 10, now)
    for token in (stranger.device_token, "1.2.3.forged", stranger.device_token + "x"):
        with refused(Throttled):
            accounts.sign_in(session=db_session, display_name="Quiet Fox",
                             passphrase=PASSPHRASE, client_key="10.0.1.6", device_token=token,
                             now=now)


def test_many_wrong_guesses_mean_a_short_wait_never_a_lock_for_the_day(db_session):
    make_user(db_session, name="Quiet Fox")
    now = utcnow()
    guess(db_session, "Quiet Fox", 30, now)
    with refused(Throttled) as throttled:
        accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                         client_key="10.0.2.1", now=now)
    assert throttled.value.retry_after_seconds <= 15 * 60
    # At most the longest delay after the last wrong guess, the owner is in (it used to
    # be 23 hours after 20 wrong guesses).
    accounts.sign_in(session=db_session, display_name="Quiet Fox", passphrase=PASSPHRASE,
                     client_key="10.0.2.1", now=now + timedelta(minutes=15, seconds=1))


def test_the_delay_grows_with_each_wrong_guess():
    backoff = throttle.SIGN_IN_FAILURES_PER_ACCOUNT
    delays = [backoff.delay_after(failures) for failures in range(12)]
    assert delays[:5] == [timedelta(0)] * 5
    assert delays[5] == timedelta(seconds=15)
    assert all(later >= earlier for earlier, later in zip(delays, delays[1:], strict=False))
    assert delays[-1] == timedelta(minutes=15)


def test_wrong_recovery_codes_slow_down_but_never_lock_the_owner_out(db_session):
    user = make_user(db_session, name="Quiet Fox")
    codes = accounts.issue_recovery_codes(session=db_session, actor=actor_of(user),
                                          passphrase=PASSPHRASE)
    now = utcnow()
    for attempt in range(12):
        try:
            accounts.recover(session=db_session, display_name="Quiet Fox",
                             code="AAAA-BBBB-CCCC", new_passphrase=NEW_PASSPHRASE,
                             client_key=f"10.6.{attempt}.1", now=now)
        except (ServiceError, Throttled):
            pass
    with refused(Throttled):
        accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                         new_passphrase=NEW_PASSPHRASE, client_key="10.6.9.1", now=now)
    recovered = accounts.recover(session=db_session, display_name="Quiet Fox", code=codes[0],
                                 new_passphrase=NEW_PASSPHRASE, client_key="10.6.9.1",
                                 now=now + timedelta(minutes=15, seconds=1))
    assert recovered.user_id == user.id


def test_device_tokens_are_signed_and_expire():
    now = int(utcnow().timestamp())
    token = tokens.new_device_token(42, issued_at=now)
    assert tokens.device_token_user(token, now=now) == 42
    assert tokens.device_token_user(token, now=now + tokens.DEVICE_TOKEN_DAYS * 86400 + 1) is None
    user, issued, nonce, mac = token.split(".")
    assert tokens.device_token_user(f"43.{issued}.{nonce}.{mac}", now=now) is None
    assert tokens.device_token_user("", now=now) is None
    assert tokens.device_token_user("a.b.c.d", now=now) is None
