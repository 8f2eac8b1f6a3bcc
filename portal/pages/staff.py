"""Staff: invites, members and the audit log (what each shows depends on the role)."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.state.staff import StaffState

INVITE_ROLES = ("survivor", "mentor_applicant")
STAFF_ROLES = ("moderator", "coordinator", "partner", "admin")


def invite_form() -> rx.Component:
    return rx.el.form(
        rx.el.label(t("staff.invite_role"), html_for="invite-role"),
        rx.el.select(
            *[rx.el.option(t(f"role.{role}"), value=role) for role in INVITE_ROLES],
            rx.cond(StaffState.can_invite_staff,
                    rx.fragment(*[rx.el.option(t(f"role.{role}"), value=role)
                                  for role in STAFF_ROLES]),
                    rx.fragment()),
            id="invite-role", name="role", default_value="survivor",
        ),
        rx.el.label(t("staff.invite_label"), html_for="invite-label"),
        rx.el.input(id="invite-label", name="label", max_length=80,
                    aria_describedby="invite-label-hint"),
        rx.el.p(t("staff.invite_label_hint"), id="invite-label-hint", class_name="hint"),
        rx.el.label(t("staff.invite_organisation"), html_for="invite-org"),
        rx.el.input(id="invite-org", name="organisation", max_length=120),
        rx.el.label(t("staff.invite_uses"), html_for="invite-uses"),
        rx.el.input(id="invite-uses", name="max_uses", type="number", min=1, max=500,
                    default_value="1"),
        rx.el.label(t("staff.invite_days"), html_for="invite-days"),
        rx.el.input(id="invite-days", name="valid_days", type="number", min=1, max=90,
                    default_value="14"),
        submit_button("staff.invite_create"),
        on_submit=StaffState.create_invite,
        reset_on_submit=False,
        class_name="stack",
    )


def new_code_card() -> rx.Component:
    """The new code, shown once: copy it, or copy the sign-up link that carries it (the
    browser copies; nothing is sent anywhere)."""
    return card(
        rx.el.h2(t("staff.new_code_title")),
        rx.cond(StaffState.new_label != "",
                rx.el.p(t("staff.invite_for"), " ", StaffState.new_label, id="new-invite-label"),
                rx.fragment()),
        rx.el.p(rx.el.code(StaffState.new_code, id="new-invite-code", class_name="codes")),
        rx.el.p(t("staff.signup_link"), class_name="muted"),
        rx.el.p(rx.el.code(StaffState.new_link, id="new-invite-link", class_name="invite-link")),
        rx.el.div(
            # Focus lands here when the card appears: the phone scrolls to the new code.
            rx.el.button(t("staff.copy_code"), type="button", id="invite-copy-code",
                         class_name="button secondary", auto_focus=True,
                         on_click=[rx.set_clipboard(StaffState.new_code),
                                   StaffState.invite_copied("code")]),
            rx.el.button(t("staff.copy_link"), type="button", id="invite-copy-link",
                         class_name="button secondary",
                         on_click=[rx.set_clipboard(StaffState.new_link),
                                   StaffState.invite_copied("link")]),
            class_name="row",
        ),
        rx.el.p(message_at("staff_copy"), role="status", aria_live="polite",
                id="invite-copied"),
        rx.el.p(t("staff.new_code_body")),
    )


def invite_row(item) -> rx.Component:
    return rx.el.li(
        rx.cond(item["label"] != "", rx.el.p(rx.el.strong(item["label"])), rx.fragment()),
        rx.el.p(rx.el.strong("…" + item["hint"]), " · ", item["role"], " · ",
                item["organisation"]),
        rx.el.p(t("staff.invite_uses_short"), " ", item["uses"], " · ",
                t("staff.invite_expires"), " ", item["expires"], class_name="muted"),
        rx.el.div(
            rx.cond(
                item["revoked"],
                rx.el.span(t("staff.invite_is_revoked"), class_name="pill"),
                rx.el.button(t("staff.invite_revoke"),
                             on_click=StaffState.revoke_invite(item["id"]),
                             class_name="button secondary", type="button"),
            ),
            class_name="row invite-tools",
        ),
        key=item["id"],
    )


def suspend_step(item) -> rx.Component:
    """Suspending asks once more, in the page, for a reason kept in the audit log."""
    field_id = "suspend-reason-" + item["id"].to_string()
    return rx.el.details(
        rx.el.summary(t("staff.suspend"), class_name="button danger summary-button"),
        rx.el.form(
            rx.el.input(type="hidden", name="member_id", value=item["id"]),
            rx.el.p(t("staff.suspend_confirm_body")),
            rx.el.label(t("staff.suspend_reason"), html_for=field_id),
            rx.el.input(id=field_id, name="reason", max_length=300, required=True),
            submit_button("staff.suspend_confirm", tone="danger"),
            on_submit=StaffState.suspend_member, class_name="stack confirm-body",
        ),
        class_name="confirm suspend-step",
    )


def member_tools(item) -> rx.Component:
    return rx.el.div(
        rx.cond(
            item["status"] == "suspended",
            rx.el.button(t("staff.unsuspend"),
                         on_click=StaffState.unsuspend_member(item["id"]),
                         class_name="button secondary", type="button"),
            suspend_step(item),
        ),
        rx.el.button(t("staff.end_sessions"),
                     on_click=StaffState.end_member_sessions(item["id"]),
                     class_name="button secondary", type="button"),
        class_name="row",
    )


def member_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["name"]), " · ", item["roles"], " · ",
        rx.el.span(item["status"], class_name="pill"),
        rx.el.br(),
        rx.el.span(t("staff.joined"), " ", item["joined"], class_name="muted"),
        rx.cond(
            StaffState.can_suspend,
            # Nobody suspends themselves or ends their own sessions from here.
            rx.cond(item["is_me"], rx.el.p(t("staff.this_is_you"), class_name="muted"),
                    member_tools(item)),
            rx.fragment(),
        ),
        key=item["id"],  # one member, one confirmation form (see test_foreach_keys)
    )


def audit_filters() -> rx.Component:
    return rx.el.form(
        rx.el.label(t("staff.audit_person"), html_for="audit-person"),
        rx.el.select(
            rx.el.option(t("staff.audit_anyone"), value=""),
            rx.foreach(StaffState.audit_people,
                       lambda person: rx.el.option(person["label"], value=person["value"])),
            id="audit-person", name="person", default_value="",
        ),
        rx.el.label(t("staff.audit_action"), html_for="audit-action"),
        rx.el.select(
            rx.el.option(t("staff.audit_any_action"), value=""),
            rx.foreach(StaffState.audit_actions,
                       lambda action: rx.el.option(action["label"], value=action["value"])),
            id="audit-action", name="action", default_value="",
        ),
        rx.el.div(
            rx.el.div(rx.el.label(t("staff.audit_since"), html_for="audit-since"),
                      rx.el.input(id="audit-since", name="since", type="date")),
            rx.el.div(rx.el.label(t("staff.audit_until"), html_for="audit-until"),
                      rx.el.input(id="audit-until", name="until", type="date")),
            class_name="row",
        ),
        rx.el.div(
            rx.el.input(type="checkbox", id="audit-reads", name="reads", class_name="checkbox"),
            rx.el.label(t("staff.audit_show_reads"), html_for="audit-reads"),
            class_name="row checkbox-row",
        ),
        submit_button("staff.audit_filter", tone="secondary"),
        on_submit=StaffState.filter_audit,
        reset_on_submit=False,
        class_name="stack",
    )


def audit_row(row) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(row["who"]), " · ", row["action"],
                rx.cond(row["times"] != "", rx.el.span(", ", row["times"]), rx.fragment()),
                rx.cond(row["target"] != "", rx.el.span(" · ", row["target"]), rx.fragment())),
        rx.el.p(row["at"], rx.cond(row["detail"] != "", rx.el.span(" · ", row["detail"]),
                                   rx.fragment()), class_name="muted"),
        key=row["id"],
    )


def audit_card() -> rx.Component:
    return card(
        rx.el.h2(t("staff.audit_title")),
        rx.el.p(t("staff.audit_intro"), class_name="hint"),
        audit_filters(),
        rx.el.p(rx.cond(message_at("audit") != "", message_at("audit"),
                        rx.cond(StaffState.audit_rows.length() > 0, "", t("staff.audit_empty"))),
                role="status", aria_live="polite", id="audit-message"),
        rx.el.ul(rx.foreach(StaffState.audit_rows, audit_row), class_name="table-list",
                 id="audit-log"),
        rx.el.div(
            rx.cond(StaffState.audit_page > 0,
                    rx.el.button(t("staff.audit_newer"), type="button",
                                 on_click=StaffState.previous_audit_page,
                                 class_name="button secondary"),
                    rx.fragment()),
            rx.cond(StaffState.audit_has_more,
                    rx.el.button(t("staff.audit_older"), type="button",
                                 on_click=StaffState.next_audit_page,
                                 class_name="button secondary"),
                    rx.fragment()),
            class_name="row",
        ),
    )


def staff_page() -> rx.Component:
    return page_shell(
        rx.cond(message_at("staff") != "",
                rx.el.p(message_at("staff"), role="status", class_name="notice"),
                rx.fragment()),
        rx.cond(StaffState.new_code != "", new_code_card(), rx.fragment()),
        rx.cond(StaffState.can_see_insights,
                card(app_link(t("insights.nav"), href=routes.INSIGHTS, id="insights-link",
                              class_name="button secondary")),
                rx.fragment()),
        card(rx.el.h2(t("staff.invites_title")), invite_form()),
        card(rx.el.h2(t("staff.invite_list_title")),
             rx.el.ul(rx.foreach(StaffState.invites, invite_row), class_name="table-list")),
        card(
            rx.el.h2(t("staff.members_title")),
            rx.el.form(
                rx.el.label(t("staff.search"), html_for="member-search"),
                rx.el.input(id="member-search", name="search", max_length=40),
                submit_button("staff.search_button", tone="secondary"),
                on_submit=StaffState.search_members,
                class_name="stack",
            ),
            rx.el.ul(rx.foreach(StaffState.members, member_row), class_name="table-list",
                     id="member-list"),
        ),
        rx.cond(StaffState.can_audit, audit_card(), rx.fragment()),
        heading_key="staff.title",
    )
