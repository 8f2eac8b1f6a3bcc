"""Loading partner directories from HSDS CSV files, and exporting ours the same way.

Import is all or nothing: the package is parsed and checked in full first
(``portal.domain.hsds``); if any row is invalid nothing is written except the report
of the attempt. Otherwise every listing is created or, when its HSDS service id is
already known, updated, in one transaction. Both are staff actions, audited.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from portal.domain.hsds import parse_directory, write_directory
from portal.domain.hsds_csv import Problem, pack_zip, unpack_upload
from portal.domain.permissions import Actor, Permission, require
from portal.domain.resource_listing import ListingRecord
from portal.models.resources import ResourceImport, ResourceListing
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.resources._store import (
    insert_rows,
    listing_values,
    load_hours,
    load_languages,
    record_of,
    replace_children,
)
from portal.services.resources.views import ImportProblemView, ImportReport

MAX_UPLOADS = 10
REFRESH_STATISTICS_FROM = 1000  # listings written by one import
KEEP_PROBLEMS = 200
_CHUNK = 500


def _report(run: ResourceImport) -> ImportReport:
    problems = tuple(ImportProblemView(file=p["file"], line=p["line"], key=p["key"],
                                       params=dict(p["params"]))
                     for p in json.loads(run.problems or "[]"))
    return ImportReport(id=run.id, accepted=run.accepted, created=run.created,
                        updated=run.updated, skipped=run.skipped,
                        problem_count=run.problem_count, problems=problems, at=run.created_at)


def _problems_json(problems: tuple[Problem, ...] | list[Problem]) -> str:
    return json.dumps([{"file": p.file, "line": p.line, "key": p.key, "params": p.params_dict}
                       for p in problems[:KEEP_PROBLEMS]], ensure_ascii=False)


def _existing_ids(session: Session, source_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(source_ids), _CHUNK):
        chunk = source_ids[start:start + _CHUNK]
        rows = session.execute(select(ResourceListing.source_id, ResourceListing.id)
                               .where(ResourceListing.source_id.in_(chunk)))
        found.update((source_id, listing_id) for source_id, listing_id in rows)
    return found


def _write(session: Session, listings: tuple[ListingRecord, ...], now: datetime) -> tuple[int, int]:
    known = _existing_ids(session, [record.source_id for record in listings])
    fresh = [record for record in listings if record.source_id not in known]
    changed = [(known[record.source_id], record) for record in listings
               if record.source_id in known]
    rows = [{**listing_values(record, now), "pinned": False, "created_at": now}
            for record in fresh]
    ids: dict[str, int] = {}
    if rows:
        # New rows are found again by id range: just after a bulk load PostgreSQL has no
        # statistics yet and would scan the table once per chunk of source ids.
        before = session.execute(select(func.coalesce(func.max(ResourceListing.id), 0))
                                 ).scalar_one()
        columns = tuple(rows[0])
        insert_rows(session, ResourceListing.__table__, columns,
                    [tuple(row[column] for column in columns) for row in rows])
        wanted = {record.source_id for record in fresh}
        ids = {source_id: listing_id for source_id, listing_id in session.execute(
            select(ResourceListing.source_id, ResourceListing.id)
            .where(ResourceListing.id > before)) if source_id in wanted}
    if changed:
        session.execute(update(ResourceListing), [
            {"id": listing_id, **listing_values(record, now)} for listing_id, record in changed])
    replace_children(session, changed)
    replace_children(session, [(ids[record.source_id], record) for record in fresh], new=True)
    return len(fresh), len(changed)


def may_import_directory(*, actor: Actor | None) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may import: checked before the upload
    is read, so nobody else can make the server parse 25 MB."""
    require(actor, Permission.RESOURCES_DIRECTORY_IMPORT)


def import_directory(*, session: Session, actor: Actor | None,
                     uploads: Iterable[tuple[str, bytes]],
                     now: datetime | None = None) -> ImportReport:
    """Import an HSDS package (CSV files and/or a zip of them). All rows or none."""
    require(actor, Permission.RESOURCES_DIRECTORY_IMPORT)
    now = now or utcnow()
    uploads = list(uploads)[:MAX_UPLOADS + 1]
    if not uploads or len(uploads) > MAX_UPLOADS:
        raise ServiceError("resources.import_files_needed", most=MAX_UPLOADS)
    unpack_problems: list[Problem] = []
    files = unpack_upload(uploads, unpack_problems)
    parsed = parse_directory(files) if not unpack_problems else None
    problems = tuple(unpack_problems) if parsed is None else parsed.problems
    run = ResourceImport(actor_id=actor.id, created_at=now, accepted=not problems,
                         skipped=parsed.skipped_rows if parsed else 0,
                         problem_count=len(problems), problems=_problems_json(problems))
    if not problems:
        try:
            run.created, run.updated = _write(session, parsed.listings, now)
        except SQLAlchemyError:
            session.rollback()
            raise ServiceError("resources.import_failed") from None
    session.add(run)
    session.flush()
    audit.record(session, actor=actor,
                 action="resources.import" if run.accepted else "resources.import.refused",
                 target_type="resource_import", target_id=run.id,
                 detail=f"created={run.created} updated={run.updated} skipped={run.skipped} "
                        f"problems={run.problem_count}")
    session.commit()
    if run.created + run.updated >= REFRESH_STATISTICS_FROM:
        _refresh_statistics(session)
    return _report(run)


def _refresh_statistics(session: Session) -> None:
    """After a bulk load the query planner needs fresh statistics to pick the indexes the
    search relies on (PostgreSQL's autovacuum would get there minutes later; SQLite never)."""
    tables = ("resource_listings", "resource_hours", "resource_listing_languages")
    if session.connection().dialect.name == "postgresql":
        session.execute(text(f"ANALYZE {', '.join(tables)}"))
    else:
        for table in tables:
            session.execute(text(f"ANALYZE {table}"))
    session.commit()


def import_report(*, session: Session, actor: Actor | None, import_id: object) -> ImportReport:
    require(actor, Permission.RESOURCES_DIRECTORY_IMPORT)
    run = session.get(ResourceImport, parse_id(import_id))
    if run is None:
        raise NotFound()
    return _report(run)


def latest_import_report(*, session: Session, actor: Actor | None) -> ImportReport | None:
    """The acting member's most recent import, if any."""
    require(actor, Permission.RESOURCES_DIRECTORY_IMPORT)
    run = session.execute(select(ResourceImport).where(ResourceImport.actor_id == actor.id)
                          .order_by(ResourceImport.id.desc()).limit(1)).scalar_one_or_none()
    return _report(run) if run else None


def export_records(session: Session) -> list[ListingRecord]:
    listings = session.execute(select(ResourceListing).order_by(ResourceListing.id)).scalars().all()
    ids = [listing.id for listing in listings]
    hours, languages = load_hours(session, ids), load_languages(session, ids)
    return [record_of(listing, hours.get(listing.id, ()), languages.get(listing.id, ()))
            for listing in listings]


def export_directory(*, session: Session, actor: Actor | None) -> bytes:
    """Every listing, whatever its status, as a zip of HSDS CSV files (audited)."""
    require(actor, Permission.RESOURCES_DIRECTORY_EXPORT)
    records = export_records(session)
    data = pack_zip(write_directory(records))
    audit.record(session, actor=actor, action="resources.export", target_type="resource_listing",
                 detail=f"listings={len(records)}")
    session.commit()
    return data
