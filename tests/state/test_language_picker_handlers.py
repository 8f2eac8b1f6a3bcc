"""The language picker's fields, sent the way a browser (or an attacker) would: names in
her interface language or codes become codes; anything else is refused calmly."""

from __future__ import annotations

from sqlalchemy import select

from portal.models.groups import SupportGroup
from portal.models.mentoring import SurvivorIntake
from portal.models.resources import ResourceListing
from portal.services.resources._store import load_languages
from portal.state.base import AppState
from portal.state.groups import GroupsState
from portal.state.mentoring import IntakeState, MentoringState
from portal.state.mentoring_staff import MentoringStaffState
from portal.state.resources import ResourceSuggestState
from tests.factories.accounts import make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.state.browser import Browser, token_for


def signed_in(session, user, lang="en") -> Browser:
    browser = Browser.with_token(token_for(session, user))
    browser.state(AppState).lang = lang
    return browser


def stored_languages(session, user) -> set[str]:
    session.expire_all()
    row = session.execute(select(SurvivorIntake.languages)
                          .where(SurvivorIntake.user_id == user.id)).scalar_one()
    return set(row.split(","))


def test_she_types_her_languages_in_spanish_and_codes_are_saved(app_db):
    selam = make_survivor(app_db, name="Selam", languages=("en",))
    browser = signed_in(app_db, selam, "es")
    browser.call(IntakeState, "save_intake",
                 {"language__es": "on", "other_languages": "amhárico, jemer; ase"})
    assert stored_languages(app_db, selam) == {"es", "am", "km", "ase"}
    browser.call(IntakeState, "load_intake")
    state = browser.state(IntakeState)
    assert state.languages == ["es", "am", "ase", "km"]
    # CLDR has no Spanish name for American Sign Language: the English one stands in.
    assert state.other_languages == "Amárico, American Sign Language, Jemer"


def test_a_name_that_is_no_language_is_refused_calmly_and_nothing_changes(app_db):
    selam = make_survivor(app_db, name="Selam", languages=("am",))
    browser = signed_in(app_db, selam)
    for typed in ("Elvish", "Amharic, zz", "x" * 5000, "a"):
        browser.call(IntakeState, "save_intake", {"language__en": "on", "other_languages": typed})
        assert stored_languages(app_db, selam) == {"am"}
    browser.call(IntakeState, "save_intake", {"other_languages": "Elvish"})
    assert browser.state(IntakeState)._message_shown() == (
        "We could not find one of those languages. Please type its name and pick it "
        "from the list.")
    assert stored_languages(app_db, selam) == {"am"}


def test_her_mentoring_page_says_kindly_that_no_mentor_speaks_amharic_yet(app_db):
    make_mentor(app_db, name="Rosa", languages=("es",))
    selam = make_survivor(app_db, name="Selam", languages=("am",))
    browser = signed_in(app_db, selam)
    browser.call(MentoringState, "load_mentoring")
    assert browser.state(MentoringState).unmet_note == (
        "None of our mentors speaks Amharic yet.")
    spanish = signed_in(app_db, selam, "es")
    spanish.call(MentoringState, "load_mentoring")
    assert "amárico" in spanish.state(MentoringState).unmet_note


def test_staff_see_the_unmet_language_in_their_mentoring_list(app_db):
    make_survivor(app_db, name="Selam", languages=("am",))
    make_survivor(app_db, name="Hiwot", languages=("am", "en"))
    make_mentor(app_db, name="Rosa", languages=("en",))
    kit = make_user(app_db, name="Moderator Kit", roles=("moderator",))
    browser = signed_in(app_db, kit)
    browser.call(MentoringStaffState, "load_mentoring_staff")
    assert browser.state(MentoringStaffState).unmet_languages == [
        "Amharic: 2 members asked for it"]


def test_staff_open_a_khmer_group_by_typing_its_name(app_db):
    kit = make_user(app_db, name="Moderator Kit", roles=("moderator",))
    browser = signed_in(app_db, kit)
    browser.call(GroupsState, "create_group", {"name": "Khmer circle", "purpose": "Talk.",
                                               "language": "Khmer", "visibility": "open"})
    assert app_db.execute(select(SupportGroup.language)).scalars().all() == ["km"]
    assert [g["language"] for g in browser.state(GroupsState).group_list] == ["Khmer"]
    browser.call(GroupsState, "create_group", {"name": "Nowhere", "purpose": "x",
                                               "language": "Elvish", "visibility": "open"})
    assert app_db.execute(select(SupportGroup.language)).scalars().all() == ["km"]


def test_a_member_suggests_a_listing_in_khmer(app_db):
    member = make_user(app_db, name="Luna")
    browser = signed_in(app_db, member)
    browser.call(ResourceSuggestState, "suggest_resource",
                 {"name": "Khmer Family Help", "category": "food", "region": "CA",
                  "lang_en": "on", "other_languages": "Khmer"})
    listing_id = app_db.execute(select(ResourceListing.id)).scalar_one()
    assert set(load_languages(app_db, [listing_id])[listing_id]) == {"en", "km"}
