"""My path: her own plan by stage (/path), what a mentee shared with her mentor
(/path/mentee), and the agenda and notes around one session (/path/session).

Calm on purpose: no streaks, no scores, no red marks; "Not now" parks a goal.
"""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.member_text import member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.domain.path import (
    AGENDA_MAX,
    MILESTONE_MAX,
    NOTE_MAX,
    SESSION_NOTE_MAX,
    STAGES,
    STEP_MAX,
    TITLE_MAX,
)
from portal.state.path import MenteePathState, PathSessionState, PathState


def message(text: rx.Var, tone: rx.Var | str = "info") -> rx.Component:
    return rx.cond(text != "", rx.el.p(text, role="status", class_name="notice notice-" + tone),
                   rx.fragment())


def _id(prefix: str, item_id: rx.Var) -> rx.Var:
    return prefix + item_id.to_string()


def hidden(name: str, value: rx.Var) -> rx.Component:
    return rx.el.input(type="hidden", name=name, value=value.to_string())


# --- her plan -------------------------------------------------------------------------

def step_row(step) -> rx.Component:
    return rx.el.li(
        rx.cond(
            step["waiting"],
            rx.el.div(
                rx.el.p(rx.el.span(t("path.suggested_badge"), class_name="pill"), " ",
                        member_plain(step["text"])),
                rx.el.div(
                    rx.el.button(t("path.accept"), type="button", class_name="button",
                                 id=_id("accept-", step["id"]),
                                 on_click=PathState.accept_step(step["id"])),
                    rx.el.button(t("path.let_go"), type="button",
                                 class_name="button secondary",
                                 on_click=PathState.remove_step(step["id"])),
                    class_name="row",
                ),
                class_name="stack",
            ),
            rx.el.div(
                rx.el.button(
                    rx.cond(step["done"], "☑", "☐"), " ", member_plain(step["text"]),
                    type="button", class_name="step-toggle",
                    aria_pressed=rx.cond(step["done"], "true", "false"),
                    disabled=step["ticked_by_link"],
                    on_click=PathState.toggle_step(step["id"])),
                rx.cond(step["ticked_by_link"],
                        rx.el.p(t("path.ticked_by_link"), class_name="hint"), rx.fragment()),
                rx.el.button(t("path.remove_step"), type="button",
                             class_name="button secondary small",
                             on_click=PathState.remove_step(step["id"])),
                class_name="row step-row",
            ),
        ),
        rx.cond(step["has_link"],
                rx.el.p(app_link(step["link_text"], href=step["link_href"]),
                        class_name="hint"),
                rx.fragment()),
        class_name="path-step", key=step["id"],
    )


def add_step_form(goal) -> rx.Component:
    text_id = _id("step-text-", goal["id"])
    link_id = _id("step-link-", goal["id"])
    form = rx.el.form(
        hidden("goal_id", goal["id"]),
        rx.el.label(t("path.step_label"), html_for=text_id),
        rx.el.input(id=text_id, name="text", required=True, max_length=STEP_MAX,
                    auto_complete="off"),
        rx.el.label(t("path.link_label"), html_for=link_id),
        rx.el.select(
            rx.el.option(t("path.no_link"), value=""),
            rx.foreach(PathState.link_choices,
                       lambda choice: rx.el.option(choice["label"], value=choice["value"])),
            id=link_id, name="link", default_value=""),
        submit_button("path.add_step"),
        on_submit=PathState.add_step, reset_on_submit=True, class_name="stack add-step",
    )
    return rx.el.details(
        rx.el.summary(t("path.add_step_title"), id=_id("add-step-", goal["id"])),
        form,
        class_name="resource-details",
    )


def edit_goal(goal) -> rx.Component:
    title_id, month_id = _id("goal-title-", goal["id"]), _id("goal-month-", goal["id"])
    note_id, tick_id = _id("goal-note-", goal["id"]), _id("goal-tick-", goal["id"])
    return rx.el.details(
        rx.el.summary(t("path.edit_goal"), id=_id("edit-goal-", goal["id"])),
        rx.el.form(
            hidden("goal_id", goal["id"]),
            rx.el.label(t("path.own_words_label"), html_for=title_id),
            rx.el.input(id=title_id, name="title", default_value=goal["own_title"],
                        max_length=TITLE_MAX, auto_complete="off",
                        placeholder=goal["title"]),
            rx.el.label(t("path.month_label"), html_for=month_id),
            rx.el.input(id=month_id, name="target_month", type="month",
                        default_value=goal["month_value"]),
            rx.el.p(t("path.month_hint"), class_name="hint"),
            rx.el.label(t("path.note_label"), html_for=note_id),
            rx.el.textarea(id=note_id, name="note", default_value=goal["note"],
                           max_length=NOTE_MAX, rows=3),
            rx.el.p(t("path.note_private"), class_name="hint"),
            rx.el.div(
                rx.el.input(type="checkbox", id=tick_id, name="auto_tick",
                            class_name="checkbox", default_checked=goal["auto_tick"]),
                rx.el.label(t("path.auto_tick_label"), html_for=tick_id),
                class_name="row checkbox-row",
            ),
            submit_button("path.save_goal"),
            on_submit=PathState.save_goal, class_name="stack",
            key=goal["id"].to_string() + goal["note"] + goal["month_value"],
        ),
        rx.el.button(t("path.remove_goal"), type="button", class_name="button secondary",
                     on_click=PathState.remove_goal(goal["id"])),
        class_name="resource-details",
    )


