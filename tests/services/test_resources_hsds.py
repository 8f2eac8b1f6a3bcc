"""HSDS import and export through the services: round trip, all-or-nothing, staff only."""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from portal.domain.hsds import SCHEDULES, SERVICES, write_directory
from portal.domain.hsds_csv import pack_zip
from portal.domain.permissions import PermissionDenied
from portal.domain.resource_listing import build_listing
from portal.models import AuditEntry
from portal.models.resources import (
    ResourceHours,
    ResourceImport,
    ResourceListing,
    ResourceListingLanguage,
)
from portal.services.accounts import my_data
from portal.services.errors import ServiceError
from portal.services.resources import directory as resources
from portal.services.resources import hsds as resources_hsds
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.resources import ALWAYS, hours, make_listing
from tests.refusals import refused


@pytest.fixture
def moderator(db_session):
    return actor_of(make_user(db_session, roles=("moderator",)))


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def seed_directory(session) -> None:
    make_listing(session, name="Night Shelter", category="emergency_shelter",
                 hours=hours((0, "20:00", "08:00"), (4, "20:00", "08:00")), languages=("es",))
    make_listing(session, name="Hotline", category="crisis_line", region="nationwide",
                 hours=ALWAYS, text_number="233733", last_verified=None)
    make_listing(session, name="Waiting", status="pending", hours=(), languages=())


def test_export_then_import_into_an_empty_directory_gives_the_same_data(db_session, moderator):
    seed_directory(db_session)
    exported = resources_hsds.export_directory(session=db_session, actor=moderator)
    before = resources_hsds.export_records(db_session)
    for model in (ResourceHours, ResourceListingLanguage, ResourceListing):
        db_session.execute(model.__table__.delete())
    db_session.commit()
    report = resources_hsds.import_directory(session=db_session, actor=moderator,
                                             uploads=[("directory.zip", exported)])
    assert report.accepted and (report.created, report.updated) == (3, 0)
    assert resources_hsds.export_records(db_session) == before
    assert unzip(resources_hsds.export_directory(session=db_session, actor=moderator)) == \
        unzip(exported)


def test_importing_the_same_package_again_updates_instead_of_duplicating(db_session, moderator):
    seed_directory(db_session)
    files = unzip(resources_hsds.export_directory(session=db_session, actor=moderator))
    files[SERVICES] = files[SERVICES].replace(b"Night Shelter", b"Night Shelter North")
    report = resources_hsds.import_directory(session=db_session, actor=moderator,
                                             uploads=list(files.items()))
    assert (report.created, report.updated) == (0, 3)
    assert count(db_session, ResourceListing) == 3
    assert db_session.execute(select(ResourceListing.name).where(
        ResourceListing.category == "emergency_shelter")).scalar_one() == "Night Shelter North"
    assert count(db_session, ResourceHours) == 2 + 7


@pytest.mark.parametrize("damage, expected", [
    (lambda f: {**f, SERVICES: f[SERVICES].replace(b"Hotline", b"Hot\xffline")},
     ("services.csv", "resources.hsds.bad_encoding")),
    (lambda f: {**f, SERVICES: f[SERVICES].replace(b"x_category", b"kind")},
     ("services.csv", "resources.hsds.missing_column")),
    (lambda f: {**f, SCHEDULES: f[SCHEDULES].replace(b"20:00,08:00", b"8 pm,08:00", 1)},
     ("schedules.csv", "resources.hours.bad_time")),
    (lambda f: {k: v for k, v in f.items() if k != "organizations.csv"},
     ("organizations.csv", "resources.hsds.missing_file")),
])
def test_malformed_packages_import_nothing_and_report_file_line_and_reason(
        db_session, moderator, damage, expected):
    seed_directory(db_session)
    files = damage(unzip(resources_hsds.export_directory(session=db_session, actor=moderator)))
    files[SERVICES] = files[SERVICES].replace(b"Waiting", b"Waiting renamed")
    before = resources_hsds.export_records(db_session)
    report = resources_hsds.import_directory(session=db_session, actor=moderator,
                                             uploads=[("d.zip", pack_zip(files))])
    assert not report.accepted and report.created == report.updated == 0
    assert (report.problems[0].file, report.problems[0].key) == expected
    assert resources_hsds.export_records(db_session) == before
    stored = resources_hsds.import_report(session=db_session, actor=moderator,
                                          import_id=report.id)
    assert stored.problems == report.problems


