"""Moderators' directory pages: review list, listings, HSDS import/export, the editor."""

from __future__ import annotations

import reflex as rx

from portal import routes
from portal.components.forms import TIMEZONES, submit_button
from portal.components.language_picker import language_picker
from portal.components.links import app_link, file_link
from portal.components.member_text import member_plain
from portal.components.native_form import NativeForm
from portal.components.page_message import message_at
from portal.components.shell import card, page_shell
from portal.components.text import t
from portal.domain.opening_hours import FORM_SLOTS, WEEKDAY_CODES
from portal.domain.resource_catalog import CATEGORIES, LANGUAGES, REGIONS
from portal.pages.resources import checkbox, choice, message
from portal.state.resources_admin import ResourceAdminState, ResourceEditorState


def review_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.span(item["kind"], class_name="pill"), " ",
        rx.el.strong(item["listing_name"]),
        rx.el.p(item["reason"], class_name="muted"),
        rx.cond(item["note"] != "", rx.el.p(member_plain(item["note"])), rx.fragment()),
        rx.el.p(item["when"], class_name="hint"),
        rx.el.div(
            rx.el.button(t("resources.accept"), type="button", class_name="button",
                         on_click=ResourceAdminState.accept_review(item["id"])),
            rx.el.button(t("resources.dismiss"), type="button", class_name="button secondary",
                         on_click=ResourceAdminState.dismiss_review(item["id"])),
            app_link(t("resources.edit_link"), href=item["edit_href"],
                     class_name="button secondary"),
            class_name="row",
        ),
    )


def staff_row(item) -> rx.Component:
    return rx.el.li(
        rx.el.strong(item["name"]), " ", rx.el.span(item["status_label"], class_name="pill"),
        rx.el.p(item["meta"], class_name="muted"),
        rx.el.p(t("resources.checked_on"), " ", item["verified"], class_name="hint"),
        rx.el.div(
            app_link(t("resources.edit_link"), href=item["edit_href"], class_name="button"),
            app_link(t("resources.view_link"), href=item["view_href"],
                     class_name="button secondary"),
            rx.el.button(t("resources.verify"), type="button", class_name="button secondary",
                         on_click=ResourceAdminState.verify_resource(item["id"])),
            rx.cond(item["status"] == "published",
                    rx.el.button(t("resources.unpublish"), type="button",
                                 class_name="button secondary",
                                 on_click=ResourceAdminState.unpublish_resource(item["id"])),
                    rx.el.button(t("resources.publish"), type="button",
                                 class_name="button secondary",
                                 on_click=ResourceAdminState.publish_resource(item["id"]))),
            class_name="row",
        ),
    )


def import_card() -> rx.Component:
    # A plain multipart post to our own route (see portal/http/resources.py), not rx.upload.
    return card(
        rx.el.h2(t("resources.import_title")),
        rx.el.p(t("resources.import_intro")),
        NativeForm.create(
            rx.el.label(t("resources.import_files"), html_for="hsds-files"),
            rx.el.input(type="file", id="hsds-files", name="files", multiple=True,
                        accept=".csv,.zip", required=True),
            submit_button("resources.import_button"),
            action=routes.RESOURCES_IMPORT, method="post", id="hsds-import-form",
            custom_attrs={"encType": "multipart/form-data"}, class_name="stack",
        ),
        rx.cond(ResourceAdminState.import_summary != "",
                rx.el.div(
                    rx.el.p(ResourceAdminState.import_summary, role="status",
                            class_name=rx.cond(ResourceAdminState.import_accepted,
                                               "notice notice-ok", "notice notice-error")),
                    rx.el.ul(rx.foreach(ResourceAdminState.import_problems, lambda row: rx.el.li(
                        rx.el.strong(row["where"]), " ", row["reason"])),
                        class_name="table-list", id="import-problems"),
                ),
                rx.fragment()),
        id="hsds-import",
    )


def resource_admin_page() -> rx.Component:
    return page_shell(
        message(message_at("resource_admin")),
        card(rx.el.h2(t("resources.review_title")),
             rx.cond(ResourceAdminState.review_items.length() > 0,
                     rx.el.ul(rx.foreach(ResourceAdminState.review_items, review_row),
                              class_name="table-list", id="review-list"),
                     rx.el.p(t("resources.review_empty")))),
        card(
            rx.el.h2(t("resources.listings_title")),
            app_link(t("resources.add_listing"), href=routes.RESOURCES_EDIT + "?id=new",
                     class_name="button"),
            rx.el.form(
                rx.el.label(t("resources.search_words"), html_for="staff-listing-search"),
                rx.el.input(id="staff-listing-search", name="search", max_length=80),
                submit_button("resources.search_button", tone="secondary"),
                on_submit=ResourceAdminState.search_staff_listings,
                reset_on_submit=False, class_name="stack mt",
            ),
            rx.el.ul(rx.foreach(ResourceAdminState.staff_listings, staff_row),
                     class_name="table-list mt", id="staff-listings"),
        ),
        import_card(),
        card(rx.el.h2(t("resources.export_title")), rx.el.p(t("resources.export_intro")),
             file_link(t("resources.export_button"), href=routes.RESOURCES_EXPORT,
                       class_name="button secondary", id="resources-export")),
        rx.el.p(app_link(t("resources.back"), href=routes.RESOURCES)),
        heading_key="resources.manage_title",
    )


