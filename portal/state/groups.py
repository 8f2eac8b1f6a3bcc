"""Support groups: the list, one group's feed, and writing a new thread.

Every handler resolves the member from the session cookie and calls one service;
ids from the page are only hints the services check.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict, cast

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.languages import language_name
from portal.services import groups
from portal.services.accounts import Viewer
from portal.services.groups import GroupView, PostBlocked, ThreadRow
from portal.state.base import AppState
from portal.state.groups_text import TEXT_LIMIT, author_label, reason, when, word
from portal.state.language_text import one_language
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id


class GroupItem(TypedDict):
    id: int
    name: str
    purpose: str
    rules: str
    language: str
    visibility: str
    members: int
    status: str
    moderator: bool
    anonymous_ok: bool
    href: str


class NoteItem(TypedDict):
    when: str
    text: str


class ThreadItem(TypedDict):
    id: int
    title: str
    author: str
    warning: str
    status: str
    locked: bool
    pinned: bool
    replies: int
    when: str
    href: str


class MemberItem(TypedDict):
    id: int
    name: str
    role: str
    since: str


def _group_item(language: str, view: GroupView) -> GroupItem:
    return GroupItem(id=view.id, name=view.name, purpose=view.purpose, rules=view.rules,
                     language=language_name(view.language, language),
                     visibility=view.visibility, members=view.member_count,
                     status=view.my_status, moderator=view.can_moderate,
                     anonymous_ok=view.allow_anonymous, href=routes.group(view.id))


def _thread_item(language: str, timezone: str, row: ThreadRow) -> ThreadItem:
    return ThreadItem(id=row.id, title=row.title or word(language, "groups.untitled"),
                      author=author_label(language, name=row.author_name,
                                          anonymous=row.anonymous, by_me=row.by_me),
                      warning=row.content_warning, status=row.status, locked=row.locked,
                      pinned=row.pinned, replies=row.reply_count,
                      when=when(language, timezone, row.last_activity_at),
                      href=routes.group_thread(row.id))


class GroupsState(AppState):
    """The groups list, notes from moderators, and (for staff) opening a group."""

    group_list: list[GroupItem] = []
    notes: list[NoteItem] = []
    waiting_posts: int = 0
    can_create_group: bool = False
    can_moderate_any: bool = False
    _message_place: ClassVar[str] = "groups"

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            actor = viewer.actor
            views = groups.list_groups(session=session, actor=actor)
            notes = groups.my_notes(session=session, actor=actor)
            self.waiting_posts = groups.waiting_count(session=session, actor=actor)
        self.group_list = [_group_item(self.lang, view) for view in views]
        self.notes = [NoteItem(when=when(self.lang, viewer.timezone, note.at),
                               text=self._t(f"groups.note_{note.action}"
                                            + ("_group" if note.group_name else ""),
                                            group=note.group_name,
                                            reason=reason(self.lang, note.reason_key,
                                                          note.reason_text),
                                            until=when(self.lang, viewer.timezone, note.until)))
                      for note in notes]
        self.can_create_group = viewer.actor.is_staff
        self.can_moderate_any = viewer.actor.is_staff or any(
            view.can_moderate for view in views)

    @rx.event
    def load_groups(self):
        self._clear_message()
        self.group_list, self.notes, self.waiting_posts = [], [], 0
        self.can_create_group = self.can_moderate_any = False
        return self._load(self._refresh, public=True)  # visitors are invited to sign in

    def _said(self, done_key: str):
        """The message for what happened: a use case may name its outcome ("requested")."""
        def say(outcome: object) -> None:
            self._done(f"{done_key}_{outcome}" if isinstance(outcome, str) else done_key)
        return say

    @rx.event
    def create_group(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(
            groups.create_group, name=text(form.get("name"), 200),
            purpose=text(form.get("purpose"), 1000), rules=text(form.get("rules"), 5000),
            language=one_language(form.get("language"), self.lang),
            visibility=text(form.get("visibility"), 16),
            allow_anonymous=ticked(form, "allow_anonymous"), then=self._said("groups.created"),
            refresh=self._refresh)

    @rx.event
    def join_group(self, group_id: int):
        return self._perform(groups.join_group, group_id=to_id(group_id),
                             then=self._said("groups.joined"), refresh=self._refresh)

    @rx.event
    def leave_group(self, group_id: int):
        return self._perform(groups.leave_group, group_id=to_id(group_id),
                             then=self._said("groups.left"), refresh=self._refresh)


class GroupPageState(AppState):
    """One group: about, the feed (keyset pages), and its moderators' member tools."""

    # Empty until a group is read (the page shows it only once group_ready): every
    # snapshot of the state carries this default (issue 14: small state).
    group: GroupItem = cast(GroupItem, {})
    group_ready: bool = False
    feed_open: bool = False
    threads: list[ThreadItem] = []
    pinned_threads: list[ThreadItem] = []
    has_older: bool = False
    has_newer: bool = False
    requests: list[MemberItem] = []
    active_members: list[MemberItem] = []
    can_assign: bool = False
    _message_place: ClassVar[str] = "group_page"
    # Backend only: where each shown page started, so "newer" can step back.
    _group_id: int = 0
    _page_starts: list[str] = []
    _next_cursor: str = ""

    def _load_feed(self, viewer: Viewer, cursor: str) -> None:
        with open_session() as session:
            page = groups.list_threads(session=session, actor=viewer.actor,
                                            group_id=self._group_id, cursor=cursor)
        self.threads = [_thread_item(self.lang, viewer.timezone, row) for row in page.rows]
        self.pinned_threads = [_thread_item(self.lang, viewer.timezone, row)
                               for row in page.pinned]
        self._next_cursor = page.next_cursor
        self.has_older = bool(page.next_cursor)
        self.has_newer = len(self._page_starts) > 1

    def _load_members(self, viewer: Viewer) -> None:
        self.requests, self.active_members = [], []
        if not self.group.get("moderator"):
            return
        with open_session() as session:
            asked = groups.list_memberships(session=session, actor=viewer.actor,
                                            group_id=self._group_id, status="requested")
            members = (groups.list_memberships(session=session, actor=viewer.actor,
                                               group_id=self._group_id, status="active")
                       if self.can_assign else [])
        self.requests = [MemberItem(id=row.member_id, name=row.display_name, role=row.role,
                                    since=when(self.lang, viewer.timezone, row.since))
                         for row in asked]
        self.active_members = [MemberItem(id=row.member_id, name=row.display_name,
                                          role=row.role,
                                          since=when(self.lang, viewer.timezone, row.since))
                               for row in members]

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            view = groups.read_group(session=session, actor=viewer.actor,
                                     group_id=self._group_id)
        self.group = _group_item(self.lang, view)
        self.can_assign = view.can_assign_moderators
        self.group_ready = True
        self.threads, self.pinned_threads = [], []
        # Site moderators read every group without joining it.
        self.feed_open = view.my_status == "active" or view.can_assign_moderators
        if self.feed_open:
            self._page_starts = [""]
            self._load_feed(viewer, "")
        self._load_members(viewer)

    def _refresh_shown(self, viewer: Viewer) -> None:
        if self._group_id:
            self._refresh(viewer)

    @rx.event
    def load_group(self):
        self._clear_message()
        self.group_ready = self.feed_open = False
        self.threads, self.pinned_threads, self.requests, self.active_members = [], [], [], []
        self.has_older = self.has_newer = self.can_assign = False
        self._group_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(self._refresh)

    def _page(self, older: bool):
        if older and self._next_cursor:
            self._page_starts = [*self._page_starts, self._next_cursor]
        elif not older and len(self._page_starts) > 1:
            self._page_starts = self._page_starts[:-1]
        cursor = self._page_starts[-1] if self._page_starts else ""
        return self._load(lambda viewer: self._load_feed(viewer, cursor))

    @rx.event
    def show_older_threads(self):
        return self._page(older=True)

    @rx.event
    def show_newer_threads(self):
        return self._page(older=False)

    def _change(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._refresh_shown, **arguments)

    # Every id arrives from the page and is checked by the service (a forged one is refused).
    @rx.event
    def join_group(self, group_id: int):
        return self._change(groups.join_group, "groups.joined", group_id=to_id(group_id))

    @rx.event
    def leave_group(self, group_id: int):
        return self._change(groups.leave_group, "groups.left", group_id=to_id(group_id))

    @rx.event
    def approve_request(self, group_id: int, member_id: int):
        return self._change(groups.decide_request, "groups.request_approved",
                            group_id=to_id(group_id), member_id=to_id(member_id), approve=True)

    @rx.event
    def decline_request(self, group_id: int, member_id: int):
        return self._change(groups.decide_request, "groups.request_declined",
                            group_id=to_id(group_id), member_id=to_id(member_id), approve=False)

    @rx.event
    def invite_to_group(self, form_data: dict):
        form = form_of(form_data)
        return self._change(groups.invite_member, "groups.invited",
                            group_id=to_id(form.get("group_id")),
                            display_name=text(form.get("display_name"), 80))

    @rx.event
    def appoint_moderator(self, group_id: int, member_id: int):
        return self._change(groups.set_group_moderator, "groups.moderator_appointed",
                            group_id=to_id(group_id), member_id=to_id(member_id),
                            moderator=True)

    @rx.event
    def remove_moderator(self, group_id: int, member_id: int):
        return self._change(groups.set_group_moderator, "groups.moderator_removed",
                            group_id=to_id(group_id), member_id=to_id(member_id),
                            moderator=False)