def share_controls(goal) -> rx.Component:
    select_id = _id("share-with-", goal["id"])
    return rx.cond(
        goal["shared"],
        rx.el.div(
            rx.el.p(goal["shared_text"], class_name="hint"),
            rx.el.button(t("path.unshare"), type="button", class_name="button secondary",
                         id=_id("unshare-", goal["id"]),
                         on_click=PathState.unshare_goal(goal["id"])),
            class_name="stack",
        ),
        rx.cond(
            PathState.mentors.length() > 0,
            rx.el.form(
                hidden("goal_id", goal["id"]),
                rx.el.label(t("path.share_with_label"), html_for=select_id),
                rx.el.select(rx.foreach(PathState.mentors, lambda m: rx.el.option(
                    m["label"], value=m["value"])), id=select_id, name="match_id"),
                rx.el.p(t("path.share_hint"), class_name="hint"),
                submit_button("path.share", tone="secondary"),
                on_submit=PathState.share_goal, class_name="stack share-form",
            ),
            rx.fragment(),
        ),
    )


def milestone(goal) -> rx.Component:
    line_id, share_id = _id("milestone-", goal["id"]), _id("milestone-share-", goal["id"])
    return rx.cond(
        goal["status"] == "done",
        rx.el.div(
            rx.cond(PathState.finished_goal_id == goal["id"],
                    rx.el.p(t("path.well_done"), class_name="notice notice-ok",
                            role="status"),
                    rx.fragment()),
            rx.cond(goal["milestone_line"] != "",
                    rx.el.p(member_plain(goal["milestone_line"]), class_name="milestone"),
                    rx.fragment()),
            rx.el.form(
                hidden("goal_id", goal["id"]),
                rx.el.label(t("path.milestone_label"), html_for=line_id),
                rx.el.input(id=line_id, name="line", max_length=MILESTONE_MAX,
                            default_value=goal["milestone_line"], auto_complete="off"),
                rx.cond(goal["shared"], rx.el.div(
                    rx.el.input(type="checkbox", id=share_id, name="share",
                                class_name="checkbox",
                                default_checked=goal["milestone_shared"]),
                    rx.el.label(t("path.milestone_share"), html_for=share_id),
                    class_name="row checkbox-row"), rx.fragment()),
                submit_button("path.save_milestone", tone="secondary"),
                on_submit=PathState.save_milestone, class_name="stack",
            ),
            class_name="stack",
        ),
        rx.fragment(),
    )


def status_buttons(goal) -> rx.Component:
    return rx.el.div(
        rx.cond(goal["status"] == "active", rx.fragment(
            rx.el.button(t("path.done"), type="button", class_name="button",
                         on_click=PathState.set_goal_status(goal["id"], "done")),
            rx.el.button(t("path.not_now"), type="button", class_name="button secondary",
                         on_click=PathState.set_goal_status(goal["id"], "parked")),
        ), rx.el.button(t("path.back_to_it"), type="button", class_name="button secondary",
                        on_click=PathState.set_goal_status(goal["id"], "active"))),
        class_name="row",
    )


def goal_card(goal) -> rx.Component:
    return card(
        rx.el.h3(member_plain(goal["title"])),
        rx.cond(goal["status"] == "parked",
                rx.el.p(rx.el.span(t("path.parked_badge"), class_name="pill")), rx.fragment()),
        rx.cond(goal["status"] == "done",
                rx.el.p(rx.el.span(t("path.done_badge"), class_name="pill")), rx.fragment()),
        rx.cond(goal["target"] != "",
                rx.el.p(t("path.hoping_for"), " ", goal["target"], class_name="hint"),
                rx.fragment()),
        rx.cond(goal["progress"] != "", rx.el.p(goal["progress"]), rx.fragment()),
        rx.el.ul(rx.foreach(goal["steps"], step_row), class_name="path-steps"),
        milestone(goal),
        add_step_form(goal),
        status_buttons(goal),
        share_controls(goal),
        edit_goal(goal),
        class_name="stack path-goal", id=_id("goal-", goal["id"]), key=goal["id"],
    )


