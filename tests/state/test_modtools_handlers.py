"""Issue 13 items 3 and 10, the handlers as a browser calls them: the care message from
a queue card, the watched-words search, test box and "just added" line, the group
settings form and member removal, and the vetting form without a decision."""

from __future__ import annotations

from sqlalchemy import select

from portal.i18n import translate
from portal.models.groups import GroupMembership, ReviewQueueItem, SupportGroup
from portal.models.notifications import Notification
from portal.state.group_settings import GroupSettingsState
from portal.state.mentoring_staff import MentoringStaffState
from portal.state.moderation import ReviewQueueState, WatchedWordsState
from tests.factories import snapshot
from tests.factories.accounts import make_user
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.state.browser import Browser, token_for


def _phone(app_db, user) -> Browser:
    return Browser.with_token(token_for(app_db, user))


def test_a_care_message_is_sent_from_the_card_and_the_card_then_says_sent(app_db):
    group = make_group(app_db)
    luna = make_member(app_db, group, established=True, name="Survivor Luna")
    luna.language = "es"
    app_db.commit()
    outcome = thread_by(app_db, luna, group, title="Hoy", body="Quiero morir")
    item_id = app_db.execute(select(ReviewQueueItem.id).where(
        ReviewQueueItem.post_id == outcome.post_id)).scalar_one()
    phone = _phone(app_db, make_moderator(app_db, name="Moderator Heron"))
    phone.call(ReviewQueueState, "load_queue")
    [card] = [row for row in phone.state(ReviewQueueState).queue if row["id"] == item_id]
    assert card["care_possible"] and not card["care_sent"]
    assert card["care_language"] == "Spanish"
    assert card["care_choices"][1]["text"].startswith("No estás sola.")
    follow = phone.call(ReviewQueueState, "send_care_message",
                        {"item_id": str(item_id), "template": "not_alone"})
    # The form gives way to a "sent" line: the card's care panel is scrolled into view.
    assert f"care-{item_id}" in str(follow)
    state = phone.state(ReviewQueueState)
    assert state._message_shown() == translate("en", "care.sent")
    [card] = [row for row in state.queue if row["id"] == item_id]
    assert card["care_sent"] and card["care_choices"] == []
    # A second send (a double tap, a forged call) adds nothing.
    phone.call(ReviewQueueState, "send_care_message",
               {"item_id": str(item_id), "template": "check_in"})
    assert phone.state(ReviewQueueState)._message_shown() == translate("en", "care.already_sent")
    assert len(app_db.execute(select(Notification.id).where(
        Notification.kind == "care")).all()) == 1


def test_search_test_and_add_show_their_answers_beside_the_forms(app_db):
    phone = _phone(app_db, make_moderator(app_db))
    phone.call(WatchedWordsState, "load_words")
    phone.call(WatchedWordsState, "search_words", {"search": "die"})
    state = phone.state(WatchedWordsState)
    assert state.words_search == "die"
    assert "(want / wanna / wanted) (to )die" in [row["readable"] for row in state.words]
    phone.call(WatchedWordsState, "try_sentence", {"sentence": "easy money tonight"})
    state = phone.state(WatchedWordsState)
    assert state.tested and [row["pattern"] for row in state.test_matches] == ["easy money"]
    phone.call(WatchedWordsState, "try_sentence", {"sentence": ["not", "text"]})
    assert phone.state(WatchedWordsState)._message_shown(at="words_test")
    phone.call(WatchedWordsState, "add_watched_word",
               {"pattern": "Bus station corner", "category": "personal_details"})
    state = phone.state(WatchedWordsState)
    assert [row["readable"] for row in state.just_added] == ["Bus station corner"]
    phone.call(WatchedWordsState, "clear_word_search")
    assert phone.state(WatchedWordsState).words_search == ""


def test_group_settings_save_and_remove_through_the_forms(app_db):
    group = make_group(app_db, name="Evening circle")
    lead = make_member(app_db, group, established=True, moderator=True)
    willow = make_member(app_db, group, name="Survivor Willow")
    phone = _phone(app_db, lead)
    phone.open("/groups/settings", {"id": str(group.id)})
    phone.call(GroupSettingsState, "load_group_settings")
    state = phone.state(GroupSettingsState)
    assert state.settings_ready and state.settings_name == "Evening circle"
    phone.call(GroupSettingsState, "save_group_settings",
               {"group_id": str(group.id), "name": "Evening circle", "purpose": "Calm.",
                "rules": "Be kind."})
    app_db.expire_all()
    assert app_db.get(SupportGroup, group.id).rules == "Be kind."
    before = snapshot(app_db)
    phone.call(GroupSettingsState, "remove_group_member",
               {"group_id": str(group.id), "member_id": str(willow.id), "reason": ""})
    assert snapshot(app_db) == before
    assert phone.state(GroupSettingsState)._message_shown(at="removal") == translate(
        "en", "groups_settings.reason_needed")
    follow = phone.call(GroupSettingsState, "remove_group_member",
                        {"group_id": str(group.id), "member_id": str(willow.id),
                         "reason": "Spam"})
    assert "removal-result" in str(follow)
    app_db.expire_all()
    assert app_db.execute(select(GroupMembership.status).where(
        GroupMembership.user_id == willow.id)).scalar_one() == "removed"
    state = phone.state(GroupSettingsState)
    assert "Survivor Willow" not in [row["name"] for row in state.settings_members]
    assert state._message_shown(at="removal") == translate("en", "group_settings.member_removed")


def test_a_member_cannot_open_or_use_the_settings(app_db):
    group = make_group(app_db)
    member = make_member(app_db, group)
    phone = _phone(app_db, member)
    phone.open("/groups/settings", {"id": str(group.id)})
    phone.call(GroupSettingsState, "load_group_settings")
    assert phone.state(GroupSettingsState).settings_ready is False
    before = snapshot(app_db)
    phone.call(GroupSettingsState, "save_group_settings",
               {"group_id": str(group.id), "name": "Mine now", "purpose": "x"})
    assert snapshot(app_db) == before


def test_vetting_without_a_decision_is_answered_beside_that_form(app_db):
    phone = _phone(app_db, make_user(app_db, roles=("admin",)))
    before = snapshot(app_db)
    phone.call(MentoringStaffState, "decide_application", {"mentor_id": "42", "note": ""})
    state = phone.state(MentoringStaffState)
    assert state.decision_missing_for == 42 and state._message_shown() == ""
    assert snapshot(app_db) == before
    phone.call(MentoringStaffState, "decide_application",
               {"mentor_id": "42", "decision": "maybe"})
    assert phone.state(MentoringStaffState).decision_missing_for == 42


def test_a_word_removed_right_after_adding_leaves_the_just_added_line(app_db):
    phone = _phone(app_db, make_moderator(app_db))
    phone.call(WatchedWordsState, "load_words")
    phone.call(WatchedWordsState, "add_watched_word",
               {"pattern": "Bus station corner", "category": "personal_details"})
    [added] = phone.state(WatchedWordsState).just_added
    phone.call(WatchedWordsState, "remove_watched_word", {"word_id": str(added["id"])})
    assert phone.state(WatchedWordsState).just_added == []
