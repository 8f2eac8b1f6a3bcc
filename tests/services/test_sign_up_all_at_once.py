"""Sign-up answers every field at once (issue 13, item 2): she fixes them in one go."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.models import User
from portal.models.accounts import ThrottleEvent
from portal.services.accounts import members as accounts
from portal.services.errors import FieldErrors
from tests.factories.accounts import make_invite, make_user
from tests.refusals import refused

GOOD_PASSPHRASE = "a quiet morning by the river"


def sign_up(db_session, **values):
    arguments = dict(session=db_session, invite_code="", display_name="Quiet Fox",
                     passphrase=GOOD_PASSPHRASE, timezone="America/New_York", language="en",
                     client_key="10.9.0.1")
    arguments.update(values)
    return accounts.sign_up(**arguments)


def test_every_field_with_a_problem_is_named_at_once_in_the_forms_order(db_session):
    with refused(FieldErrors) as caught:
        sign_up(db_session, invite_code="AAAA-BBBB-CCCC", display_name="x",
                passphrase="short", timezone="Mars/Olympus")
    fields = caught.value.fields
    assert list(fields) == ["invite_code", "display_name", "passphrase", "timezone"]
    assert fields["invite_code"] == "auth.invite_unknown"
    assert fields["timezone"] == "auth.unknown_timezone"
    assert caught.value.code == "auth.invite_unknown"  # a browser without scripts sees this
    assert db_session.execute(select(func.count()).select_from(User)).scalar_one() == 0


def test_a_taken_name_is_told_beside_the_name_with_a_weak_passphrase(db_session):
    make_user(db_session, name="Quiet Fox")
    invite = make_invite(db_session)
    with refused(FieldErrors) as caught:
        sign_up(db_session, invite_code=invite, passphrase="short")
    assert set(caught.value.fields) == {"display_name", "passphrase"}


def test_whether_a_name_is_taken_is_not_told_without_a_valid_invite(db_session):
    make_user(db_session, name="Quiet Fox")
    with refused(FieldErrors) as caught:
        sign_up(db_session, invite_code="AAAA-BBBB-CCCC")
    assert caught.value.fields == {"invite_code": "auth.invite_unknown"}


def test_a_code_of_the_wrong_shape_is_refused_without_using_up_a_try(db_session):
    with refused(FieldErrors) as caught:
        sign_up(db_session, invite_code="abc")
    assert caught.value.fields == {"invite_code": "auth.invite_unknown"}
    assert db_session.execute(select(func.count()).select_from(ThrottleEvent)).scalar_one() == 0
