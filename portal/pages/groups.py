"""Support group pages: the list, one group, starting a conversation."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import answer_lines, field, submit_button
from portal.components.language_picker import language_picker
from portal.components.links import app_link
from portal.components.member_text import member_markdown, member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.domain.languages import language_name
from portal.pages.groups_parts import (
    checkbox,
    crisis_in_place,
    notice_line,
    text_area,
    warning_toggle,
)
from portal.state.base import AppState
from portal.state.groups import ComposeState, GroupPageState, GroupsState

VISIBILITIES = ("open", "request", "invite")


def _membership_button(item) -> rx.Component:
    return rx.match(
        item["status"],
        ("active", app_link(t("groups.open_group"), href=item["href"], class_name="button")),
        ("requested", rx.el.span(t("groups.request_waiting"), class_name="pill")),
        ("invited", rx.el.button(t("groups.accept_invite"),
                                 on_click=GroupsState.join_group(item["id"]),
                                 class_name="button", type="button")),
        rx.el.button(rx.cond(item["visibility"] == "request", t("groups.ask_to_join"),
                             t("groups.join")),
                     on_click=GroupsState.join_group(item["id"]), class_name="button",
                     type="button"),
    )


def group_card(item) -> rx.Component:
    return rx.el.li(
        rx.el.h2(app_link(item["name"], href=item["href"], class_name="text-link")),
        rx.el.p(item["purpose"]),
        rx.el.p(rx.el.span(item["language"], class_name="pill"), " ",
                rx.el.span(t("groups.members_count"), " ", item["members"].to_string(),
                           class_name="muted"),
                " ",
                rx.cond(item["visibility"] == "request",
                        rx.el.span(t("groups.visibility_request"), class_name="pill"),
                        rx.fragment()),
                rx.cond(item["visibility"] == "invite",
                        rx.el.span(t("groups.visibility_invite"), class_name="pill"),
                        rx.fragment())),
        rx.el.div(_membership_button(item), class_name="row"),
        class_name="group-card",
    )


def create_group_form() -> rx.Component:
    return card(
        rx.el.h2(t("groups.create_title")),
        rx.el.form(
            field("groups.field_name", "name", max_length=80),
            field("groups.field_purpose", "purpose", max_length=500),
            text_area("groups.field_rules", "rules", field_id="field-rules", max_length=2000,
                      required=False),
            language_picker(field_id="field-language", name="language",
                            label_key="groups.field_language", hint_key="languages.one_hint",
                            value=rx.cond(AppState.lang == "es", language_name("es", "es"),
                                          language_name("en", "en")), max_length=60),
            rx.el.div(
                rx.el.label(t("groups.field_visibility"), html_for="field-visibility"),
                rx.el.select(*[rx.el.option(t(f"groups.visibility_{v}"), value=v)
                               for v in VISIBILITIES],
                             id="field-visibility", name="visibility", default_value="open"),
            ),
            checkbox("allow_anonymous", "groups.field_allow_anonymous",
                     field_id="field-allow-anonymous"),
            submit_button("groups.create_button"),
            on_submit=GroupsState.create_group,
            reset_on_submit=True,
            class_name="stack",
        ),
    )


def groups_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("groups.intro")),
        sign_in_prompt(),
        notice_line(message_at("groups"), MESSAGE_TONE),
        rx.cond(GroupsState.waiting_posts > 0,
                rx.el.p(t("groups.you_have_waiting"), " ",
                        GroupsState.waiting_posts.to_string(), class_name="notice",
                        id="waiting-posts"),
                rx.fragment()),
        rx.cond(
            GroupsState.notes.length() > 0,
            card(rx.el.h2(t("groups.notes_title")),
                 rx.el.ul(rx.foreach(GroupsState.notes, lambda note: rx.el.li(
                     rx.el.span(note["when"], class_name="muted"), rx.el.br(), note["text"])),
                     class_name="table-list")),
            rx.fragment(),
        ),
        rx.cond(
            GroupsState.can_moderate_any,
            card(rx.el.h2(t("review.tools_title")),
                 rx.el.div(app_link(t("review.queue_link"), href=routes.MODERATION,
                                    class_name="button secondary"),
                           app_link(t("review.history_link"), href=routes.MODERATION_HISTORY,
                                    class_name="button secondary"),
                           rx.cond(GroupsState.can_create_group,
                                   app_link(t("review.words_link"), href=routes.MODERATION_WORDS,
                                            class_name="button secondary"),
                                   rx.fragment()),
                           class_name="row")),
            rx.fragment(),
        ),
        rx.el.ul(rx.foreach(GroupsState.group_list, group_card), class_name="table-list",
                 id="group-list"),
        rx.cond(GroupsState.can_create_group, create_group_form(), rx.fragment()),
        heading_key="groups.title",
    )


# --- one group -----------------------------------------------------------------------

def thread_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(app_link(item["title"], href=item["href"], class_name="text-link"),
                 class_name="thread-title"),
        rx.el.p(
            rx.el.span(item["author"]), " · ", rx.el.span(item["when"], class_name="muted"),
            " · ", t("groups.replies"), " ", item["replies"].to_string(),
            class_name="thread-meta"),
        rx.el.p(
            rx.cond(item["warning"] != "",
                    rx.el.span(t("groups.cw_label"), ": ", member_plain(item["warning"]),
                               class_name="pill"),
                    rx.fragment()),
            rx.cond(item["status"] == "held",
                    rx.el.span(t("groups.status_held"), class_name="pill pill-wait"),
                    rx.fragment()),
            rx.cond(item["status"] == "rejected",
                    rx.el.span(t("groups.status_rejected"), class_name="pill pill-stop"),
                    rx.fragment()),
            rx.cond(item["status"] == "hidden",
                    rx.el.span(t("groups.status_hidden"), class_name="pill pill-wait"),
                    rx.fragment()),
            rx.cond(item["pinned"], rx.el.span(t("groups.pinned"), class_name="pill"),
                    rx.fragment()),
            rx.cond(item["locked"], rx.el.span(t("groups.locked"), class_name="pill"),
                    rx.fragment()),
            class_name="row"),
    )


def _start_thread_link(group) -> rx.Component:
    return app_link(t("groups.start_thread"),
                    href=routes.GROUP_COMPOSE + "?group=" + group["id"].to_string(),
                    class_name="button", id="start-thread")


def _group_actions() -> rx.Component:
    group = GroupPageState.group
    return rx.match(
        group["status"],
        ("active", rx.el.div(
            _start_thread_link(group),
            rx.el.button(t("groups.leave"), on_click=GroupPageState.leave_group(group["id"]),
                         class_name="button secondary", type="button"),
            class_name="row")),
        ("requested", rx.el.div(
            rx.el.span(t("groups.request_waiting"), class_name="pill"),
            rx.el.button(t("groups.withdraw_request"),
                         on_click=GroupPageState.leave_group(group["id"]),
                         class_name="button secondary", type="button"),
            class_name="row")),
        ("invited", rx.el.button(t("groups.accept_invite"),
                                 on_click=GroupPageState.join_group(group["id"]),
                                 class_name="button", type="button")),
        rx.el.div(
            rx.el.button(rx.cond(group["visibility"] == "request", t("groups.ask_to_join"),
                                 t("groups.join")),
                         on_click=GroupPageState.join_group(group["id"]), class_name="button",
                         type="button"),
            rx.cond(GroupPageState.can_assign, _start_thread_link(group), rx.fragment()),
            class_name="row"),
    )


def _moderator_tools() -> rx.Component:
    gid = GroupPageState.group["id"]
    return card(
        rx.el.h2(t("groups.moderate_title")),
        rx.el.h3(t("groups.requests_title")),
        rx.cond(GroupPageState.requests.length() == 0,
                rx.el.p(t("groups.no_requests"), class_name="muted"), rx.fragment()),
        rx.el.ul(rx.foreach(GroupPageState.requests, lambda row: rx.el.li(
            rx.el.strong(row["name"]), " ", rx.el.span(row["since"], class_name="muted"),
            rx.el.div(
                rx.el.button(t("groups.approve_request"),
                             on_click=GroupPageState.approve_request(gid, row["id"]),
                             class_name="button", type="button"),
                rx.el.button(t("groups.decline_request"),
                             on_click=GroupPageState.decline_request(gid, row["id"]),
                             class_name="button secondary", type="button"),
                class_name="row"))), class_name="table-list"),
        rx.el.form(
            rx.el.input(type="hidden", name="group_id",
                        value=GroupPageState.group["id"].to_string()),
            field("groups.invite_name", "display_name", max_length=40),
            submit_button("groups.invite_button", tone="secondary"),
            on_submit=GroupPageState.invite_to_group, reset_on_submit=True, class_name="stack"),
        rx.cond(
            GroupPageState.can_assign,
            rx.fragment(
                rx.el.h3(t("groups.members_title")),
                rx.el.ul(rx.foreach(GroupPageState.active_members, lambda row: rx.el.li(
                    rx.el.strong(row["name"]), " ",
                    rx.cond(row["role"] == "moderator",
                            rx.el.span(t("groups.role_moderator"), class_name="pill"),
                            rx.fragment()),
                    rx.el.div(rx.cond(
                        row["role"] == "moderator",
                        rx.el.button(t("groups.remove_moderator"),
                                     on_click=GroupPageState.remove_moderator(gid, row["id"]),
                                     class_name="button secondary", type="button"),
                        rx.el.button(t("groups.make_moderator"),
                                     on_click=GroupPageState.appoint_moderator(gid, row["id"]),
                                     class_name="button secondary", type="button")),
                        class_name="row"))), class_name="table-list"),
            ),
            rx.fragment(),
        ),
    )


def group_page() -> rx.Component:
    group = GroupPageState.group
    return page_shell(
        rx.el.p(app_link(t("groups.back_to_list"), href=routes.GROUPS, class_name="text-link")),
        notice_line(message_at("group_page"), MESSAGE_TONE),
        rx.cond(
            GroupPageState.group_ready,
            rx.fragment(
                card(
                    rx.el.h2(group["name"], id="group-name"),
                    rx.el.p(group["purpose"]),
                    rx.el.p(rx.el.span(group["language"], class_name="pill"), " ",
                            rx.el.span(t("groups.members_count"), " ",
                                       group["members"].to_string(), class_name="muted")),
                    rx.cond(group["rules"] != "",
                            rx.el.details(rx.el.summary(t("groups.rules_title")),
                                          member_markdown(group["rules"]),
                                          class_name="group-details"),
                            rx.fragment()),
                    _group_actions(),
                    # Issue 13 item 10: the group's moderators edit it and its members.
                    rx.cond(group["moderator"],
                            app_link(t("group_settings.link"),
                                     href=routes.GROUP_SETTINGS + "?id="
                                     + group["id"].to_string(),
                                     class_name="button secondary", id="group-settings-link"),
                            rx.fragment()),
                ),
                rx.cond(GroupPageState.pinned_threads.length() > 0,
                        rx.el.section(rx.el.h2(t("groups.pinned_title")),
                                      rx.el.ul(rx.foreach(GroupPageState.pinned_threads,
                                                          thread_row),
                                               class_name="table-list"),
                                      class_name="mt"),
                        rx.fragment()),
                rx.cond(GroupPageState.feed_open,
                        rx.el.section(
                            rx.el.h2(t("groups.threads_title")),
                            rx.cond(GroupPageState.threads.length() == 0,
                                    rx.el.p(t("groups.no_threads"), class_name="muted"),
                                    rx.fragment()),
                            rx.el.ul(rx.foreach(GroupPageState.threads, thread_row),
                                     class_name="table-list", id="thread-list"),
                            rx.el.div(
                                rx.cond(GroupPageState.has_newer,
                                        rx.el.button(t("groups.newer"),
                                                     on_click=GroupPageState.show_newer_threads,
                                                     class_name="button secondary",
                                                     type="button"),
                                        rx.fragment()),
                                rx.cond(GroupPageState.has_older,
                                        rx.el.button(t("groups.older"),
                                                     on_click=GroupPageState.show_older_threads,
                                                     class_name="button secondary",
                                                     type="button"),
                                        rx.fragment()),
                                class_name="row mt"),
                        ),
                        rx.fragment()),
                rx.cond(group["moderator"], _moderator_tools(), rx.fragment()),
            ),
            rx.fragment(),
        ),
        heading_key="groups.title",
    )


# --- writing -----------------------------------------------------------------------------

def _compose_answer() -> rx.Component:
    return answer_lines(ComposeState.compose_messages, ComposeState.compose_tone,
                        id="compose-answer")


def _posted_card() -> rx.Component:
    return card(_compose_answer(), rx.el.p(t("groups.posted_next")),
                rx.el.div(app_link(t("groups.see_post"), href=ComposeState.posted_href,
                                   class_name="button", id="see-post"),
                          class_name="row"))


def _compose_form() -> rx.Component:
    return card(
        rx.el.form(
            rx.el.input(type="hidden", name="group_id",
                        value=ComposeState.compose_group_id.to_string()),
            field("groups.field_title", "title", max_length=120,
                  default_value=ComposeState.kept_title),
            text_area("groups.field_body", "body", field_id="field-body",
                      hint_key="groups.body_hint", default_value=ComposeState.kept_body),
            warning_toggle("compose"),
            rx.cond(AppState.signed_in & ComposeState.anonymous_allowed,
                    checkbox("anonymous", "groups.post_without_name",
                             field_id="compose-anonymous"),
                    rx.fragment()),
            rx.el.p(t("groups.review_note"), class_name="hint"),
            submit_button("groups.post_button"),
            on_submit=ComposeState.start_thread,
            reset_on_submit=False,
            class_name="stack",
            id="compose-form",
            key=ComposeState.compose_serial,
        ),
        # The answer to posting, right under the button that caused it (issue 13, item 2).
        _compose_answer(),
    )


def compose_page() -> rx.Component:
    return page_shell(
        rx.el.p(app_link(t("groups.back_to_group"), class_name="text-link",
                         href=routes.GROUP + "?id=" + ComposeState.compose_group_id.to_string())),
        rx.el.h2(ComposeState.compose_group_name),
        rx.cond(
            ComposeState.show_crisis,
            # Crisis support where she is, in place of the form (issue 13, item 3).
            crisis_in_place(
                ComposeState.return_to_my_words, _compose_answer(),
                rx.cond(ComposeState.posted_href != "",
                        rx.el.div(app_link(t("groups.see_post"),
                                           href=ComposeState.posted_href,
                                           class_name="button secondary", id="see-post"),
                                  class_name="row"),
                        rx.fragment())),
            rx.cond(
                ComposeState.posted_href != "",
                _posted_card(),
                rx.cond(ComposeState.compose_ready, _compose_form(), _compose_answer()),
            ),
        ),
        heading_key="groups.compose_title",
    )
