"""Probes for the support group and moderation handlers.

Every id points at something of the target member's (their posts, their thread, their
held post in the queue) or at a group the caller does not moderate, so ordinary members
are refused where only moderators may act (``extra_refused``), and nobody may edit or
delete another member's post.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from portal.models.groups import (
    GroupMembership,
    GroupPost,
    GroupThread,
    MemberStanding,
    ReviewQueueItem,
    SupportGroup,
    WatchedWordEntry,
)
from portal.models.types import utcnow
from portal.state.group_settings import GroupSettingsState
from portal.state.groups import ComposeState, GroupPageState, GroupsState
from portal.state.groups_thread import GroupThreadState
from portal.state.help import HelpState
from portal.state.moderation import ModerationHistoryState, ReviewQueueState, WatchedWordsState
from tests.factories.accounts import make_user
from tests.security.inventory import ADMINS, MEMBER_STAFF
from tests.security.probes import SIGNED_IN, Probe, World

PARTICIPANTS = frozenset({"survivor", "mentor_applicant", "mentor", "moderator", "admin"})
MEMBERS = frozenset({"survivor", "mentor_applicant", "mentor"})
# Everyone but site staff: an invite-only group is invisible to the uninvited.
NOT_STAFF = frozenset({"survivor", "mentor_applicant", "mentor", "coordinator", "partner"})


def _thread(session, group, author, title, now, **flags) -> tuple[GroupThread, GroupPost]:
    thread = GroupThread(group_id=group.id, author_id=author.id, title=title, status="visible",
                         created_at=now, last_activity_at=now, **flags)
    session.add(thread)
    session.flush()
    post = GroupPost(thread_id=thread.id, group_id=group.id, author_id=author.id,
                     is_opening=True, body=f"{title} words", status="visible", created_at=now)
    session.add(post)
    session.flush()
    return thread, post


def seed(session, world: World) -> None:
    now = utcnow() - timedelta(hours=1)
    target = world.target
    group = SupportGroup(name="Probe group", name_key="probe group", purpose="Together",
                         allow_anonymous=True)
    asked = SupportGroup(name="Probe asked", name_key="probe asked", purpose="Together",
                         visibility="request")
    session.add_all([group, asked])
    session.flush()
    lead = make_user(session, name="Probe lead")
    make_user(session, name="Probe invitee")
    session.add_all(
        [GroupMembership(group_id=group.id, user_id=world.members[role].id)
         for role in sorted(PARTICIPANTS)]
        + [GroupMembership(group_id=group.id, user_id=target.id),
           GroupMembership(group_id=group.id, user_id=lead.id, role="moderator"),
           GroupMembership(group_id=asked.id, user_id=target.id, status="requested"),
           MemberStanding(user_id=target.id, approved_posts=10),
           WatchedWordEntry(pattern="probe phrase", category="personal_details")])
    thread, post = _thread(session, group, target, "Open thread", now)
    closed, _ = _thread(session, group, target, "Closed thread", now, locked=True, pinned=True)
    held = GroupPost(thread_id=thread.id, group_id=group.id, author_id=target.id,
                     body="Held words", status="held", held_reasons="new_member",
                     created_at=now)
    session.add(held)
    session.flush()
    item = ReviewQueueItem(post_id=held.id, group_id=group.id, author_id=target.id,
                           reasons="new_member", created_at=now)
    session.add(item)
    # Issue 13 item 3: the target's words showed a crisis (site moderators may send care).
    crisis_post = GroupPost(thread_id=thread.id, group_id=group.id, author_id=target.id,
                            body="Crisis words", status="held", held_reasons="crisis",
                            urgent=True, created_at=now)
    session.add(crisis_post)
    session.flush()
    crisis_item = ReviewQueueItem(post_id=crisis_post.id, group_id=group.id,
                                  author_id=target.id, reasons="crisis", urgent=True,
                                  created_at=now)
    session.add(crisis_item)
    # The target wrote to staff from Help: only site moderators may answer.
    contact = ReviewQueueItem(kind="staff_contact", author_id=target.id, reasons="contact_other",
                              note="Probe words to staff", created_at=now)
    session.add(contact)
    # An invite-only group none of the callers was invited to: only site staff see it.
    hidden = SupportGroup(name="Probe hidden", name_key="probe hidden", purpose="Private",
                          visibility="invite")
    session.add(hidden)
    session.flush()
    session.add(GroupMembership(group_id=hidden.id, user_id=target.id))
    hidden_thread, _ = _thread(session, hidden, target, "Hidden thread", now)
    session.commit()
    world.extra.update(hidden_group_id=hidden.id, hidden_thread_id=hidden_thread.id)
    word_id = session.execute(select(WatchedWordEntry.id)).scalar()
    world.extra.update(group_id=group.id, asked_group_id=asked.id, thread_id=thread.id,
                       closed_thread_id=closed.id, post_id=post.id, item_id=item.id,
                       lead_id=lead.id, word_id=word_id, contact_id=contact.id,
                       crisis_item_id=crisis_item.id)


def _x(world: World, key: str) -> int:
    return world.extra[key]


def _moderating(state, handler, args, *, changes=MEMBER_STAFF, private=()) -> Probe:
    """A handler only the object's moderators may use: members are refused."""
    return Probe(state, handler, args, private_vars=private, changes_for=changes,
                 extra_refused=MEMBERS)