def stage_section(stage) -> rx.Component:
    return rx.el.section(
        rx.el.h2(stage["label"]),
        rx.foreach(stage["goals"], goal_card),
        class_name="stack", key=stage["stage"],
    )


def starter_button(item) -> rx.Component:
    return rx.cond(
        item["taken"], rx.fragment(),
        rx.el.li(rx.el.button(item["label"], type="button", class_name="button secondary",
                              id="starter-" + item["key"],
                              on_click=PathState.add_starter_goal(item["key"])),
                 key=item["key"]))


def starter_stage(stage) -> rx.Component:
    return rx.el.details(
        rx.el.summary(stage["label"], id="starter-stage-" + stage["stage"]),
        rx.el.ul(rx.foreach(stage["goals"], starter_button), class_name="stack plain-list"),
        class_name="resource-details", key=stage["stage"],
    )


def own_goal_form() -> rx.Component:
    return rx.el.form(
        rx.el.label(t("path.own_goal_label"), html_for="own-goal-title"),
        rx.el.input(id="own-goal-title", name="title", required=True, max_length=TITLE_MAX,
                    auto_complete="off", placeholder=t("path.own_goal_placeholder")),
        rx.el.label(t("path.stage_label"), html_for="own-goal-stage"),
        rx.el.select(*[rx.el.option(t(f"path.stage.{stage}"), value=stage)
                       for stage in STAGES], id="own-goal-stage", name="stage"),
        submit_button("path.add_goal"),
        on_submit=PathState.add_own_goal, reset_on_submit=True, class_name="stack",
    )


def mentee_row(item) -> rx.Component:
    return rx.el.li(app_link(item["name"], href=item["href"]), " · ", item["shared"])


def path_page() -> rx.Component:
    state = PathState
    return page_shell(
        sign_in_prompt(),
        message(message_at("path"), MESSAGE_TONE),
        rx.cond(state.keeps_path, rx.fragment(
            card(rx.el.p(t("path.intro")), rx.el.p(t("path.only_you"), class_name="hint"),
                 id="path-intro"),
            rx.cond(state.has_goals,
                    rx.el.div(rx.foreach(state.stages, stage_section), class_name="stack",
                              id="my-goals"),
                    rx.el.p(t("path.none_yet"))),
            card(rx.el.h2(t("path.starter_title")), rx.el.p(t("path.starter_hint"),
                                                            class_name="hint"),
                 rx.el.div(rx.foreach(state.starters, starter_stage), class_name="stack"),
                 id="starter-goals"),
            card(rx.el.h2(t("path.own_goal_title")), own_goal_form()),
        ), rx.fragment()),
        rx.cond(state.guides, card(
            rx.el.h2(t("path.mentees_title")),
            rx.cond(state.mentees.length() > 0,
                    rx.el.ul(rx.foreach(state.mentees, mentee_row), id="my-mentees"),
                    rx.el.p(t("path.mentees_none"))),
        ), rx.fragment()),
        heading_key="path.title",
    )


# --- a mentor's view ------------------------------------------------------------------

def shared_step(step) -> rx.Component:
    return rx.el.li(
        rx.cond(step["done"], "☑ ", "☐ "), member_plain(step["text"]),
        rx.cond(step["waiting"],
                rx.el.span(" ", t("path.waiting_for_her"), class_name="hint"), rx.fragment()),
        rx.cond(step["has_link"],
                rx.el.p(app_link(step["link_text"], href=step["link_href"]), class_name="hint"),
                rx.fragment()),
    )


def shared_goal_card(goal) -> rx.Component:
    text_id = _id("suggest-", goal["id"])
    return card(
        rx.el.h2(member_plain(goal["title"])),
        rx.cond(goal["status"] == "parked",
                rx.el.p(rx.el.span(t("path.parked_badge"), class_name="pill")), rx.fragment()),
        rx.cond(goal["status"] == "done",
                rx.el.p(rx.el.span(t("path.done_badge"), class_name="pill")), rx.fragment()),
        rx.cond(goal["target"] != "",
                rx.el.p(t("path.hoping_for"), " ", goal["target"], class_name="hint"),
                rx.fragment()),
        rx.cond(goal["progress"] != "", rx.el.p(goal["progress"]), rx.fragment()),
        rx.el.ul(rx.foreach(goal["steps"], shared_step), class_name="path-steps"),
        rx.cond(goal["milestone_line"] != "",
                rx.el.p(member_plain(goal["milestone_line"]), class_name="milestone"),
                rx.fragment()),
        rx.el.form(
            hidden("goal_id", goal["id"]),
            rx.el.label(t("path.suggest_label"), html_for=text_id),
            rx.el.input(id=text_id, name="text", required=True, max_length=STEP_MAX,
                        auto_complete="off"),
            rx.el.p(t("path.suggest_hint"), class_name="hint"),
            submit_button("path.suggest", tone="secondary"),
            on_submit=MenteePathState.suggest_step, reset_on_submit=True, class_name="stack",
        ),
        class_name="stack path-goal", id=_id("shared-goal-", goal["id"]), key=goal["id"],
    )


