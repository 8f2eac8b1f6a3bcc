"""Her language, whatever it is (issue 16 item 6): any ISO 639 language for survivors,
mentors, groups and directory listings; a picker named in her interface language; a
kind word when no mentor speaks it yet; staff see the unmet languages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models.groups import SupportGroup
from portal.models.mentoring import MentorApplication, SurvivorIntake
from portal.models.resources import ResourceListing
from portal.services import mentoring
from portal.services.errors import ServiceError
from portal.services.groups import membership as groups
from portal.services.resources import directory as resources
from tests.factories.accounts import actor_of, make_user
from tests.factories.mentoring import make_mentor, make_survivor
from tests.factories.resources import make_listing
from tests.refusals import refused


def names(suggestions):
    return sorted(s.mentor.name for s in suggestions)


def moderator(session):
    return make_user(session, name="Moderator Kit", roles=("moderator",))


# --- matching ------------------------------------------------------------------------

def test_a_survivor_who_speaks_only_amharic_is_offered_amharic_speakers_and_nobody_else(
        db_session):
    make_mentor(db_session, name="Abeba", languages=("am", "en"))
    make_mentor(db_session, name="Tigist", languages=("am",))
    make_mentor(db_session, name="Rosa", languages=("es", "en"))
    make_mentor(db_session, name="Sokha", languages=("km",))
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    found = mentoring.suggest_mentors(session=db_session, actor=actor_of(selam))
    assert names(found) == ["Abeba", "Tigist"]
    assert all("am" in s.mentor.languages for s in found)
    browsed = mentoring.browse_mentors(session=db_session, actor=actor_of(selam), language="am")
    assert sorted(card.name for card in browsed) == ["Abeba", "Tigist"]


def test_her_intake_and_a_mentors_profile_keep_any_iso_639_language(db_session):
    selam = make_survivor(db_session, name="Selam", intake=False)
    view = mentoring.save_intake(session=db_session, actor=actor_of(selam),
                                 languages=["am", "en", "ase"])
    assert view.languages == ("en", "am", "ase")  # the usual ones first, then the rest
    stored = db_session.execute(select(SurvivorIntake.languages)).scalar_one()
    assert set(stored.split(",")) == {"am", "en", "ase"}
    fern = make_user(db_session, name="Fern", roles=("survivor", "mentor_applicant"))
    application = mentoring.save_application(session=db_session, actor=actor_of(fern),
                                             languages=["km", "th"], focus_areas=["employment"],
                                             meeting_modes=["video"])
    assert application.languages == ("km", "th")
    assert mentoring.my_application(session=db_session, actor=actor_of(fern)).languages == (
        "km", "th")


def test_the_twelve_usual_languages_stay_valid_and_in_their_usual_order(db_session):
    luna = make_survivor(db_session, name="Luna", languages=("ht", "en", "es", "tl"))
    assert mentoring.my_intake(session=db_session, actor=actor_of(luna)).languages == (
        "en", "es", "tl", "ht")


@pytest.mark.parametrize("languages", [["xx"], ["am", "klingon"], ["AM"], ["und"], "am",
                                       [3]])
def test_unknown_language_codes_are_refused_calmly_and_nothing_changes(db_session, languages):
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    with refused(ServiceError, code="mentoring.bad_languages"):
        mentoring.save_intake(session=db_session, actor=actor_of(selam), languages=languages)
    assert db_session.execute(select(SurvivorIntake.languages)).scalar_one() == "am"
    fern = make_user(db_session, name="Fern", roles=("survivor", "mentor_applicant"))
    with refused(ServiceError, code="mentoring.bad_languages"):
        mentoring.save_application(session=db_session, actor=actor_of(fern),
                                   languages=languages, focus_areas=[], meeting_modes=[])
    assert db_session.execute(select(MentorApplication)).first() is None


# --- the picker ----------------------------------------------------------------------

def test_the_picker_finds_amharic_by_its_spanish_and_english_names():
    spanish = mentoring.find_languages(query="amhárico", locale="es")
    assert spanish[0].code == "am"
    assert spanish[0].name == "Amárico"  # CLDR's Spanish spelling; the search forgives the h
    assert mentoring.find_languages(query="amár", locale="es")[0].code == "am"
    english = mentoring.find_languages(query="Amharic", locale="en")
    assert (english[0].code, english[0].name) == ("am", "Amharic")
    assert [c.code for c in mentoring.find_languages(query="jemer", locale="es")] == ["km"]
    assert mentoring.find_languages(query="km", locale="en")[0].name == "Khmer"


@pytest.mark.parametrize("query, locale", [("", "en"), ("zzzzqq", "en"), (["am"], "en"),
                                           ("am", "xx"), ("am", None)])
def test_the_picker_answers_nonsense_with_an_empty_list(query, locale):
    assert mentoring.find_languages(query=query, locale=locale) == ()


# --- groups and directory listings -----------------------------------------------------

def test_groups_accept_khmer_and_refuse_unknown_codes(db_session):
    kit = moderator(db_session)
    view = groups.create_group(session=db_session, actor=actor_of(kit), name="Khmer circle",
                               purpose="Talk in Khmer.", language="km")
    assert view.language == "km"
    for bad in ("xx", "khmer", "", None, ["km"]):
        with refused(ServiceError, code="groups.unknown_language"):
            groups.create_group(session=db_session, actor=actor_of(kit), name=f"G {bad!r}",
                                purpose="x", language=bad)
    assert db_session.execute(select(SupportGroup.language)).scalars().all() == ["km"]


def test_directory_listings_accept_khmer_and_can_be_found_by_it(db_session):
    member = actor_of(make_user(db_session))
    listing_id = resources.suggest_listing(
        session=db_session, actor=member,
        fields={"name": "Khmer Family Help", "category": "food", "region": "CA",
                "languages": "km;en"})
    assert db_session.get(ResourceListing, listing_id).status == "pending"
    make_listing(db_session, name="Long Beach Pantry", languages=("km", "en"))
    make_listing(db_session, name="Texas Food", languages=("es",))
    found = resources.search_listings(session=db_session, actor=None, language="km")
    assert [card.name for card in found.results] == ["Long Beach Pantry"]
    assert set(found.results[0].languages) == {"km", "en"}


def test_directory_listings_refuse_unknown_language_codes(db_session):
    member = actor_of(make_user(db_session))
    with refused(ServiceError, code="resources.invalid.unknown_language"):
        resources.suggest_listing(session=db_session, actor=member,
                                  fields={"name": "X", "category": "food", "region": "TX",
                                          "languages": "km;xx"})
    with refused(ServiceError, code="resources.unknown_filter"):
        resources.search_listings(session=db_session, actor=None, language="xx")


# --- when nobody speaks her language yet -----------------------------------------------

def test_she_is_told_when_no_mentor_speaks_her_language_and_staff_see_it(db_session):
    make_mentor(db_session, name="Rosa", languages=("es", "en"))
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    make_survivor(db_session, name="Hiwot", languages=("am", "en"))
    make_survivor(db_session, name="Dara", languages=("km",))
    make_survivor(db_session, name="Luna", languages=("es",))
    mine = mentoring.mentee_overview(session=db_session, actor=actor_of(selam))
    assert mine.unmet_languages == ("am",) and mine.suggestions == ()
    kit = moderator(db_session)
    staff = mentoring.staff_overview(session=db_session, actor=actor_of(kit))
    assert [(u.code, u.survivors) for u in staff.unmet_languages] == [("am", 2), ("km", 1)]
    # One Amharic-speaking mentor approved: the note goes, and so does the staff line.
    make_mentor(db_session, name="Abeba", languages=("am",))
    mine = mentoring.mentee_overview(session=db_session, actor=actor_of(selam))
    assert mine.unmet_languages == () and names(mine.suggestions) == ["Abeba"]
    staff = mentoring.staff_overview(session=db_session, actor=actor_of(kit))
    assert [(u.code, u.survivors) for u in staff.unmet_languages] == [("km", 1)]


def test_an_applicant_not_yet_approved_does_not_count_as_speaking_it(db_session):
    make_mentor(db_session, name="Applicant", languages=("am",), status="submitted")
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    assert mentoring.mentee_overview(session=db_session,
                                     actor=actor_of(selam)).unmet_languages == ("am",)


def test_only_staff_see_the_unmet_languages(db_session):
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    mentor = make_mentor(db_session, name="Rosa", languages=("es",))
    for member in (selam, mentor):
        with refused(PermissionDenied):
            mentoring.staff_overview(session=db_session, actor=actor_of(member))
        with refused(PermissionDenied):
            mentoring.staff_unmet_languages(session=db_session, actor=actor_of(member),
                                            now=None)


def test_more_than_twelve_languages_are_refused_calmly(db_session):
    selam = make_survivor(db_session, name="Selam", languages=("am",))
    thirteen = ["en", "es", "fr", "pt", "zh", "vi", "tl", "ht", "ru", "ar", "ko", "hi", "am"]
    with refused(ServiceError, code="mentoring.bad_languages"):
        mentoring.save_intake(session=db_session, actor=actor_of(selam), languages=thirteen)
    view = mentoring.save_intake(session=db_session, actor=actor_of(selam),
                                 languages=thirteen[1:])
    assert len(view.languages) == 12