class ComposeState(AppState):
    """Starting a thread: content warning, posting without a name, and what happened."""

    compose_group_name: str = ""
    compose_group_id: int = 0
    compose_ready: bool = False
    anonymous_allowed: bool = False
    compose_messages: list[str] = []
    compose_tone: str = "info"
    show_crisis: bool = False
    posted_href: str = ""
    # Issue 13, item 3: her words, kept while crisis support stands in for the form.
    kept_title: str = ""
    kept_body: str = ""
    # A new number draws the form afresh with the kept words.
    compose_serial: int = 0

    def _refused(self, refusal: Exception) -> None:
        blocked = isinstance(refusal, PostBlocked)
        if blocked:
            self.show_crisis = refusal.show_crisis_resources
        self.compose_tone = "error"
        self.compose_messages = [refusal_text(self.lang, refusal)]

    def _read_group(self, viewer: Viewer) -> None:
        with open_session() as session:
            view = groups.read_group(
                session=session, actor=viewer.actor,
                group_id=to_id(self.router.url.query_parameters.get("group", "")))
        self.compose_group_name = view.name
        self.compose_group_id = view.id
        self.anonymous_allowed = view.allow_anonymous
        self.compose_ready = view.my_status == "active" or view.can_assign_moderators
        if not self.compose_ready:
            self.compose_tone = "error"
            self.compose_messages = [self._t("groups.join_first")]

    @rx.event
    def load_compose(self):
        self.compose_messages, self.posted_href = [], ""
        self.show_crisis = self.compose_ready = False
        self.kept_title = self.kept_body = ""
        return self._load(self._read_group)

    def _show_outcome(self, outcome) -> None:
        self.show_crisis = outcome.show_crisis_resources
        self.compose_tone = "ok" if outcome.status == "visible" else "info"
        keys = outcome.message_keys or (("groups.posted",) if outcome.status == "visible"
                                        else ())
        self.compose_messages = [self._t(key, **outcome.message_params) for key in keys]
        self.posted_href = routes.group_thread(outcome.thread_id)

    @rx.event
    def start_thread(self, form_data: dict):
        form = form_of(form_data)
        warning = text(form.get("content_warning"), 400) if ticked(form, "has_warning") else ""
        title, body = text(form.get("title"), 600), text(form.get("body"), TEXT_LIMIT)
        self.show_crisis, self.compose_messages = False, []
        # Kept before anything happens: crisis support stands in for the form, her words
        # come back with "Back to what I wrote".
        self.kept_title, self.kept_body = title, body
        return self._perform(
            groups.start_thread, group_id=to_id(form.get("group_id")),
            title=title, body=body,
            content_warning=warning, anonymous=ticked(form, "anonymous"),
            then=self._show_outcome)

    @rx.event
    def return_to_my_words(self):
        """Crisis support steps aside and the form comes back with her words (they never
        left this tab's state; nothing is read or saved)."""
        self.show_crisis = False
        self.posted_href, self.compose_messages = "", []
        self.compose_serial += 1
