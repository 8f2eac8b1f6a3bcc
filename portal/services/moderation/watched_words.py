"""The watch list moderators edit. It starts as ``DEFAULT_WATCHED_WORDS``: the first
time it is needed and the table is empty, the defaults are written to it."""

from __future__ import annotations

from sqlalchemy import delete, func, select
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from portal.domain.moderation import (
    DEFAULT_WATCHED_WORDS,
    InvalidPattern,
    WatchCategory,
    WatchedWord,
    validate_watched_word,
)
from portal.domain.moderation_readable import readable_pattern
from portal.domain.moderation_words import find_every_watched_word
from portal.domain.permissions import Actor, Permission, require
from portal.domain.sanitize import EmptyText, SanitizeError, clean_plain_line
from portal.models.groups import WatchedWordEntry
from portal.services import audit
from portal.services.errors import NotFound, ServiceError, parse_id
from portal.services.groups._access import to_page
from portal.services.groups.views import WatchedWordRow

PAGE_SIZE = 50
REMOVE_REASON_MAX = 200
SEARCH_MAX = 80
TEST_SENTENCE_MAX = 1000


def _optional_reason(raw: object) -> str:
    try:
        return clean_plain_line(str(raw or ""), max_length=REMOVE_REASON_MAX)
    except EmptyText:
        return ""
    except SanitizeError as refused:
        raise ServiceError(refused.message_key, **refused.params) from None


def ensure_seeded(session: Session) -> None:
    """Write the default watch list when the table is empty (in the caller's transaction)."""
    if session.execute(select(WatchedWordEntry.id).limit(1)).first() is not None:
        return
    savepoint = session.begin_nested()
    try:
        session.add_all([WatchedWordEntry(pattern=word.pattern, category=word.category.value,
                                          is_regex=word.is_regex)
                         for word in DEFAULT_WATCHED_WORDS])
        session.flush()
        savepoint.commit()
    except IntegrityError:  # another worker seeded at the same moment: theirs stands
        savepoint.rollback()


_ENTRIES = (select(WatchedWordEntry.pattern, WatchedWordEntry.category,
                   WatchedWordEntry.is_regex).order_by(WatchedWordEntry.id))
# What changes whenever the list does: a moderator only adds (a newer row, a higher id)
# and removes (one row fewer), never edits a row in place.
# Table columns, not ORM attributes: a plain statement skips the ORM's per-execution
# setup (this runs for every message and post).
_WORDS = WatchedWordEntry.__table__.c
_STAMP = select(func.count(_WORDS.id), func.max(_WORDS.id), func.max(_WORDS.created_at))
_read: dict[URL, tuple[tuple, tuple[WatchedWord, ...]]] = {}  # per database: the last list


def _entries(session: Session) -> tuple[tuple[str, str, bool], ...]:
    return tuple(tuple(row) for row in session.execute(_ENTRIES).all())


def _words(entries: tuple[tuple[str, str, bool], ...]) -> tuple[WatchedWord, ...]:
    words = []
    for pattern, category, is_regex in entries:
        try:
            words.append(WatchedWord(pattern, WatchCategory(category), is_regex))
        except ValueError:
            continue
    return tuple(words)


def current_watch_list(session: Session) -> tuple[WatchedWord, ...]:
    """The list as it stands now in ``session``'s database (the defaults are written
    first when the table is empty). Every message is checked against it, and it changes
    only when a moderator edits it: each check reads the list's stamp (one small query)
    and reads the rows again only when the stamp is not the one this process last read,
    so a moderator's change applies at once on every worker."""
    stamp = tuple(session.execute(_STAMP).one())
    if not stamp[0]:
        ensure_seeded(session)
        stamp = tuple(session.execute(_STAMP).one())
    database = session.get_bind().url  # hashable; rendering it as text costs more
    known = _read.get(database)
    if known is not None and known[0] == stamp:
        return known[1]
    words = _words(_entries(session))
    if len(_read) >= 8:  # a process normally knows one database (tests make many)
        _read.clear()
    _read[database] = (stamp, words)
    return words


def _category(value: object) -> WatchCategory:
    try:
        return WatchCategory(str(value))
    except ValueError:
        raise ServiceError("review.words_unknown_category") from None


