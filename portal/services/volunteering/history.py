"""A member's volunteer history (roles, hours, skills) and its CV-ready downloads.

The PDF and CSV are meant to be handed to an employer, so they say what the member
did and nothing about this portal: no name of the site, no word about what it is for,
no pseudonym. Titles or organisation names that would reveal it are replaced by
neutral words (``reveals_purpose``). Only approved hours are in the downloads.
"""

from __future__ import annotations

import csv
import io
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date
from sqlalchemy import select
from sqlmodel import Session

from portal.domain.pdf_document import Block, build_pdf
from portal.domain.permissions import Actor, Permission, require
from portal.domain.volunteering import (
    LEADERSHIP_KINDS,
    SKILLS,
    hours_text,
    parse_codes,
    reveals_purpose,
)
from portal.i18n import normalise_language, translate
from portal.models import User
from portal.models.types import utcnow
from portal.models.volunteering import (
    VolunteerAttendance,
    VolunteerOpportunity,
    VolunteerShift,
)
from portal.services.errors import NotFound
from portal.services.volunteering.views import HistoryRole, VolunteerHistory

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class _Owned:
    owner_id: int


def history_of(session: Session, user_id: int, *, approved_only: bool = False
               ) -> VolunteerHistory:
    """Every opportunity the member attended at least once, most recent first; with
    ``approved_only`` (the downloads), only shifts whose hours were approved."""
    query = (
        select(VolunteerAttendance, VolunteerShift.starts_at, VolunteerOpportunity)
        .join(VolunteerShift, VolunteerShift.id == VolunteerAttendance.shift_id)
        .join(VolunteerOpportunity, VolunteerOpportunity.id == VolunteerShift.opportunity_id)
        .where(VolunteerAttendance.user_id == user_id, VolunteerAttendance.attended.is_(True)))
    if approved_only:
        query = query.where(VolunteerAttendance.approved_at.is_not(None))
    rows = session.execute(query.order_by(VolunteerShift.starts_at, VolunteerAttendance.id)).all()
    grouped: OrderedDict[int, list] = OrderedDict()
    for attendance, starts_at, opportunity in rows:
        grouped.setdefault(opportunity.id, []).append((attendance, starts_at, opportunity))
    roles = []
    for entries in grouped.values():
        opportunity = entries[0][2]
        approved = sum(a.minutes for a, _, _ in entries if a.approved_at is not None)
        pending = sum(a.minutes for a, _, _ in entries if a.approved_at is None)
        roles.append(HistoryRole(
            opportunity_id=opportunity.id, title=opportunity.title,
            organisation=opportunity.organisation, remote=opportunity.remote,
            region=opportunity.region,
            leadership_kind=opportunity.leadership_kind if opportunity.leadership else "",
            skills=parse_codes(opportunity.skills, SKILLS), shifts_attended=len(entries),
            minutes_approved=approved, minutes_pending=pending,
            first_at=entries[0][1], last_at=entries[-1][1]))
    roles.sort(key=lambda role: role.last_at, reverse=True)
    kinds = {role.leadership_kind for role in roles if role.leadership_kind}
    skills = {skill for role in roles for skill in role.skills}
    return VolunteerHistory(
        roles=tuple(roles), minutes_approved=sum(r.minutes_approved for r in roles),
        minutes_pending=sum(r.minutes_pending for r in roles),
        leadership_kinds=tuple(kind for kind in LEADERSHIP_KINDS if kind in kinds),
        skills=tuple(skill for skill in SKILLS if skill in skills))


def my_history(*, session: Session, actor: Actor) -> VolunteerHistory:
    require(actor, Permission.VOLUNTEERING_HISTORY_READ, _Owned(owner_id=actor.id))
    return history_of(session, actor.id)


# --- downloads ----------------------------------------------------------------------

@dataclass(frozen=True)
class _CvLine:
    role: str
    organisation: str
    place: str
    leadership: str
    first_at: datetime
    last_at: datetime
    shifts: int
    minutes: int
    hours: str
    skills: str


def _words(language: str, key: str, **params: object) -> str:
    return translate(language, key, **params)


