"""Demo data for My path: a realistic plan for Survivor Luna, in her own (Spanish)
words. One goal is shared with her mentor Sol, who suggested a step she has not
answered yet; her notes stay hers. Runs after the calendar seeder (it starts the match).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlmodel import Session

from portal.domain.mentoring import MatchStatus
from portal.models import User
from portal.models.mentoring import MentorMatch
from portal.models.path import PathGoal, PathStep
from portal.models.resources import ResourceListing
from portal.models.types import utcnow

SURVIVOR, MENTOR = "Survivor Luna", "Mentor Sol"
LEGAL_AID = "Justice Bridge Legal Aid"


def _month(months_ahead: int) -> str:
    moment = utcnow() + timedelta(days=31 * months_ahead)
    return f"{moment.year:04d}-{moment.month:02d}"


def seed_path(session: Session, members: dict[str, User]) -> list[str]:
    luna, sol = members.get(SURVIVOR), members.get(MENTOR)
    if luna is None:
        return []
    now = utcnow()
    match = None if sol is None else session.execute(select(MentorMatch).where(
        MentorMatch.survivor_id == luna.id, MentorMatch.mentor_id == sol.id,
        MentorMatch.status == MatchStatus.ACTIVE)).scalar_one_or_none()
    legal = session.execute(select(ResourceListing.id).where(
        ResourceListing.name == LEGAL_AID)).scalar_one_or_none()
    own_id = PathGoal(owner_id=luna.id, starter_key="own_id", stage="safety",
                      target_month=_month(2), note="Guardar copias en un lugar seguro.",
                      shared_match_id=match.id if match is not None else None,
                      auto_tick=True)
    budget = PathGoal(owner_id=luna.id, starter_key="monthly_budget", stage="daily_life",
                      note="Empezar con lo que gasto en comida.")
    sleep = PathGoal(owner_id=luna.id, starter_key="sleep_better", stage="healing",
                     status="parked")
    session.add_all([own_id, budget, sleep])
    session.flush()
    session.add_all([
        PathStep(goal_id=own_id.id, text="Pedir mi acta de nacimiento", done=True,
                 done_at=now),
        PathStep(goal_id=own_id.id, text="Preguntar por ayuda legal gratuita",
                 link_kind="resource" if legal else "", link_id=legal),
        PathStep(goal_id=budget.id, text="Anotar mis gastos una semana"),
        PathStep(goal_id=sleep.id, text="Dejar el teléfono fuera de la cama"),
    ])
    if match is not None and sol is not None:
        session.add(PathStep(goal_id=own_id.id, text="Llevar un comprobante de domicilio",
                             suggested_by_id=sol.id, accepted=False))
    session.flush()
    return ["my path: Survivor Luna has three goals; 'Have my own ID' is shared with "
            "Mentor Sol, who suggested a step she has not answered yet"]