def test_one_bad_row_among_many_good_ones_imports_nothing(db_session, moderator):
    for number in range(5):
        make_listing(db_session, name=f"Pantry {number}")
    files = unzip(resources_hsds.export_directory(session=db_session, actor=moderator))
    for model in (ResourceHours, ResourceListingLanguage, ResourceListing):
        db_session.execute(model.__table__.delete())
    db_session.commit()
    files[SERVICES] = files[SERVICES].replace(b"Pantry 3,", b"Pantry 3" + b"!" * 200 + b",")
    report = resources_hsds.import_directory(session=db_session, actor=moderator,
                                             uploads=list(files.items()))
    assert [(p.file, p.line, p.key) for p in report.problems][0] == (
        "services.csv", 5, "resources.invalid.too_long")
    assert count(db_session, ResourceListing) == 0 and count(db_session, ResourceHours) == 0


def test_a_failure_while_writing_leaves_nothing_half_imported(db_session, moderator,
                                                                monkeypatch):
    files = write_directory([build_listing(
        {"source_id": "p1", "name": "Pantry", "organisation": "Org", "category": "food",
         "region": "TX", "timezone": "UTC", "hours": hours((0, "09:00", "10:00"))})])

    def explode(*_args, **_kwargs):
        raise OperationalError("insert", {}, Exception("disk full"))

    monkeypatch.setattr(resources_hsds, "replace_children", explode)
    with refused(ServiceError, code="resources.import_failed"):
        resources_hsds.import_directory(session=db_session, actor=moderator,
                                        uploads=list(files.items()))
    assert count(db_session, ResourceListing) == 0 and count(db_session, ResourceImport) == 0


def test_import_and_export_are_staff_actions_and_audited(db_session, moderator):
    seed_directory(db_session)
    exported = resources_hsds.export_directory(session=db_session, actor=moderator)
    resources_hsds.import_directory(session=db_session, actor=moderator,
                                    uploads=[("d.zip", exported)])
    resources_hsds.import_directory(session=db_session, actor=moderator,
                                    uploads=[("d.zip", b"not a zip")])
    assert list(db_session.execute(select(AuditEntry.action).order_by(AuditEntry.id))
                .scalars()) == ["resources.export", "resources.import",
                                "resources.import.refused"]
    for roles in [("survivor",), ("partner",), ("coordinator",), ("mentor",)]:
        actor = actor_of(make_user(db_session, roles=roles))
        with refused(PermissionDenied):
            resources_hsds.export_directory(session=db_session, actor=actor)
        with refused(PermissionDenied):
            resources_hsds.import_directory(session=db_session, actor=actor,
                                            uploads=[("d.zip", exported)])
        with refused(PermissionDenied):
            resources_hsds.latest_import_report(session=db_session, actor=actor)
    with refused(PermissionDenied):
        resources_hsds.export_directory(session=db_session, actor=None)


def test_an_empty_upload_is_refused(db_session, moderator):
    with refused(ServiceError, code="resources.import_files_needed"):
        resources_hsds.import_directory(session=db_session, actor=moderator, uploads=[])


def test_members_suggestions_and_reports_are_exported_and_erased_with_the_account(db_session):
    user = make_user(db_session)
    member = actor_of(user)
    listing = make_listing(db_session, name="Pantry")
    waiting = resources.suggest_listing(session=db_session, actor=member,
                                        fields={"name": "My idea", "category": "food",
                                                "region": "TX", "note": "mine"})
    resources.report_listing(session=db_session, actor=member, listing_id=listing.id,
                             reason="closed", note="gone")
    exported = my_data.export_my_data(session=db_session, actor=member)
    assert [(row["kind"], row["note"]) for row in exported["resource_suggestions_and_reports"]] \
        == [("suggestion", "mine"), ("report", "gone")]
    my_data.delete_my_account(session=db_session, actor=member, passphrase=PASSPHRASE)
    assert db_session.get(ResourceListing, waiting) is None
    assert db_session.get(ResourceListing, listing.id) is not None
    assert count(db_session, ResourceListing) == 1


def test_a_large_import_takes_the_bulk_path_and_round_trips_exactly(db_session, moderator):
    records = [build_listing({
        "source_id": f"bulk-{number:03d}", "name": f"Pantry {number}", "organisation": "Org",
        "category": "food", "region": "TX", "timezone": "America/Chicago",
        "languages": "en;es" if number % 2 else "vi", "phone": "988",
        "last_verified": "2026-02-01", "description": f"Line one\n- line {number}",
        "hours": hours((number % 7, "20:00", "08:00"), ((number + 2) % 7, "09:00", "12:00"))})
        for number in range(250)]
    report = resources_hsds.import_directory(session=db_session, actor=moderator,
                                             uploads=list(write_directory(records).items()))
    assert report.created == 250
    assert resources_hsds.export_records(db_session) == records
    assert count(db_session, ResourceHours) == 500
