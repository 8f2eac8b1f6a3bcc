"""A mentorship's private messages, with the fit check, ending, reporting and blocking.

Messages are shown as plain text (never HTML). Ending and blocking ask once more in an
in-page disclosure, not a dialog, so the quick exit is never covered.
"""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import answer_area, submit_button
from portal.components.links import app_link
from portal.components.member_text import member_markdown
from portal.components.page_message import MESSAGE_TONE, message_at, tone_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.mentoring import MEMBER_END_REASONS, EndReason
from portal.domain.moderation import MessageReportReason
from portal.pages.groups_parts import crisis_in_place
from portal.pages.mentoring_parts import mentor_link, notice_line, text_area
from portal.state.mentoring_thread import ThreadState

S = ThreadState


def report_form(item) -> rx.Component:
    """Reporting asks why, so a moderator sees first what may be urgent."""
    field_id = "report-reason-" + item["id"].to_string()
    return rx.el.details(
        rx.el.summary(t("mentoring.report"), class_name="button secondary summary-button"),
        rx.el.form(
            rx.el.input(type="hidden", name="match_id", value=S.match_id),
            rx.el.input(type="hidden", name="message_id", value=item["id"]),
            rx.el.div(
                rx.el.label(t("mentoring.report_reason_label"), html_for=field_id),
                rx.el.select(*[rx.el.option(t(reason.message_key), value=reason.value)
                               for reason in MessageReportReason],
                             id=field_id, name="reason",
                             default_value=MessageReportReason.UNSAFE.value)),
            submit_button("mentoring.report_send", tone="secondary"),
            on_submit=S.report_message, class_name="stack confirm-body"),
        class_name="confirm report",
    )


def own_status(item) -> rx.Component:
    """Only the writer sees a message that waits for a moderator or was not delivered;
    a delivered one says "Seen" (never when) if both of them chose it (issue 15)."""
    return rx.match(
        item["status"],
        ("held", rx.el.p(t("mentoring.message_waiting"), class_name="pill")),
        ("rejected", rx.el.p(t("mentoring.message_not_delivered"), " ", item["review"],
                             class_name="notice notice-error")),
        rx.cond(item["seen"], rx.el.p(t("mentoring.seen"), class_name="hint message-seen"),
                rx.fragment()),
    )


def message_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["sender"]), " · ",
                rx.el.span(item["sent"], class_name="muted")),
        member_markdown(item["body"], class_name="message-body"),
        rx.cond(
            item["mine"],
            own_status(item),
            rx.cond(item["reported"],
                    rx.el.p(t("mentoring.reported_already"), class_name="pill"),
                    report_form(item)),
        ),
        class_name=rx.cond(item["mine"], "message mine", "message"),
        key=item["id"],  # one message, one report form (see test_foreach_keys)
    )


def compose_form() -> rx.Component:
    """The message form, or crisis support in its place with her words kept (issue 13,
    item 3); the answer to sending right under it (item 2)."""
    answer = answer_area(message_at("sent"), tone_at("sent"), id="send-answer")
    return rx.cond(
        S.show_crisis,
        crisis_in_place(S.return_to_my_words, answer),
        rx.fragment(rx.el.form(
            rx.el.input(type="hidden", name="match_id", value=S.match_id),
            text_area("mentoring.message_label", "body", max_length=2000, required=True,
                      hint_key="mentoring.message_hint", default_value=S.kept_body),
            submit_button("mentoring.message_send"),
            on_submit=S.send_message, reset_on_submit=False, class_name="stack",
            id="compose-form", key=S.compose_serial,
        ), answer),
    )


def fit_check() -> rx.Component:
    answer_button = lambda answer, key: rx.el.button(  # noqa: E731 (three tiny buttons)
        t(key), on_click=S.record_fit_check(S.match_id, answer),
        class_name=rx.cond(S.fit_answer == answer, "button", "button secondary"),
        type="button", aria_pressed=rx.cond(S.fit_answer == answer, "true", "false"))
    return rx.cond(
        S.active,
        rx.cond(
            S.first_session_done,
            card(
                rx.el.h2(t("mentoring.fit_title")),
                rx.el.p(t("mentoring.fit_body")),
                rx.el.div(answer_button("good", "mentoring.fit_good"),
                          answer_button("unsure", "mentoring.fit_unsure"),
                          answer_button("not_good", "mentoring.fit_not_good"),
                          class_name="row"),
                rx.cond(S.fit_answer == "not_good", rx.el.p(
                    rx.cond(S.mentee_side, t("mentoring.fit_not_good_mentee"),
                            t("mentoring.fit_not_good_mentor"))), rx.fragment()),
                rx.cond(S.other_mentors.length() > 0, rx.el.ul(
                    rx.foreach(S.other_mentors, lambda item: rx.el.li(
                        rx.el.strong(item["name"]),
                        rx.el.ul(rx.foreach(item["reasons"], lambda r: rx.el.li(r)),
                                 class_name="reasons"),
                        mentor_link(item["id"], t("mentoring.view_profile")))),
                    class_name="table-list", id="other-mentors"), rx.fragment()),
            ),
            card(
                rx.el.p(t("mentoring.first_session_question")),
                rx.el.button(t("mentoring.first_session_yes"),
                             on_click=S.mark_first_session(S.match_id),
                             class_name="button secondary", type="button"),
            ),
        ),
        rx.fragment(),
    )


