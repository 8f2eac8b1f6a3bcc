"""One group thread: posts with content warnings, reactions, replies, editing, deleting,
flagging, blocking an author, and (for moderators) hiding, locking and pinning."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.groups import ReactionKind
from portal.i18n import translate_count
from portal.services import groups, moderation
from portal.services.accounts import Viewer
from portal.services.groups import PostBlocked, PostView, ThreadView
from portal.state.base import AppState
from portal.state.groups_text import TEXT_LIMIT, author_label, reason, when
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id

# A post's reactions travel as two short lists in this order (the page draws one button
# per kind with its label from the catalog): a reaction pushed to every open tab resends
# the post list, and an item per kind with its label made half of it.
REACTION_KINDS: tuple[str, ...] = tuple(kind.value for kind in ReactionKind)


class PostItem(TypedDict):
    id: int
    author: str
    body: str
    warning: str
    status: str
    opening: bool
    rejection: str
    when: str
    edited: str
    reaction_counts: list[int]  # per REACTION_KINDS
    reacted: list[bool]  # hers, per REACTION_KINDS
    can_edit: bool
    can_delete: bool
    can_flag: bool
    can_block: bool
    can_hide: bool
    can_react: bool
    reported: bool


# One push's digests of post views, shared by its tabs (``GroupThreadState._mark``).
_MARKS_OF_THIS_PUSH: ContextVar[dict | None] = ContextVar("thread_push_marks", default=None)
# A reload (the bar's tap, her own reply) shows at most about this many posts.
RELOADED_AT_MOST = 300
# Entries a tab is sent alone (``post_updates``) before its list goes whole again.
UPDATES_AT_MOST = 20
RELOAD_PAGE = 100  # the most one read_thread call returns


@dataclass(frozen=True)
class PushQuestion:
    """What a live push asks of the thread for one tab, taken from its state as it
    stood: the thread, the posts it shows, her rules at its last read, its cookie and
    the member it is bound to, and the posts the push named (None: any may have changed).
    Plain values, so the read can run while the tab takes events (state/live.py), and
    two questions compare equal only while the tab shows the same posts by the same
    rules."""

    thread_id: int
    shown: tuple[int, ...]
    reader_mark: str
    cookie: str
    bound_viewer_id: int
    only: frozenset[int] | None = None

    def asked_by(self, viewer: Viewer) -> groups.ChangesAsked:
        return groups.ChangesAsked(actor=viewer.actor, shown=self.shown,
                                   after=max(self.shown, default=0), only=self.only,
                                   reader_mark=self.reader_mark)


class GroupThreadState(AppState):
    thread_ready: bool = False
    thread_id: int = 0
    thread_title: str = ""
    thread_locked: bool = False
    thread_pinned: bool = False
    thread_group_name: str = ""
    thread_group_href: str = ""
    can_reply: bool = False
    can_moderate_thread: bool = False
    anonymous_allowed: bool = False
    posts: list[PostItem] = []
    # Entries changed since ``posts`` was last sent whole, by post id: a push naming a
    # post sends its new entry here instead of the whole list again (the page draws each
    # post with its entry here over the list's). Emptied whenever the list goes whole.
    post_updates: dict[str, PostItem] = {}
    has_more_posts: bool = False
    # Issue 13, item 2: answers beside what caused them, one at a time: at the top of the
    # thread ("thread"), under the reply form ("reply") or under the post reported
    # ("flag", ``flag_post_id``).
    thread_messages: list[str] = []
    thread_tone: str = "info"
    thread_answer_at: str = "thread"
    show_crisis: bool = False
    # A new number empties the reply form; a refused reply keeps the member's words.
    reply_serial: int = 0
    flag_post_id: int = 0
    # Issue 13, item 3: her words, kept while crisis support stands in for the form.
    kept_body: str = ""
    # Issue 15: replies that arrived while she reads wait behind a bar ("2 new replies")
    # instead of moving the page under her thumb.
    new_replies: int = 0
    new_replies_text: str = ""
    _live_kinds: ClassVar[tuple[str, ...]] = ("thread",)  # state/live.py
    _thread_id: int = 0
    _shown_after: int = 0
    # What each shown post was built from (a digest, never sent): a live push rebuilds the
    # list only when a post changed.
    _post_marks: dict[int, str] = {}
    # The rules every shown post was read by (``ThreadView.reader_mark``), "" when not
    # one set: a push naming posts reads only those again while her rules are these.
    _reader_mark: str = ""

    def _refused(self, refusal: Exception) -> None:
        """Shown where the handler now running answers (``thread_answer_at``)."""
        if isinstance(refusal, PostBlocked):
            self.show_crisis = refusal.show_crisis_resources
        self.thread_tone, self.thread_messages = "error", [refusal_text(self.lang, refusal)]

    def _done(self, key: str) -> None:
        self._say(key)

    def _refresh_refused(self, refusal: Exception) -> None:
        """After a change the thread may be out of the caller's sight (hidden by their
        report, their block): keep the message, drop what can no longer be shown."""
        self._send_posts([])
        self.thread_ready, self.can_reply = False, False

    def _say(self, *keys: str) -> None:
        self._answer_at("thread")
        self.thread_tone = "ok"
        self.thread_messages = [self._t(key) for key in keys]

    def _answer_at(self, place: str) -> None:
        if self.thread_answer_at != place:  # an equal value would still be sent
            self.thread_answer_at = place

    def _post_item(self, viewer: Viewer, post: PostView) -> PostItem:
        edited = ""
        if post.edited_by_moderator:
            edited = self._t("groups.edited_by_moderator")
        elif post.edited_at is not None:
            edited = self._t("groups.edited")
        counts = dict(post.reactions)
        return PostItem(
            id=post.id, author=author_label(self.lang, name=post.author_name,
                                            anonymous=post.anonymous, by_me=post.by_me),
            body=post.body, warning=post.content_warning, status=post.status,
            opening=post.is_opening,
            rejection=reason(self.lang, post.rejection_key, post.rejection_text),
            when=when(self.lang, viewer.timezone, post.created_at), edited=edited,
            reaction_counts=[counts.get(kind, 0) for kind in REACTION_KINDS],
            reacted=[kind in post.my_reactions for kind in REACTION_KINDS],
            can_edit=post.can_edit,
            can_delete=post.can_delete, can_flag=post.can_flag, can_block=post.can_block,
            can_hide=post.can_hide, can_react=post.status == "visible",
            reported=post.reported_by_me)

    def _send_posts(self, items: list[PostItem]) -> None:
        """The list of posts, sent whole (no entries over it any more)."""
        self.posts = items
        if self._read_only("post_updates"):
            self.post_updates = {}

    def _set(self, **values: object) -> None:
        """Assign only what differs: Reflex sends every var assigned, even to an equal
        value, and a live push should send a 200-post list only when a post changed."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _show_head(self, view: ThreadView) -> None:
        self._set(thread_id=view.id, thread_title=view.title or self._t("groups.untitled"),
                  thread_locked=view.locked, thread_pinned=view.pinned,
                  thread_group_name=view.group_name,
                  thread_group_href=routes.group(view.group_id),
                  can_reply=view.can_reply, can_moderate_thread=view.can_moderate,
                  anonymous_allowed=view.allow_anonymous)

    def _mark(self, viewer: Viewer, post: PostView) -> str:
        """What the post's entry is built from: its view (every field), the language
        and the viewer's zone. Within one push, equal views share one digest
        (``_MARKS_OF_THIS_PUSH``): most readers see a post alike."""
        made = _MARKS_OF_THIS_PUSH.get()
        key = (self.lang, viewer.timezone, post)
        if made is not None and (mark := made.get(key)) is not None:
            return mark
        mark = hashlib.blake2b(repr(key).encode(), digest_size=16).hexdigest()
        if made is not None:
            made[key] = mark
        return mark

    def _show(self, viewer: Viewer, view: ThreadView, *, append: bool) -> None:
        self._show_head(view)
        items = [self._post_item(viewer, post) for post in view.posts]
        marks = {post.id: self._mark(viewer, post) for post in view.posts}
        self._post_marks = {**self._post_marks, **marks} if append else marks
        # Every shown post read by one set of her rules: theirs; mixed: none is known.
        self._keep_reader_mark(view.reader_mark if not append
                               or view.reader_mark == self._read_only("_reader_mark") else "")
        self._send_posts([*self._read_only("posts"), *items] if append else items)
        if not append:
            self._count_new_replies(0)
        self.has_more_posts = view.next_after > 0
        if view.next_after:
            self._shown_after = view.next_after
        self.thread_ready = True

    def _reload(self, viewer: Viewer) -> None:
        """Every post shown so far, fresh (a page of posts at a time)."""
        with open_session() as session:
            view = groups.read_thread(session=session, actor=viewer.actor,
                                           thread_id=self._thread_id)
            self._shown_after = 0
            self._show(viewer, view, append=False)
            self._read_on(session, viewer, view)

    def _read_on(self, session, viewer: Viewer, view: ThreadView) -> None:
        """The posts after ``view``'s, appended, until the thread ends or the tab shows
        ``RELOADED_AT_MOST``; read ``RELOAD_PAGE`` at a time (each read checks her access
        to the thread again: thirty at a time, a reply to a 300-post thread checked it ten
        times)."""
        while view.next_after and len(self.posts) < RELOADED_AT_MOST:
            view = groups.read_thread(session=session, actor=viewer.actor,
                                      thread_id=self._thread_id, after=view.next_after,
                                      limit=RELOAD_PAGE)
            self._show(viewer, view, append=True)

    def _count_new_replies(self, count: int) -> None:
        self._set(new_replies=count,
                  new_replies_text=(translate_count(self.lang, "groups.new_replies", count)
                                    if count else ""))

    def _live_reload(self, viewer: Viewer, only: frozenset[int] | None = None) -> bool:
        """Something changed in this thread (state/live.py): only what changed is read
        and sent (``_show_changes``; ``only``: the posts named as changed). A thread out
        of her sight (she left the group, was suspended, signed out) is refused: nothing
        is sent."""
        return GroupThreadState._live_reload_together([(self, viewer)], only=[only])[0]

    @staticmethod
    def _live_reload_together(tabs: list[tuple[GroupThreadState, Viewer]],
                              only: list[frozenset[int] | None] | None = None,
                              ) -> list[bool]:
        """The live reload of many tabs with a thread open, each as its own viewer, in
        one database session (her own tap, and a push that reads holding its tabs:
        state/live.py). ``only[n]``: the posts tab ``n``'s pushes named as changed (None:
        any may have). Whether each reloaded: False for a tab showing no thread yet, or
        whose viewer may no longer see it (nothing is sent to that tab)."""
        questions = [state._push_question(only[number] if only else None)
                     for number, (state, _) in enumerate(tabs)]
        asked = [number for number, question in enumerate(questions) if question is not None]
        with open_session() as session:
            answers = GroupThreadState._read_answers(
                session, [(questions[number], tabs[number][1]) for number in asked])
        reloaded = [False] * len(tabs)
        marks: dict = {}
        for number, changes in zip(asked, answers, strict=True):
            if changes is not None:
                state, viewer = tabs[number]
                state._show_answer(viewer, changes, marks)
                reloaded[number] = True
        return reloaded

    @staticmethod
    def _read_answers(session, questions: list[tuple[PushQuestion, Viewer]],
                      ) -> list[groups.ThreadChanges | None]:
        """Each question read for its own viewer (None: the thread is out of her sight),
        every reader of one thread in one service call. Reads no tab's state."""
        by_thread: dict[int, list[int]] = {}
        for number, (question, _) in enumerate(questions):
            by_thread.setdefault(question.thread_id, []).append(number)
        answers: list[groups.ThreadChanges | None] = [None] * len(questions)
        for thread_id, numbers in by_thread.items():
            found = groups.read_thread_changes_for(
                session=session, thread_id=thread_id,
                readers=[questions[number][0].asked_by(questions[number][1])
                         for number in numbers])
            for number, changes in zip(numbers, found, strict=True):
                answers[number] = changes
        return answers

    def _push_question(self, only: frozenset[int] | None = None) -> PushQuestion | None:
        """What a live reload asks for this tab (None: it shows no thread yet)."""
        if not self.thread_ready or not self._thread_id:
            return None
        return PushQuestion(thread_id=self._thread_id,
                            shown=tuple(post["id"] for post in self._read_only("posts")),
                            reader_mark=self._read_only("_reader_mark"),
                            cookie=self.router.headers.cookie,
                            bound_viewer_id=self._bound_viewer_id, only=only)

    def _show_answer(self, viewer: Viewer, changes: groups.ThreadChanges,
                     marks: dict) -> None:
        """A live reload's answer shown (``_show_changes``), the digests of post views
        shared with the other tabs of the same push (``marks``)."""
        shared = _MARKS_OF_THIS_PUSH.set(marks)
        try:
            self._show_changes(viewer, changes)
        finally:
            _MARKS_OF_THIS_PUSH.reset(shared)

    def _read_only(self, name: str):
        """A list or dict of this state as the state holds it, to read (never to change
        in place): the plain value, not the change-tracking proxy Reflex hands out for
        ``self.posts``. A push read the shown posts three times in every tab, and going
        through the proxy (a wrapper made per post, per read) was a quarter of a busy
        thread's push."""
        held = self.__dict__
        return held[name] if name in held else getattr(self, name)

    def _changes_asked(self, viewer: Viewer, only: frozenset[int] | None = None,
                       ) -> groups.ChangesAsked | None:
        """What a live reload asks of the thread for this tab, as ``viewer`` (None: it
        shows no thread yet)."""
        question = self._push_question(only)
        return question.asked_by(viewer) if question is not None else None

    def _show_changes(self, viewer: Viewer, changes: groups.ThreadChanges) -> None:
        """The service read, as she may see them now, the posts this tab shows
        (reactions, edits; a post taken down or blocked leaves) and counted the posts she
        may see after the last one it shows, and those she may see now among the shown
        ones (a held post approved after later replies, a hidden one restored): those
        wait behind the bar rather than move the page under her thumb, and its tap
        reloads the thread, each post in its place. The list goes to the browser only
        when a post in it changed; a new reply sends the bar alone."""
        self._show_shown(viewer, changes)
        # Posts after the last one shown wait only once she has read to the end (before,
        # they are the pages still to come); posts back among the shown ones always wait.
        self._count_new_replies(changes.earlier
                                + (0 if self.has_more_posts else changes.newer))

    def _show_shown(self, viewer: Viewer, changes: groups.ThreadChanges) -> None:
        """The shown posts as the service read them now (see ``_show_changes``)."""
        self._show_head(changes.view)
        if changes.only is not None:
            self._show_some(viewer, changes)
        else:
            self._show_every(viewer, changes)
        self._keep_reader_mark(changes.reader_mark)

    def _keep_reader_mark(self, mark: str) -> None:
        if self._read_only("_reader_mark") != mark:  # an equal value would mark it dirty
            self._reader_mark = mark

    def _show_every(self, viewer: Viewer, changes: groups.ThreadChanges) -> None:
        """Every shown post was read again: the list as the service read it."""
        posts, before = self._read_only("posts"), self._read_only("_post_marks")
        shown = [post["id"] for post in posts]
        marks = {post.id: self._mark(viewer, post) for post in changes.view.posts}
        if list(marks) != shown or any(before.get(post_id) != mark
                                       for post_id, mark in marks.items()):
            # Only a post whose mark changed is built again (a reaction on one post of
            # 300 rebuilt all 300 in every tab); the others keep their entry.
            built = {post["id"]: post for post in posts}
            fresh = [built[post.id]
                     if post.id in built and before.get(post.id) == marks[post.id]
                     else self._post_item(viewer, post) for post in changes.view.posts]
            if fresh != posts:
                self._send_posts(fresh)
            self._post_marks = marks

    def _show_some(self, viewer: Viewer, changes: groups.ThreadChanges) -> None:
        """Only the posts the push named were read again (``changes.only``), her rules
        unchanged since this tab's last live read: each of them she may still see takes
        its new entry if its view changed, one she may no longer see leaves, and every
        other entry stays as it is (its post did not change, nor did her rules)."""
        posts, before = self._read_only("posts"), self._read_only("_post_marks")
        read = {post.id: post for post in changes.view.posts}
        marks = dict(before)
        renewed: list[tuple[int, PostItem]] = []
        gone: list[int] = []
        for index, entry in enumerate(posts):
            post_id = entry["id"]
            if post_id not in changes.only:
                continue
            post = read.get(post_id)
            if post is None:  # taken down, held, or out of her sight now
                marks.pop(post_id, None)
                gone.append(index)
                continue
            mark = self._mark(viewer, post)
            if before.get(post_id) != mark:
                renewed.append((index, self._post_item(viewer, post)))
                marks[post_id] = mark
        if gone or len(self._read_only("post_updates")) + len(renewed) > UPDATES_AT_MOST:
            # A post left (or many changed since the list last went whole): the list goes
            # whole, and nothing over it.
            fresh = list(posts)
            for index, item in renewed:
                fresh[index] = item
            for index in reversed(gone):
                del fresh[index]
            self._send_posts(fresh)
        elif renewed:
            # Only entries changed: they go alone. The list here is kept as the page now
            # shows it (changed in place, so Reflex does not send it again).
            for index, item in renewed:
                posts[index] = item
            self.post_updates = {**self._read_only("post_updates"),
                                 **{str(item["id"]): item for _, item in renewed}}
        if renewed or gone:
            self._post_marks = marks

    def _refresh(self, viewer: Viewer) -> None:
        """After her reply: every post shown so far and hers, fresh. The shown posts are
        read as a live push reads them and the posts after them (hers among them) are
        appended in order, which is what ``_reload`` would show, without reading the whole
        thread again. When a post she may see has come back among the shown ones (it
        belongs in its place), or the tab shows no thread, everything is read again."""
        if self._thread_id and not self._catch_up(viewer):
            self._reload(viewer)

    def _catch_up(self, viewer: Viewer) -> bool:
        asked = self._changes_asked(viewer)
        if asked is None or not asked.shown:
            return False
        with open_session() as session:
            caught_up = groups.catch_up_thread(session=session, thread_id=self._thread_id,
                                               asked=asked, limit=RELOAD_PAGE)
            if caught_up is None or caught_up[0].earlier:
                return False
            changes, view = caught_up
            self._show_shown(viewer, changes)
            self._show(viewer, view, append=True)
            self._read_on(session, viewer, view)
        self._count_new_replies(0)
        return True

    def _refresh_shown(self, viewer: Viewer, only: frozenset[int] | None = None) -> None:
        """After a tap on a post she sees (a reaction, an edit, a report, a block, a
        moderator's hide or lock): the posts this tab shows, read as she may see them
        now, and the bar for replies since, as a live push reads them (``_live_reload``):
        nothing moves under her thumb, and the read costs what changed, not the whole
        thread again. ``only``: the post her tap changed, read again alone as a push
        naming it would be. A tab showing no thread yet, or a thread she may no longer
        see, takes the full read, which shows the refusal."""
        if self._thread_id and not self._live_reload(viewer, only):
            self._reload(viewer)

    def _refresh_tapped(self, post_id: int) -> Callable[[Viewer], None]:
        """``_refresh_shown`` after her tap on one post: that post is read again alone
        while her rules are those the tab's posts were read by (a block changes them,
        and then every post is), as a push naming it reads it in her other tabs. What
        others change reaches this tab as their pushes, naming their posts."""
        return lambda viewer: self._refresh_shown(viewer, frozenset({post_id}))

    def _read_first_page(self, viewer: Viewer) -> None:
        with open_session() as session:
            view = groups.read_thread(session=session, actor=viewer.actor,
                                      thread_id=self._thread_id)
        self._shown_after = 0
        self._show(viewer, view, append=False)

    def _read_next_page(self, viewer: Viewer) -> None:
        with open_session() as session:
            view = groups.read_thread(session=session, actor=viewer.actor,
                                      thread_id=self._thread_id, after=self._shown_after)
        self._show(viewer, view, append=True)

    def _clear_answers(self) -> None:
        self.thread_messages, self.flag_post_id = [], 0
        self._answer_at("thread")

    @rx.event
    def load_thread(self):
        self._clear_answers()
        self._send_posts([])
        self.kept_body = ""
        self.thread_ready = self.show_crisis = False
        self._thread_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(self._read_first_page)

    @rx.event
    def show_more_posts(self):
        return self._load(self._read_next_page)

    @rx.event
    def show_new_replies(self):
        """The bar: every post of the thread, fresh, the new replies with them."""
        self._clear_answers()
        return self._load(self._reload)

    def _outcome_words(self, outcome) -> tuple[str, list[str]]:
        tone = "ok" if outcome.status == "visible" else "info"
        keys = outcome.message_keys or (("groups.posted",) if outcome.status == "visible"
                                        else ())
        return tone, [self._t(key, **outcome.message_params) for key in keys]

    def _show_reply_outcome(self, outcome) -> None:
        """A reply: its answer under the reply form; with crisis words, support stands in
        for the form and her words are kept for her ("Back to what I wrote")."""
        self.show_crisis = outcome.show_crisis_resources
        if not self.show_crisis:
            self.kept_body = ""
        if outcome.status != "blocked":
            self.reply_serial += 1
        self.thread_tone, self.thread_messages = self._outcome_words(outcome)

    def _show_edit_outcome(self, outcome) -> None:
        self.show_crisis = outcome.show_crisis_resources
        self.thread_tone, self.thread_messages = self._outcome_words(outcome)

    @rx.event
    def post_reply(self, form_data: dict):
        form = form_of(form_data)
        warning = text(form.get("content_warning"), 400) if ticked(form, "has_warning") else ""
        body = text(form.get("body"), TEXT_LIMIT)
        self._clear_answers()
        self._answer_at("reply")
        self.show_crisis = False
        # Kept before anything happens: a refusal keeps the form, crisis support keeps it here.
        self.kept_body = body
        return self._perform(groups.reply, thread_id=to_id(form.get("thread_id")),
                             body=body, content_warning=warning,
                             anonymous=ticked(form, "anonymous"),
                             then=self._show_reply_outcome, refresh=self._refresh)

    @rx.event
    def return_to_my_words(self):
        """Crisis support steps aside and the reply form comes back with her words (they
        never left this tab's state; nothing is read or saved)."""
        self.show_crisis = False
        self.reply_serial += 1

    @rx.event
    def edit_post(self, form_data: dict):
        form = form_of(form_data)
        self._clear_answers()
        self.show_crisis = False
        return self._perform(groups.edit_post, post_id=to_id(form.get("post_id")),
                             body=text(form.get("body"), TEXT_LIMIT),
                             content_warning=text(form.get("content_warning"), 400),
                             then=self._show_edit_outcome,
                             refresh=self._refresh_tapped(to_id(form.get("post_id"))))

    @rx.event
    def delete_post(self, post_id: int):
        self._clear_answers()
        return self._perform(groups.delete_post, post_id=to_id(post_id), done="groups.deleted",
                             refresh=self._refresh_tapped(to_id(post_id)))

    @rx.event
    def react_to_post(self, post_id: int, kind: str):
        """Her reaction, and that post read again for this tab in the same database
        session, her access checked once for both (``groups.react_and_read``); where
        the service takes the long way, the tab reads as after any tap on a post."""
        self._clear_answers()
        tapped = to_id(post_id)
        viewer = self._viewer()  # (once per event: _perform's look-up is the same one)
        if viewer is None:
            return rx.redirect(routes.SIGN_IN, replace=True)
        question = self._push_question(frozenset({tapped}))
        return self._perform(
            groups.react_and_read, post_id=tapped, kind=text(kind, 16),
            thread_id=self._thread_id,
            asked=question.asked_by(viewer) if question is not None else None,
            then=lambda answer: self._show_reacted(viewer, tapped, answer[1]))

    def _show_reacted(self, viewer: Viewer, tapped: int,
                      changes: groups.ThreadChanges | None) -> None:
        if changes is None:
            self._refresh_quietly(self._refresh_tapped(tapped), viewer)
        else:
            self._show_answer(viewer, changes, {})

    def _flag_sent(self, hidden: bool) -> None:
        """The thanks under the post reported (its report form is gone: the post is now
        reported by her); if the post left her sight, at the top of the thread."""
        keys = ("groups.flag_thanks", *(("groups.flag_hidden",) if hidden else ()))
        if any(post["id"] == self.flag_post_id for post in self.posts):
            self.thread_tone = "ok"
            self.thread_messages = [" ".join(self._t(key) for key in keys)]
        else:
            self._say(*keys)

    @rx.event
    def flag_post(self, form_data: dict):
        form = form_of(form_data)
        post_id = to_id(form.get("post_id"))
        self._clear_answers()
        self._answer_at("flag")
        self.flag_post_id = post_id
        return self._perform(
            groups.flag_post, post_id=post_id,
            reason=text(form.get("reason"), 40), note=text(form.get("note"), 600),
            then=self._flag_sent, refresh=self._refresh_tapped(post_id), refresh_first=True)

    @rx.event
    def block_author(self, post_id: int):
        self._clear_answers()
        # The service says which words fit: the same ones whoever wrote an anonymous post.
        return self._perform(groups.block_author, post_id=to_id(post_id), then=self._say,
                             refresh=self._refresh_tapped(to_id(post_id)))

    @rx.event
    def hide_post(self, post_id: int):
        self._clear_answers()
        return self._perform(moderation.hide_post, post_id=to_id(post_id), done="groups.hidden",
                             refresh=self._refresh_tapped(to_id(post_id)))

    def _set_thread(self, thread_id: object, *, locked: bool | None = None,
                    pinned: bool | None = None):
        target = to_id(thread_id)
        self._clear_answers()

        def change(*, session, actor) -> None:
            if locked is not None:
                moderation.set_thread_locked(session=session, actor=actor, thread_id=target,
                                             locked=locked)
            if pinned is not None:
                moderation.set_thread_pinned(session=session, actor=actor, thread_id=target,
                                             pinned=pinned)
        return self._perform(change, done="groups.thread_updated", refresh=self._refresh_shown)

    @rx.event
    def lock_thread(self, thread_id: int):
        return self._set_thread(thread_id, locked=True)

    @rx.event
    def unlock_thread(self, thread_id: int):
        return self._set_thread(thread_id, locked=False)

    @rx.event
    def pin_thread(self, thread_id: int):
        return self._set_thread(thread_id, pinned=True)

    @rx.event
    def unpin_thread(self, thread_id: int):
        return self._set_thread(thread_id, pinned=False)
