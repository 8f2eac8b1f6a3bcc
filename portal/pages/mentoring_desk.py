"""The mentor's desk (requests, mentees, capacity, pause) and the mentor application."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.language_picker import language_picker
from portal.components.links import app_link
from portal.components.member_text import member_markdown
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.vocabulary import FOCUS_AREAS, GENDERS, LANGUAGES, MEETING_MODES
from portal.pages.mentoring import EXPERIENCE_OPTIONS
from portal.pages.mentoring_parts import choice_group, choice_select, notice_line, text_area
from portal.state.mentoring_desk import ApplicationState, MentorDeskState

D = MentorDeskState
A = ApplicationState


def incoming_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(item["name"], class_name="mentor-name"),
        rx.cond(item["from_staff"], rx.el.p(t("mentoring.from_staff"), class_name="pill"),
                rx.fragment()),
        rx.cond(item["goals"] != "", rx.el.p(
            rx.el.span(t("mentoring.their_goals"), class_name="label-inline"), " ",
            rx.el.span(item["goals"], class_name="first-up")), rx.fragment()),
        rx.el.p(rx.el.span(t("mentoring.speaks"), class_name="label-inline"), " ",
                item["languages"]),
        rx.cond(item["note"] != "", member_markdown(item["note"]),
                rx.fragment()),
        rx.cond(item["question"] != "", rx.el.div(
            rx.el.span(t("mentoring.you_asked"), class_name="label-inline"),
            member_markdown(item["question"])), rx.fragment()),
        rx.cond(item["answer"] != "", rx.el.div(
            rx.el.span(t("mentoring.they_answered"), class_name="label-inline"),
            member_markdown(item["answer"])), rx.fragment()),
        rx.el.p(t("mentoring.answer_by"), " ", item["expires"], class_name="muted"),
        rx.el.div(
            rx.el.button(t("mentoring.accept"), on_click=D.accept_request(item["id"]),
                         class_name="button", type="button"),
            class_name="row",
        ),
        rx.el.details(
            rx.el.summary(t("mentoring.decline"), class_name="button secondary summary-button"),
            rx.el.div(
                rx.el.p(t("mentoring.decline_confirm_body")),
                rx.el.button(t("mentoring.decline_confirm"),
                             on_click=D.decline_request(item["id"]), class_name="button danger",
                             type="button", id="confirm-decline-" + item["id"].to_string()),
                class_name="stack confirm-body",
            ),
            class_name="confirm",
        ),
        rx.el.details(
            rx.el.summary(t("mentoring.ask_a_question"), class_name="button secondary "
                          "summary-button"),
            rx.el.form(
                rx.el.input(type="hidden", name="request_id", value=item["id"]),
                text_area("mentoring.question_label", "question", max_length=300,
                          required=True, field_id="question-" + item["id"].to_string()),
                submit_button("mentoring.question_send"),
                on_submit=D.ask_question, class_name="stack confirm-body",
            ),
            class_name="confirm",
        ),
        key=item["id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def mentee_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["partner"]),
        rx.el.p(t("mentoring.together_since"), " ", item["since"], class_name="muted"),
        app_link(t("mentoring.open_messages"), href=routes.MENTORING_MESSAGES + "?match=" +
                 item["id"].to_string(), class_name="button"),
    )


def capacity_card() -> rx.Component:
    return card(
        rx.el.h2(t("mentoring.capacity_title")),
        rx.el.p(t("mentoring.capacity_taken"), " ", rx.el.strong(D.active_count.to_string()),
                " / ", rx.el.strong(D.capacity.to_string()), id="capacity"),
        rx.cond(
            D.paused,
            rx.fragment(
                rx.el.p(t("mentoring.paused_now"), class_name="notice"),
                rx.el.button(t("mentoring.resume"), on_click=D.resume_mentoring,
                             class_name="button", type="button"),
            ),
            rx.fragment(
                rx.el.p(t("mentoring.pause_explained"), class_name="hint"),
                rx.el.button(t("mentoring.pause"), on_click=D.pause_mentoring,
                             class_name="button secondary", type="button"),
            ),
        ),
        rx.el.p(app_link(t("mentoring.edit_profile"), href=routes.MENTORING_APPLY)),
    )


def desk_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("desk"), MESSAGE_TONE),
        rx.cond(
            D.desk_ready,
            rx.fragment(
                capacity_card(),
                card(rx.el.h2(t("mentoring.incoming_title")),
                     rx.cond(D.incoming.length() > 0,
                             rx.el.ul(rx.foreach(D.incoming, incoming_item),
                                      class_name="table-list", id="incoming"),
                             rx.el.p(t("mentoring.no_incoming")))),
                card(rx.el.h2(t("mentoring.mentees_title")),
                     rx.cond(D.mentees.length() > 0,
                             rx.el.ul(rx.foreach(D.mentees, mentee_item),
                                      class_name="table-list", id="mentees"),
                             rx.el.p(t("mentoring.no_mentees")))),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.desk_title",
    )


# --- the application ------------------------------------------------------------------------

def application_form() -> rx.Component:
    genders = (("", "mentoring.not_given"),) + tuple((g, f"gender.{g}") for g in GENDERS)
    seats = tuple((str(n), f"mentoring.seats_{n}") for n in range(1, 7))
    return rx.el.form(
        choice_group("mentoring.apply_languages", "language", LANGUAGES, "language",
                     A.languages),
        language_picker(field_id="apply-other-languages", name="other_languages",
                        label_key="languages.other_label", hint_key="languages.other_hint",
                        value=A.other_languages),
        choice_group("mentoring.apply_focus", "focus", FOCUS_AREAS, "focus", A.focus),
        choice_group("mentoring.apply_modes", "mode", MEETING_MODES, "meeting_mode", A.modes),
        rx.el.div(
            rx.el.label(t("mentoring.region_label"), html_for="field-region"),
            rx.el.input(id="field-region", name="region", max_length=60,
                        default_value=A.region),
            rx.el.p(t("mentoring.apply_region_hint"), class_name="hint"),
        ),
        choice_select("mentoring.apply_capacity", "capacity", seats, A.capacity),
        choice_select("mentoring.apply_experience", "experience_type", EXPERIENCE_OPTIONS,
                      A.experience_type, hint_key="mentoring.apply_experience_hint"),
        choice_select("mentoring.apply_gender", "gender", genders, A.gender),
        text_area("mentoring.apply_bio", "bio", max_length=1000, default_value=A.bio,
                  hint_key="mentoring.apply_bio_hint"),
        rx.cond(
            (A.application_status == "approved") | (A.application_status == "submitted"),
            rx.fragment(),
            rx.el.div(rx.el.input(type="checkbox", id="submit-for-review",
                                  name="submit_for_review", class_name="checkbox"),
                      rx.el.label(t("mentoring.apply_ready"), html_for="submit-for-review"),
                      class_name="row checkbox-row"),
        ),
        submit_button("mentoring.apply_save"),
        on_submit=A.save_application, class_name="stack", key=A.form_key,
        reset_on_submit=False, id="application-form",
    )


def application_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("application"), MESSAGE_TONE),
        rx.cond(
            A.app_ready,
            rx.fragment(
                rx.el.p(rx.el.span(t("mentoring.apply_status"), class_name="label-inline"), " ",
                        rx.match(A.application_status,
                                 ("new", t("mentoring.status.new")),
                                 ("draft", t("mentoring.status.draft")),
                                 ("submitted", t("mentoring.status.submitted")),
                                 ("changes_requested", t("mentoring.status.changes_requested")),
                                 ("approved", t("mentoring.status.approved")),
                                 ("declined", t("mentoring.status.declined")),
                                 ""), id="application-status"),
                rx.match(A.changes_status,
                         ("waiting", rx.el.p(t("mentoring.changes_waiting"),
                                             class_name="notice", id="changes-status")),
                         ("returned", rx.el.p(t("mentoring.changes_returned"),
                                              class_name="notice", id="changes-status")),
                         rx.fragment()),
                rx.foreach(A.held_notes, lambda note: rx.el.p(note, class_name="notice",
                                                              role="status")),
                rx.cond(A.staff_note != "", card(
                    rx.el.h2(t("mentoring.note_from_team")),
                    rx.el.p(A.staff_note, class_name="user-text")), rx.fragment()),
                rx.cond(A.application_status == "declined",
                        rx.el.p(t("mentoring.declined_body")),
                        rx.fragment(rx.el.p(t("mentoring.apply_intro")),
                                    card(application_form()))),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.apply_title",
    )