def confirm(summary_key: str, body_key: str, confirm_key: str, handler,
            tone: str = "danger", element_id: str = "") -> rx.Component:
    return rx.el.details(
        rx.el.summary(t(summary_key), class_name="button secondary summary-button"),
        rx.el.div(
            rx.el.p(t(body_key)),
            rx.el.button(t(confirm_key), on_click=handler, class_name=f"button {tone}",
                         type="button", id=element_id or None),
            class_name="stack confirm-body",
        ),
        class_name="confirm",
    )


def end_reason_choice(reason: EndReason) -> rx.Component:
    choice_id = f"end-reason-{reason.value}"
    return rx.el.div(
        rx.el.input(type="radio", name="reason", value=reason.value, id=choice_id,
                    default_checked=reason == EndReason.UNSAID, class_name="checkbox"),
        rx.el.label(t(f"mentoring.end_reason.{reason.value}"), html_for=choice_id),
        class_name="row checkbox-row")


def end_form() -> rx.Component:
    """Ending asks once more, with an optional reason ("I'd rather not say" is chosen
    already). The sentence under the choices says who sees it: nobody, by name."""
    return rx.el.details(
        rx.el.summary(t("mentoring.end_match"), class_name="button secondary summary-button"),
        rx.el.form(
            rx.el.input(type="hidden", name="match_id", value=S.match_id),
            rx.el.p(t("mentoring.end_confirm_body")),
            rx.el.fieldset(
                rx.el.legend(t("mentoring.end_reason_label")),
                *[end_reason_choice(reason) for reason in MEMBER_END_REASONS],
                rx.el.p(rx.cond(S.mentee_side, t("mentoring.end_reason_hint_mentee"),
                                t("mentoring.end_reason_hint_mentor")),
                        class_name="hint", id="end-reason-hint"),
                class_name="stack"),
            rx.el.button(t("mentoring.end_confirm"), type="submit", class_name="button danger",
                         id="confirm-end"),
            on_submit=S.end_match, class_name="stack confirm-body"),
        class_name="confirm",
    )


def active_tools() -> rx.Component:
    return card(
        rx.el.h2(t("mentoring.tools_title")),
        rx.el.p(t("mentoring.end_explained"), class_name="hint"),
        end_form(),
        confirm("mentoring.block", "mentoring.block_confirm_body", "mentoring.block_confirm",
                S.block_partner(S.match_id), element_id="confirm-block"),
    )


def ended_notice() -> rx.Component:
    return card(
        rx.el.p(rx.cond(S.ended_by_me, t("mentoring.you_ended"), t("mentoring.they_ended")),
                id="ended-notice"),
        rx.cond(S.thread_available,
                rx.el.p(t("mentoring.read_only_until"), " ", S.ends, class_name="muted"),
                rx.el.p(t("mentoring.thread_deleted"), class_name="muted")),
        rx.el.p(t("mentoring.rematch_hint"), class_name="hint"),
        rx.cond(S.rematch_ok,
                rx.el.button(t("mentoring.rematch_take_back"),
                             on_click=S.set_rematch(S.match_id, False),
                             class_name="button secondary", type="button"),
                rx.el.button(t("mentoring.rematch_yes"),
                             on_click=S.set_rematch(S.match_id, True),
                             class_name="button secondary", type="button")),
        rx.el.p(app_link(t("mentoring.find_another"), href=routes.MENTORING)),
    )


def thread_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("thread"), MESSAGE_TONE),
        rx.cond(
            S.thread_ready,
            rx.fragment(
                rx.el.p(t("mentoring.with"), " ", rx.el.strong(S.partner, id="partner-name"),
                        " · ", t("mentoring.together_since"), " ", S.since),
                # issue 13, item 9: the survivor books from her thread (re-checked there)
                rx.cond(S.active & S.mentee_side,
                        app_link(t("mentoring.book_session"),
                                 href=routes.CALENDAR_BOOK + "?match=" + S.match_id.to_string(),
                                 class_name="button secondary", id="thread-book-session"),
                        rx.fragment()),
                rx.cond(S.active, rx.fragment(), ended_notice()),
                fit_check(),
                card(
                    rx.el.h2(t("mentoring.messages_title")),
                    rx.cond(S.has_older, rx.el.button(
                        t("mentoring.older_messages"),
                        on_click=S.show_older_messages(
                            S.match_id, rx.cond(S.earlier_messages.length() > 0,
                                                S.earlier_messages[0]["id"], S.messages[0]["id"])),
                        class_name="button secondary", type="button"), rx.fragment()),
                    rx.cond((S.messages.length() > 0) | (S.earlier_messages.length() > 0),
                            rx.el.ol(rx.foreach(S.earlier_messages, message_item),
                                     rx.foreach(S.messages, message_item), id="messages",
                                     class_name="messages", aria_live="polite"),
                            rx.el.p(t("mentoring.no_messages_yet"), class_name="muted")),
                    rx.el.button(t("mentoring.check_new"), on_click=S.load_thread,
                                 class_name="button secondary", type="button"),
                    rx.cond(S.active, compose_form(),
                            rx.el.p(t("mentoring.thread_read_only_note"), class_name="muted")),
                    class_name="stack",
                ),
                rx.cond(S.active, active_tools(), rx.fragment()),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.thread_title",
    )
