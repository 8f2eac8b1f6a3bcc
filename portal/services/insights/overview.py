"""Programme insights for staff and partners: every figure of every section for one
range of whole weeks, suppressed (``portal.domain.insights``), and every view audited."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from portal.domain.insights import clean_weeks, menu, week_range, week_start
from portal.domain.permissions import Actor, Permission, PermissionDenied, Role, require
from portal.models import User
from portal.models.types import utcnow
from portal.services import audit
from portal.services.insights import sections
from portal.services.insights._build import Period, Scope
from portal.services.insights.views import InsightsView, Section

# The organisation of the demo's made-up members (``portal.demo.insights_history``): the
# page says the history before their newest week is made up.
DEMO_HISTORY_ORGANISATION = "Demo history"
SECTIONS = ("mentoring", "groups", "calendar", "volunteering", "directory", "members")
# The directory and the groups' safety figures are not about an organisation's members.
PARTNER_SECTIONS = ("mentoring", "calendar", "volunteering", "members")


def scope_for(session: Session, actor: Actor) -> Scope:
    """Everyone for site staff; a partner's own organisation, loaded from the database."""
    require(actor, Permission.INSIGHTS_PROGRAMME_READ)
    if actor.has_role(Role.ADMIN) or actor.has_role(Role.MODERATOR):
        return Scope()
    user = session.get(User, actor.id)
    organisation = (user.organisation or "").strip() if user else ""
    if not organisation:
        raise PermissionDenied(Permission.INSIGHTS_PROGRAMME_READ)
    return Scope(organisation=organisation)


def build(session: Session, *, scope: Scope, weeks: int, now: datetime,
          timings: dict[str, float] | None = None) -> InsightsView:
    """Every figure for the chosen range (no authorization: callers authorize).
    ``timings``, when given, receives each section's time in milliseconds (the
    benchmark's breakdown)."""
    today = now.date()
    period = Period(chosen=week_range(weeks, today), menu=menu(today))
    wanted = PARTNER_SECTIONS if scope.organisation else SECTIONS
    builders = {
        "mentoring": lambda: sections.mentoring(session, period, scope),
        "groups": lambda: sections.groups(session, period, scope),
        "calendar": lambda: sections.calendar(session, period, scope),
        "volunteering": lambda: sections.volunteering(session, period, scope),
        "directory": lambda: sections.directory(session, period, today),
        "members": lambda: sections.members(session, period, scope),
    }
    built = []
    for key in wanted:
        started = time.perf_counter()
        built.append(Section(key, builders[key]()))
        if timings is not None:
            timings[key] = (time.perf_counter() - started) * 1000
    return InsightsView(weeks=period.chosen.weeks, start=period.chosen.start,
                        end=period.chosen.end, organisation=scope.organisation,
                        sections=tuple(built), demo_history_before=_demo_history(session))


def _demo_history(session: Session) -> date | None:
    """The Monday after the demo's made-up year, when the database holds one."""
    newest = session.execute(select(func.max(User.created_at)).where(
        User.organisation == DEMO_HISTORY_ORGANISATION)).scalar_one()
    return week_start(newest.date()) + timedelta(weeks=1) if newest else None


def programme_insights(*, session: Session, actor: Actor, weeks: object = None,
                       now: datetime | None = None, action: str = "insights.read"
                       ) -> InsightsView:
    """The insights page for staff (everything) or a partner (their organisation)."""
    scope = scope_for(session, actor)
    chosen = clean_weeks(weeks)
    view = build(session, scope=scope, weeks=chosen, now=now or utcnow())
    audit.record(session, actor=actor, action=action, target_type="insights",
                 detail=f"weeks={chosen}" + (" scope=organisation" if scope.organisation
                                              else ""))
    session.commit()
    return view
