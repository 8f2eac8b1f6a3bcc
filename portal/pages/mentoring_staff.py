"""Staff: the mentor vetting queue, mentor allowances and assignment proposals."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import field, submit_button
from portal.components.links import app_link
from portal.components.member_text import member_markdown
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.pages.mentoring_parts import choice_select, detail, notice_line, text_area
from portal.state.mentoring_staff import MentoringStaffState

S = MentoringStaffState
DECISIONS = (("approve", "mentoring.staff.approve"), ("changes", "mentoring.staff.changes"),
             ("decline", "mentoring.staff.decline"))


def _decision_field(item) -> rx.Component:
    """No decision is chosen for the moderator (issue 13 item 10): the first option asks
    for one, and a form sent without it is answered right under the choice."""
    field_id = "decision-" + item["user_id"].to_string()
    error_id = "decision-error-" + item["user_id"].to_string()
    missing = S.decision_missing_for == item["user_id"]
    return rx.el.div(
        rx.el.label(t("mentoring.staff.decision"), html_for=field_id),
        rx.el.select(
            rx.el.option(t("mentoring.staff.choose_decision"), value=""),
            *[rx.el.option(t(key), value=value) for value, key in DECISIONS],
            name="decision", id=field_id, default_value="",
            aria_invalid=rx.cond(missing, "true", "false"),
            aria_describedby=error_id),
        rx.el.p(rx.cond(missing, t("mentoring.staff.decision_needed"), ""),
                id=error_id, role="alert",
                class_name="form-error"),
    )


def vetting_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(item["name"], class_name="mentor-name"),
        rx.el.p(rx.cond(item["is_changes"],
                        rx.el.span(t("mentoring.staff.kind_changes"), class_name="pill"),
                        rx.el.span(t("mentoring.staff.kind_application"), class_name="pill")),
                " ", rx.cond(item["urgent"],
                             rx.el.span(t("mentoring.staff.urgent"), class_name="pill pill-wait"),
                             rx.fragment()),
                class_name="vetting-kind"),
        rx.el.p(t("mentoring.staff.submitted"), " ", item["submitted"], class_name="muted"),
        rx.cond(item["reasons"] != "",
                rx.el.p(rx.el.span(t("mentoring.staff.check_first"), class_name="label-inline"),
                        " ", item["reasons"], class_name="notice vetting-reasons"),
                rx.fragment()),
        member_markdown(item["bio"]),
        detail("mentoring.helps_with", item["focus"]),
        detail("mentoring.speaks", item["languages"]),
        detail("mentoring.meets_by", item["modes"]),
        detail("mentoring.area", item["region"]),
        detail("mentoring.gender_label", item["gender"]),
        detail("mentoring.staff.experience", item["experience"]),
        rx.el.p(rx.el.span(t("mentoring.staff.capacity"), class_name="label-inline"), " ",
                item["capacity"].to_string()),
        rx.el.form(
            rx.el.input(type="hidden", name="mentor_id", value=item["user_id"]),
            _decision_field(item),
            text_area("mentoring.staff.note", "note", max_length=500,
                      hint_key="mentoring.staff.note_hint",
                      field_id="note-" + item["user_id"].to_string()),
            submit_button("mentoring.staff.save_decision"),
            on_submit=S.decide_application, class_name="stack",
        ),
        key=item["user_id"],  # one item, one set of form fields (see test_foreach_keys)
    )


def pair_item(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["survivor"]), " → ", rx.el.strong(item["mentor"]), " · ",
                t("mentoring.staff.score"), " ", item["score"]),
        rx.cond(
            item["included"],
            rx.el.button(t("mentoring.staff.leave_out"), on_click=S.leave_out_pair(item["id"]),
                         class_name="button secondary", type="button"),
            rx.fragment(rx.el.p(t("mentoring.staff.left_out"), class_name="pill"),
                        rx.el.button(t("mentoring.staff.include"),
                                     on_click=S.include_pair(item["id"]),
                                     class_name="button secondary", type="button")),
        ),
    )


def proposal_card() -> rx.Component:
    publish_options = (("requests", "mentoring.staff.as_requests"),
                       ("matches", "mentoring.staff.as_matches"))
    return card(
        rx.el.h2(t("mentoring.staff.proposal_title")),
        rx.el.p(t("mentoring.staff.proposal_intro"), class_name="hint"),
        rx.el.button(t("mentoring.staff.make_proposal"), on_click=S.propose_assignment,
                     class_name="button", type="button"),
        rx.cond(
            S.proposal_id != 0,
            rx.fragment(
                rx.el.p(t("mentoring.staff.proposal_made_at"), " ", S.proposal_made, " · ",
                        t("mentoring.staff.total"), " ", S.proposal_total, " · ",
                        t("mentoring.staff.unassigned"), " ",
                        S.proposal_unassigned.to_string()),
                rx.cond(S.pairs.length() > 0,
                        rx.el.ul(rx.foreach(S.pairs, pair_item), class_name="table-list",
                                 id="proposal-pairs"),
                        rx.el.p(t("mentoring.staff.no_pairs"))),
                rx.el.form(
                    rx.el.input(type="hidden", name="proposal_id", value=S.proposal_id),
                    choice_select("mentoring.staff.publish_as", "publish_as", publish_options,
                                  "requests"),
                    submit_button("mentoring.staff.publish"),
                    on_submit=S.publish_proposal, class_name="stack",
                ),
                rx.el.button(t("mentoring.staff.discard"),
                             on_click=S.discard_proposal(S.proposal_id),
                             class_name="button secondary", type="button"),
            ),
            rx.fragment(),
        ),
    )


def allowance_card() -> rx.Component:
    options = tuple((str(n), f"mentoring.staff.allow_{n}") for n in (1, 2, 3))
    return card(
        rx.el.h2(t("mentoring.staff.allowance_title")),
        rx.el.p(t("mentoring.staff.allowance_intro"), class_name="hint"),
        rx.el.form(
            field("mentoring.staff.allowance_name", "name", max_length=40),
            choice_select("mentoring.staff.allowance_count", "allowance", options, "2"),
            submit_button("mentoring.staff.allowance_save"),
            on_submit=S.set_allowance, class_name="stack",
        ),
    )


def unmet_languages_card() -> rx.Component:
    return card(
        rx.el.h2(t("mentoring.staff.unmet_title")),
        rx.cond(
            S.unmet_languages.length() > 0,
            rx.el.ul(rx.foreach(S.unmet_languages, lambda line: rx.el.li(line)),
                     id="unmet-languages"),
            rx.el.p(t("mentoring.staff.unmet_none"), class_name="hint"),
        ),
        rx.el.p(t("mentoring.staff.unmet_hint"), class_name="hint"),
    )


def staff_mentoring_page() -> rx.Component:
    return page_shell(
        notice_line(message_at("mentoring_staff"), MESSAGE_TONE),
        rx.cond(
            S.staff_ready,
            rx.fragment(
                card(rx.el.h2(t("mentoring.staff.queue_title")),
                     rx.cond(S.queue.length() > 0,
                             rx.el.ul(rx.foreach(S.queue, vetting_item), class_name="table-list",
                                      id="vetting-queue"),
                             rx.el.p(t("mentoring.staff.queue_empty")))),
                proposal_card(),
                unmet_languages_card(),
                allowance_card(),
            ),
            rx.fragment(),
        ),
        rx.el.p(app_link(t("mentoring.back_to_mentoring"), href=routes.MENTORING)),
        heading_key="mentoring.staff.title",
    )
