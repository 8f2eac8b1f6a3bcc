"""A group's settings (issue 13 item 10): name, purpose and rules, and its members, each
with a "take out of the group" step that asks once more, with a reason."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.groups import GROUP_NAME_MAX, GROUP_PURPOSE_MAX, GROUP_RULES_MAX
from portal.pages.groups_parts import notice_line
from portal.state.group_settings import GroupSettingsState

S = GroupSettingsState


def _group_id() -> rx.Component:
    return rx.el.input(type="hidden", name="group_id", value=S.settings_group_id.to_string())


def _edit_form() -> rx.Component:
    return card(
        rx.el.h2(t("group_settings.edit_title")),
        rx.el.form(
            _group_id(),
            rx.el.div(rx.el.label(t("group_settings.name"), html_for="settings-name"),
                      rx.el.input(id="settings-name", name="name", required=True,
                                  max_length=GROUP_NAME_MAX, default_value=S.settings_name)),
            rx.el.div(rx.el.label(t("group_settings.purpose"), html_for="settings-purpose"),
                      rx.el.textarea(id="settings-purpose", name="purpose", required=True,
                                     rows=3, max_length=GROUP_PURPOSE_MAX,
                                     default_value=S.settings_purpose)),
            rx.el.div(rx.el.label(t("group_settings.rules"), html_for="settings-rules"),
                      rx.el.textarea(id="settings-rules", name="rules", rows=6,
                                     max_length=GROUP_RULES_MAX,
                                     default_value=S.settings_rules),
                      rx.el.p(t("group_settings.rules_hint"), class_name="hint")),
            submit_button("group_settings.save"),
            # A new key after each save: the fields show what was saved.
            key=S.settings_version.to_string(),
            on_submit=S.save_group_settings, class_name="stack", id="group-settings-form"),
        # The answer beside the button that asked for it.
        rx.el.div(notice_line(message_at("group_settings"), MESSAGE_TONE), aria_live="polite"),
    )


def _remove_step(row) -> rx.Component:
    field_id = "remove-reason-" + row["id"].to_string()
    return rx.el.details(
        rx.el.summary(t("group_settings.remove"), class_name="button secondary summary-button"),
        rx.el.form(
            _group_id(),
            rx.el.input(type="hidden", name="member_id", value=row["id"]),
            rx.el.p(t("group_settings.remove_confirm_body")),
            rx.el.label(t("group_settings.remove_reason"), html_for=field_id),
            rx.el.input(id=field_id, name="reason", max_length=300, required=True),
            submit_button("group_settings.remove_confirm", tone="danger"),
            on_submit=S.remove_group_member, class_name="stack confirm-body"),
        class_name="confirm",
    )


def _member(row) -> rx.Component:
    return rx.el.li(
        rx.el.strong(row["name"]),
        rx.cond(row["moderator"],
                rx.el.span(" ", t("groups.role_moderator"), class_name="pill"), rx.fragment()),
        rx.cond(row["me"], rx.fragment(), _remove_step(row)),
        key=row["id"],
    )


def group_settings_page() -> rx.Component:
    return page_shell(
        rx.cond(S.settings_group_id > 0,
                rx.el.p(app_link(t("group_settings.back"),
                                 href=routes.GROUP + "?id=" + S.settings_group_id.to_string(),
                                 class_name="text-link")),
                rx.fragment()),
        rx.cond(
            S.settings_ready,
            rx.fragment(
                _edit_form(),
                card(
                    rx.el.h2(t("group_settings.members_title")),
                    rx.el.p(t("group_settings.members_intro"), class_name="muted"),
                    rx.el.div(notice_line(message_at("removal"), MESSAGE_TONE),
                              aria_live="polite", id="removal-result"),
                    rx.el.ul(rx.foreach(S.settings_members, _member),
                             class_name="table-list", id="settings-members"),
                ),
            ),
            # Refused (not this group's moderator): the calm answer, at the top.
            notice_line(message_at("group_settings"), MESSAGE_TONE),
        ),
        heading_key="group_settings.title",
    )