def mentee_page() -> rx.Component:
    state = MenteePathState
    return page_shell(
        sign_in_prompt(),
        message(message_at("mentee_path"), MESSAGE_TONE),
        rx.cond(state.mentee_ready, rx.fragment(
            card(rx.el.p(t("path.mentee_intro"), " ",
                         rx.el.strong(state.mentee_name, id="mentee-name")),
                 rx.el.p(t("path.mentee_private"), class_name="hint")),
            rx.cond(state.shared_goals.length() > 0,
                    rx.el.div(rx.foreach(state.shared_goals, shared_goal_card),
                              class_name="stack", id="shared-goals"),
                    rx.el.p(t("path.mentee_nothing_shared"), id="nothing-shared")),
        ), rx.fragment()),
        rx.el.p(app_link(t("path.back_to_path"), href=routes.PATH,
                         class_name="button secondary")),
        heading_key="path.mentee_title",
    )


# --- around a session -----------------------------------------------------------------

def agenda_row(point) -> rx.Component:
    return rx.el.li(
        member_plain(point["text"]),
        rx.cond(point["mine"] & PathSessionState.before,
                rx.el.button(t("path.remove_point"), type="button",
                             class_name="button secondary small",
                             on_click=PathSessionState.remove_agenda_point(point["id"])),
                rx.fragment()),
        class_name="row", key=point["id"],
    )


def session_notes_page() -> rx.Component:
    state = PathSessionState
    return page_shell(
        sign_in_prompt(),
        message(message_at("path_session"), MESSAGE_TONE),
        rx.cond(state.notes_ready, rx.fragment(
            card(rx.el.p(t("path.session_with"), " ", rx.el.strong(state.partner_name)),
                 rx.el.p(state.session_when)),
            card(
                rx.el.h2(t("path.agenda_title")),
                rx.cond(state.agenda.length() > 0,
                        rx.el.ul(rx.foreach(state.agenda, agenda_row), id="agenda"),
                        rx.el.p(t("path.agenda_none"))),
                rx.cond(state.before, rx.el.form(
                    rx.el.label(t("path.agenda_label"), html_for="agenda-text"),
                    rx.el.input(id="agenda-text", name="text", required=True,
                                max_length=AGENDA_MAX, auto_complete="off"),
                    rx.el.p(t("path.agenda_hint"), class_name="hint"),
                    submit_button("path.add_point"),
                    on_submit=state.add_agenda_point, reset_on_submit=True,
                    class_name="stack"), rx.fragment()),
                rx.cond(state.before & (state.topics.length() > 0), rx.el.div(
                    rx.el.h3(t("path.topics_title")),
                    rx.el.ul(rx.foreach(state.topics, lambda topic: rx.el.li(
                        member_plain(topic)))),
                    class_name="stack"), rx.fragment()),
                class_name="stack",
            ),
            rx.cond(state.after, rx.fragment(
                card(rx.el.h2(t("path.private_note_title")),
                     rx.el.form(
                         rx.el.label(t("path.private_note_label"), html_for="private-note"),
                         rx.el.textarea(id="private-note", name="text", rows=4,
                                        max_length=SESSION_NOTE_MAX,
                                        default_value=state.private_note),
                         rx.el.p(t("path.only_you_note"), class_name="hint"),
                         submit_button("path.save_note"),
                         on_submit=state.save_private_note, class_name="stack",
                         key=state.private_note)),
                card(rx.el.h2(t("path.agreed_title")),
                     rx.el.form(
                         rx.el.label(t("path.agreed_label"), html_for="agreed-note"),
                         rx.el.textarea(id="agreed-note", name="text", rows=4,
                                        max_length=SESSION_NOTE_MAX,
                                        default_value=state.agreed_note),
                         rx.el.p(t("path.agreed_hint"), class_name="hint"),
                         submit_button("path.save_note", tone="secondary"),
                         on_submit=state.save_agreed_note, class_name="stack",
                         key=state.agreed_note)),
            ), rx.el.p(t("path.notes_later"), class_name="hint")),
        ), rx.fragment()),
        heading_key="path.session_title",
    )