def _row(entry: WatchedWordEntry) -> WatchedWordRow:
    return WatchedWordRow(id=entry.id, pattern=entry.pattern, category=entry.category,
                          is_regex=entry.is_regex,
                          readable=readable_pattern(entry.pattern, entry.is_regex))


def list_watched_words(*, session: Session, actor: Actor, category: str = "",
                       page: int = 0, search: object = "") -> tuple[list[WatchedWordRow], bool]:
    """One page of the watch list (optionally one category, optionally only entries
    containing ``search``), and whether more follow."""
    require(actor, Permission.MODERATION_WATCHED_WORD_EDIT)
    ensure_seeded(session)
    query = select(WatchedWordEntry)
    if category:
        query = query.where(WatchedWordEntry.category == _category(category).value)
    wanted = " ".join(str(search or "").split())[:SEARCH_MAX].casefold()
    if wanted:
        query = query.where(func.lower(WatchedWordEntry.pattern).contains(
            wanted, autoescape=True))
    page = to_page(page)
    rows = session.execute(
        query.order_by(WatchedWordEntry.category, WatchedWordEntry.pattern,
                       WatchedWordEntry.id)
        .offset(page * PAGE_SIZE).limit(PAGE_SIZE + 1)
    ).scalars().all()
    session.commit()
    return [_row(row) for row in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE


def try_sentence(*, session: Session, actor: Actor, sentence: object
                  ) -> list[WatchedWordRow]:
    """Which watched words a sentence would match (nothing is stored or logged: the
    sentence may be a member's words)."""
    require(actor, Permission.MODERATION_WATCHED_WORD_EDIT)
    text_in = str(sentence or "")[:TEST_SENTENCE_MAX]
    if not text_in.strip():
        raise ServiceError("words.test_needs_sentence")
    ensure_seeded(session)
    entries = session.execute(select(WatchedWordEntry).order_by(
        WatchedWordEntry.category, WatchedWordEntry.id)).scalars().all()
    words = []
    for entry in entries:
        try:
            words.append(WatchedWord(entry.pattern, WatchCategory(entry.category),
                                     entry.is_regex))
        except ValueError:
            continue
    matched = {(word.pattern, word.category.value, word.is_regex)
               for word in find_every_watched_word(text_in, words)}
    session.commit()
    return [_row(entry) for entry in entries
            if (entry.pattern, entry.category, entry.is_regex) in matched]


def add_watched_word(*, session: Session, actor: Actor, pattern: str, category: str,
                     is_regex: bool = False) -> WatchedWordRow:
    require(actor, Permission.MODERATION_WATCHED_WORD_EDIT)
    word = WatchedWord(str(pattern or "").strip()[:1000], _category(category), bool(is_regex))
    try:
        validate_watched_word(word)
    except InvalidPattern as refused:
        raise ServiceError(refused.message_key, **refused.params) from None
    ensure_seeded(session)
    exists = session.execute(
        select(func.count(WatchedWordEntry.id)).where(
            WatchedWordEntry.pattern == word.pattern,
            WatchedWordEntry.category == word.category.value,
            WatchedWordEntry.is_regex == word.is_regex)
    ).scalar_one()
    if exists:
        raise ServiceError("review.words_already_listed")
    entry = WatchedWordEntry(pattern=word.pattern, category=word.category.value,
                             is_regex=word.is_regex, created_by_id=actor.id)
    session.add(entry)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise ServiceError("review.words_already_listed") from None
    # Patterns are moderators' words, not members': safe for the audit log.
    audit.record(session, actor=actor, action="moderation.word_add", target_type="watched_word",
                 target_id=entry.id, detail=f"{word.category.value}: {word.pattern}")
    session.commit()
    return _row(entry)


def remove_watched_word(*, session: Session, actor: Actor, word_id: object,
                        reason: object = "") -> None:
    """Remove a watched word. The optional reason is kept in the audit entry beside it."""
    require(actor, Permission.MODERATION_WATCHED_WORD_EDIT)
    entry = session.get(WatchedWordEntry, parse_id(word_id))
    if entry is None:
        raise NotFound()
    why = _optional_reason(reason)
    detail = f"{entry.category}: {entry.pattern}" + (f" (reason: {why})" if why else "")
    session.execute(delete(WatchedWordEntry).where(WatchedWordEntry.id == entry.id))
    audit.record(session, actor=actor, action="moderation.word_remove",
                 target_type="watched_word", target_id=entry.id, detail=detail)
    session.commit()
