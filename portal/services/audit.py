"""The append-only audit log of staff actions and reads of private data (THREATS #8).

Writing: ``record`` adds an entry in the caller's transaction. Reading: ``read_log``
gives one page of the log for people (pseudonyms, not user numbers; a row of repeated
reads folded into one line with a count), filtered by person, action and dates. Who may
read it is decided by the caller (``accounts.read_audit_log``), as for every use case.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.permissions import Actor
from portal.models import AuditEntry, User

PAGE_SIZE = 25
# Folding reads walks the log past the page; this bounds the walk for a deep page.
MAX_SCANNED = 5000
MAX_PAGE = 200
# A read of private data: the log keeps them all, the page folds or hides them.
READ_SUFFIXES = (".read", "_read")
ACTION_PATTERN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._")


def record(session: Session, *, actor: Actor | None, action: str, target_type: str = "",
           target_id: int | None = None, detail: str = "") -> None:
    """Add an entry in the caller's transaction: it commits with the action, or not at all."""
    session.add(AuditEntry(actor_id=actor.id if actor else None, action=action,
                           target_type=target_type, target_id=target_id, detail=detail[:500]))


def is_read(action: str) -> bool:
    """Whether an entry records someone looking, not changing (``moderation.queue_read``)."""
    return action.endswith(READ_SUFFIXES)


@dataclass(frozen=True)
class LogFilter:
    """What the reader asked for. Unknown people or actions simply match nothing."""

    person_id: int = 0
    action: str = ""
    since: date | None = None
    until: date | None = None
    include_reads: bool = False
    timezone: str = "UTC"


@dataclass(frozen=True)
class LogLine:
    """One line of the log for people: an action, or a run of the same read folded."""

    id: int
    at: datetime
    first_at: datetime
    times: int
    actor_id: int | None
    actor_name: str  # "" for the system or a member whose account is gone
    action: str
    is_read: bool
    target_type: str
    target_id: int | None
    target_name: str  # the pseudonym when the target is a member, else ""
    detail: str


@dataclass(frozen=True)
class LogPage:
    lines: tuple[LogLine, ...]
    page: int
    has_more: bool
    people: tuple[tuple[int, str], ...] = field(default_factory=tuple)
    actions: tuple[str, ...] = field(default_factory=tuple)


def _bounds(chosen: LogFilter) -> tuple[datetime | None, datetime | None]:
    """The date range as moments: from the start of ``since`` to the end of ``until``,
    both in the reader's own zone."""
    zone = ZoneInfo(chosen.timezone)
    start = datetime.combine(chosen.since, time.min, zone) if chosen.since else None
    end = (datetime.combine(chosen.until + timedelta(days=1), time.min, zone)
           if chosen.until else None)
    return start, end


def _entries(session: Session, chosen: LogFilter) -> Iterator[AuditEntry]:
    query = select(AuditEntry)
    if chosen.person_id:
        query = query.where(AuditEntry.actor_id == chosen.person_id)
    if chosen.action:
        query = query.where(AuditEntry.action == chosen.action)
    start, end = _bounds(chosen)
    if start is not None:
        query = query.where(AuditEntry.at >= start)
    if end is not None:
        query = query.where(AuditEntry.at < end)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(MAX_SCANNED)
    yield from session.execute(query).scalars()


@dataclass
class _Run:
    """Consecutive entries that fold into one line (the same reader reading the same
    kind of thing); every other entry is a run of one."""

    newest: AuditEntry
    oldest: AuditEntry
    times: int = 1

    def takes(self, entry: AuditEntry) -> bool:
        return (is_read(entry.action) and entry.action == self.newest.action
                and entry.actor_id == self.newest.actor_id)


def fold_reads(entries: Iterable[AuditEntry]) -> Iterator[_Run]:
    """Runs of the log, newest first: repeated reads by one person become one run."""
    run: _Run | None = None
    for entry in entries:
        if run is not None and run.takes(entry):
            run.oldest, run.times = entry, run.times + 1
            continue
        if run is not None:
            yield run
        run = _Run(newest=entry, oldest=entry)
    if run is not None:
        yield run


def _names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = session.execute(select(User.id, User.display_name, User.status)
                           .where(User.id.in_(user_ids))).all()
    return {row.id: row.display_name for row in rows if row.status != "deleted"}


def _line(run: _Run, names: dict[int, str]) -> LogLine:
    entry = run.newest
    target_name = (names.get(entry.target_id, "")
                   if entry.target_type == "user" and entry.target_id else "")
    return LogLine(id=entry.id, at=entry.at, first_at=run.oldest.at, times=run.times,
                   actor_id=entry.actor_id, actor_name=names.get(entry.actor_id or 0, ""),
                   action=entry.action, is_read=is_read(entry.action),
                   target_type=entry.target_type, target_id=entry.target_id,
                   target_name=target_name, detail=entry.detail)


def _people(session: Session) -> tuple[tuple[int, str], ...]:
    """Everyone who appears as the one acting in the log, by pseudonym."""
    actor_ids = {row for row in session.execute(
        select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None)).distinct()
    ).scalars()}
    names = _names(session, actor_ids)
    return tuple(sorted(names.items(), key=lambda item: item[1].casefold()))


def _actions(session: Session) -> tuple[str, ...]:
    return tuple(sorted(session.execute(select(AuditEntry.action).distinct()).scalars()))


def clean_action(raw: object) -> str:
    """An action code as a filter: only the shape of a code, else no filter."""
    text = str(raw or "").strip().lower()[:64]
    return text if text and set(text) <= ACTION_PATTERN_CHARS else ""


def read_log(session: Session, *, chosen: LogFilter, page: int = 0) -> LogPage:
    """One page of the log for people. Call only after authorizing the reader."""
    page = min(max(int(page), 0), MAX_PAGE)
    runs = (run for run in fold_reads(_entries(session, chosen))
            if chosen.include_reads or chosen.action or not is_read(run.newest.action))
    wanted: list[_Run] = []
    has_more = False
    skip = page * PAGE_SIZE
    for index, run in enumerate(runs):
        if index < skip:
            continue
        if len(wanted) == PAGE_SIZE:
            has_more = True
            break
        wanted.append(run)
    ids = {run.newest.actor_id for run in wanted if run.newest.actor_id}
    ids |= {run.newest.target_id for run in wanted
            if run.newest.target_type == "user" and run.newest.target_id}
    names = _names(session, ids)
    return LogPage(lines=tuple(_line(run, names) for run in wanted), page=page,
                   has_more=has_more, people=_people(session), actions=_actions(session))
