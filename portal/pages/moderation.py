"""Moderators' pages: the review queue, the moderation history, the watched words."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.member_text import member_markdown, member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.groups import MUTE_HOURS_CHOICES, CannedRejection
from portal.pages.groups_parts import notice_line, text_area, warned
from portal.state.moderation import ModerationHistoryState, ReviewQueueState, WatchedWordsState

Q = ReviewQueueState
CATEGORIES = ("personal_details", "recruitment", "crisis", "slur")


def _nav() -> rx.Component:
    return rx.el.nav(
        app_link(t("review.queue_link"), href=routes.MODERATION, class_name="button secondary"),
        app_link(t("review.history_link"), href=routes.MODERATION_HISTORY,
                 class_name="button secondary"),
        app_link(t("review.words_link"), href=routes.MODERATION_WORDS,
                 class_name="button secondary"),
        class_name="row moderation-nav", aria_label=t("review.tools_title"),
    )


def _hidden_item(item) -> rx.Component:
    return rx.el.input(type="hidden", name="item_id", value=item["id"].to_string())


def _reason_input(item, prefix: str, label_key: str) -> rx.Component:
    field_id = f"{prefix}-reason-{item['id']}"
    return rx.el.div(rx.el.label(t(label_key), html_for=field_id),
                     rx.el.input(id=field_id, name="reason", max_length=500, required=True))


def _reject_form(item, summary_key: str = "review.reject",
                 send_key: str = "review.reject_send") -> rx.Component:
    return rx.el.details(
        rx.el.summary(t(summary_key)),
        rx.el.form(
            _hidden_item(item),
            rx.el.div(
                rx.el.label(t("review.reject_canned"), html_for=f"canned-{item['id']}"),
                rx.el.select(rx.el.option(t("review.reject_write_own"), value=""),
                             *[rx.el.option(t(reason.message_key), value=reason.value)
                               for reason in CannedRejection],
                             id=f"canned-{item['id']}", name="canned", default_value=""),
            ),
            rx.el.div(
                rx.el.label(t("review.reject_written"), html_for=f"written-{item['id']}"),
                rx.el.input(id=f"written-{item['id']}", name="written", max_length=500),
            ),
            submit_button(send_key, tone="danger"),
            on_submit=Q.reject_item, class_name="stack"),
        class_name="post-tool")


def _edit_form(item) -> rx.Component:
    return rx.el.details(
        rx.el.summary(t("review.edit_approve")),
        rx.el.form(
            _hidden_item(item),
            text_area("groups.field_body", "body", field_id=f"review-body-{item['id']}",
                      default_value=item["body"]),
            rx.el.div(
                rx.el.label(t("groups.cw_field"), html_for=f"review-cw-{item['id']}"),
                rx.el.input(id=f"review-cw-{item['id']}", name="content_warning",
                            max_length=100, default_value=item["warning"]),
            ),
            submit_button("review.edit_approve_send"),
            on_submit=Q.edit_and_approve_item, class_name="stack"),
        class_name="post-tool")


def _author_forms(item) -> rx.Component:
    return rx.fragment(
        rx.el.details(
            rx.el.summary(t("review.warn")),
            rx.el.form(_hidden_item(item), _reason_input(item, "warn", "review.reason_for_member"),
                       submit_button("review.warn_send", tone="secondary"),
                       on_submit=Q.warn_author, class_name="stack"),
            class_name="post-tool"),
        rx.cond(item["is_post"], rx.el.details(
            rx.el.summary(t("review.mute")),
            rx.el.form(
                _hidden_item(item),
                rx.el.div(
                    rx.el.label(t("review.mute_for"), html_for=f"mute-hours-{item['id']}"),
                    rx.el.select(*[rx.el.option(t(f"review.mute_{hours}h"), value=str(hours))
                                   for hours in MUTE_HOURS_CHOICES],
                                 id=f"mute-hours-{item['id']}", name="hours",
                                 default_value="24")),
                _reason_input(item, "mute", "review.reason_for_member"),
                submit_button("review.mute_send", tone="secondary"),
                on_submit=Q.mute_author, class_name="stack"),
            class_name="post-tool"), rx.fragment()),
        rx.cond(
            Q.can_suspend,
            rx.el.details(
                rx.el.summary(t("review.suspend")),
                rx.el.form(_hidden_item(item),
                           _reason_input(item, "suspend", "review.reason_for_record"),
                           submit_button("review.suspend_send", tone="danger"),
                           on_submit=Q.suspend_author, class_name="stack"),
                class_name="post-tool"),
            rx.fragment()),
    )


def _author_card(item) -> rx.Component:
    return rx.cond(
        item["has_author"],
        rx.el.div(
            rx.el.p(t("review.author"), " ", rx.el.strong(item["author"]),
                    rx.cond(item["anonymous"],
                            rx.el.span(" ", t("review.posted_without_name"), class_name="pill"),
                            rx.fragment())),
            rx.el.p(item["author_facts"], class_name="muted"),
            rx.cond(item["author_history"].length() > 0,
                    rx.el.details(rx.el.summary(t("review.recent_history")),
                                  rx.el.ul(rx.foreach(item["author_history"],
                                                      lambda line: rx.el.li(line["text"]))),
                                  class_name="group-details"),
                    rx.el.p(t("review.no_history"), class_name="muted")),
            class_name="author-card"),
        rx.el.p(item["author"], class_name="muted"),
    )


def _message_line(line) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(line["sender"]), " · ", rx.el.span(line["when"], class_name="muted")),
        rx.el.p(line["body"], class_name="user-text message-body"),
        class_name=rx.cond(line["subject"], "message subject", "message"),
    )


def _private_message(item) -> rx.Component:
    """A reported or held private message, with the few messages before it."""
    return rx.fragment(
        rx.el.p(rx.cond(item["is_report"], t("review.message_report"),
                        t("review.held_message"))),
        rx.cond(item["report_reason"] != "",
                rx.el.p(t("review.report_reason"), " ", rx.el.strong(item["report_reason"])),
                rx.fragment()),
        rx.cond(item["reporter"] != "",
                rx.el.p(t("review.reported_by"), " ", item["reporter"], class_name="muted"),
                rx.fragment()),
        rx.cond(item["lines"].length() > 0,
                rx.fragment(
                    rx.el.p(t("review.earlier_messages"), class_name="muted"),
                    rx.el.ol(rx.foreach(item["lines"], _message_line),
                             class_name="messages review-messages")),
                rx.el.p(t("review.message_report_elsewhere"), class_name="muted")),
    )


def _contact(item) -> rx.Component:
    """What a member wrote to staff from Help (site moderators only)."""
    return rx.el.div(
        rx.el.p(t("review.contact_from"), class_name="muted"),
        member_markdown(item["body"]),
        class_name="stack")


def _reply_form(item) -> rx.Component:
    field_id = f"reply-{item['id']}"
    return rx.el.form(
        _hidden_item(item),
        rx.el.div(rx.el.label(t("review.reply_label"), html_for=field_id),
                  rx.el.textarea(id=field_id, name="reply", max_length=200, required=True,
                                 rows=3)),
        submit_button("review.reply_send"),
        on_submit=Q.reply_to_contact, class_name="stack")


def _actions(item) -> rx.Component:
    return rx.el.div(
        rx.cond(item["claimed_by_me"], rx.fragment(),
                rx.el.button(t("review.claim"), on_click=Q.claim_item(item["id"]),
                             class_name="button secondary", type="button")),
        rx.cond(item["is_post"],
                rx.fragment(
                    rx.el.button(t("review.approve"), on_click=Q.approve_item(item["id"]),
                                 class_name="button", type="button"),
                    rx.el.button(t("review.hide"), on_click=Q.hide_item(item["id"]),
                                 class_name="button secondary", type="button"),
                    rx.el.button(t("review.lock_thread"),
                                 on_click=Q.lock_item_thread(item["thread_id"]),
                                 class_name="button secondary", type="button")),
                rx.fragment()),
        rx.cond(item["is_held_message"],
                rx.el.button(t("review.deliver"), on_click=Q.approve_item(item["id"]),
                             class_name="button", type="button"),
                rx.fragment()),
        rx.cond(item["match_active"],
                rx.el.button(t("review.end_match"), on_click=Q.end_item_match(item["id"]),
                             class_name="button danger", type="button"),
                rx.fragment()),
        # A message waiting for delivery needs a decision, unless it is gone (erased, purged).
        rx.cond(item["is_held_message"] & (item["lines"].length() > 0), rx.fragment(),
                rx.el.button(t("review.dismiss"), on_click=Q.dismiss_item(item["id"]),
                             class_name="button secondary", type="button")),
        class_name="row")


def _decisions(item) -> rx.Component:
    return rx.fragment(
        _actions(item),
        rx.cond(item["is_post"], rx.fragment(_reject_form(item), _edit_form(item)),
                rx.fragment()),
        rx.cond(item["is_held_message"],
                _reject_form(item, "review.do_not_deliver", "review.do_not_deliver"),
                rx.fragment()),
        rx.cond(item["is_contact"], _reply_form(item), rx.fragment()),
        rx.cond(item["has_author"] & ~item["is_contact"], _author_forms(item), rx.fragment()),
    )


def _context_post(label_key: str, author: rx.Var, excerpt: rx.Var) -> rx.Component:
    return rx.cond(
        excerpt != "",
        rx.el.div(
            rx.el.p(rx.el.span(t(label_key), class_name="label-inline"), " ",
                    rx.el.strong(author), class_name="muted"),
            rx.el.blockquote(member_plain(excerpt), class_name="context-excerpt"),
            class_name="context-post"),
        rx.fragment())


def _thread_context(item) -> rx.Component:
    """What a reply answers (issue 13 item 10): the post before it, the opening post."""
    return rx.cond(
        item["has_context"],
        rx.el.div(
            _context_post("review.context_replying_to", item["context_reply_author"],
                          item["context_reply"]),
            _context_post("review.context_opening", item["context_opening_author"],
                          item["context_opening"]),
            class_name="thread-context"),
        rx.fragment())


def _care_choice(item, choice) -> rx.Component:
    choice_id = "care-" + item["id"].to_string() + "-" + choice["value"]
    return rx.el.div(
        rx.el.input(type="radio", name="template", value=choice["value"], id=choice_id,
                    class_name="checkbox"),
        rx.el.label(choice["text"], html_for=choice_id),
        class_name="row checkbox-row care-choice")


def _care(item) -> rx.Component:
    """An urgent crisis item (issue 13 item 3): what to do, and a private care message
    (site moderators only; the service checks)."""
    return rx.cond(
        item["care_possible"],
        rx.el.section(
            rx.el.h2(t("care.guidance_title")),
            rx.el.p(t("care.guidance_1")),
            rx.el.p(t("care.guidance_2")),
            rx.cond(
                item["care_sent"],
                rx.el.p(t("care.sent_already"), class_name="notice notice-ok care-sent",
                        role="status"),
                rx.el.form(
                    _hidden_item(item),
                    rx.el.fieldset(
                        rx.el.legend(t("care.choose"), " ",
                                     rx.el.span(t("care.in_language"), " ",
                                                item["care_language"], class_name="muted")),
                        rx.foreach(item["care_choices"],
                                   lambda choice: _care_choice(item, choice)),
                    ),
                    rx.el.p(t("care.private_note"), class_name="hint"),
                    submit_button("care.send"),
                    on_submit=Q.send_care_message, class_name="stack care-form"),
            ),
            class_name="care-panel", id="care-" + item["id"].to_string()),
        rx.fragment())


def queue_item(item) -> rx.Component:
    return rx.el.article(
        rx.el.div(
            rx.cond(item["urgent"], rx.el.span(t("review.urgent"), class_name="pill pill-stop"),
                    rx.fragment()),
            rx.el.span(item["reasons"], class_name="pill"),
            rx.el.span(item["when"], class_name="muted"),
            class_name="row"),
        rx.cond(
            item["shows_post"],
            rx.fragment(
                rx.el.p(item["group"], " · ",
                        rx.cond(item["thread_href"] != "",
                                app_link(item["thread_title"], href=item["thread_href"],
                                         class_name="text-link"),
                                item["thread_title"]),
                        " · ", rx.el.span(item["post_status"], class_name="muted")),
                _thread_context(item),
                warned(item["warning"], member_markdown(item["body"])),
                rx.cond(item["flags"] != "",
                        rx.el.p(t("review.flags"), " ", item["flags"], class_name="muted"),
                        rx.fragment()),
                rx.cond(item["flag_notes"].length() > 0,
                        rx.fragment(
                            rx.el.p(t("review.flag_notes"), class_name="muted"),
                            rx.el.ul(rx.foreach(item["flag_notes"],
                                                lambda note: rx.el.li(member_plain(note))),
                                     class_name="flag-notes")),
                        rx.fragment()),
            ),
            rx.cond(item["is_contact"], _contact(item), _private_message(item)),
        ),
        _care(item),
        _author_card(item),
        rx.cond(item["claimed"] != "",
                rx.el.p(t("review.claimed_by"), " ", item["claimed"], class_name="muted"),
                rx.fragment()),
        # Held for personal details or recruitment: a group moderator leaves it to site staff.
        rx.cond(item["needs_site_staff"],
                rx.el.p(t("review.waiting_for_site_staff"), class_name="pill"),
                _decisions(item)),
        class_name=rx.cond(item["urgent"], "card queue-item urgent", "card queue-item"),
        key=item["id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def queue_page() -> rx.Component:
    return page_shell(
        _nav(),
        notice_line(message_at("review_queue"), MESSAGE_TONE),
        rx.cond(
            Q.queue_ready,
            rx.fragment(
                rx.el.p(t("review.waiting"), " ", rx.el.strong(Q.queue_waiting.to_string()),
                        " · ", t("review.urgent_waiting"), " ",
                        rx.el.strong(Q.queue_urgent.to_string()), id="queue-summary"),
                rx.cond(Q.oldest_wait != "", rx.el.p(Q.oldest_wait, class_name="muted"),
                        rx.el.p(t("review.queue_empty"), class_name="muted")),
                rx.el.div(rx.foreach(Q.queue, queue_item), id="review-queue"),
                rx.el.div(
                    rx.cond(Q.queue_page > 0,
                            rx.el.button(t("review.previous_page"),
                                         on_click=Q.show_previous_queue_page,
                                         class_name="button secondary", type="button"),
                            rx.fragment()),
                    rx.cond(Q.queue_has_more,
                            rx.el.button(t("review.next_page"), on_click=Q.show_next_queue_page,
                                         class_name="button secondary", type="button"),
                            rx.fragment()),
                    class_name="row"),
            ),
            rx.fragment(),
        ),
        heading_key="review.queue_title",
    )


def history_page() -> rx.Component:
    H = ModerationHistoryState  # noqa: N806 (a short alias keeps the layout readable)
    return page_shell(
        _nav(),
        notice_line(message_at("history"), "error"),
        rx.el.ul(rx.foreach(H.history, lambda row: rx.el.li(
            rx.el.span(row["when"], class_name="muted"), rx.el.br(), row["text"])),
            class_name="table-list", id="moderation-history"),
        rx.el.div(
            rx.cond(H.history_page > 0,
                    rx.el.button(t("review.newer"), on_click=H.show_newer_history,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            rx.cond(H.history_has_more,
                    rx.el.button(t("review.older"), on_click=H.show_older_history,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            class_name="row mt"),
        heading_key="review.history_title",
    )


def _category_select(field_id: str, *, with_all: bool) -> rx.Component:
    options = [rx.el.option(t("review.category_all"), value="")] if with_all else []
    options += [rx.el.option(t(f"review.category_{c}"), value=c) for c in CATEGORIES]
    return rx.el.div(
        rx.el.label(t("review.word_category"), html_for=field_id),
        rx.el.select(*options, id=field_id, name="category",
                     default_value="" if with_all else "personal_details"))


def _remove_word_step(item) -> rx.Component:
    """Removing a watched word asks once more, with an optional reason for the audit log."""
    field_id = "word-remove-reason-" + item["id"].to_string()
    return rx.el.details(
        rx.el.summary(t("review.word_remove"), class_name="button secondary summary-button"),
        rx.el.form(
            rx.el.input(type="hidden", name="word_id", value=item["id"]),
            rx.el.p(t("review.word_remove_confirm_body")),
            rx.el.label(t("review.word_remove_reason"), html_for=field_id),
            rx.el.input(id=field_id, name="reason", max_length=200),
            submit_button("review.word_remove_confirm", tone="danger"),
            on_submit=WatchedWordsState.remove_watched_word, class_name="stack confirm-body",
        ),
        class_name="confirm",
    )


def _word_line(item) -> rx.Component:
    """A watched word as people read it; a regular expression's pattern stays one tap
    away for the moderator who wants it (issue 13 item 10)."""
    return rx.fragment(
        rx.el.span(item["readable"], class_name="word-readable"), rx.el.br(),
        rx.el.span(item["category"], class_name="pill"), " ",
        rx.el.span(item["kind"], class_name="muted"),
        rx.cond(item["is_regex"],
                rx.el.details(rx.el.summary(t("words.show_pattern")),
                              rx.el.code(item["pattern"])),
                rx.fragment()),
    )


def _add_form() -> rx.Component:
    W = WatchedWordsState  # noqa: N806 (a short alias keeps the layout readable)
    return card(
        rx.el.h2(t("review.word_add_title")),
        rx.el.form(
            rx.el.div(rx.el.label(t("words.plain_label"), html_for="word-pattern"),
                      rx.el.input(id="word-pattern", name="pattern", max_length=200,
                                  required=True, aria_describedby="word-pattern-hint"),
                      rx.el.p(t("words.plain_hint"), id="word-pattern-hint",
                              class_name="hint")),
            _category_select("word-category", with_all=False),
            rx.el.details(
                rx.el.summary(t("words.advanced")),
                rx.el.div(rx.el.input(type="checkbox", name="is_regex", id="word-regex",
                                      class_name="checkbox"),
                          rx.el.label(t("review.word_is_regex"), html_for="word-regex"),
                          class_name="row checkbox-row")),
            submit_button("review.word_add"),
            on_submit=W.add_watched_word, reset_on_submit=True, class_name="stack"),
        # The answer and the word just added, right where the moderator is.
        notice_line(message_at("watched_words"), MESSAGE_TONE),
        rx.el.div(
            rx.foreach(W.just_added, lambda item: rx.el.div(
                rx.el.p(t("words.just_added"), class_name="muted"), _word_line(item),
                _remove_word_step(item), class_name="just-added", key=item["id"])),
            id="just-added", aria_live="polite"),
        id="word-add",
    )


def _test_box() -> rx.Component:
    W = WatchedWordsState  # noqa: N806 (a short alias keeps the layout readable)
    return card(
        rx.el.h2(t("words.test_title")),
        rx.el.form(
            rx.el.div(rx.el.label(t("words.test_label"), html_for="word-test"),
                      rx.el.textarea(id="word-test", name="sentence", rows=2, max_length=1000,
                                     required=True, aria_describedby="word-test-hint"),
                      rx.el.p(t("words.test_hint"), id="word-test-hint", class_name="hint")),
            submit_button("words.test_button", tone="secondary"),
            on_submit=W.try_sentence, class_name="stack"),
        rx.el.div(
            rx.cond(message_at("words_test") != "",
                    rx.el.p(message_at("words_test"), class_name="notice notice-error"),
                    rx.fragment()),
            rx.cond(W.tested,
                    rx.cond(W.test_matches.length() > 0,
                            rx.fragment(
                                rx.el.p(t("words.test_matches"), class_name="label-inline"),
                                rx.el.ul(rx.foreach(W.test_matches, lambda item: rx.el.li(
                                    _word_line(item), key=item["id"])),
                                    class_name="table-list")),
                            rx.el.p(t("words.test_no_match"))),
                    rx.fragment()),
            id="word-test-result", role="status", aria_live="polite"),
        id="word-test-box",
    )


def _search_box() -> rx.Component:
    W = WatchedWordsState  # noqa: N806 (a short alias keeps the layout readable)
    return card(
        rx.el.form(
            rx.el.div(rx.el.label(t("words.search_label"), html_for="word-search"),
                      rx.el.input(id="word-search", name="search", type="search",
                                  max_length=80)),
            submit_button("words.search_button", tone="secondary"),
            on_submit=W.search_words, class_name="stack"),
        rx.cond(W.words_search != "",
                rx.el.div(rx.el.p(t("words.showing_search"), " ",
                                  rx.el.strong(W.words_search)),
                          rx.el.button(t("words.search_clear"), on_click=W.clear_word_search,
                                       class_name="button secondary", type="button"),
                          class_name="row"),
                rx.fragment()),
        rx.el.form(_category_select("word-filter", with_all=True),
                   submit_button("review.word_filter", tone="secondary"),
                   on_submit=W.filter_words, class_name="stack mt"),
    )


def words_page() -> rx.Component:
    W = WatchedWordsState  # noqa: N806 (a short alias keeps the layout readable)
    return page_shell(
        _nav(),
        rx.el.p(t("review.words_intro")),
        _add_form(),
        _test_box(),
        _search_box(),
        rx.cond(W.words.length() == 0,
                rx.el.p(t("words.none_found"), class_name="muted"), rx.fragment()),
        rx.el.ul(rx.foreach(W.words, lambda item: rx.el.li(
            _word_line(item), _remove_word_step(item), key=item["id"])),
            class_name="table-list", id="watched-words"),
        rx.el.div(
            rx.cond(W.words_page > 0,
                    rx.el.button(t("review.first_page"), on_click=W.show_first_words,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            rx.cond(W.words_has_more,
                    rx.el.button(t("review.next_page"), on_click=W.show_more_words,
                                 class_name="button secondary", type="button"),
                    rx.fragment()),
            class_name="row mt"),
        heading_key="review.words_title",
    )
