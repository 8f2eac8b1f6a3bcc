"""Volunteering for members: opportunities (with filters), one opportunity with its
shifts (sign up, cancel, waitlist place), and my volunteering (upcoming shifts,
history, hours, CV downloads)."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import submit_button
from portal.components.links import app_link, file_link
from portal.components.member_text import member_plain
from portal.components.page_message import MESSAGE_TONE, message_at
from portal.components.shell import card, page_shell, sign_in_prompt
from portal.components.text import t
from portal.domain.volunteering import PLACES, SKILLS
from portal.state.base import AppState
from portal.state.volunteering import MyVolunteeringState, OpportunitiesState, OpportunityState


def message(text: rx.Var, tone: rx.Var | str = "info") -> rx.Component:
    return rx.cond(text != "", rx.el.p(text, role="status", class_name="notice notice-" + tone),
                   rx.fragment())


def place_label(code: str) -> rx.Var:
    return t("volunteering.place.remote") if code == "remote" else t(f"resources.region.{code}")


def select_field(label_key: str, name: str, field_id: str, options: list[rx.Component],
                 default: rx.Var | str = "") -> rx.Component:
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.select(*options, id=field_id, name=name, default_value=default),
    )


def checkbox(label_key: str, name: str, field_id: str, *,
             checked: bool | rx.Var = False) -> rx.Component:
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, class_name="checkbox",
                    default_checked=checked),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


# --- opportunities ------------------------------------------------------------------

def filter_form() -> rx.Component:
    return rx.el.form(
        select_field("volunteering.filter_place", "place", "volunteer-place",
                     [rx.el.option(t("volunteering.any_place"), value=""),
                      *[rx.el.option(place_label(code), value=code) for code in PLACES]]),
        select_field("volunteering.filter_skill", "skill", "volunteer-skill",
                     [rx.el.option(t("volunteering.any_skill"), value=""),
                      *[rx.el.option(t(f"volunteering.skill.{code}"), value=code)
                        for code in SKILLS]]),
        checkbox("volunteering.leadership_only", "leadership", "volunteer-leadership"),
        submit_button("volunteering.filter_button"),
        on_submit=OpportunitiesState.filter_opportunities,
        reset_on_submit=False,
        id="volunteer-filters",
        class_name="stack",
    )


def opportunity_card(item) -> rx.Component:
    return rx.el.li(
        rx.el.h3(app_link(item["title"], href=item["href"], class_name="resource-title")),
        rx.el.p(item["organisation"], " · ", item["place"], class_name="muted"),
        rx.cond(item["leadership"] != "",
                rx.el.p(rx.el.span(t("volunteering.leadership_badge"), class_name="pill"), " ",
                        item["leadership"]),
                rx.fragment()),
        rx.el.p(item["next_shift"]),
        rx.cond(item["full"], rx.el.p(t("volunteering.full_badge"), class_name="pill pill-wait"),
                rx.fragment()),
        rx.cond(item["skills"] != "",
                rx.el.p(t("volunteering.skills_label"), " ", item["skills"], class_name="hint"),
                rx.fragment()),
        class_name="resource-card",
    )


def opportunities_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("volunteering.intro")),
        sign_in_prompt(),
        rx.cond(
            AppState.signed_in,
            rx.fragment(
                rx.el.div(
                    rx.cond(OpportunitiesState.can_volunteer,
                            app_link(t("volunteering.my_link"), href=routes.VOLUNTEER_MINE,
                                     class_name="button secondary"),
                            rx.fragment()),
                    rx.cond(OpportunitiesState.can_coordinate,
                            app_link(t("volunteering.coordinate_link"),
                                     href=routes.VOLUNTEER_COORDINATE,
                                     class_name="button secondary"),
                            rx.fragment()),
                    class_name="row",
                ),
                card(rx.el.h2(t("volunteering.filter_title")), filter_form(), class_name="mt"),
                message(message_at("opportunities")),
                rx.el.ul(rx.foreach(OpportunitiesState.opportunities, opportunity_card),
                         class_name="resource-list", id="volunteer-results",
                         aria_label=t("volunteering.results_label")),
                rx.cond(OpportunitiesState.has_more,
                        rx.el.button(t("volunteering.show_more"), type="button",
                                     on_click=OpportunitiesState.show_more_opportunities,
                                     class_name="button secondary"),
                        rx.fragment()),
            ),
            rx.fragment(),
        ),
        heading_key="volunteering.title",
    )


# --- one opportunity ----------------------------------------------------------------

def shift_actions(item) -> rx.Component:
    sign_up = OpportunityState.sign_up_for_shift(item["id"])
    cancel = OpportunityState.cancel_shift_signup(item["id"])
    return rx.cond(
        item["my_status"] == "",
        rx.cond(
            item["full"],
            rx.cond(item["waitlist_open"],
                    rx.el.button(t("volunteering.join_waitlist"), on_click=sign_up,
                                 type="button", class_name="button secondary"),
                    rx.el.p(t("volunteering.waitlist_closed"), class_name="hint")),
            rx.el.button(t("volunteering.sign_up"), on_click=sign_up, type="button",
                         class_name="button"),
        ),
        rx.el.button(rx.cond(item["my_status"] == "confirmed", t("volunteering.cancel_seat"),
                             t("volunteering.leave_waitlist")),
                     on_click=cancel, type="button", class_name="button secondary"),
    )


def shift_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["when"])),
        rx.el.p(item["seats"], class_name="muted"),
        rx.cond(item["my_text"] != "",
                rx.el.p(item["my_text"], class_name="pill shift-mine"), rx.fragment()),
        rx.cond(OpportunityState.can_sign_up, shift_actions(item), rx.fragment()),
        class_name="shift-item",
        custom_attrs={"data-shift-id": item["id"]},
    )


def opportunity_body() -> rx.Component:
    return rx.fragment(
        card(
            rx.el.h2(OpportunityState.title, id="opportunity-title"),
            rx.el.p(OpportunityState.organisation, " · ", OpportunityState.place,
                    class_name="muted"),
            rx.cond(OpportunityState.leadership != "",
                    rx.el.p(rx.el.span(t("volunteering.leadership_badge"), class_name="pill"),
                            " ", OpportunityState.leadership),
                    rx.fragment()),
            rx.cond(OpportunityState.description != "",
                    rx.el.p(member_plain(OpportunityState.description)),
                    rx.fragment()),
            rx.cond(OpportunityState.skills != "",
                    rx.el.p(t("volunteering.skills_label"), " ", OpportunityState.skills,
                            class_name="hint"),
                    rx.fragment()),
        ),
        card(
            rx.el.h2(t("volunteering.shifts_title")),
            rx.el.p(OpportunityState.times_note, class_name="hint"),
            rx.cond(OpportunityState.shifts.length() > 0,
                    rx.el.ul(rx.foreach(OpportunityState.shifts, shift_row),
                             class_name="table-list", id="shift-list"),
                    rx.el.p(t("volunteering.no_upcoming"))),
        ),
        rx.cond(OpportunityState.can_manage,
                app_link(t("volunteering.edit_link"),
                         href=(routes.VOLUNTEER_EDIT + "?id="
                               + OpportunityState.opportunity_id.to_string()),
                         class_name="button secondary"),
                rx.fragment()),
    )


def opportunity_page() -> rx.Component:
    return page_shell(
        message(message_at("opportunity"), MESSAGE_TONE),
        rx.cond(OpportunityState.found, opportunity_body(), rx.fragment()),
        rx.el.div(
            app_link(t("volunteering.back_to_list"), href=routes.VOLUNTEER,
                     class_name="button secondary"),
            app_link(t("volunteering.my_link"), href=routes.VOLUNTEER_MINE,
                     class_name="button secondary"),
            class_name="row mt",
        ),
        heading_key="volunteering.detail_title",
    )


# --- my volunteering ----------------------------------------------------------------

def my_shift_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(app_link(item["title"], href=item["href"],
                                      class_name="volunteer-link"))),
        rx.el.p(item["organisation"], class_name="muted"),
        rx.el.p(item["when"]),
        rx.el.p(item["status_text"], class_name="pill shift-mine"),
        rx.el.button(rx.cond(item["status"] == "confirmed", t("volunteering.cancel_seat"),
                             t("volunteering.leave_waitlist")),
                     on_click=MyVolunteeringState.cancel_my_signup(item["shift_id"]),
                     type="button", class_name="button secondary"),
        class_name="shift-item",
    )


def history_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.p(rx.el.strong(item["title"])),
        rx.el.p(item["organisation"], " · ", item["place"], class_name="muted"),
        rx.cond(item["leadership"] != "",
                rx.el.p(rx.el.span(t("volunteering.leadership_badge"), class_name="pill"), " ",
                        item["leadership"]),
                rx.fragment()),
        rx.el.p(item["period"]),
        rx.el.p(item["hours"]),
        rx.cond(item["skills"] != "",
                rx.el.p(t("volunteering.skills_label"), " ", item["skills"], class_name="hint"),
                rx.fragment()),
    )


def downloads_card() -> rx.Component:
    return card(
        rx.el.h2(t("volunteering.downloads_title")),
        rx.el.p(t("volunteering.downloads_body")),
        rx.el.div(
            file_link(t("volunteering.download_pdf"), href=routes.VOLUNTEER_HISTORY_PDF,
                      class_name="button", id="download-pdf"),
            file_link(t("volunteering.download_csv"), href=routes.VOLUNTEER_HISTORY_CSV,
                      class_name="button secondary", id="download-csv"),
            class_name="row",
        ),
    )


def my_volunteering_page() -> rx.Component:
    state = MyVolunteeringState
    return page_shell(
        message(message_at("my_volunteering"), MESSAGE_TONE),
        card(
            rx.el.h2(t("volunteering.upcoming_title")),
            rx.cond(state.upcoming.length() > 0,
                    rx.el.ul(rx.foreach(state.upcoming, my_shift_row), class_name="table-list",
                             id="my-upcoming"),
                    rx.el.p(t("volunteering.upcoming_none"))),
        ),
        card(
            rx.el.h2(t("volunteering.hours_title")),
            rx.el.p(state.hours_approved, id="hours-approved"),
            rx.cond(state.hours_pending != "", rx.el.p(state.hours_pending, class_name="hint"),
                    rx.fragment()),
            rx.cond(state.roles_text != "",
                    rx.el.p(t("volunteering.roles_label"), " ", state.roles_text),
                    rx.fragment()),
            rx.cond(state.skills_text != "",
                    rx.el.p(t("volunteering.skills_label"), " ", state.skills_text),
                    rx.fragment()),
        ),
        card(
            rx.el.h2(t("volunteering.history_title")),
            rx.cond(state.has_history,
                    rx.el.ul(rx.foreach(state.history, history_row), class_name="table-list",
                             id="my-history"),
                    rx.el.p(t("volunteering.history_none"))),
        ),
        downloads_card(),
        rx.el.p(app_link(t("volunteering.find_more"), href=routes.VOLUNTEER,
                         class_name="button secondary")),
        heading_key="volunteering.mine_title",
    )
