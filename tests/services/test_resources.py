"""Resources directory: public search with filters and open-now, listing details, and
members' suggestions and reports."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models.resources import ResourceListing, ResourceReview
from portal.services.errors import NotFound, ServiceError, Throttled
from portal.services.resources import directory as resources
from tests.factories.accounts import actor_of, make_user
from tests.factories.resources import ALWAYS, hours, make_listing
from tests.refusals import refused

MONDAY_NOON_CHICAGO = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def search(session, actor=None, **filters):
    filters.setdefault("now", MONDAY_NOON_CHICAGO)
    return resources.search_listings(session=session, actor=actor, **filters)


def names(cards) -> list[str]:
    return [card.name for card in cards]


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


# --- search -------------------------------------------------------------------------

def test_visitor_searches_without_signing_in_and_crisis_lines_come_first(db_session):
    make_listing(db_session, name="Zeta Food Bank")
    make_listing(db_session, name="National Line", category="crisis_line", region="nationwide",
                 pinned=True, hours=ALWAYS)
    page = search(db_session)
    assert names(page.pinned) == ["National Line"]
    assert names(page.results) == ["Zeta Food Bank"]
    assert page.pinned[0].status.key == "resources.status.always"


def test_crisis_lines_are_shown_whatever_the_filters(db_session):
    make_listing(db_session, name="National Line", category="crisis_line", region="nationwide",
                 pinned=True, hours=())
    page = search(db_session, category="legal_aid", region="OH", language="vi", open_now=True,
                  text="nothing like this")
    assert names(page.pinned) == ["National Line"] and page.results == ()


def test_filters_by_category_region_and_language_with_nationwide_everywhere(db_session):
    make_listing(db_session, name="Texas Shelter", category="emergency_shelter", region="TX",
                 languages=("en", "es"))
    make_listing(db_session, name="Ohio Shelter", category="emergency_shelter", region="OH",
                 languages=("es",))
    make_listing(db_session, name="Hotline", category="emergency_shelter", region="nationwide",
                 languages=("en",))
    make_listing(db_session, name="Texas Food", category="food", region="TX", languages=("es",))
    assert names(search(db_session, category="emergency_shelter", region="TX").results) == [
        "Hotline", "Texas Shelter"]
    assert names(search(db_session, category="emergency_shelter", language="es").results) == [
        "Ohio Shelter", "Texas Shelter"]
    assert names(search(db_session, region="nationwide").results) == ["Hotline"]


def test_word_search_ignores_case_and_accents_and_needs_every_word(db_session):
    make_listing(db_session, name="Clínica Esperanza", description="Atención médica gratuita")
    make_listing(db_session, name="Legal Clinic", description="Free immigration advice")
    assert names(search(db_session, text="CLINICA medica").results) == ["Clínica Esperanza"]
    assert names(search(db_session, text="clinic").results) == ["Clínica Esperanza",
                                                               "Legal Clinic"]
    assert search(db_session, text="clinic 100%_").results == ()


@pytest.mark.parametrize("filters", [{"category": "weapons"}, {"region": "Atlantis"},
                                     {"language": "klingon"}, {"category": ["food"]}])
def test_unknown_filter_values_are_refused(db_session, filters):
    with refused(ServiceError, code="resources.unknown_filter"):
        search(db_session, **filters)


def test_unpublished_listings_are_hidden_from_visitors_but_open_to_moderators(db_session):
    hidden = make_listing(db_session, name="Waiting", status="pending")
    moderator = actor_of(make_user(db_session, roles=("moderator",)))
    member = actor_of(make_user(db_session))
    assert search(db_session).results == ()
    for actor in (None, member):
        with refused(NotFound):
            resources.get_listing(session=db_session, actor=actor, listing_id=hidden.id)
    detail = resources.get_listing(session=db_session, actor=moderator, listing_id=hidden.id)
    assert detail.listing_status == "pending" and detail.can_manage


@pytest.mark.parametrize("forged", [None, "x", -1, 0, 10**30, {"id": 1}, "1; DROP TABLE"])
def test_forged_listing_ids_are_not_found(db_session, forged):
    with refused(NotFound):
        resources.get_listing(session=db_session, actor=None, listing_id=forged)


def test_results_come_a_page_at_a_time(db_session):
    for number in range(resources.PAGE_SIZE + 3):
        make_listing(db_session, name=f"Pantry {number:02d}")
    first, second = search(db_session), search(db_session, page=1)
    assert first.has_more and len(first.results) == resources.PAGE_SIZE
    assert not second.has_more and len(second.results) == 3
    assert search(db_session, page="nonsense").page == 0


# --- open now -----------------------------------------------------------------------

def test_open_now_uses_each_listings_own_clock(db_session):
    nine_to_five = hours(*[(day, "09:00", "17:00") for day in range(5)])
    make_listing(db_session, name="Chicago Pantry", timezone="America/Chicago",
                 hours=nine_to_five)
    make_listing(db_session, name="London Pantry", timezone="Europe/London", hours=nine_to_five)
    make_listing(db_session, name="No Hours", hours=())
    page = search(db_session, open_now=True)  # 12:00 in Chicago, 18:00 in London
    assert names(page.results) == ["Chicago Pantry"]
    assert {card.name: card.status.key for card in search(db_session).results} == {
        "Chicago Pantry": "resources.status.open_today",
        "London Pantry": "resources.status.closed_tomorrow",
        "No Hours": "resources.status.unknown"}


def test_open_now_finds_an_overnight_shelter_after_midnight(db_session):
    make_listing(db_session, name="Night Shelter", category="emergency_shelter",
                 timezone="America/Denver", hours=hours((0, "20:00", "08:00")))
    tuesday_3am_denver = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
    tuesday_9am_denver = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)
    assert names(search(db_session, open_now=True, now=tuesday_3am_denver).results) == [
        "Night Shelter"]
    assert search(db_session, open_now=True, now=tuesday_9am_denver).results == ()


def test_open_now_around_the_clock_change_follows_the_listings_wall_clock(db_session):
    make_listing(db_session, name="Night Shelter", timezone="America/New_York",
                 hours=hours((5, "20:00", "08:00")))  # Saturday night
    before_eight_edt = datetime(2026, 3, 8, 11, 59, tzinfo=UTC)  # Sunday 07:59 EDT
    at_eight_edt = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    assert names(search(db_session, open_now=True, now=before_eight_edt).results) == [
        "Night Shelter"]
    assert search(db_session, open_now=True, now=at_eight_edt).results == ()


def test_times_are_shown_in_the_viewers_zone_and_unknown_zones_fall_back_to_utc(db_session):
    make_listing(db_session, name="Pantry", timezone="America/Chicago",
                 hours=hours((0, "09:00", "17:00")))
    in_new_york = search(db_session, viewer_timezone="America/New_York").results[0]
    assert in_new_york.status.at_local.hour == 18
    fallback = search(db_session, viewer_timezone="Mars/Base")
    assert fallback.timezone == "UTC" and fallback.results[0].status.at_local.hour == 23


def test_cards_offer_call_and_text_links(db_session):
    make_listing(db_session, name="Line", phone="1-888-373-7888", text_number="233733")
    card = search(db_session).results[0]
    assert (card.phone_href, card.sms_href) == ("tel:18883737888", "sms:233733")


# --- suggestions and reports --------------------------------------------------------

def test_a_members_suggestion_waits_unpublished_for_review(db_session):
    member = actor_of(make_user(db_session))
    listing_id = resources.suggest_listing(
        session=db_session, actor=member,
        fields={"name": "Sunrise Pantry", "category": "food", "region": "oh",
                "phone": "(614) 555-0100", "note": "Open Saturdays, friendly."})
    listing = db_session.get(ResourceListing, listing_id)
    assert (listing.status, listing.region, listing.organisation) == ("pending", "OH",
                                                                      "Sunrise Pantry")
    review = db_session.execute(select(ResourceReview)).scalar_one()
    assert (review.kind, review.reporter_id, review.note) == ("suggestion", member.id,
                                                              "Open Saturdays, friendly.")
    assert search(db_session).results == ()


def test_a_suggestion_with_bad_fields_changes_nothing(db_session):
    member = actor_of(make_user(db_session))
    with refused(ServiceError, code="resources.invalid.bad_website"):
        resources.suggest_listing(session=db_session, actor=member,
                                  fields={"name": "X", "category": "food", "region": "TX",
                                          "website": "javascript:alert(1)"})
    assert count(db_session, ResourceListing) == 0 and count(db_session, ResourceReview) == 0


def test_visitors_cannot_suggest_or_report(db_session):
    listing = make_listing(db_session)
    with refused(PermissionDenied):
        resources.suggest_listing(session=db_session, actor=None, fields={"name": "X"})
    with refused(PermissionDenied):
        resources.report_listing(session=db_session, actor=None, listing_id=listing.id,
                                 reason="closed")
    assert count(db_session, ResourceReview) == 0


def test_a_member_reports_a_wrong_listing_once_until_it_is_looked_at(db_session):
    listing = make_listing(db_session)
    member = actor_of(make_user(db_session))
    resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                             reason="wrong_phone", note="The number is disconnected.")
    with refused(ServiceError, code="resources.already_reported"):
        resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                                 reason="closed")
    review = db_session.execute(select(ResourceReview)).scalar_one()
    assert (review.kind, review.reason) == ("report", "wrong_phone")


def test_reports_need_a_known_reason_a_short_note_and_a_published_listing(db_session):
    listing = make_listing(db_session)
    hidden = make_listing(db_session, status="pending")
    member = actor_of(make_user(db_session))
    with refused(ServiceError, code="resources.report_reason_needed"):
        resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                                 reason="bored")
    with refused(ServiceError, code="resources.note_too_long"):
        resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                                 reason="other", note="x" * 1001)
    with refused(NotFound):
        resources.report_listing(session=db_session, actor=member, listing_id=hidden.id,
                                 reason="closed")
    assert count(db_session, ResourceReview) == 0


def test_suggestions_and_reports_are_limited_per_member_per_day(db_session):
    member = actor_of(make_user(db_session))
    listings = [make_listing(db_session) for _ in range(resources.FEEDBACK_PER_MEMBER.attempts)]
    for listing in listings:
        resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                                 reason="closed")
    with refused(Throttled):
        resources.suggest_listing(session=db_session, actor=member,
                                  fields={"name": "One more", "category": "food",
                                          "region": "TX"})
