"""Quick exit signs the member out on that browser, unless she chose to stay signed in
(issue 12). Both sides: the browser's beacon, and what the session table then says."""

from __future__ import annotations

import pytest

from portal.services.accounts import members as accounts
from portal.services.errors import PermissionDenied, ServiceError
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.refusals import refused


def _signed_in(db_session, user) -> str:
    return accounts.sign_in(session=db_session, display_name=user.display_name,
                            passphrase=PASSPHRASE, client_key="10.7.0.1").token


def test_quick_exit_ends_only_that_browsers_session(db_session):
    user = make_user(db_session, name="Quiet Fox")
    phone, laptop = _signed_in(db_session, user), _signed_in(db_session, user)
    assert accounts.quick_exit(session=db_session, token=phone) is True
    assert accounts.resolve_session(session=db_session, token=phone) is None
    assert accounts.resolve_session(session=db_session, token=laptop) is not None


def test_a_member_who_chose_to_stay_signed_in_stays(db_session):
    user = make_user(db_session, name="Quiet Fox")
    assert accounts.quick_exit_keeps_session(session=db_session, actor=actor_of(user)) is False
    accounts.set_quick_exit_keeps_session(session=db_session, actor=actor_of(user), keep=True)
    token = _signed_in(db_session, user)
    assert accounts.quick_exit(session=db_session, token=token) is False
    assert accounts.resolve_session(session=db_session, token=token) is not None
    accounts.set_quick_exit_keeps_session(session=db_session, actor=actor_of(user), keep=False)
    assert accounts.quick_exit(session=db_session, token=token) is True


@pytest.mark.parametrize("token", ["", "unknown-token", "x" * 500])
def test_an_unknown_token_ends_nothing(db_session, token):
    user = make_user(db_session, name="Quiet Fox")
    kept = _signed_in(db_session, user)
    assert accounts.quick_exit(session=db_session, token=token) is False
    assert accounts.resolve_session(session=db_session, token=kept) is not None


@pytest.mark.parametrize("keep", ["yes", 1, None, [True], {"keep": True}])
def test_the_choice_must_be_a_yes_or_no(db_session, keep):
    user = make_user(db_session, name="Quiet Fox")
    with refused(ServiceError, code="error.bad_request"):
        accounts.set_quick_exit_keeps_session(session=db_session, actor=actor_of(user),
                                              keep=keep)
    assert accounts.quick_exit_keeps_session(session=db_session, actor=actor_of(user)) is False


def test_only_a_signed_in_member_sets_her_own_choice(db_session):
    with refused(PermissionDenied):
        accounts.set_quick_exit_keeps_session(session=db_session, actor=None, keep=True)
    suspended = make_user(db_session, name="Calm Heron", status="suspended")
    with refused(PermissionDenied):
        accounts.set_quick_exit_keeps_session(session=db_session, actor=actor_of(suspended),
                                              keep=True)
