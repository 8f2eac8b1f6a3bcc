"""Mentoring for survivors: my mentor, suggestions with reasons, browsing, profiles, intake."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.language_picker import language_picker
from portal.components.links import app_link
from portal.components.member_text import member_markdown
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.domain.vocabulary import FOCUS_AREAS, GENDERS, LANGUAGES, MEETING_MODES
from portal.pages.mentoring_parts import (
    choice_group,
    choice_select,
    detail,
    mentor_link,
    notice_line,
    text_area,
)
from portal.state.base import AppState
from portal.state.calendar_usual import UsuallyFreeState
from portal.state.mentoring import IntakeState, MentoringState

S = MentoringState
EXPERIENCE_OPTIONS = (("", "mentoring.not_given"), ("labor", "experience.labor"),
                      ("sex", "experience.sex"), ("both", "experience.both"),
                      ("prefer_not_to_say", "experience.prefer_not_to_say"))


def hub_message() -> rx.Component:
    return notice_line(message_at("mentoring"), MESSAGE_TONE)


def role_links() -> rx.Component:
    return rx.fragment(
        rx.cond(S.is_staff, card(
            rx.el.h2(t("mentoring.staff_link_title")),
            app_link(t("mentoring.staff_link"), href=routes.MENTORING_STAFF, class_name="button"),
        ), rx.fragment()),
        rx.cond(S.is_mentor, card(
            rx.el.h2(t("mentoring.desk_link_title")),
            rx.el.p(t("mentoring.desk_link_body")),
            app_link(t("mentoring.desk_link"), href=routes.MENTORING_DESK, class_name="button",
                     id="desk-link"),
        ), rx.fragment()),
        rx.cond(S.is_applicant, card(
            rx.el.h2(t("mentoring.apply_link_title")),
            rx.el.p(t("mentoring.apply_link_body")),
            app_link(t("mentoring.apply_link"), href=routes.MENTORING_APPLY, class_name="button"),
        ), rx.fragment()),
    )


def my_mentor_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["partner"]),
        rx.el.p(t("mentoring.together_since"), " ", item["since"], class_name="muted"),
        rx.el.div(
            app_link(t("mentoring.open_messages"), href=routes.MENTORING_MESSAGES + "?match=" +
                     item["id"].to_string(), class_name="button"),
            # issue 13, item 9: book from here (the booking page re-checks the match)
            app_link(t("mentoring.book_session"), href=routes.CALENDAR_BOOK + "?match=" +
                     item["id"].to_string(), class_name="button secondary",
                     id="book-session-" + item["id"].to_string()),
            class_name="row",
        ),
    )


def past_mentor_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(t("mentoring.ended_with"), " ", rx.el.strong(item["partner"]), "."),
        rx.el.p(t("mentoring.read_only_until"), " ", item["ends"], class_name="muted"),
        app_link(t("mentoring.read_messages"), href=routes.MENTORING_MESSAGES + "?match=" +
                 item["id"].to_string(), class_name="button secondary"),
    )


def my_mentor_section() -> rx.Component:
    return card(
        rx.el.h2(t("mentoring.my_mentor_title")),
        rx.cond(
            S.my_mentors.length() > 0,
            rx.el.ul(rx.foreach(S.my_mentors, my_mentor_item), class_name="table-list",
                     id="my-mentors"),
            rx.el.p(t("mentoring.no_mentor_yet")),
        ),
        rx.cond(S.past_mentors.length() > 0,
                rx.el.ul(rx.foreach(S.past_mentors, past_mentor_item), class_name="table-list"),
                rx.fragment()),
    )


def intake_prompt() -> rx.Component:
    return rx.cond(
        S.intake_status == "new",
        card(
            rx.el.h2(t("mentoring.intake_prompt_title")),
            rx.el.p(t("mentoring.intake_prompt_body")),
            rx.el.div(
                app_link(t("mentoring.intake_answer"), href=routes.MENTORING_INTAKE,
                         class_name="button"),
                rx.el.button(t("mentoring.intake_skip"), on_click=S.skip_intake,
                             class_name="button secondary", type="button"),
                class_name="row",
            ),
        ),
        rx.el.p(app_link(t("mentoring.intake_edit"), href=routes.MENTORING_INTAKE)),
    )


def sent_request_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["mentor"]), " · ", rx.el.span(item["status"], class_name="pill"),
        rx.el.p(t("mentoring.sent_on"), " ", item["sent"], class_name="muted"),
        rx.cond(item["note"] != "", member_markdown(item["note"]),
                rx.fragment()),
        rx.cond(
            item["question"] != "",
            rx.el.div(
                rx.el.div(rx.el.span(t("mentoring.their_question"), class_name="label-inline"),
                          member_markdown(item["question"])),
                rx.cond(
                    item["answer"] != "",
                    rx.el.div(rx.el.span(t("mentoring.your_answer"), class_name="label-inline"),
                              member_markdown(item["answer"])),
                    rx.cond(item["pending"], rx.el.form(
                        rx.el.input(type="hidden", name="request_id", value=item["id"]),
                        text_area("mentoring.answer_label", "answer", max_length=500,
                                  required=True,
                                  field_id="answer-" + item["id"].to_string()),
                        submit_button("mentoring.answer_send"),
                        on_submit=S.answer_question, class_name="stack",
                    ), rx.fragment()),
                ),
                class_name="stack",
            ),
            rx.fragment(),
        ),
        rx.cond(item["pending"], rx.el.button(
            t("mentoring.withdraw"), on_click=S.withdraw_request(item["id"]),
            class_name="button secondary", type="button"), rx.fragment()),
        key=item["id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def requests_section() -> rx.Component:
    return rx.cond(
        S.sent_requests.length() > 0,
        card(rx.el.h2(t("mentoring.requests_title")),
             rx.el.ul(rx.foreach(S.sent_requests, sent_request_item), class_name="table-list",
                      id="sent-requests")),
        rx.fragment(),
    )


def suggestion_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(item["name"], class_name="mentor-name"),
        rx.el.ul(rx.foreach(item["reasons"], lambda reason: rx.el.li(reason)),
                 class_name="reasons", aria_label=t("mentoring.why_suggested")),
        rx.el.div(
            mentor_link(item["id"], t("mentoring.view_and_ask")),
            rx.cond(item["saved"],
                    rx.el.button(t("mentoring.unsave"),
                                 on_click=S.mark_mentor(item["id"], ""),
                                 class_name="button secondary", type="button"),
                    rx.el.button(t("mentoring.save"), on_click=S.mark_mentor(item["id"], "saved"),
                                 class_name="button secondary", type="button")),
            rx.el.button(t("mentoring.hide"), on_click=S.mark_mentor(item["id"], "hidden"),
                         class_name="button secondary", type="button"),
            class_name="row",
        ),
        class_name="suggestion",
    )


def suggestions_section() -> rx.Component:
    return rx.cond(
        S.has_free_seat,
        card(
            rx.el.h2(t("mentoring.suggestions_title")),
            rx.el.p(t("mentoring.suggestions_hint"), class_name="hint"),
            rx.cond(
                S.unmet_note != "",
                rx.el.div(
                    rx.el.p(S.unmet_note),
                    rx.el.p(t("mentoring.unmet_language_next")),
                    app_link(t("mentoring.unmet_language_edit"), href=routes.MENTORING_INTAKE),
                    class_name="notice info", id="unmet-language", role="status"),
                rx.fragment(),
            ),
            rx.cond(
                S.suggestions.length() > 0,
                rx.el.ul(rx.foreach(S.suggestions, suggestion_item), class_name="table-list",
                         id="suggestions"),
                rx.el.p(t("mentoring.no_suggestions")),
            ),
            app_link(t("mentoring.browse_all"), href=routes.MENTORING_FIND,
                     class_name="button secondary"),
        ),
        rx.fragment(),
    )


def survivor_sections() -> rx.Component:
    return rx.cond(
        S.can_seek,
        rx.fragment(my_mentor_section(), intake_prompt(), requests_section(),
                    suggestions_section()),
        rx.fragment(),
    )


def mentoring_page() -> rx.Component:
    return page_shell(
        hub_message(),
        rx.cond(
            AppState.signed_in,
            rx.cond(S.hub_ready, rx.fragment(role_links(), survivor_sections()),
                    rx.el.p(t("mentoring.loading"), class_name="muted")),
            rx.fragment(rx.el.p(t("mentoring.intro")), sign_in_prompt()),
        ),
        heading_key="mentoring.title",
    )


# --- browse -------------------------------------------------------------------------------

def mentor_list_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(item["name"], class_name="mentor-name"),
        rx.el.p(rx.el.span(t("mentoring.helps_with"), class_name="label-inline"), " ",
                rx.el.span(item["focus"], class_name="first-up")),
        rx.el.p(rx.el.span(t("mentoring.speaks"), class_name="label-inline"), " ",
                item["languages"]),
        rx.el.p(rx.el.span(t("mentoring.meets_by"), class_name="label-inline"), " ",
                item["modes"]),
        rx.cond(item["has_space"], rx.fragment(),
                rx.el.p(t("mentoring.no_space_now"), class_name="pill")),
        rx.cond(item["pending"], rx.el.p(t("mentoring.request_already_sent_short"),
                                         class_name="pill"), rx.fragment()),
        mentor_link(item["id"], t("mentoring.view_profile")),
    )


def filter_form() -> rx.Component:
    any_option = (("", "mentoring.filter_any"),)
    return rx.el.form(
        choice_select("mentoring.filter_focus", "focus",
                      any_option + tuple((k, f"focus.{k}") for k in FOCUS_AREAS), ""),
        choice_select("mentoring.filter_language", "language",
                      any_option + tuple((k, f"language.{k}") for k in LANGUAGES), ""),
        choice_select("mentoring.filter_mode", "meeting_mode",
                      any_option + tuple((k, f"meeting_mode.{k}") for k in MEETING_MODES), ""),
        rx.el.div(rx.el.input(type="checkbox", id="saved-only", name="saved_only",
                              class_name="checkbox"),
                  rx.el.label(t("mentoring.saved_only"), html_for="saved-only"),
                  class_name="row checkbox-row"),
        rx.el.div(rx.el.input(type="checkbox", id="show-hidden", name="show_hidden",
                              class_name="checkbox"),
                  rx.el.label(t("mentoring.show_hidden"), html_for="show-hidden"),
                  class_name="row checkbox-row"),
        submit_button("mentoring.filter_submit"),
        on_submit=S.filter_mentors, class_name="stack", reset_on_submit=False,
    )


def find_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("mentoring"), MESSAGE_TONE),
        rx.el.p(t("mentoring.find_intro")),
        card(filter_form()),
        rx.cond(
            S.found_mentors.length() > 0,
            rx.el.ul(rx.foreach(S.found_mentors, mentor_list_item), class_name="table-list",
                     id="found-mentors"),
            rx.el.p(t("mentoring.none_found")),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.find_title",
    )


# --- one mentor ---------------------------------------------------------------------------

def request_form() -> rx.Component:
    return rx.cond(
        S.mentor["pending"],
        rx.el.p(t("mentoring.request_pending_here"), class_name="notice"),
        rx.cond(
            S.mentor["has_space"],
            rx.el.form(
                rx.el.input(type="hidden", name="mentor_id", value=S.mentor["id"]),
                text_area("mentoring.note_label", "note", max_length=500,
                          hint_key="mentoring.note_hint"),
                submit_button("mentoring.send_request"),
                on_submit=S.send_request, class_name="stack", id="request-form",
            ),
            rx.el.p(t("mentoring.no_space_now")),
        ),
    )


def mentor_page() -> rx.Component:
    mentor = S.mentor
    return page_shell(
        notice_line(message_at("mentoring"), MESSAGE_TONE),
        rx.cond(
            mentor["id"],  # no id until a mentor is read (state/mentoring.py: NO_MENTOR)
            rx.fragment(
                card(
                    rx.el.h2(mentor["name"], id="mentor-name"),
                    member_markdown(mentor["bio"], id="mentor-bio"),
                    detail("mentoring.helps_with", mentor["focus"]),
                    detail("mentoring.speaks", mentor["languages"]),
                    detail("mentoring.meets_by", mentor["modes"]),
                    detail("mentoring.area", mentor["region"]),
                    detail("mentoring.gender_label", mentor["gender"]),
                    # issue 13, item 9: her weekly hours on the viewer's clock
                    rx.cond(UsuallyFreeState.usually_free != "",
                            rx.el.p(rx.el.span(t("calendar.usually_free"),
                                               class_name="label-inline"),
                                    " ", UsuallyFreeState.usually_free, id="usually-free"),
                            rx.fragment()),
                    # issue 18, item 6: the story she chose to link, while it is published
                    rx.cond(S.mentor_story_href != "",
                            rx.el.p(app_link(t("stories.read_her_story"),
                                             href=S.mentor_story_href,
                                             class_name="button secondary",
                                             id="mentor-story-link"),
                                    " ", rx.el.span(S.mentor_story_title, class_name="muted")),
                            rx.fragment()),
                ),
                card(rx.el.h2(t("mentoring.ask_title")), request_form()),
                rx.el.div(
                    rx.cond(mentor["saved"],
                            rx.el.button(t("mentoring.unsave"),
                                         on_click=S.mark_mentor(mentor["id"], ""),
                                         class_name="button secondary", type="button"),
                            rx.el.button(t("mentoring.save"),
                                         on_click=S.mark_mentor(mentor["id"], "saved"),
                                         class_name="button secondary", type="button")),
                    rx.cond(mentor["hidden"],
                            rx.el.button(t("mentoring.unhide"),
                                         on_click=S.mark_mentor(mentor["id"], ""),
                                         class_name="button secondary", type="button"),
                            rx.el.button(t("mentoring.hide"),
                                         on_click=S.mark_mentor(mentor["id"], "hidden"),
                                         class_name="button secondary", type="button")),
                    class_name="row",
                ),
                rx.el.p(t("mentoring.marks_private"), class_name="hint"),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.mentor_title",
    )


# --- intake -------------------------------------------------------------------------------

def intake_form() -> rx.Component:
    state = IntakeState
    genders = (("", "mentoring.no_preference"),) + tuple(
        (g, f"gender.{g}") for g in GENDERS if g != "prefer_not_to_say")
    return rx.el.form(
        choice_group("mentoring.intake_goals", "goal", FOCUS_AREAS, "focus", state.goals),
        choice_group("mentoring.intake_languages", "language", LANGUAGES, "language",
                     state.languages),
        language_picker(field_id="intake-other-languages", name="other_languages",
                        label_key="languages.other_label", hint_key="languages.other_hint",
                        value=state.other_languages),
        choice_select("mentoring.intake_gender", "preferred_gender", genders,
                      state.preferred_gender),
        rx.el.div(rx.el.input(type="checkbox", id="shared-experience",
                              name="wants_shared_experience", class_name="checkbox",
                              default_checked=state.wants_shared_experience),
                  rx.el.label(t("mentoring.intake_shared"), html_for="shared-experience"),
                  class_name="row checkbox-row"),
        choice_select("mentoring.intake_experience", "experience_type", EXPERIENCE_OPTIONS,
                      state.experience_type, hint_key="mentoring.intake_experience_hint"),
        choice_group("mentoring.intake_modes", "mode", MEETING_MODES, "meeting_mode",
                     state.modes, hint_key="mentoring.intake_modes_hint"),
        rx.el.div(
            rx.el.label(t("mentoring.region_label"), html_for="field-region"),
            rx.el.input(id="field-region", name="region", max_length=60,
                        default_value=state.region),
            rx.el.p(t("mentoring.region_hint"), class_name="hint"),
        ),
        choice_group("mentoring.intake_avoid", "avoid", FOCUS_AREAS, "focus", state.avoid,
                     hint_key="mentoring.intake_avoid_hint"),
        rx.el.div(rx.el.input(type="checkbox", id="open-to-staff", name="open_to_staff",
                              class_name="checkbox", default_checked=state.open_to_staff),
                  rx.el.label(t("mentoring.intake_staff"), html_for="open-to-staff"),
                  class_name="row checkbox-row"),
        submit_button("mentoring.intake_save"),
        on_submit=state.save_intake, class_name="stack", key=state.form_key,
        reset_on_submit=False, id="intake-form",
    )


def intake_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("intake"), "error"),
        rx.el.p(t("mentoring.intake_intro")),
        rx.cond(IntakeState.intake_ready, card(intake_form()), rx.fragment()),
        rx.el.p(app_link(t("mentoring.intake_not_now"), href=routes.MENTORING)),
        heading_key="mentoring.intake_title",
    )
