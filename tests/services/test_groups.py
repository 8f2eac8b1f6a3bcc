"""Support groups: creating, joining, requests and invitations, leaving, feeds, blocks."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.permissions import PermissionDenied
from portal.models import AuditEntry
from portal.models.groups import GroupMembership, GroupPost, GroupThread, SupportGroup
from portal.models.types import utcnow
from portal.services.accounts import blocks, my_data
from portal.services.errors import NotFound, ServiceError
from portal.services.groups import feed as groups_feed
from portal.services.groups import membership as groups
from tests.factories.accounts import PASSPHRASE, actor_of, make_user
from tests.factories.groups import (
    make_group,
    make_member,
    make_moderator,
    reply_by,
    thread_by,
)
from tests.refusals import refused


def count(session, model) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


# --- creating and joining ----------------------------------------------------------

def test_staff_create_a_group_and_it_is_audited(db_session):
    heron = make_moderator(db_session)
    view = groups.create_group(session=db_session, actor=actor_of(heron), name="Morning check-in",
                               purpose="Say how you are.", language="en", visibility="request",
                               allow_anonymous="on")
    assert (view.name, view.visibility, view.allow_anonymous) == \
        ("Morning check-in", "request", True)
    assert db_session.execute(select(AuditEntry.action)).scalars().all() == ["group.create"]


def test_members_cannot_create_groups(db_session):
    willow = make_user(db_session)
    with refused(PermissionDenied):
        groups.create_group(session=db_session, actor=actor_of(willow), name="Mine", purpose="x")
    assert count(db_session, SupportGroup) == 0


@pytest.mark.parametrize("fields, code", [
    ({"name": "  ", "purpose": "x"}, "groups.name_needed"),
    ({"name": "A", "purpose": ""}, "groups.purpose_needed"),
    ({"name": "A", "purpose": "x", "language": "xx"}, "groups.unknown_language"),
    ({"name": "A", "purpose": "x", "visibility": "secret"}, "groups.unknown_visibility"),
    ({"name": "  finding   WORK\u200b ", "purpose": "x"}, "groups.name_taken"),
])
def test_bad_group_details_are_refused(db_session, fields, code):
    heron = make_moderator(db_session)
    make_group(db_session, name="Finding work")
    with refused(ServiceError, code=code):
        groups.create_group(session=db_session, actor=actor_of(heron), **fields)
    assert count(db_session, SupportGroup) == 1


def test_joining_depends_on_visibility(db_session):
    willow = make_user(db_session)
    open_group = make_group(db_session, visibility="open")
    asked = make_group(db_session, visibility="request")
    secret = make_group(db_session, visibility="invite")
    actor = actor_of(willow)
    assert groups.join_group(session=db_session, actor=actor, group_id=open_group.id) == "active"
    assert groups.join_group(session=db_session, actor=actor, group_id=asked.id) == "requested"
    with refused(NotFound):
        groups.join_group(session=db_session, actor=actor, group_id=secret.id)
    listed = {view.name for view in groups.list_groups(session=db_session, actor=actor)}
    assert listed == {open_group.name, asked.name}


def test_invited_member_sees_the_invite_only_group_and_joins(db_session):
    secret = make_group(db_session, visibility="invite")
    lead = make_member(db_session, secret, moderator=True)
    willow = make_user(db_session, name="Willow")
    groups.invite_member(session=db_session, actor=actor_of(lead), group_id=secret.id,
                         display_name="willow")
    [view] = groups.list_groups(session=db_session, actor=actor_of(willow))
    assert view.my_status == "invited"
    assert groups.join_group(session=db_session, actor=actor_of(willow),
                             group_id=secret.id) == "active"


def test_group_moderator_approves_requests_and_others_cannot(db_session):
    asked = make_group(db_session, visibility="request")
    lead = make_member(db_session, asked, moderator=True)
    bystander = make_member(db_session, asked)
    willow = make_user(db_session)
    groups.join_group(session=db_session, actor=actor_of(willow), group_id=asked.id)
    with refused(PermissionDenied):
        groups.decide_request(session=db_session, actor=actor_of(bystander), group_id=asked.id,
                              member_id=willow.id, approve=True)
    [row] = groups.list_memberships(session=db_session, actor=actor_of(lead), group_id=asked.id)
    assert row.member_id == willow.id
    groups.decide_request(session=db_session, actor=actor_of(lead), group_id=asked.id,
                          member_id=willow.id, approve=True)
    assert groups.read_group(session=db_session, actor=actor_of(willow),
                             group_id=asked.id).my_status == "active"


def test_members_leave_at_any_time(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group)
    groups.leave_group(session=db_session, actor=actor_of(willow), group_id=group.id)
    assert count(db_session, GroupMembership) == 0
    with refused(ServiceError, code="groups.join_first"):
        groups_feed.list_threads(session=db_session, actor=actor_of(willow), group_id=group.id)


def test_only_staff_appoint_group_moderators(db_session):
    group = make_group(db_session)
    lead = make_member(db_session, group, moderator=True)
    willow = make_member(db_session, group)
    with refused(PermissionDenied):
        groups.set_group_moderator(session=db_session, actor=actor_of(lead), group_id=group.id,
                                   member_id=willow.id, moderator=True)
    heron = make_moderator(db_session)
    groups.set_group_moderator(session=db_session, actor=actor_of(heron), group_id=group.id,
                               member_id=willow.id, moderator=True)
    assert groups.read_group(session=db_session, actor=actor_of(willow),
                             group_id=group.id).can_moderate


@pytest.mark.parametrize("junk", [None, "x", -1, 0, 10**30, {"id": 1}, [1], True, "1; DROP"])
def test_forged_or_junk_group_ids_are_not_found(db_session, junk):
    willow = make_user(db_session)
    with refused(NotFound):
        groups.join_group(session=db_session, actor=actor_of(willow), group_id=junk)
    with refused(NotFound):
        groups_feed.read_thread(session=db_session, actor=actor_of(willow), thread_id=junk)


def test_coordinators_and_partners_do_not_take_part_in_groups(db_session):
    group = make_group(db_session)
    for role in ("coordinator", "partner"):
        user = make_user(db_session, roles=(role,))
        with refused(PermissionDenied):
            groups.join_group(session=db_session, actor=actor_of(user), group_id=group.id)


# --- reading -----------------------------------------------------------------------

def test_non_members_cannot_read_or_post_and_forged_thread_ids_change_nothing(db_session):
    group, elsewhere = make_group(db_session), make_group(db_session)
    willow = make_member(db_session, group, established=True)
    outsider = make_member(db_session, elsewhere, established=True)
    thread = thread_by(db_session, willow, group)
    with refused(ServiceError, code="groups.join_first"):
        groups_feed.read_thread(session=db_session, actor=actor_of(outsider),
                                thread_id=thread.thread_id)
    with refused(ServiceError, code="groups.join_first"):
        reply_by(db_session, outsider, thread.thread_id)
    with refused(ServiceError, code="groups.join_first"):
        thread_by(db_session, outsider, group)
    assert count(db_session, GroupPost) == 1


def test_feed_pages_cover_every_thread_once_newest_activity_first(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    heron = make_moderator(db_session, group)
    start = utcnow() - timedelta(hours=2)
    ids = [thread_by(db_session, heron, group, title=f"T{i}",
                     now=start + timedelta(minutes=i)).thread_id for i in range(7)]
    reply_by(db_session, heron, ids[0], now=start + timedelta(minutes=30))
    seen, cursor = [], ""
    while True:
        page = groups_feed.list_threads(session=db_session, actor=actor_of(willow),
                                        group_id=group.id, cursor=cursor, limit=3)
        seen += [row.id for row in page.rows]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [ids[0], *reversed(ids[1:])]


def test_a_junk_cursor_gives_the_first_page(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    thread_by(db_session, willow, group)
    page = groups_feed.list_threads(session=db_session, actor=actor_of(willow),
                                    group_id=group.id, cursor="not-a-cursor")
    assert len(page.rows) == 1


def test_pinned_threads_lead_the_first_page(db_session):
    from portal.services.moderation import threads as moderation_threads

    group = make_group(db_session)
    heron = make_moderator(db_session, group)
    willow = make_member(db_session, group)
    first = thread_by(db_session, heron, group, title="Group rules")
    thread_by(db_session, heron, group, title="Later")
    moderation_threads.set_thread_pinned(session=db_session, actor=actor_of(heron),
                                         thread_id=first.thread_id, pinned=True)
    page = groups_feed.list_threads(session=db_session, actor=actor_of(willow), group_id=group.id)
    assert [row.title for row in page.pinned] == ["Group rules"]


# --- blocks ------------------------------------------------------------------------

def test_blocked_members_posts_disappear_and_they_cannot_reply_to_my_threads(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    pest = make_member(db_session, group, established=True)
    mine = thread_by(db_session, willow, group, title="Mine")
    theirs = thread_by(db_session, pest, group, title="Theirs")
    reply_by(db_session, pest, mine.thread_id, body="Hi there.")
    blocks.block_member(session=db_session, actor=actor_of(willow), member_id=pest.id)
    page = groups_feed.list_threads(session=db_session, actor=actor_of(willow),
                                    group_id=group.id)
    assert [row.title for row in page.rows] == ["Mine"]
    view = groups_feed.read_thread(session=db_session, actor=actor_of(willow),
                                   thread_id=mine.thread_id)
    assert [post.body for post in view.posts] == ["Glad to be here today."]
    with refused(NotFound):
        groups_feed.read_thread(session=db_session, actor=actor_of(willow),
                                thread_id=theirs.thread_id)
    with refused(NotFound):  # they no longer even see the thread
        reply_by(db_session, pest, mine.thread_id, body="Still here.",
                 now=utcnow() + timedelta(minutes=1))
    assert count(db_session, GroupPost) == 3


def test_blocking_the_author_of_an_anonymous_post_never_reveals_them(db_session):
    from portal.services.groups import feedback as groups_feedback

    group = make_group(db_session, allow_anonymous=True)
    willow = make_member(db_session, group, established=True)
    hidden = make_member(db_session, group, established=True, name="Quiet Fern")
    post = thread_by(db_session, hidden, group, anonymous=True)
    view = groups_feed.read_thread(session=db_session, actor=actor_of(willow),
                                   thread_id=post.thread_id)
    assert view.posts[0].author_name == "" and view.posts[0].anonymous
    groups_feedback.block_author(session=db_session, actor=actor_of(willow),
                                 post_id=post.post_id)
    # An anonymous mute, not a named block: a block would hide their named presence too,
    # and what vanished would name them (tests/services/test_groups_anonymous_block.py).
    assert not blocks.is_blocked_between(db_session, willow.id, hidden.id)
    assert groups_feed.list_threads(session=db_session, actor=actor_of(willow),
                                    group_id=group.id).rows == ()


# --- my data -----------------------------------------------------------------------

def test_my_data_exports_group_posts_and_deletion_erases_them(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    other = make_member(db_session, group, established=True)
    mine = thread_by(db_session, willow, group, title="Mine", body="My own words.")
    reply_by(db_session, other, mine.thread_id, body="A reply from someone else.")
    data = my_data.export_my_data(session=db_session, actor=actor_of(willow))
    assert [post["text"] for post in data["group_posts"]] == ["My own words."]
    my_data.delete_my_account(session=db_session, actor=actor_of(willow), passphrase=PASSPHRASE)
    bodies = db_session.execute(select(GroupPost.body)).scalars().all()
    assert bodies == ["A reply from someone else."]
    thread = db_session.execute(select(GroupThread)).scalar_one()
    assert (thread.title, thread.author_id) == ("", None)
    assert db_session.execute(select(func.count()).select_from(GroupMembership)
                              .where(GroupMembership.user_id == willow.id)).scalar_one() == 0


def test_deleting_an_account_can_keep_posts_as_a_former_member(db_session):
    group = make_group(db_session)
    willow = make_member(db_session, group, established=True)
    thread_by(db_session, willow, group, body="Worth keeping.")
    my_data.delete_my_account(session=db_session, actor=actor_of(willow), passphrase=PASSPHRASE,
                              keep_posts_as_former_member=True)
    post = db_session.execute(select(GroupPost)).scalar_one()
    assert (post.body, post.author_id) == ("Worth keeping.", None)
