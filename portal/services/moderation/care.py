"""A private care message from a site moderator to a member whose words showed she may
be in crisis (issue 13 item 3, the moderator's side).

An urgent review item held for crisis words offers site moderators (never a group's own
moderators: they are members like her) a short choice of care messages. Each is a
catalog text in English and Spanish with the deployment's crisis lines filled in
(``portal/domain/crisis_lines.py``, ``LANTERN_CRISIS_COUNTRY``). It arrives in her
notifications, in her language, and says nothing of what she wrote. One care message
per item: a second tap (or a second moderator) is told it was sent already. Sending is
audited by item and template, never with words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from portal import routes
from portal.domain.crisis_lines import crisis_lines_for
from portal.domain.groups import HoldReason
from portal.domain.permissions import Actor, Permission, Status, require
from portal.i18n import normalise_language, translate
from portal.models import User
from portal.models.notifications import Notification
from portal.models.types import utcnow
from portal.services import audit
from portal.services.errors import NotFound, ServiceError
from portal.services.moderation.review import access_item
from portal.services.notifications import inbox as notifications
from portal.settings import get_settings

__all__ = ["CARE_TEMPLATES", "CareChoice", "care_choices", "care_sent_items",
           "send_care_message"]

# The templates a moderator chooses from: ``notify.care_<name>`` in every catalog.
CARE_TEMPLATES = ("check_in", "not_alone", "safety_first")
CARE_KIND = "care"


@dataclass(frozen=True)
class CareChoice:
    template: str
    text: str  # exactly what she will read, in her language


def _dedupe_key(item_id: int) -> str:
    return f"care:{item_id}"


def lines_text(language: str, country: str | None = None) -> str:
    """The deployment's crisis lines as one short line ("1-888-373-7888 · text 233733 ·
    988 · 911"): numbers only, so no line's name ever appears in a notification."""
    parts = []
    for line in crisis_lines_for(country or get_settings().crisis_country):
        if line.href.startswith("sms:"):
            parts.append(translate(language, "care.line_text", number=line.number))
        else:
            parts.append(line.number)
    return " · ".join(parts)


def care_choices(language: str) -> tuple[CareChoice, ...]:
    """The care messages as a member reading ``language`` would see them."""
    language = normalise_language(language)
    lines = lines_text(language)
    return tuple(CareChoice(template=name,
                            text=translate(language, f"notify.care_{name}", lines=lines))
                 for name in CARE_TEMPLATES)


def is_crisis_item(reasons: str, urgent: bool) -> bool:
    return bool(urgent) and HoldReason.CRISIS.value in reasons.split(",")


def care_sent_items(session: Session, item_ids: list[int]) -> set[int]:
    """Which of these items already had their care message."""
    if not item_ids:
        return set()
    keys = {_dedupe_key(item_id): item_id for item_id in item_ids}
    found = session.execute(select(Notification.dedupe_key)
                            .where(Notification.dedupe_key.in_(list(keys)))).scalars()
    return {keys[key] for key in found}


def send_care_message(*, session: Session, actor: Actor | None, item_id: object,
                      template: object, now: datetime | None = None) -> str:
    """Send the member behind an urgent crisis item the chosen care message. Returns the
    language it will read in (hers)."""
    require(actor, Permission.MODERATION_CARE_SEND)
    now = now or utcnow()
    item = access_item(session, actor, item_id, now=now)
    if not is_crisis_item(item.reasons, item.urgent):
        raise ServiceError("care.not_a_crisis_item")
    if template not in CARE_TEMPLATES:
        raise ServiceError("care.choose_message")
    member = session.get(User, item.author_id) if item.author_id is not None else None
    if member is None or member.status == Status.DELETED:
        raise NotFound()
    language = normalise_language(member.language)
    sent = notifications.notify(session, user_id=member.id, kind=CARE_KIND,
                                key=f"notify.care_{template}",
                                params={"lines": lines_text(language)[:200]},
                                link=routes.HELP, dedupe_key=_dedupe_key(item.id))
    if not sent:
        session.rollback()
        raise ServiceError("care.already_sent")
    audit.record(session, actor=actor, action="moderation.care_sent",
                 target_type="review_item", target_id=item.id,
                 detail=f"member={member.id} template={template} language={language}")
    session.commit()
    return language
