"""The confirmation steps' handlers, called as a browser calls them: suspending takes the
step's form (member and reason), removing a watched word its form (word and an optional
reason). Without a reason, for oneself, or with garbage, nothing changes and the admin
reads a calm line; the admin's own row carries ``is_me`` so the page offers no Suspend."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.i18n import translate
from portal.models import AuditEntry, User
from portal.services.moderation import watched_words
from portal.state.moderation import WatchedWordsState
from portal.state.staff import StaffState
from tests.factories import snapshot
from tests.factories.accounts import actor_of, make_user
from tests.factories.groups import make_moderator
from tests.state.browser import Browser, token_for

REASON = "asked members for their addresses"


def _admin(app_db) -> tuple[User, Browser]:
    admin = make_user(app_db, name="Staff Owl", roles=("admin",))
    return admin, Browser.with_token(token_for(app_db, admin))


def test_suspending_from_the_step_keeps_the_reason_and_says_done(app_db):
    admin, phone = _admin(app_db)
    member = make_user(app_db, name="Quiet Fox")
    phone.call(StaffState, "load_staff")
    phone.call(StaffState, "suspend_member", {"member_id": str(member.id), "reason": REASON})
    app_db.expire_all()
    assert app_db.get(User, member.id).status == "suspended"
    entry = app_db.execute(select(AuditEntry).where(
        AuditEntry.action == "member.suspend")).scalar_one()
    assert entry.detail == REASON
    state = phone.state(StaffState)
    assert state._message_shown() == translate("en", "staff.done_suspend")
    assert {row["name"]: row["status"] for row in state.members}["Quiet Fox"] == "suspended"


@pytest.mark.parametrize("form", [
    {"member_id": "MEMBER", "reason": ""},
    {"member_id": "MEMBER", "reason": "   "},
    {"member_id": "MEMBER"},
    {"member_id": "MEMBER", "reason": ["x"]},
    {"member_id": "SELF", "reason": REASON},
    {"reason": REASON},
    {},
])
def test_without_a_reason_or_for_oneself_nothing_changes(app_db, form):
    admin, phone = _admin(app_db)
    member = make_user(app_db, name="Quiet Fox")
    ids = {"MEMBER": str(member.id), "SELF": str(admin.id)}
    form = {key: ids.get(value, value) if isinstance(value, str) else value
            for key, value in form.items()}
    before = snapshot(app_db)
    phone.call(StaffState, "suspend_member", form)
    assert snapshot(app_db) == before
    message = phone.state(StaffState)._message_shown()
    assert message and message != translate("en", "staff.done_suspend")
    if form.get("member_id") == str(admin.id):
        assert message == translate("en", "staff.not_yourself")


def test_the_admins_own_row_is_marked_so_the_page_offers_no_suspend(app_db):
    admin, phone = _admin(app_db)
    make_user(app_db, name="Quiet Fox")
    phone.call(StaffState, "load_staff")
    rows = {row["name"]: row["is_me"] for row in phone.state(StaffState).members}
    assert rows == {"Staff Owl": True, "Quiet Fox": False}


def test_removing_a_watched_word_from_its_step_keeps_an_optional_reason(app_db):
    heron = make_moderator(app_db, name="Staff Heron")
    phone = Browser.with_token(token_for(app_db, heron))
    kept = watched_words.add_watched_word(session=app_db, actor=actor_of(heron),
                                          pattern="bus station", category="personal_details")
    plain = watched_words.add_watched_word(session=app_db, actor=actor_of(heron),
                                           pattern="train station", category="personal_details")
    phone.call(WatchedWordsState, "remove_watched_word",
               {"word_id": str(kept.id), "reason": "too broad"})
    phone.call(WatchedWordsState, "remove_watched_word", {"word_id": str(plain.id)})
    assert phone.state(WatchedWordsState)._message_shown() == translate("en", "review.word_removed")
    details = app_db.execute(select(AuditEntry.detail).where(
        AuditEntry.action == "moderation.word_remove").order_by(AuditEntry.id)).scalars().all()
    assert details == ["personal_details: bus station (reason: too broad)",
                       "personal_details: train station"]
    before = snapshot(app_db)
    for garbage in (None, "1", {"word_id": "x"}, {"reason": "why"}):
        phone.call(WatchedWordsState, "remove_watched_word", garbage)
    assert snapshot(app_db) == before
