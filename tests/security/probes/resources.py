"""Probes for the resources directory handlers, acting on other members' things."""

from __future__ import annotations

from portal.models.resources import ResourceReview
from portal.state.resources import ResourceDetailState, ResourcesState, ResourceSuggestState
from portal.state.resources_admin import ResourceAdminState, ResourceEditorState
from tests.factories.resources import make_listing
from tests.security.inventory import MEMBER_STAFF
from tests.security.probes import SIGNED_IN, Probe, World

ADMIN_VARS = ("review_items", "staff_listings", "import_problems", "import_summary")


def seed(session, world: World) -> None:
    published = make_listing(session, name="Probe Pantry", category="food")
    pending = make_listing(session, name="Probe Waiting", status="pending")
    # Another member's report, waiting on the review list.
    item = ResourceReview(kind="report", listing_id=published.id, reporter_id=world.target.id,
                          reason="closed", note="Gone")
    session.add(item)
    session.commit()
    world.extra.update(resource_published=published.id, resource_pending=pending.id,
                       resource_review=item.id)


PROBES: dict[str, Probe] = {
    "ResourcesState.load_resources": Probe(ResourcesState, "load_resources"),
    "ResourcesState.search_resources": Probe(
        ResourcesState, "search_resources",
        lambda w: ({"category": "food", "open_now": "on", "timezone": "America/Chicago",
                    "text": "probe"},)),
    "ResourcesState.show_more_resources": Probe(ResourcesState, "show_more_resources"),
    "ResourceDetailState.load_resource": Probe(ResourceDetailState, "load_resource"),
    "ResourceDetailState.report_resource": Probe(
        ResourceDetailState, "report_resource",
        lambda w: ({"listing_id": str(w.extra["resource_published"]), "reason": "wrong_phone",
                    "note": "The number is disconnected."},),
        changes_for=SIGNED_IN),
    "ResourceSuggestState.load_suggest": Probe(ResourceSuggestState, "load_suggest"),
    "ResourceSuggestState.suggest_resource": Probe(
        ResourceSuggestState, "suggest_resource",
        lambda w: ({"name": "Probe Suggestion", "category": "food", "region": "TX"},),
        changes_for=SIGNED_IN),
    "ResourceAdminState.load_resource_admin": Probe(ResourceAdminState, "load_resource_admin",
                                                    private_vars=ADMIN_VARS),
    "ResourceAdminState.search_staff_listings": Probe(
        ResourceAdminState, "search_staff_listings", lambda w: ({"search": "probe"},),
        private_vars=ADMIN_VARS),
    "ResourceAdminState.accept_review": Probe(
        ResourceAdminState, "accept_review", lambda w: (w.extra["resource_review"],),
        private_vars=ADMIN_VARS, changes_for=MEMBER_STAFF),
    "ResourceAdminState.dismiss_review": Probe(
        ResourceAdminState, "dismiss_review", lambda w: (w.extra["resource_review"],),
        private_vars=ADMIN_VARS, changes_for=MEMBER_STAFF),
    "ResourceAdminState.verify_resource": Probe(
        ResourceAdminState, "verify_resource", lambda w: (w.extra["resource_published"],),
        private_vars=ADMIN_VARS, changes_for=MEMBER_STAFF),
    "ResourceAdminState.publish_resource": Probe(
        ResourceAdminState, "publish_resource", lambda w: (w.extra["resource_pending"],),
        private_vars=ADMIN_VARS, changes_for=MEMBER_STAFF),
    "ResourceAdminState.unpublish_resource": Probe(
        ResourceAdminState, "unpublish_resource", lambda w: (w.extra["resource_published"],),
        private_vars=ADMIN_VARS, changes_for=MEMBER_STAFF),
    "ResourceEditorState.load_resource_editor": Probe(
        ResourceEditorState, "load_resource_editor", private_vars=("values", "hours")),
    "ResourceEditorState.save_resource": Probe(
        ResourceEditorState, "save_resource",
        lambda w: ({"listing_id": str(w.extra["resource_published"]), "name": "Edited",
                    "organisation": "Probe Org", "category": "legal_aid", "region": "OH",
                    "timezone": "UTC", "mon_1_opens": "09:00", "mon_1_closes": "17:00"},),
        private_vars=("values",), changes_for=MEMBER_STAFF),
}
