"""Languages nobody can mentor in yet: told kindly to her, counted for staff.

Also the picker's server-side search, so the four language fields (intake, mentor
profile, groups, directory listings) share one list of names.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.languages import is_language, search_languages
from portal.domain.permissions import Actor, Permission, Role, Status, parse_roles, require
from portal.models import User
from portal.models.mentoring import SurvivorIntake
from portal.services.mentoring.common import (
    LANGUAGE_SET,
    approved_mentors,
    intake_of,
    split_keys,
)

SEARCH_LIMIT = 10


@dataclass(frozen=True)
class LanguageChoice:
    code: str
    name: str


@dataclass(frozen=True)
class UnmetLanguageView:
    code: str
    survivors: int


def find_languages(*, query: object, locale: object) -> tuple[LanguageChoice, ...]:
    """Up to ten languages whose name (in ``locale`` or English) or code fits ``query``.

    Public reference data (language names), so no actor: nothing about anyone is read.
    """
    if not isinstance(query, str) or not isinstance(locale, str) or locale not in ("en", "es"):
        return ()
    return tuple(LanguageChoice(code=code, name=name)
                 for code, name in search_languages(query[:60], locale, limit=SEARCH_LIMIT))


def mentored_languages(session: Session, now: datetime) -> frozenset[str]:
    """Every language at least one approved, active mentor speaks."""
    spoken: set[str] = set()
    for _, _, profile in approved_mentors(session, now):
        spoken |= profile.languages
    return frozenset(spoken)


def my_unmet_languages(session: Session, user_id: int, now: datetime) -> tuple[str, ...]:
    """Her intake languages no approved mentor speaks yet (callers check permission)."""
    intake = intake_of(session, user_id)
    if intake is None or intake.skipped:
        return ()
    hers = split_keys(intake.languages, LANGUAGE_SET)
    return tuple(sorted(hers - mentored_languages(session, now)))


def unmet_languages(session: Session, now: datetime) -> tuple[UnmetLanguageView, ...]:
    """Languages active survivors gave in their intake that no mentor speaks, most asked first."""
    spoken = mentored_languages(session, now)
    rows = session.execute(
        select(User.roles, SurvivorIntake.languages)
        .join(SurvivorIntake, SurvivorIntake.user_id == User.id)
        .where(User.status == Status.ACTIVE, SurvivorIntake.skipped.is_(False))).all()
    counts: Counter[str] = Counter()
    for roles, languages in rows:
        if Role.SURVIVOR in parse_roles(roles):
            counts.update(code for code in split_keys(languages, LANGUAGE_SET)
                          if code not in spoken and is_language(code))
    return tuple(UnmetLanguageView(code=code, survivors=count)
                 for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def staff_unmet_languages(*, session: Session, actor: Actor,
                          now: datetime) -> tuple[UnmetLanguageView, ...]:
    require(actor, Permission.MENTORING_PROFILE_REVIEW)
    return unmet_languages(session, now)

