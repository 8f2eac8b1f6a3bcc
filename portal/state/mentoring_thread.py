"""One mentorship's page: private messages, the fit check, ending, reporting, blocking."""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx

from portal.db import open_session
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.services.mentoring import MessageView, ThreadView
from portal.state.base import REFUSALS, AppState
from portal.state.live_session import reading_session
from portal.state.mentoring import SuggestionItem
from portal.state.mentoring_text import reason_text, when
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, to_id

MESSAGE_LIMIT = 9000
# The most a tab's window holds before its older part moves above it: a window read
# (``mentoring.LIVE_WINDOW``) then still finds a page of new messages' room.
WINDOW_KEPT = 2 * mentoring.MESSAGE_PAGE


class MessageItem(TypedDict):
    id: int
    mine: bool
    sender: str
    body: str
    sent: str
    reported: bool
    status: str
    review: str
    seen: bool


class ThreadState(AppState):
    thread_ready: bool = False
    match_id: int = 0
    partner: str = ""
    active: bool = False
    mentee_side: bool = False
    since: str = ""
    ends: str = ""
    ended_by_me: bool = False
    thread_available: bool = False
    first_session_done: bool = False
    fit_answer: str = ""
    rematch_ok: bool = False
    # Her "window": the newest page as she opened it and what came since. A new
    # message re-reads the window alone (``_live_reload``); what she opened above it
    # ("older messages") and what scrolled out of it sits in ``earlier_messages``, left
    # as it was, so neither the read nor what is sent grows with the conversation.
    messages: list[MessageItem] = []
    earlier_messages: list[MessageItem] = []
    has_older: bool = False
    other_mentors: list[SuggestionItem] = []
    # After sending: crisis support on the writer's screen only, never stored or sent.
    show_crisis: bool = False
    _message_place: ClassVar[str] = "thread"
    _live_kinds: ClassVar[tuple[str, ...]] = ("match",)  # state/live.py
    # Issue 13, items 2 and 3: the answer to sending sits under the message form; her
    # words are kept while crisis support stands in for the form, and a new number draws
    # the form afresh (empty after a message went, with her words after "Back").
    # (shown at "sent": the tab's one message, state/base.py)
    kept_body: str = ""
    compose_serial: int = 0

    def _message_item(self, viewer: Viewer, message: MessageView) -> MessageItem:
        review = ((self._t(message.review_key) if message.review_key else message.review_text)
                  if message.status == "rejected" else "")
        return MessageItem(id=message.id, mine=message.mine, sender=message.sender_name,
                           body=message.body, sent=when(self.lang, viewer.timezone,
                                                        message.created_at),
                           reported=message.reported, status=message.status, review=review,
                           seen=message.seen)

    def _show(self, viewer: Viewer, thread: ThreadView) -> None:
        """Her thread as opened: the frame and the newest page, nothing above it."""
        self._show_frame(viewer, thread)
        self.earlier_messages = []
        self.messages = [self._message_item(viewer, m) for m in thread.page.messages]
        self.has_older = thread.page.has_older
        self.thread_ready = True

    def _show_frame(self, viewer: Viewer, thread: ThreadView) -> None:
        match = thread.match
        self.match_id = match.id
        self.partner = match.partner_name or self._t("groups.author_former_member")
        self.active = match.status == "active"
        self.mentee_side = match.my_side == "mentee"
        self.since = when(self.lang, viewer.timezone, match.started_at)
        self.ends = when(self.lang, viewer.timezone, match.thread_deleted_after)
        self.ended_by_me = match.ended_by_me
        self.thread_available = match.thread_available
        self.first_session_done = match.first_session_at is not None
        self.fit_answer = match.my_fit_answer
        self.rematch_ok = match.my_rematch_ok

    def _show_window(self, window: list[MessageItem]) -> None:
        """The window as it stands now. Past ``WINDOW_KEPT`` messages, all but the newest
        page move above it, once (``earlier_messages`` changes once per page of new
        messages, not on each)."""
        if len(window) > WINDOW_KEPT:
            moved, window = window[:-mentoring.MESSAGE_PAGE], window[-mentoring.MESSAGE_PAGE:]
            self.earlier_messages = self.get_value("earlier_messages") + moved
        self.messages = window

    def _reset(self) -> None:
        self.thread_ready = False
        self.match_id = 0
        self.partner = self.since = self.ends = self.fit_answer = ""
        self.active = self.mentee_side = self.first_session_done = False
        self.messages, self.earlier_messages, self.other_mentors = [], [], []
        self.has_older = self.show_crisis = False
        self._clear_message(at="sent")
        self.kept_body = ""

    def _reload(self, viewer: Viewer, match_id: int) -> None:
        with reading_session() as session:
            thread = mentoring.open_thread(session=session, actor=viewer.actor,
                                           match_id=match_id)
        self._show(viewer, thread)

    def _live_reload(self, viewer: Viewer) -> bool:
        """A change in this mentorship (state/live.py): her window read again, as she
        would see it on a reload (new messages, a held one delivered, "Seen"); what sits
        above it stays. When more came than a window holds, the newest page afresh."""
        if not self.thread_ready or not self.match_id:
            return False
        window = self.get_value("messages")
        with reading_session() as session:
            thread = mentoring.open_thread(session=session, actor=viewer.actor,
                                           match_id=self.match_id,
                                           from_id=window[0]["id"] if window else 0)
        if thread.page.from_id is None:
            self._show(viewer, thread)
            return True
        self._show_frame(viewer, thread)
        self._show_window([self._message_item(viewer, m) for m in thread.page.messages])
        return True

    def _reloading(self, match_id: object):
        """The refresh after a change: this mentorship's page, fresh."""
        target = to_id(match_id)
        return lambda viewer: self._reload(viewer, target)

    @rx.event
    def load_thread(self):
        self._clear_message()
        self._reset()
        return self._load(self._reloading(self.router.url.query_parameters.get("match", "")),
                          clear=self._reset)

    @rx.event
    def show_older_messages(self, match_id: int, before_id: int):
        def read(viewer: Viewer) -> None:
            with open_session() as session:
                thread = mentoring.open_thread(session=session, actor=viewer.actor,
                                               match_id=to_id(match_id),
                                               before_id=to_id(before_id) or None)
            if thread.match.id != self.match_id:
                self._show(viewer, thread)
                return
            older = [self._message_item(viewer, m) for m in thread.page.messages]
            self.earlier_messages = older + self.get_value("earlier_messages")
            self.has_older = thread.page.has_older
        return self._load(read)

    def _show_notices(self, sent) -> None:
        """What the writer should know about a message just sent, crisis support first."""
        if sent.notice_keys:
            self._show_message(" ".join(self._t(key) for key in sent.notice_keys), "info",
                               at="sent")
            self.show_crisis = sent.show_crisis_resources
        if not self.show_crisis:
            self.kept_body = ""
        self.compose_serial += 1

    def _send_refused(self, refusal: Exception) -> None:
        self._show_message(refusal_text(self.lang, refusal), "error", at="sent")

    @rx.event
    def send_message(self, form_data: dict):
        form = form_of(form_data)
        body = text(form.get("body"), MESSAGE_LIMIT)
        match_id = to_id(form.get("match_id"))
        self.show_crisis = False
        self._clear_message()
        self._clear_message(at="sent")
        self.kept_body = body
        return self._perform(_send_and_read, match_id=match_id, body=body,
                             after_id=self._newest_shown(match_id), then=self._show_sent,
                             refused=self._send_refused)

    def _newest_shown(self, match_id: int) -> int:
        """The newest message this tab shows of that mentorship (0: none yet), or -1
        when it shows another page or none: her page is then read afresh."""
        if not self.thread_ready or self.match_id != match_id or not match_id:
            return -1
        return self.messages[-1]["id"] if self.messages else 0

    def _show_sent(self, sent_and_read) -> None:
        """Her thread as it stands after her message (read in the sending event's own
        session, ``_send_and_read``): what came after the newest message she saw, or the
        page afresh; then what she should know about it."""
        sent, thread, newer = sent_and_read
        viewer = self._viewer()  # this event's, already resolved: no second look-up
        if newer is not None and viewer is not None:
            self._show_window(self.get_value("messages")
                              + [self._message_item(viewer, m) for m in newer])
        elif thread is not None and viewer is not None:
            self._show(viewer, thread)
        self._show_notices(sent)

    @rx.event
    def return_to_my_words(self):
        """Crisis support steps aside and the message form comes back with her words
        (they never left this tab's state; nothing is read or saved)."""
        self.show_crisis = False
        self.compose_serial += 1

    @rx.event
    def report_message(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(mentoring.report_message,
                             message_id=to_id(form.get("message_id")),
                             reason=text(form.get("reason"), 40),
                             done="mentoring.message_reported",
                             refresh=self._reloading(form.get("match_id")))

    @rx.event
    def end_match(self, form_data: dict):
        """Her optional reason goes to the service as it came (no choice: none), which
        refuses anything not offered, a list or a number included."""
        form = form_of(form_data)
        return self._perform(mentoring.end_match, match_id=to_id(form.get("match_id")),
                             reason=form.get("reason"),
                             done="mentoring.match_ended_done",
                             refresh=self._reloading(form.get("match_id")))

    @rx.event
    def block_partner(self, match_id: int):
        return self._perform(mentoring.block_partner, match_id=to_id(match_id),
                             done="mentoring.partner_blocked",
                             refresh=self._reloading(match_id))

    @rx.event
    def mark_first_session(self, match_id: int):
        return self._perform(mentoring.mark_first_session, match_id=to_id(match_id),
                             refresh=self._reloading(match_id))

    @rx.event
    def set_rematch(self, match_id: int, agree: bool):
        return self._perform(mentoring.agree_to_rematch, match_id=to_id(match_id),
                             agree=agree is True, done="mentoring.rematch_saved",
                             refresh=self._reloading(match_id))

    def _show_other_mentors(self, result) -> None:
        lang = self.lang
        self.other_mentors = [
            SuggestionItem(id=s.mentor.id, name=s.mentor.name, saved=s.mentor.saved,
                           reasons=[reason_text(lang, r) for r in s.reasons][:4])
            for s in result.suggestions]

    @rx.event
    def record_fit_check(self, match_id: int, answer: str):
        self.other_mentors = []
        return self._perform(mentoring.record_fit_check, match_id=to_id(match_id),
                             answer=text(answer, 12), then=self._show_other_mentors,
                             done="mentoring.fit_thanks", refresh=self._reloading(match_id))


def _send_and_read(*, session, actor, match_id: int, body: str, after_id: int):
    """Send, then read her thread in the same session (one session per event): the
    message and its notices, and what her page adds after the newest message it shows
    (``mentoring.send_and_read``), or, when it shows none of this mentorship or too
    much came since, the page as a reload would show it. The reads are authorized like
    ``open_thread``; a thread no longer hers is not shown (None), as
    ``_refresh_quietly`` keeps a sent message's answer."""
    if after_id >= 0:
        sent, newer = mentoring.send_and_read(session=session, actor=actor,
                                              match_id=match_id, body=body,
                                              after_id=after_id)
        if newer is not None:
            return sent, None, newer
    else:
        sent = mentoring.send_message(session=session, actor=actor, match_id=match_id,
                                      body=body)
    try:
        thread = mentoring.open_thread(session=session, actor=actor, match_id=match_id)
    except REFUSALS:
        thread = None
    return sent, thread, None
