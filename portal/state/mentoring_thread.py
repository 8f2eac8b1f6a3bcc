"""One mentorship's page: private messages, the fit check, ending, reporting, blocking."""

from __future__ import annotations

from typing import TypedDict

import reflex as rx

from portal.db import open_session
from portal.services import mentoring
from portal.services.accounts import Viewer
from portal.services.errors import PermissionDenied, ServiceError
from portal.services.mentoring import MessageView, ThreadView
from portal.state.base import AppState
from portal.state.mentoring import SuggestionItem
from portal.state.mentoring_text import form_of, reason_text, text, to_int, when


class MessageItem(TypedDict):
    id: int
    mine: bool
    sender: str
    body: str
    sent: str
    reported: bool
    status: str
    review: str


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
    messages: list[MessageItem] = []
    has_older: bool = False
    other_mentors: list[SuggestionItem] = []
    thread_message: str = ""
    message_tone: str = "info"
    # After sending: crisis support on the writer's screen only, never stored or sent.
    show_crisis: bool = False

    def _fail(self, error: Exception) -> None:
        self.message_tone = "error"
        if isinstance(error, PermissionDenied):
            self.thread_message = self._t(error.code)
        elif isinstance(error, ServiceError):
            self.thread_message = self._t(error.code, **error.params)

    def _say(self, key: str) -> None:
        self.message_tone = "ok"
        self.thread_message = self._t(key)

    def _message_item(self, viewer: Viewer, message: MessageView) -> MessageItem:
        review = ((self._t(message.review_key) if message.review_key else message.review_text)
                  if message.status == "rejected" else "")
        return MessageItem(id=message.id, mine=message.mine, sender=message.sender_name,
                           body=message.body, sent=when(self.lang, viewer.timezone,
                                                        message.created_at),
                           reported=message.reported, status=message.status, review=review)

    def _show(self, viewer: Viewer, thread: ThreadView) -> None:
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
        self.messages = [self._message_item(viewer, m) for m in thread.page.messages]
        self.has_older = thread.page.has_older
        self.thread_ready = True

    def _reset(self) -> None:
        self.thread_ready = False
        self.match_id = 0
        self.partner = self.since = self.ends = self.fit_answer = ""
        self.active = self.mentee_side = self.first_session_done = False
        self.messages, self.other_mentors = [], []
        self.has_older = self.show_crisis = False

    def _reload(self, viewer: Viewer, match_id: int) -> None:
        with open_session() as session:
            thread = mentoring.open_thread(session=session, actor=viewer.actor,
                                           match_id=match_id)
        self._show(viewer, thread)

    def _act(self, match_id: object, action, done_key: str = ""):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        target = to_int(match_id)
        try:
            with open_session() as session:
                action(session, viewer, target)
            if done_key:
                self._say(done_key)
            self._reload(viewer, target)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
        return None

    @rx.event
    def load_thread(self):
        self.thread_message = ""
        self._reset()
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            self._reload(viewer, to_int(self.router.url.query_parameters.get("match", "")))
        except (PermissionDenied, ServiceError) as error:
            self._reset()
            self._fail(error)
        return None

    @rx.event
    def show_older_messages(self, match_id: int, before_id: int):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                thread = mentoring.open_thread(session=session, actor=viewer.actor,
                                               match_id=to_int(match_id),
                                               before_id=to_int(before_id) or None)
        except (PermissionDenied, ServiceError) as error:
            self._fail(error)
            return None
        if thread.match.id != self.match_id:
            self._show(viewer, thread)
            return None
        older = [self._message_item(viewer, m) for m in thread.page.messages]
        self.messages = older + self.messages
        self.has_older = thread.page.has_older
        return None

    @rx.event
    def send_message(self, form_data: dict):
        form = form_of(form_data)
        sent: list = []
        self.show_crisis, self.thread_message = False, ""

        def act(session, viewer, match_id):
            sent.append(mentoring.send_message(session=session, actor=viewer.actor,
                                               match_id=match_id,
                                               body=text(form.get("body"), 9000)))
        outcome = self._act(form.get("match_id"), act)
        if sent and sent[0].notice_keys:
            self.message_tone = "info"
            self.thread_message = " ".join(self._t(key) for key in sent[0].notice_keys)
            self.show_crisis = sent[0].show_crisis_resources
        return outcome

    @rx.event
    def report_message(self, form_data: dict):
        form = form_of(form_data)

        def act(session, viewer, _match_id):
            mentoring.report_message(session=session, actor=viewer.actor,
                                     message_id=to_int(form.get("message_id")),
                                     reason=text(form.get("reason"), 40))
        return self._act(form.get("match_id"), act, "mentoring.message_reported")

    @rx.event
    def end_match(self, match_id: int):
        def act(session, viewer, target):
            mentoring.end_match(session=session, actor=viewer.actor, match_id=target)
        return self._act(match_id, act, "mentoring.match_ended_done")

    @rx.event
    def block_partner(self, match_id: int):
        def act(session, viewer, target):
            mentoring.block_partner(session=session, actor=viewer.actor, match_id=target)
        return self._act(match_id, act, "mentoring.partner_blocked")

    @rx.event
    def mark_first_session(self, match_id: int):
        def act(session, viewer, target):
            mentoring.mark_first_session(session=session, actor=viewer.actor, match_id=target)
        return self._act(match_id, act)

    @rx.event
    def set_rematch(self, match_id: int, agree: bool):
        def act(session, viewer, target):
            mentoring.agree_to_rematch(session=session, actor=viewer.actor, match_id=target,
                                       agree=agree is True)
        return self._act(match_id, act, "mentoring.rematch_saved")

    @rx.event
    def record_fit_check(self, match_id: int, answer: str):
        found: list = []

        def act(session, viewer, target):
            result = mentoring.record_fit_check(session=session, actor=viewer.actor,
                                                match_id=target, answer=text(answer, 12))
            found.extend(result.suggestions)
        outcome = self._act(match_id, act, "mentoring.fit_thanks")
        lang = self.lang
        self.other_mentors = [
            SuggestionItem(id=s.mentor.id, name=s.mentor.name, saved=s.mentor.saved,
                           reasons=[reason_text(lang, r) for r in s.reasons][:4])
            for s in found]
        return outcome