# --- the listing editor -------------------------------------------------------------

def text_input(label_key: str, name: str, *, input_type: str = "text", max_length: int = 120,
               required: bool = False) -> rx.Component:
    field_id = f"editor-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.input(id=field_id, name=name, type=input_type, max_length=max_length,
                    required=required, default_value=ResourceEditorState.values[name],
                    auto_complete="off"),
    )


def text_area(label_key: str, name: str, max_length: int) -> rx.Component:
    field_id = f"editor-{name}"
    return rx.el.div(
        rx.el.label(t(label_key), html_for=field_id),
        rx.el.textarea(id=field_id, name=name, max_length=max_length,
                       default_value=ResourceEditorState.values[name]),
    )


def day_hours(day: str) -> rx.Component:
    slots = []
    for slot in range(1, FORM_SLOTS + 1):
        for edge in ("opens", "closes"):
            name = f"{day}_{slot}_{edge}"
            slots.append(rx.el.div(
                rx.el.label(t(f"resources.hours_{edge}"), " ", str(slot),
                            html_for=f"editor-{name}"),
                rx.el.input(id=f"editor-{name}", name=name, type="time",
                            default_value=ResourceEditorState.hours[name]),
            ))
    return rx.el.details(
        rx.el.summary(t(f"resources.day.{day}")),
        checkbox("resources.hours_all_day_toggle", f"{day}_all_day", f"editor-{day}-all",
                 checked=ResourceEditorState.hours[f"{day}_all_day"] == "on"),
        rx.el.div(*slots, class_name="hours-slots"),
        class_name="resource-details",
    )


def editor_form() -> rx.Component:
    values = ResourceEditorState.values
    return rx.el.form(
        rx.el.input(type="hidden", name="listing_id", value=ResourceEditorState.editor_id),
        text_input("resources.field.name", "name", required=True),
        text_input("resources.field.organisation", "organisation", required=True),
        choice("resources.field.category", "category", "resources.category", CATEGORIES,
               field_id="editor-category", default=values["category"], required=True,
               any_key="resources.choose"),
        choice("resources.field.region", "region", "resources.region", REGIONS,
               field_id="editor-region", default=values["region"], required=True,
               any_key="resources.choose"),
        text_input("resources.field.phone", "phone", input_type="tel", max_length=32),
        text_input("resources.field.text_number", "text_number", input_type="tel",
                   max_length=32),
        text_input("resources.field.website", "website", input_type="url", max_length=300),
        text_area("resources.field.description", "description", 2000),
        text_area("resources.field.eligibility", "eligibility", 1000),
        rx.el.fieldset(
            rx.el.legend(t("resources.field.languages")),
            *[checkbox(f"resources.language.{code}", f"lang_{code}", f"editor-lang-{code}",
                       checked=ResourceEditorState.languages_chosen.contains(code))
              for code in LANGUAGES],
            class_name="resource-fieldset",
        ),
        language_picker(field_id="editor-other-languages", name="other_languages",
                        label_key="languages.other_label", hint_key="languages.other_hint",
                        value=ResourceEditorState.other_languages),
        rx.el.div(
            rx.el.label(t("resources.field.timezone"), html_for="editor-timezone"),
            rx.el.select(*[rx.el.option(zone.replace("_", " "), value=zone)
                           for zone in ("UTC", *TIMEZONES)],
                         id="editor-timezone", name="timezone", default_value=values["timezone"]),
        ),
        rx.el.fieldset(
            rx.el.legend(t("resources.hours_title")),
            rx.el.p(t("resources.hours_help"), class_name="hint"),
            *[day_hours(day) for day in WEEKDAY_CODES],
            class_name="resource-fieldset",
        ),
        checkbox("resources.field.pinned", "pinned", "editor-pinned",
                 checked=values["pinned"] == "on"),
        submit_button("resources.save"),
        on_submit=ResourceEditorState.save_resource,
        reset_on_submit=False,
        key=ResourceEditorState.form_key,
        id="resource-editor",
        class_name="stack",
    )


def resource_editor_page() -> rx.Component:
    return page_shell(
        message(message_at("resource_editor")),
        rx.cond(ResourceEditorState.editor_ready, card(editor_form()), rx.fragment()),
        rx.el.p(app_link(t("resources.back_to_manage"), href=routes.RESOURCES_MANAGE)),
        heading_key="resources.editor_title",
    )
