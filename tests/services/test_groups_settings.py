"""Issue 13 item 10: a group's moderators (and site moderators) edit its name, purpose
and rules, and take a member out of it; members and other groups' moderators cannot;
a removed member loses access at once, is told calmly, and cannot simply join again."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.groups import GroupMembership, SupportGroup
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed, membership, settings
from portal.services.notifications import inbox as notifications
from tests.factories.accounts import actor_of
from tests.factories.groups import make_group, make_member, make_moderator, thread_by
from tests.refusals import refused


@pytest.fixture
def world(db_session):
    s = db_session
    group = make_group(s, name="Evening circle")
    lead = make_member(s, group, established=True, moderator=True, name="Survivor Luna")
    willow = make_member(s, group, established=True, name="Survivor Willow")
    heron = make_moderator(s, name="Moderator Heron")
    other = make_group(s, name="Morning walk")
    stranger_lead = make_member(s, other, established=True, moderator=True)
    return dict(s=s, group=group, lead=lead, willow=willow, heron=heron,
                stranger_lead=stranger_lead)


def edit(world, actor, **changes):
    values = dict(name="Evening circle", purpose="Being together.", rules="")
    values.update(changes)
    settings.update_group_settings(session=world["s"], actor=actor_of(actor),
                                   group_id=world["group"].id, **values)


def remove(world, actor, member, reason="Kept posting other people's numbers"):
    settings.remove_member(session=world["s"], actor=actor_of(actor),
                           group_id=world["group"].id, member_id=member.id, reason=reason)


def actions(world, action):
    return world["s"].execute(select(AuditEntry).where(AuditEntry.action == action)
                              ).scalars().all()


def test_a_group_moderator_edits_and_members_read_the_new_words(world):
    edit(world, world["lead"], name="Evening circle (Tuesdays)", purpose="A calm hour.",
         rules="Be kind.")
    seen = membership.read_group(session=world["s"], actor=actor_of(world["willow"]),
                                 group_id=world["group"].id)
    assert (seen.name, seen.purpose, seen.rules) == ("Evening circle (Tuesdays)",
                                                      "A calm hour.", "Be kind.")
    [entry] = actions(world, "group.settings_edit")
    assert entry.actor_id == world["lead"].id and entry.detail == "changed=name,purpose,rules"


def test_site_moderators_edit_any_group(world):
    edit(world, world["heron"], rules="No phone numbers.")
    assert world["s"].get(SupportGroup, world["group"].id).rules == "No phone numbers."


def test_members_and_other_groups_moderators_cannot_edit(world):
    for actor in (world["willow"], world["stranger_lead"]):
        with refused(PermissionDenied, NotFound):
            edit(world, actor, name="Taken over")
        with refused(PermissionDenied, NotFound):
            settings.read_group_settings(session=world["s"], actor=actor_of(actor),
                                         group_id=world["group"].id)
    assert world["s"].get(SupportGroup, world["group"].id).name == "Evening circle"
    assert actions(world, "group.settings_edit") == []


def test_an_empty_or_taken_name_is_refused(world):
    with refused(ServiceError, code="groups.name_needed"):
        edit(world, world["lead"], name="  ")
    with refused(ServiceError, code="groups.name_taken"):
        edit(world, world["lead"], name="morning WALK")


def test_removing_a_member_ends_her_access_at_once_and_she_is_told_calmly(world):
    s, willow = world["s"], world["willow"]
    thread_by(s, world["lead"], world["group"], title="Tonight")
    remove(world, world["lead"], willow)
    with refused(ServiceError, code="groups.join_first"):
        feed.list_threads(session=s, actor=actor_of(willow), group_id=world["group"].id)
    with refused(ServiceError, code="groups.removed_cannot_join"):
        membership.join_group(session=s, actor=actor_of(willow), group_id=world["group"].id)
    # Leaving does not wipe the removal either.
    membership.leave_group(session=s, actor=actor_of(willow), group_id=world["group"].id)
    with refused(ServiceError, code="groups.removed_cannot_join"):
        membership.join_group(session=s, actor=actor_of(willow), group_id=world["group"].id)
    [note] = notifications.list_notifications(session=s, actor=actor_of(willow),
                                              language="en").items
    assert note.text.startswith("You are no longer a member of Evening circle.")
    assert "numbers" not in note.text and "Luna" not in note.text
    [entry] = actions(world, "group.member_remove")
    assert entry.detail == f"member={willow.id} reason=Kept posting other people's numbers"


def test_a_moderator_may_invite_her_back(world):
    s, willow = world["s"], world["willow"]
    remove(world, world["heron"], willow)
    membership.invite_member(session=s, actor=actor_of(world["lead"]), group_id=world["group"].id,
                             display_name="Survivor Willow")
    assert membership.join_group(session=s, actor=actor_of(willow),
                                 group_id=world["group"].id) == "active"


def test_removal_needs_a_reason_and_the_right_person(world):
    s, willow = world["s"], world["willow"]
    with refused(ServiceError, code="groups_settings.reason_needed"):
        remove(world, world["lead"], willow, reason=" ")
    for actor in (world["stranger_lead"], willow):
        with refused(PermissionDenied, NotFound):
            remove(world, actor, world["lead"] if actor is willow else willow)
    with refused(ServiceError, code="groups_settings.not_yourself"):
        remove(world, world["lead"], world["lead"])
    with refused(ServiceError, code="groups_settings.moderator_needs_staff"):
        second = make_member(s, world["group"], moderator=True)
        remove(world, world["lead"], second)
    statuses = s.execute(select(GroupMembership.status)
                         .where(GroupMembership.group_id == world["group"].id)).scalars().all()
    assert "removed" not in statuses
    assert actions(world, "group.member_remove") == []


def test_a_site_moderator_may_take_out_a_group_moderator(world):
    remove(world, world["heron"], world["lead"])
    shown = settings.read_group_settings(session=world["s"], actor=actor_of(world["heron"]),
                                         group_id=world["group"].id)
    assert [row.display_name for row in shown.members] == ["Survivor Willow"]
