"""Demo data for support groups (demo mode only): three groups with a few approved
conversations, moderated by Moderator Heron. Survivor Maple is still new, so her first
posts wait for review; the others have had posts approved before."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from portal.domain.names import display_name_key
from portal.models import User
from portal.models.groups import (
    GroupMembership,
    GroupPost,
    GroupThread,
    MemberStanding,
    PostReaction,
    SupportGroup,
)
from portal.models.types import utcnow

DEMO_GROUPS = (
    dict(name="Morning check-in", language="en", allow_anonymous=True,
         purpose="Say how you are today, in a word or a page. No advice unless asked.",
         rules="- Be kind.\n- Keep names, places and phone numbers private.\n"
               "- No offers of work or money."),
    dict(name="Finding work", language="en", allow_anonymous=False,
         purpose="Interviews, first jobs, training and the days in between.",
         rules="- Share what helped you.\n- No job offers here: ask staff to check them."),
    dict(name="Grupo en español", language="es", allow_anonymous=True,
         purpose="Un espacio para hablar en español, a tu ritmo.",
         rules="- Con respeto.\n- Sin teléfonos, direcciones ni nombres reales."),
)
MEMBERS_OF = {
    "Morning check-in": ("Survivor Willow", "Survivor Maple", "Survivor Luna", "Mentor Juniper",
                         "Mentor Sol", "Mentor River"),
    "Finding work": ("Survivor Willow", "Mentor Sol", "Mentor River"),
    "Grupo en español": ("Survivor Luna", "Mentor Sol"),
}
# Members whose earlier posts were approved (their new posts appear at once).
ESTABLISHED = {"Survivor Willow": 4, "Survivor Luna": 5, "Mentor Juniper": 8, "Mentor Sol": 9,
               "Mentor River": 6}
CONVERSATIONS = {
    "Morning check-in": (
        ("Mentor Juniper", "Small wins this week",
         "I slept through the night twice this week. What is one small win of yours?",
         (("Survivor Willow", "I cooked a real breakfast today. It felt good."),
          ("Mentor River", "I went for a walk before work. Thank you for asking."))),
        ("Survivor Willow", "A heavy day",
         "Today was hard. I am still here, and writing it down helps a little.",
         (("Mentor Juniper", "Thank you for writing. We are glad you are here."),)),
    ),
    "Finding work": (
        ("Mentor Sol", "What to say about a gap in your CV",
         "You can say *I was dealing with a family matter and I am ready now*. "
         "You do not owe anyone more than that.",
         (("Survivor Willow", "This helps. I have an interview on Thursday."),)),
    ),
    "Grupo en español": (
        ("Survivor Luna", "Hoy me siento mejor",
         "Fui a mi primera clase de inglés. Estaba nerviosa pero salió bien.",
         (("Mentor Sol", "¡Qué bien, Luna! Poco a poco."),)),
    ),
}


def seed_groups(session: Session, members: dict[str, User]) -> list[str]:
    now = utcnow()
    heron = members["Moderator Heron"]
    for name, approved in ESTABLISHED.items():
        session.add(MemberStanding(user_id=members[name].id, approved_posts=approved))
    for position, details in enumerate(DEMO_GROUPS):
        group = SupportGroup(**details, name_key=display_name_key(details["name"]),
                             created_by_id=members["Admin Owl"].id)
        session.add(group)
        session.flush()
        session.add(GroupMembership(group_id=group.id, user_id=heron.id, role="moderator"))
        session.add_all([GroupMembership(group_id=group.id, user_id=members[name].id)
                         for name in MEMBERS_OF[group.name]])
        moment = now - timedelta(days=2, hours=position)
        for author, title, body, replies in CONVERSATIONS[group.name]:
            thread = GroupThread(group_id=group.id, author_id=members[author].id, title=title,
                                 status="visible", reply_count=len(replies),
                                 created_at=moment, last_activity_at=moment)
            session.add(thread)
            session.flush()
            opening = GroupPost(thread_id=thread.id, group_id=group.id,
                                author_id=members[author].id, is_opening=True, body=body,
                                status="visible", created_at=moment, reviewed_at=moment)
            session.add(opening)
            for reply_author, reply_body in replies:
                moment += timedelta(hours=1)
                session.add(GroupPost(thread_id=thread.id, group_id=group.id,
                                      author_id=members[reply_author].id, body=reply_body,
                                      status="visible", created_at=moment))
            thread.last_activity_at = moment
            session.flush()
            session.add(PostReaction(post_id=opening.id, user_id=heron.id, kind="heart"))
            moment += timedelta(hours=3)
    return ["support groups: Morning check-in, Finding work, Grupo en español "
            "(moderated by Moderator Heron)"]
