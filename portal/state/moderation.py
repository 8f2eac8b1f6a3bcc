"""Moderators' pages: the review queue, the moderation history, the watched words."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import ClassVar, TypedDict

import reflex as rx

from portal import routes
from portal.db import open_session
from portal.domain.groups import CannedRejection
from portal.i18n import translate_count
from portal.services import moderation
from portal.services.accounts import Viewer
from portal.services.groups import AuthorCard, QueueItemView
from portal.state.base import AppState
from portal.state.groups_text import TEXT_LIMIT, reason, when, word
from portal.state.messages import refusal_text
from portal.state.payload import form_of, text, ticked, to_id


class HistoryLine(TypedDict):
    text: str


class MessageLineItem(TypedDict):
    sender: str
    body: str
    when: str
    subject: bool


class CareChoiceItem(TypedDict):
    value: str
    text: str


class QueueItem(TypedDict):
    id: int
    urgent: bool
    kind: str
    when: str
    reasons: str
    claimed: str
    claimed_by_me: bool
    group: str
    thread_title: str
    thread_href: str
    thread_id: int
    body: str
    warning: str
    post_status: str
    flags: str
    flag_notes: list[str]
    anonymous: bool
    excerpt: str
    author: str
    author_facts: str
    author_history: list[HistoryLine]
    has_author: bool
    is_post: bool
    # A post is shown (a held or flagged post, or an anonymous-block signal about one).
    shows_post: bool
    is_report: bool
    is_held_message: bool
    report_reason: str
    reporter: str
    lines: list[MessageLineItem]
    match_active: bool
    author_hidden: bool
    needs_site_staff: bool
    # A member wrote to staff from Help (site moderators only): answered by a reply.
    is_contact: bool
    # Issue 13 item 10: what a reply answers (the post before it, the opening post).
    has_context: bool
    context_reply: str
    context_reply_author: str
    context_opening: str
    context_opening_author: str
    # Issue 13 item 3: a care message after crisis words (site moderators only).
    care_possible: bool
    care_sent: bool
    care_language: str
    care_choices: list[CareChoiceItem]


class HistoryItem(TypedDict):
    when: str
    text: str


class WordItem(TypedDict):
    id: int
    pattern: str
    readable: str
    category: str
    kind: str
    is_regex: bool


def utcnow() -> datetime:
    return datetime.now(UTC)


def _age(language: str, joined: datetime) -> str:
    days = max((utcnow() - joined).days, 0)
    return translate_count(language, "review.account_age_days", days, days=days)


class ReviewQueueState(AppState):
    queue: list[QueueItem] = []
    queue_waiting: int = 0
    queue_urgent: int = 0
    oldest_wait: str = ""
    queue_page: int = 0
    queue_has_more: bool = False
    can_suspend: bool = False
    queue_ready: bool = False
    _message_place: ClassVar[str] = "review_queue"

    def _history_line(self, viewer: Viewer, entry) -> HistoryLine:
        said = reason(self.lang, entry.reason_key, entry.reason_text)
        return HistoryLine(text=self._t("review.history_line",
                                        when=when(self.lang, viewer.timezone, entry.at),
                                        action=word(self.lang, f"review.verb_{entry.action}"),
                                        moderator=entry.moderator_name or "-",
                                        reason=said or "-"))

    def _facts(self, viewer: Viewer, card: AuthorCard) -> str:
        facts = self._t("review.author_facts", age=_age(self.lang, card.joined_at),
                        trust=word(self.lang, f"review.trust_{card.trust}"),
                        status=word(self.lang, f"review.status_{card.status}"),
                        approved=card.approved_posts, rejected=card.rejected_posts,
                        warnings=card.warnings)
        if card.muted_until is not None and card.muted_until > utcnow():
            facts += " " + self._t("review.muted_until",
                                   until=when(self.lang, viewer.timezone, card.muted_until))
        return facts

    def _lines(self, viewer: Viewer, item: QueueItemView) -> list[MessageLineItem]:
        if item.case is None:
            return []
        return [MessageLineItem(sender=line.sender_name or self._t("groups.author_former_member"),
                                body=line.body, subject=line.is_subject,
                                when=when(self.lang, viewer.timezone, line.at) if line.at else "")
                for line in item.case.lines]

    def _context_author(self, post) -> str:
        if post is None:
            return ""
        if post.anonymous:
            return self._t("review.context_without_name")
        return post.author_name or self._t("groups.author_former_member")

    def _care_choices(self, item: QueueItemView) -> list[CareChoiceItem]:
        if not item.care_possible or item.care_sent:
            return []
        return [CareChoiceItem(value=choice.template, text=choice.text)
                for choice in moderation.care_choices(item.member_language)]

    def _item(self, viewer: Viewer, item: QueueItemView) -> QueueItem:
        card = item.author
        case = item.case
        context = item.context
        replied = context.replied_to if context else None
        opening = context.opening if context else None
        flags = ", ".join(f"{word(self.lang, f'moderation.flag_reason_{name}')} ({count})"
                          for name, count in item.flags)
        return QueueItem(
            id=item.id, urgent=item.urgent, kind=item.kind,
            when=when(self.lang, viewer.timezone, item.created_at),
            reasons=", ".join(word(self.lang, f"review.reason_{r}") for r in item.reasons),
            claimed=item.claimed_by_name, claimed_by_me=item.claimed_by_me,
            group=item.group_name, thread_title=item.thread_title or self._t("groups.untitled"),
            thread_href=routes.group_thread(item.thread_id) if item.thread_id else "",
            thread_id=item.thread_id, body=item.body, warning=item.content_warning,
            post_status=word(self.lang, f"groups.status_{item.post_status}")
            if item.post_status else "",
            flags=flags, flag_notes=list(item.flag_notes), anonymous=item.anonymous,
            excerpt=item.message_excerpt,
            author=card.display_name if card else self._t(
                "review.author_hidden" if item.author_hidden else "groups.author_former_member"),
            author_facts=self._facts(viewer, card) if card else "",
            author_history=[self._history_line(viewer, entry) for entry in card.history]
            if card else [],
            has_author=card is not None, is_post=item.kind == "post",
            shows_post=item.post_id != 0,
            is_report=item.kind == "message", is_held_message=item.kind == "held_message",
            report_reason=word(self.lang, f"moderation.flag_reason_{case.report_reason}")
            if case and case.report_reason else "",
            reporter=case.reporter_name if case else "", lines=self._lines(viewer, item),
            match_active=bool(case and case.match_active), author_hidden=item.author_hidden,
            needs_site_staff=item.needs_site_staff, is_contact=item.kind == "staff_contact",
            has_context=context is not None,
            context_reply=replied.excerpt if replied else "",
            context_reply_author=self._context_author(replied),
            context_opening=opening.excerpt if opening else "",
            context_opening_author=self._context_author(opening),
            care_possible=item.care_possible, care_sent=item.care_sent,
            care_language=word(self.lang, f"care.language_{item.member_language}")
            if item.care_possible else "",
            care_choices=self._care_choices(item))

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            page = moderation.list_queue(session=session, actor=viewer.actor,
                                         page=self.queue_page)
        self.queue = [self._item(viewer, item) for item in page.items]
        self.queue_waiting, self.queue_urgent = page.waiting, page.urgent_waiting
        self.oldest_wait = (self._t("review.oldest_waiting",
                                    since=when(self.lang, viewer.timezone,
                                               page.oldest_waiting_at))
                            if page.oldest_waiting_at else "")
        self.queue_has_more, self.can_suspend = page.has_more, page.can_suspend
        self.queue_ready = True

    @rx.event
    def load_queue(self):
        self._clear_message()
        self.queue, self.queue_page = [], 0
        self.queue_ready = self.can_suspend = self.queue_has_more = False
        self.queue_waiting = self.queue_urgent = 0
        self.oldest_wait = ""
        return self._load(self._refresh)

    def _turn(self, step: int):
        self.queue_page = max(self.queue_page + step, 0)
        return self._load(self._refresh)

    @rx.event
    def show_next_queue_page(self):
        return self._turn(1)

    @rx.event
    def show_previous_queue_page(self):
        return self._turn(-1)

    def _decide(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._refresh, **arguments)

    @rx.event
    def claim_item(self, item_id: int):
        return self._decide(moderation.claim_item, "review.claimed", item_id=to_id(item_id))

    def _is_message(self, item_id: object) -> bool:
        """Whether the shown item is a held private message (only the wording differs)."""
        return any(item["id"] == to_id(item_id) and item["is_held_message"]
                   for item in self.queue)

    @rx.event
    def approve_item(self, item_id: int):
        done = "review.delivered" if self._is_message(item_id) else "review.approved"
        return self._decide(moderation.approve_item, done, item_id=to_id(item_id))

    @rx.event
    def end_item_match(self, item_id: int):
        return self._decide(moderation.end_item_match, "review.match_ended",
                            item_id=to_id(item_id))

    @rx.event
    def hide_item(self, item_id: int):
        return self._decide(moderation.hide_item, "review.hidden", item_id=to_id(item_id))

    @rx.event
    def dismiss_item(self, item_id: int):
        return self._decide(moderation.dismiss_item, "review.dismissed", item_id=to_id(item_id))

    @rx.event
    def reject_item(self, form_data: dict):
        form = form_of(form_data)
        canned = text(form.get("canned"), 40)
        done = "review.not_delivered" if self._is_message(form.get("item_id")) \
            else "review.rejected"
        return self._decide(
            moderation.reject_item, done, item_id=to_id(form.get("item_id")),
            canned=canned if canned in CannedRejection._value2member_map_ else "",
            written=text(form.get("written"), 1000))

    @rx.event
    def edit_and_approve_item(self, form_data: dict):
        form = form_of(form_data)
        return self._decide(moderation.edit_and_approve_item, "review.approved",
                            item_id=to_id(form.get("item_id")),
                            body=text(form.get("body"), TEXT_LIMIT),
                            content_warning=text(form.get("content_warning"), 400))

    @rx.event
    def reply_to_contact(self, form_data: dict):
        form = form_of(form_data)
        return self._decide(moderation.reply_to_contact, "review.replied",
                            item_id=to_id(form.get("item_id")),
                            reply=text(form.get("reply"), 1000))

    @rx.event
    def send_care_message(self, form_data: dict):
        """Issue 13 item 3: the chosen care message goes to the member privately."""
        form = form_of(form_data)
        item_id = to_id(form.get("item_id"))
        # The form gives way to a short "sent" line: bring the card's care panel into view.
        return self._perform(moderation.send_care_message, done="care.sent",
                             refresh=self._refresh, item_id=item_id,
                             template=text(form.get("template"), 40),
                             then=lambda _language: rx.scroll_to(f"care-{item_id}"))

    @rx.event
    def lock_item_thread(self, thread_id: int):
        return self._decide(moderation.set_thread_locked, "review.locked",
                            thread_id=to_id(thread_id), locked=True)

    @rx.event
    def warn_author(self, form_data: dict):
        form = form_of(form_data)
        return self._decide(moderation.warn_author, "review.warned",
                            item_id=to_id(form.get("item_id")),
                            reason=text(form.get("reason"), 1000))

    @rx.event
    def mute_author(self, form_data: dict):
        form = form_of(form_data)
        return self._decide(moderation.mute_author, "review.muted",
                            item_id=to_id(form.get("item_id")), hours=to_id(form.get("hours")),
                            reason=text(form.get("reason"), 1000))

    @rx.event
    def suspend_author(self, form_data: dict):
        form = form_of(form_data)
        return self._decide(moderation.suspend_author, "review.suspended",
                            item_id=to_id(form.get("item_id")),
                            reason=text(form.get("reason"), 1000))


class ModerationHistoryState(AppState):
    history: list[HistoryItem] = []
    history_page: int = 0
    history_has_more: bool = False
    _message_place: ClassVar[str] = "history"

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            rows, more = moderation.list_history(session=session, actor=viewer.actor,
                                                         page=self.history_page)
        self.history = [HistoryItem(
            when=when(self.lang, viewer.timezone, row.at),
            text=self._t("review.history_row",
                         moderator=row.moderator_name or "-",
                         action=word(self.lang, f"review.verb_{row.action}"),
                         member=row.member_name or "-", group=row.group_name or "-",
                         reason=reason(self.lang, row.reason_key, row.reason_text) or "-"))
            for row in rows]
        self.history_has_more = more

    def _clear(self) -> None:
        self.history, self.history_has_more = [], False

    def _show(self, page: int):
        self.history_page = max(page, 0)
        return self._load(self._refresh, clear=self._clear)

    @rx.event
    def load_history(self):
        self._clear_message()
        self.history = []
        return self._show(0)

    @rx.event
    def show_older_history(self):
        return self._show(self.history_page + 1)

    @rx.event
    def show_newer_history(self):
        return self._show(self.history_page - 1)


class WatchedWordsState(AppState):
    words: list[WordItem] = []
    _words_category: str = ""  # the filter chosen (the form shows its own choice)
    words_page: int = 0
    words_has_more: bool = False
    _message_place: ClassVar[str] = "watched_words"
    # Issue 13 item 10: search, the "test a sentence" box, and the word just added
    # (shown right under the form that added it).
    words_search: str = ""
    tested: bool = False
    test_matches: list[WordItem] = []
    just_added: list[WordItem] = []

    def _clear(self) -> None:
        self.words = []

    def _word_item(self, row) -> WordItem:
        return WordItem(id=row.id, pattern=row.pattern, readable=row.readable or row.pattern,
                        category=word(self.lang, f"review.category_{row.category}"),
                        kind=self._t("review.word_regex" if row.is_regex
                                     else "review.word_phrase"),
                        is_regex=row.is_regex)

    def _refresh(self, viewer: Viewer) -> None:
        with open_session() as session:
            rows, more = moderation.list_watched_words(
                session=session, actor=viewer.actor, category=self._words_category,
                page=self.words_page, search=self.words_search)
        self.words = [self._word_item(row) for row in rows]
        self.words_has_more = more

    @rx.event
    def search_words(self, form_data: dict):
        self.words_search = text(form_of(form_data).get("search"), 80)
        self.words_page = 0
        return self._show()

    @rx.event
    def clear_word_search(self):
        self.words_search, self.words_page = "", 0
        return self._show()

    def _tested(self, rows) -> None:
        self.tested = True
        self.test_matches = [self._word_item(row) for row in rows]

    def _test_refused(self, refusal: Exception) -> None:
        self.tested, self.test_matches = False, []
        self._show_message(refusal_text(self.lang, refusal), "error", at="words_test")

    @rx.event
    def try_sentence(self, form_data: dict):
        """Which watched words a sentence matches; the sentence is not kept."""
        self._clear_message(at="words_test")
        self.tested, self.test_matches = False, []
        return self._perform(moderation.try_sentence,
                             sentence=text(form_of(form_data).get("sentence"), 1000),
                             then=self._tested, refused=self._test_refused)

    def _added(self, row) -> None:
        self.just_added = [self._word_item(row)]

    def _show(self):
        return self._load(self._refresh, clear=self._clear)

    @rx.event
    def load_words(self):
        self._clear_message()
        self._clear_message(at="words_test")
        self.words, self.words_page, self._words_category = [], 0, ""
        self.words_search, self.tested = "", False
        self.test_matches, self.just_added = [], []
        return self._show()

    @rx.event
    def filter_words(self, form_data: dict):
        category = text(form_of(form_data).get("category"), 24)
        self._words_category = category if category in (
            "", "personal_details", "recruitment", "crisis", "slur") else ""
        self.words_page = 0
        return self._show()

    @rx.event
    def show_more_words(self):
        self.words_page += 1
        return self._show()

    @rx.event
    def show_first_words(self):
        self.words_page = 0
        return self._show()

    @rx.event
    def add_watched_word(self, form_data: dict):
        form = form_of(form_data)
        self.just_added = []
        return self._perform(
            moderation.add_watched_word, pattern=text(form.get("pattern"), 1000),
            category=text(form.get("category"), 24),
            is_regex=ticked(form, "is_regex"), done="review.word_added",
            then=self._added, refresh=self._refresh)

    @rx.event
    def remove_watched_word(self, form_data: dict):
        """The confirmation step's form: the word's id and an optional reason."""
        form = form_of(form_data)
        word_id = to_id(form.get("word_id"))
        return self._perform(moderation.remove_watched_word, word_id=word_id,
                             reason=text(form.get("reason"), 1000),
                             then=lambda _none: self._forget_added(word_id),
                             done="review.word_removed", refresh=self._refresh)

    def _forget_added(self, word_id: int) -> None:
        """A word removed right after adding it leaves the "just added" line too."""
        self.just_added = [row for row in self.just_added if row["id"] != word_id]