PROBES: dict[str, Probe] = {
    "GroupsState.load_groups": Probe(GroupsState, "load_groups"),
    "GroupsState.create_group": Probe(
        GroupsState, "create_group",
        lambda w: ({"name": "Evening calm", "purpose": "Wind down", "language": "en",
                    "visibility": "open"},), changes_for=MEMBER_STAFF),
    "GroupsState.join_group": Probe(GroupsState, "join_group",
                                    lambda w: (_x(w, "asked_group_id"),),
                                    changes_for=PARTICIPANTS),
    "GroupsState.leave_group": Probe(GroupsState, "leave_group", lambda w: (_x(w, "group_id"),),
                                     changes_for=PARTICIPANTS),
    "GroupPageState.load_group": Probe(
        GroupPageState, "load_group", private_vars=("threads", "requests", "active_members"),
        url=lambda w: ("/groups/view", {"id": str(_x(w, "hidden_group_id"))}),
        extra_refused=NOT_STAFF),
    "GroupPageState.show_older_threads": Probe(GroupPageState, "show_older_threads",
                                               private_vars=("threads",)),
    "GroupPageState.show_newer_threads": Probe(GroupPageState, "show_newer_threads",
                                               private_vars=("threads",)),
    "GroupPageState.join_group": Probe(GroupPageState, "join_group",
                                       lambda w: (_x(w, "asked_group_id"),),
                                       changes_for=PARTICIPANTS),
    "GroupPageState.leave_group": Probe(GroupPageState, "leave_group",
                                        lambda w: (_x(w, "group_id"),),
                                        changes_for=PARTICIPANTS),
    "GroupPageState.approve_request": _moderating(
        GroupPageState, "approve_request", lambda w: (_x(w, "asked_group_id"), w.target.id)),
    "GroupPageState.decline_request": _moderating(
        GroupPageState, "decline_request", lambda w: (_x(w, "asked_group_id"), w.target.id)),
    "GroupPageState.invite_to_group": _moderating(
        GroupPageState, "invite_to_group",
        lambda w: ({"group_id": str(_x(w, "asked_group_id")), "display_name": "Probe invitee"},)),
    "GroupPageState.appoint_moderator": Probe(
        GroupPageState, "appoint_moderator", lambda w: (_x(w, "group_id"), w.target.id),
        changes_for=MEMBER_STAFF),
    "GroupPageState.remove_moderator": Probe(
        GroupPageState, "remove_moderator", lambda w: (_x(w, "group_id"), _x(w, "lead_id")),
        changes_for=MEMBER_STAFF),
    "ComposeState.load_compose": Probe(ComposeState, "load_compose"),
    "ComposeState.return_to_my_words": Probe(ComposeState, "return_to_my_words"),
    "GroupThreadState.return_to_my_words": Probe(GroupThreadState, "return_to_my_words"),
    "ComposeState.start_thread": Probe(
        ComposeState, "start_thread",
        lambda w: ({"group_id": str(_x(w, "group_id")), "title": "Hello",
                    "body": "Good morning all"},), changes_for=PARTICIPANTS),
    "GroupThreadState.load_thread": Probe(
        GroupThreadState, "load_thread", private_vars=("posts",),
        url=lambda w: ("/groups/thread", {"id": str(_x(w, "hidden_thread_id"))}),
        extra_refused=NOT_STAFF),
    "GroupThreadState.show_more_posts": Probe(GroupThreadState, "show_more_posts",
                                              private_vars=("posts",)),
    "GroupThreadState.show_new_replies": Probe(GroupThreadState, "show_new_replies",
                                               private_vars=("posts",)),
    "GroupThreadState.post_reply": Probe(
        GroupThreadState, "post_reply",
        lambda w: ({"thread_id": str(_x(w, "thread_id")), "body": "Thinking of you"},),
        changes_for=PARTICIPANTS),
    # The target's own post: nobody else may edit or delete it.
    "GroupThreadState.edit_post": Probe(
        GroupThreadState, "edit_post",
        lambda w: ({"post_id": str(_x(w, "post_id")), "body": "Taken over"},),
        extra_refused=PARTICIPANTS),
    "GroupThreadState.delete_post": Probe(GroupThreadState, "delete_post",
                                          lambda w: (_x(w, "post_id"),),
                                          extra_refused=PARTICIPANTS),
    "GroupThreadState.react_to_post": Probe(GroupThreadState, "react_to_post",
                                            lambda w: (_x(w, "post_id"), "hug"),
                                            changes_for=PARTICIPANTS),
    "GroupThreadState.flag_post": Probe(
        GroupThreadState, "flag_post",
        lambda w: ({"post_id": str(_x(w, "post_id")), "reason": "spam"},),
        changes_for=PARTICIPANTS),
    "GroupThreadState.block_author": Probe(GroupThreadState, "block_author",
                                           lambda w: (_x(w, "post_id"),),
                                           changes_for=PARTICIPANTS),
    "GroupThreadState.hide_post": _moderating(GroupThreadState, "hide_post",
                                              lambda w: (_x(w, "post_id"),)),
    "GroupThreadState.lock_thread": _moderating(GroupThreadState, "lock_thread",
                                                lambda w: (_x(w, "thread_id"),)),
    "GroupThreadState.unlock_thread": _moderating(GroupThreadState, "unlock_thread",
                                                  lambda w: (_x(w, "closed_thread_id"),)),
    "GroupThreadState.pin_thread": _moderating(GroupThreadState, "pin_thread",
                                               lambda w: (_x(w, "thread_id"),)),
    "GroupThreadState.unpin_thread": _moderating(GroupThreadState, "unpin_thread",
                                                 lambda w: (_x(w, "closed_thread_id"),)),
    # Reading the queue or the history is audited, so it "changes" the database.
    "ReviewQueueState.load_queue": _moderating(ReviewQueueState, "load_queue", lambda w: (),
                                               private=("queue",)),
    "ReviewQueueState.show_next_queue_page": _moderating(
        ReviewQueueState, "show_next_queue_page", lambda w: (), private=("queue",)),
    "ReviewQueueState.show_previous_queue_page": _moderating(
        ReviewQueueState, "show_previous_queue_page", lambda w: (), private=("queue",)),
    "ReviewQueueState.claim_item": _moderating(ReviewQueueState, "claim_item",
                                               lambda w: (_x(w, "item_id"),)),
    "ReviewQueueState.approve_item": _moderating(ReviewQueueState, "approve_item",
                                                 lambda w: (_x(w, "item_id"),)),
    "ReviewQueueState.reject_item": _moderating(
        ReviewQueueState, "reject_item",
        lambda w: ({"item_id": str(_x(w, "item_id")), "canned": "spam"},)),
    "ReviewQueueState.edit_and_approve_item": _moderating(
        ReviewQueueState, "edit_and_approve_item",
        lambda w: ({"item_id": str(_x(w, "item_id")), "body": "Kinder words"},)),
    "ReviewQueueState.hide_item": _moderating(ReviewQueueState, "hide_item",
                                              lambda w: (_x(w, "item_id"),)),
    "ReviewQueueState.dismiss_item": _moderating(ReviewQueueState, "dismiss_item",
                                                 lambda w: (_x(w, "item_id"),)),
    "ReviewQueueState.lock_item_thread": _moderating(ReviewQueueState, "lock_item_thread",
                                                     lambda w: (_x(w, "thread_id"),)),
    "ReviewQueueState.warn_author": _moderating(
        ReviewQueueState, "warn_author",
        lambda w: ({"item_id": str(_x(w, "item_id")), "reason": "Please be kind"},)),
    "ReviewQueueState.mute_author": _moderating(
        ReviewQueueState, "mute_author",
        lambda w: ({"item_id": str(_x(w, "item_id")), "hours": "24", "reason": "A pause"},)),
    "ReviewQueueState.suspend_author": Probe(
        ReviewQueueState, "suspend_author",
        lambda w: ({"item_id": str(_x(w, "item_id")), "reason": "Recruiting"},),
        changes_for=ADMINS),
    "ReviewQueueState.reply_to_contact": Probe(
        ReviewQueueState, "reply_to_contact",
        lambda w: ({"item_id": str(_x(w, "contact_id")), "reply": "We read it."},),
        changes_for=MEMBER_STAFF),
    "HelpState.send_staff_contact": Probe(
        HelpState, "send_staff_contact",
        lambda w: ({"topic": "other", "message": "A question for staff"},),
        changes_for=SIGNED_IN),
    "ModerationHistoryState.load_history": _moderating(
        ModerationHistoryState, "load_history", lambda w: (), private=("history",)),
    "ModerationHistoryState.show_older_history": _moderating(
        ModerationHistoryState, "show_older_history", lambda w: (), private=("history",)),
    "ModerationHistoryState.show_newer_history": _moderating(
        ModerationHistoryState, "show_newer_history", lambda w: (), private=("history",)),
    "WatchedWordsState.load_words": Probe(WatchedWordsState, "load_words",
                                          private_vars=("words",)),
    "WatchedWordsState.filter_words": Probe(WatchedWordsState, "filter_words",
                                            lambda w: ({"category": "crisis"},),
                                            private_vars=("words",)),
    "WatchedWordsState.show_more_words": Probe(WatchedWordsState, "show_more_words",
                                               private_vars=("words",)),
    "WatchedWordsState.show_first_words": Probe(WatchedWordsState, "show_first_words",
                                                private_vars=("words",)),
    "WatchedWordsState.add_watched_word": Probe(
        WatchedWordsState, "add_watched_word",
        lambda w: ({"pattern": "meet at the park", "category": "personal_details"},),
        private_vars=("words",), changes_for=MEMBER_STAFF),
    "WatchedWordsState.remove_watched_word": Probe(
        WatchedWordsState, "remove_watched_word",
        lambda w: ({"word_id": _x(w, "word_id"), "reason": "too broad"},),
        private_vars=("words",), changes_for=MEMBER_STAFF),
    # --- issue 13 items 3 and 10: moderators' tools ---
    "WatchedWordsState.search_words": Probe(WatchedWordsState, "search_words",
                                            lambda w: ({"search": "probe"},),
                                            private_vars=("words",)),
    "WatchedWordsState.clear_word_search": Probe(WatchedWordsState, "clear_word_search",
                                                 private_vars=("words",)),
    "WatchedWordsState.try_sentence": Probe(WatchedWordsState, "try_sentence",
                                            lambda w: ({"sentence": "a probe phrase here"},),
                                            private_vars=("test_matches",)),
    "ReviewQueueState.send_care_message": Probe(
        ReviewQueueState, "send_care_message",
        lambda w: ({"item_id": str(_x(w, "crisis_item_id")), "template": "check_in"},),
        changes_for=MEMBER_STAFF),
    # The callers are plain members of the probe group (its moderator is "Probe lead"):
    # only site moderators may read or change its settings.
    "GroupSettingsState.load_group_settings": Probe(
        GroupSettingsState, "load_group_settings", private_vars=("settings_members",),
        url=lambda w: ("/groups/settings", {"id": str(_x(w, "group_id"))}),
        extra_refused=MEMBERS),
    "GroupSettingsState.save_group_settings": _moderating(
        GroupSettingsState, "save_group_settings",
        lambda w: ({"group_id": str(_x(w, "group_id")), "name": "Probe group renamed",
                    "purpose": "Together", "rules": ""},)),
    "GroupSettingsState.remove_group_member": _moderating(
        GroupSettingsState, "remove_group_member",
        lambda w: ({"group_id": str(_x(w, "group_id")), "member_id": str(w.target.id),
                    "reason": "Probe reason"},)),
}
