"""Moderators keep the directory: the editor, verifying, publishing, the review list."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.resources import ResourceHours, ResourceListing, ResourceReview
from portal.services.errors import NotFound, ServiceError
from portal.services.resources import admin as resources_admin
from portal.services.resources import directory as resources
from tests.factories.accounts import actor_of, make_user
from tests.factories.resources import make_listing
from tests.refusals import refused

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
EDITOR_FORM = {
    "name": "Harbor Night Shelter", "organisation": "Harbor House", "category":
    "emergency_shelter", "region": "TX", "phone": "1-800-555-0100", "text_number": "55510",
    "website": "https://harbor.example.org", "eligibility": "Adults.", "description": "Beds.",
    "timezone": "America/Chicago", "languages": ["en", "es"], "pinned": "",
    "mon_1_opens": "20:00", "mon_1_closes": "08:00", "sat_all_day": "on",
}


@pytest.fixture
def moderator(db_session):
    return actor_of(make_user(db_session, roles=("moderator",)))


def actions(session) -> list[str]:
    return list(session.execute(select(AuditEntry.action).order_by(AuditEntry.id)).scalars())


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def test_moderator_creates_a_listing_with_hours_and_it_is_audited(db_session, moderator):
    listing_id = resources_admin.save_listing(session=db_session, actor=moderator,
                                              listing_id=0, form=EDITOR_FORM, now=NOW)
    listing = db_session.get(ResourceListing, listing_id)
    assert (listing.status, listing.last_verified, listing.source_id[:8]) == (
        "published", date(2026, 3, 2), "lantern-")
    assert count(db_session, ResourceHours) == 2
    form = resources_admin.listing_form(session=db_session, actor=moderator,
                                        listing_id=listing_id)
    assert form.values["languages"] == "en;es" and form.hours["sat_all_day"] == "on"
    assert (form.hours["mon_1_opens"], form.hours["mon_1_closes"]) == ("20:00", "08:00")
    assert actions(db_session) == ["resources.listing.create"]


def test_editing_replaces_fields_and_hours_and_keeps_status(db_session, moderator):
    listing = make_listing(db_session, status="pending")
    resources_admin.save_listing(session=db_session, actor=moderator, listing_id=listing.id,
                                 form={**EDITOR_FORM, "name": "Renamed", "pinned": "on",
                                       "sat_all_day": ""}, now=NOW)
    db_session.expire_all()
    listing = db_session.get(ResourceListing, listing.id)
    assert (listing.name, listing.status, listing.pinned) == ("Renamed", "pending", True)
    assert count(db_session, ResourceHours) == 1
    assert actions(db_session) == ["resources.listing.update"]


@pytest.mark.parametrize("change, code", [
    ({"name": ""}, "resources.invalid.required"),
    ({"category": "weapons"}, "resources.invalid.unknown_choice"),
    ({"phone": "call me"}, "resources.invalid.bad_phone"),
    ({"timezone": "Moon/Base"}, "resources.invalid.bad_timezone"),
    ({"tue_1_opens": "07:00", "tue_1_closes": "09:00"}, "resources.hours.overlap"),
    ({"tue_1_opens": "09:00"}, "resources.hours.half_range"),
    ({"tue_1_opens": "9am", "tue_1_closes": "5pm"}, "resources.hours.bad_time"),
    ({"languages": ["en", "xx"]}, "resources.invalid.unknown_language"),
])
def test_the_editor_refuses_bad_values_and_changes_nothing(db_session, moderator, change, code):
    listing = make_listing(db_session, name="Before")
    before = count(db_session, ResourceHours)
    with refused(ServiceError, code=code):
        resources_admin.save_listing(session=db_session, actor=moderator, listing_id=listing.id,
                                     form={**EDITOR_FORM, **change})
    db_session.expire_all()
    assert db_session.get(ResourceListing, listing.id).name == "Before"
    assert count(db_session, ResourceHours) == before and actions(db_session) == []


def test_verifying_moves_last_verified_to_today(db_session, moderator):
    listing = make_listing(db_session, last_verified=date(2024, 1, 1))
    resources_admin.verify_listing(session=db_session, actor=moderator, listing_id=listing.id,
                                   now=NOW)
    assert db_session.get(ResourceListing, listing.id).last_verified == date(2026, 3, 2)
    assert actions(db_session) == ["resources.listing.verify"]


def test_unpublishing_hides_a_listing_from_search(db_session, moderator):
    listing = make_listing(db_session)
    resources_admin.set_listing_status(session=db_session, actor=moderator,
                                       listing_id=listing.id, status="pending")
    assert resources.search_listings(session=db_session, actor=None).results == ()
    assert actions(db_session) == ["resources.listing.pending"]
    with refused(ServiceError, code="resources.unknown_filter"):
        resources_admin.set_listing_status(session=db_session, actor=moderator,
                                           listing_id=listing.id, status="deleted")


def test_accepting_a_suggestion_publishes_it_and_dismissing_rejects_it(db_session, moderator):
    member = actor_of(make_user(db_session))
    fields = {"category": "food", "region": "TX"}
    kept = resources.suggest_listing(session=db_session, actor=member,
                                     fields={**fields, "name": "Kept"})
    dropped = resources.suggest_listing(session=db_session, actor=member,
                                        fields={**fields, "name": "Dropped"})
    items = resources_admin.list_review_items(session=db_session, actor=moderator)
    assert [(item.kind, item.listing_name) for item in items] == [("suggestion", "Kept"),
                                                                  ("suggestion", "Dropped")]
    resources_admin.resolve_review(session=db_session, actor=moderator, item_id=items[0].id,
                                   accept=True, now=NOW)
    resources_admin.resolve_review(session=db_session, actor=moderator, item_id=items[1].id,
                                   accept=False, now=NOW)
    assert db_session.get(ResourceListing, kept).status == "published"
    assert db_session.get(ResourceListing, kept).last_verified == date(2026, 3, 2)
    assert db_session.get(ResourceListing, dropped).status == "rejected"
    assert resources_admin.list_review_items(session=db_session, actor=moderator) == ()
    assert actions(db_session) == ["resources.review.accepted", "resources.review.dismissed"]


def test_a_review_item_is_resolved_once(db_session, moderator):
    listing = make_listing(db_session)
    member = actor_of(make_user(db_session))
    resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                             reason="closed")
    item_id = db_session.execute(select(ResourceReview.id)).scalar_one()
    resources_admin.resolve_review(session=db_session, actor=moderator, item_id=item_id,
                                   accept=True)
    with refused(ServiceError, code="resources.review_already_resolved"):
        resources_admin.resolve_review(session=db_session, actor=moderator, item_id=item_id,
                                       accept=False)
    with refused(NotFound):
        resources_admin.resolve_review(session=db_session, actor=moderator, item_id="99999",
                                       accept=True)


def test_staff_listing_list_searches_every_status(db_session, moderator):
    make_listing(db_session, name="Alpha Pantry", status="pending")
    make_listing(db_session, name="Beta Pantry", status="rejected")
    rows = resources_admin.list_staff_listings(session=db_session, actor=moderator,
                                               text="pantry")
    assert [(row.name, row.status) for row in rows] == [("Alpha Pantry", "pending"),
                                                        ("Beta Pantry", "rejected")]
    rows = resources_admin.list_staff_listings(session=db_session, actor=moderator,
                                               status="rejected")
    assert [row.name for row in rows] == ["Beta Pantry"]


@pytest.mark.parametrize("roles", [("survivor",), ("mentor",), ("partner",), ("coordinator",)])
def test_only_moderators_and_admins_use_the_directory_tools(db_session, roles):
    listing = make_listing(db_session)
    actor = actor_of(make_user(db_session, roles=roles))
    calls = [
        lambda: resources_admin.save_listing(session=db_session, actor=actor, listing_id=0,
                                             form=EDITOR_FORM),
        lambda: resources_admin.listing_form(session=db_session, actor=actor,
                                             listing_id=listing.id),
        lambda: resources_admin.verify_listing(session=db_session, actor=actor,
                                               listing_id=listing.id),
        lambda: resources_admin.set_listing_status(session=db_session, actor=actor,
                                                   listing_id=listing.id, status="pending"),
        lambda: resources_admin.list_review_items(session=db_session, actor=actor),
        lambda: resources_admin.resolve_review(session=db_session, actor=actor, item_id=1,
                                               accept=True),
        lambda: resources_admin.list_staff_listings(session=db_session, actor=actor),
    ]
    for call in calls:
        with refused(PermissionDenied):
            call()
    assert count(db_session, ResourceListing) == 1 and actions(db_session) == []