def _cv_lines(history: VolunteerHistory, language: str) -> list[_CvLine]:
    lines = []
    for role in history.roles:
        if role.minutes_approved <= 0:
            continue
        kind = _words(language, f"volunteering.kind.{role.leadership_kind}") \
            if role.leadership_kind else ""
        title = role.title
        if reveals_purpose(title):
            title = kind or _words(language, "volunteering.cv.role_fallback")
        organisation = role.organisation
        if reveals_purpose(organisation):
            organisation = _words(language, "volunteering.cv.organisation_fallback")
        place = (_words(language, "volunteering.place.remote") if role.remote
                 else _words(language, f"resources.region.{role.region}")
                 if role.region else "")
        skills = ", ".join(_words(language, f"volunteering.skill.{s}") for s in role.skills)
        lines.append(_CvLine(role=title, organisation=organisation, place=place,
                             leadership=kind, first_at=role.first_at, last_at=role.last_at,
                             shifts=role.shifts_attended, minutes=role.minutes_approved,
                             hours=hours_text(role.minutes_approved), skills=skills))
    return lines


def _member(session: Session, actor: Actor) -> User:
    require(actor, Permission.VOLUNTEERING_HISTORY_READ, _Owned(owner_id=actor.id))
    user = session.get(User, actor.id)
    if user is None:
        raise NotFound()
    return user


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def history_csv(*, session: Session, actor: Actor) -> bytes:
    """The member's approved volunteer roles as CSV (UTF-8 with a BOM for spreadsheets)."""
    user = _member(session, actor)
    language = normalise_language(user.language)
    zone = ZoneInfo(user.timezone)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_words(language, f"volunteering.csv.{column}") for column in (
        "role", "organisation", "place", "leadership", "from", "to", "shifts", "hours",
        "skills")])
    for line in _cv_lines(history_of(session, user.id, approved_only=True), language):
        writer.writerow([_cell(value) for value in (
            line.role, line.organisation, line.place, line.leadership,
            line.first_at.astimezone(zone).date().isoformat(),
            line.last_at.astimezone(zone).date().isoformat(), line.shifts, line.hours,
            line.skills)])
    return out.getvalue().encode("utf-8-sig")


def _month(moment: datetime, language: str, zone: ZoneInfo) -> str:
    return format_date(moment.astimezone(zone).date(), "MMM y", locale=language)


def history_pdf(*, session: Session, actor: Actor) -> bytes:
    """The member's approved volunteer roles as a one-column PDF for a CV."""
    user = _member(session, actor)
    language = normalise_language(user.language)
    zone = ZoneInfo(user.timezone)
    history = history_of(session, user.id, approved_only=True)
    lines = _cv_lines(history, language)
    title = _words(language, "volunteering.cv.title")
    today = format_date(utcnow().astimezone(zone).date(), "long", locale=language)
    blocks = [Block(title, "title"),
              Block(_words(language, "volunteering.cv.prepared", date=today), "subtitle"),
              Block(_words(language, "volunteering.cv.summary_title"), "heading")]
    total = hours_text(sum(line.minutes for line in lines))
    blocks.append(Block(_words(language, "volunteering.cv.summary", hours=total)))
    kinds = list(dict.fromkeys(line.leadership for line in lines if line.leadership))
    if kinds:
        blocks.append(Block(_words(language, "volunteering.cv.leadership", roles=", ".join(
            kinds))))
    skills = sorted({skill for line in lines for skill in line.skills.split(", ") if skill})
    if skills:
        blocks.append(Block(_words(language, "volunteering.cv.skills", skills=", ".join(
            skills))))
    blocks.append(Block(_words(language, "volunteering.cv.roles_title"), "heading"))
    if not lines:
        blocks.append(Block(_words(language, "volunteering.cv.none")))
    for line in lines:
        blocks.append(Block(f"{line.role} \u2013 {line.organisation}", "role"))
        period = _month(line.first_at, language, zone)
        last = _month(line.last_at, language, zone)
        if last != period:
            period = f"{period} \u2013 {last}"
        detail = [period, line.place,
                  _words(language, "volunteering.cv.hours_and_shifts", hours=line.hours,
                         shifts=line.shifts)]
        blocks.append(Block(" \u00b7 ".join(part for part in detail if part), "detail"))
        if line.leadership:
            blocks.append(Block(_words(language, "volunteering.cv.leadership_role",
                                       role=line.leadership), "bullet"))
        if line.skills:
            blocks.append(Block(_words(language, "volunteering.cv.skills", skills=line.skills),
                                "bullet"))
    blocks.append(Block(_words(language, "volunteering.cv.footer"), "note"))
    return build_pdf(blocks, title=title)
