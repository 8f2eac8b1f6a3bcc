"""Resources directory for everyone: search (crisis lines first), a listing, suggest one."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import field, submit_button
from portal.components.language_picker import language_picker
from portal.components.links import app_link, outside_link
from portal.components.member_text import member_plain
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.resource_catalog import CATEGORIES, LANGUAGES, REGIONS, REPORT_REASONS
from portal.pages.info import CRISIS_LINES, crisis_lines
from portal.state.base import AppState
from portal.state.resources import ResourceDetailState, ResourcesState, ResourceSuggestState


def choice(label_key: str, name: str, prefix: str, codes: tuple[str, ...], *,
           any_key: str | None = None, default: str | rx.Var = "", field_id: str = "",
           required: bool = False) -> rx.Component:
    field_id = field_id or f"resources-{name}"
    options = [rx.el.option(t(f"{prefix}.{code}"), value=code) for code in codes]
    if any_key:
        options.insert(0, rx.el.option(t(any_key), value=""))
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.select(*options, id=field_id, name=name, default_value=default,
                     required=required),
    )


def checkbox(label_key: str, name: str, field_id: str, *,
             checked: bool | rx.Var = False) -> rx.Component:
    return rx.el.div(
        rx.el.input(type="checkbox", id=field_id, name=name, class_name="checkbox",
                    default_checked=checked),
        rx.el.label(t(label_key), html_for=field_id),
        class_name="row checkbox-row",
    )


def message(text: rx.Var, *, tone: str = "info") -> rx.Component:
    return rx.cond(text != "", rx.el.p(text, role="status", class_name=f"notice notice-{tone}"),
                   rx.fragment())


def visitor_timezone() -> rx.Component:
    """A visitor's zone, picked from the browser by lantern.js; members use their profile's."""
    return rx.cond(
        AppState.signed_in,
        rx.fragment(),
        rx.el.details(
            rx.el.summary(t("resources.timezone_summary")),
            rx.el.label(t("form.timezone"), html_for="resources-timezone"),
            # UTC and (lantern.js) her browser's zone; the full list fills in when opened.
            rx.el.select(
                rx.el.option("UTC", value="UTC"),
                id="resources-timezone", name="timezone", default_value="UTC",
                custom_attrs={"data-detect-timezone": "", "data-zone-list": ""},
            ),
            class_name="resource-details",
        ),
    )


def search_form() -> rx.Component:
    return rx.el.form(
        rx.el.div(
            rx.el.label(t("resources.search_words"), html_for="resources-text"),
            rx.el.input(id="resources-text", name="text", type="search", max_length=80,
                        auto_complete="off"),
        ),
        choice("resources.filter_category", "category", "resources.category", CATEGORIES,
               any_key="resources.any_category"),
        choice("resources.filter_region", "region", "resources.region", REGIONS,
               any_key="resources.any_region"),
        choice("resources.filter_language", "language", "resources.language", LANGUAGES,
               any_key="resources.any_language"),
        checkbox("resources.open_now", "open_now", "resources-open-now"),
        visitor_timezone(),
        submit_button("resources.search_button"),
        on_submit=ResourcesState.search_resources,
        reset_on_submit=False,
        id="resources-search",
        class_name="stack",
    )


def contact_buttons(item) -> rx.Component:
    return rx.el.div(
        rx.cond(item["phone"] != "",
                outside_link(rx.icon("phone", size=18, aria_hidden="true"),
                             t("resources.call"), " ", item["phone"], href=item["phone_href"],
                             class_name="button"),
                rx.fragment()),
        rx.cond(item["text_number"] != "",
                outside_link(rx.icon("message-square", size=18, aria_hidden="true"),
                             t("resources.text"), " ", item["text_number"],
                             href=item["sms_href"], class_name="button secondary"),
                rx.fragment()),
        class_name="row",
    )


def freshness(item) -> rx.Component:
    return rx.cond(item["stale"], rx.el.p(t("resources.stale"), class_name="hint"),
                   rx.el.p(item["verified"], class_name="hint"))


def result_card(item) -> rx.Component:
    return rx.el.li(
        rx.cond(item["pinned"], rx.el.span(t("resources.pinned_badge"), class_name="pill"),
                rx.fragment()),
        rx.el.h3(app_link(item["name"], href=item["href"], class_name="resource-title")),
        rx.el.p(item["organisation"], " · ", item["meta"], class_name="muted"),
        rx.el.p(item["status"], class_name="resource-status resource-" + item["tone"]),
        contact_buttons(item),
        rx.cond(item["languages"] != "",
                rx.el.p(t("resources.languages_label"), " ", item["languages"],
                        class_name="hint"),
                rx.fragment()),
        freshness(item),
        class_name="resource-card",
    )


# The national lines are always on the page, even before it connects; pinned directory
# listings with the same numbers are not shown twice.
SHOWN_ABOVE = [line.href for line in CRISIS_LINES]


def more_pinned(item) -> rx.Component:
    return rx.cond(rx.Var.create(SHOWN_ABOVE).contains(item["phone_href"]), rx.fragment(),
                   result_card(item))


def resources_page() -> rx.Component:
    return page_shell(
        rx.el.ul(rx.foreach(ResourcesState.pinned, more_pinned), class_name="resource-list mt",
                 id="resources-pinned", aria_label=t("resources.pinned_label")),
        card(rx.el.h2(t("resources.search_title")), search_form(), class_name="mt"),
        message(message_at("resources")),
        rx.el.p(ResourcesState.times_note, class_name="hint zone-note"),
        rx.el.ul(rx.foreach(ResourcesState.results, result_card), class_name="resource-list",
                 id="resources-results", aria_label=t("resources.results_label")),
        rx.cond(ResourcesState.has_more,
                rx.el.button(t("resources.show_more"), type="button",
                             on_click=ResourcesState.show_more_resources,
                             class_name="button secondary"),
                rx.fragment()),
        card(
            rx.el.h2(t("resources.missing_title")),
            rx.cond(ResourcesState.can_suggest,
                    app_link(t("resources.suggest_link"), href=routes.RESOURCES_SUGGEST,
                             class_name="button secondary"),
                    rx.el.p(t("resources.suggest_sign_in"))),
            class_name="mt",
        ),
        rx.cond(ResourcesState.can_manage,
                app_link(t("resources.manage_link"), href=routes.RESOURCES_MANAGE,
                         class_name="button secondary"),
                rx.fragment()),
        # The crisis lines are in the page's HTML: shown before the page connects.
        lead=rx.fragment(
            rx.el.p(t("resources.intro")),
            rx.el.h2(t("resources.crisis_title")),
            crisis_lines(),
        ),
        heading_key="resources.title",
    )


# --- one listing --------------------------------------------------------------------

def report_form() -> rx.Component:
    return rx.cond(
        ResourceDetailState.report_sent,
        rx.fragment(),
        rx.el.form(
            rx.el.input(type="hidden", name="listing_id", value=ResourceDetailState.listing_id),
            rx.el.div(
                rx.el.label(t("resources.report_reason"), html_for="report-reason"),
                rx.el.select(*[rx.el.option(t(f"resources.reason.{reason}"), value=reason)
                               for reason in REPORT_REASONS],
                             id="report-reason", name="reason", default_value="closed"),
            ),
            rx.el.div(
                rx.el.label(t("resources.report_note"), html_for="report-note"),
                rx.el.textarea(id="report-note", name="note", max_length=1000),
            ),
            submit_button("resources.report_button", tone="secondary"),
            on_submit=ResourceDetailState.report_resource,
            reset_on_submit=True,
            class_name="stack",
        ),
    )


def listing_body() -> rx.Component:
    item = ResourceDetailState.listing
    return rx.fragment(
        card(
            rx.el.h2(item["name"], id="resource-name"),
            rx.el.p(item["organisation"], " · ", item["meta"], class_name="muted"),
            rx.cond(ResourceDetailState.listing_status != "published",
                    rx.el.p(t("resources.not_published"), class_name="pill"), rx.fragment()),
            rx.el.p(item["status"], class_name="resource-status resource-" + item["tone"]),
            rx.el.p(ResourceDetailState.times_note, class_name="hint zone-note"),
            contact_buttons(item),
            rx.cond(ResourceDetailState.website != "",
                    rx.el.p(outside_link(t("resources.website"),
                                         href=ResourceDetailState.website,
                                         rel="nofollow noopener noreferrer",
                                         class_name="button secondary")),
                    rx.fragment()),
            rx.cond(item["languages"] != "",
                    rx.el.p(t("resources.languages_label"), " ", item["languages"]),
                    rx.fragment()),
            freshness(item),
        ),
        rx.cond(ResourceDetailState.description != "",
                card(rx.el.h2(t("resources.about")),
                     rx.el.p(member_plain(ResourceDetailState.description))),
                rx.fragment()),
        rx.cond(ResourceDetailState.eligibility != "",
                card(rx.el.h2(t("resources.eligibility")),
                     rx.el.p(member_plain(ResourceDetailState.eligibility))),
                rx.fragment()),
        card(
            rx.el.h2(t("resources.hours_title")),
            rx.cond(ResourceDetailState.hours_note != "",
                    rx.el.dl(rx.foreach(ResourceDetailState.hours_rows, lambda row: rx.el.div(
                        rx.el.dt(row["day"]), rx.el.dd(row["text"]),
                        class_name="hours-row")), class_name="hours-list"),
                    rx.el.p(t("resources.status.unknown"))),
        ),
        rx.cond(ResourceDetailState.can_manage,
                app_link(t("resources.edit_link"),
                         href=(routes.RESOURCES_EDIT + "?id="
                               + ResourceDetailState.listing_id.to_string()),
                         class_name="button secondary"),
                rx.fragment()),
        card(
            rx.el.h2(t("resources.report_title")),
            message(message_at("resource_report")),
            rx.cond(ResourceDetailState.can_report, report_form(),
                    rx.el.p(t("resources.report_sign_in"))),
            class_name="mt",
        ),
    )


def resource_detail_page() -> rx.Component:
    return page_shell(
        message(message_at("resource_detail")),
        rx.cond(ResourceDetailState.found, listing_body(), rx.fragment()),
        rx.el.p(app_link(t("resources.back"), href=routes.RESOURCES)),
        heading_key="resources.detail_title",
    )


# --- suggest a listing --------------------------------------------------------------

def suggest_form() -> rx.Component:
    return rx.el.form(
        field("resources.field.name", "name", max_length=120),
        field("resources.field.organisation", "organisation", max_length=120,
              required=False, hint_key="resources.organisation_hint"),
        choice("resources.field.category", "category", "resources.category", CATEGORIES,
               field_id="suggest-category", any_key="resources.choose", required=True),
        choice("resources.field.region", "region", "resources.region", REGIONS,
               field_id="suggest-region", any_key="resources.choose", required=True),
        field("resources.field.phone", "phone", input_type="tel", max_length=32,
              required=False),
        field("resources.field.text_number", "text_number", input_type="tel", max_length=32,
              required=False),
        field("resources.field.website", "website", input_type="url", max_length=300,
              required=False),
        rx.el.div(
            rx.el.label(t("resources.field.description"), html_for="suggest-description"),
            rx.el.textarea(id="suggest-description", name="description", max_length=2000),
        ),
        rx.el.fieldset(
            rx.el.legend(t("resources.field.languages")),
            *[checkbox(f"resources.language.{code}", f"lang_{code}", f"suggest-lang-{code}")
              for code in LANGUAGES],
            class_name="resource-fieldset",
        ),
        language_picker(field_id="suggest-other-languages", name="other_languages",
                        label_key="languages.other_label", hint_key="languages.other_hint"),
        rx.el.div(
            rx.el.label(t("resources.suggest_note"), html_for="suggest-note"),
            rx.el.textarea(id="suggest-note", name="note", max_length=1000),
        ),
        submit_button("resources.suggest_button"),
        on_submit=ResourceSuggestState.suggest_resource,
        reset_on_submit=False,
        key=ResourceSuggestState.form_key,
        class_name="stack",
    )


def resource_suggest_page() -> rx.Component:
    return page_shell(
        rx.el.p(t("resources.suggest_intro")),
        message(message_at("resource_suggest")),
        card(suggest_form()),
        rx.el.p(app_link(t("resources.back"), href=routes.RESOURCES)),
        heading_key="resources.suggest_title",
    )
