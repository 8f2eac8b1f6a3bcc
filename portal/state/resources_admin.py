"""Moderators' directory pages: the review list, all listings, import reports, the editor.

Every call is authorized in the resources services; these states only show results.
"""

from __future__ import annotations

from typing import ClassVar, TypedDict

import reflex as rx
from babel.dates import format_date

from portal import routes
from portal.db import open_session
from portal.domain.opening_hours import FORM_SLOTS, WEEKDAY_CODES, hours_to_form
from portal.domain.resource_catalog import LANGUAGES
from portal.i18n import format_when, has_key
from portal.services import resources
from portal.services.errors import ServiceError
from portal.services.resources import ImportReport
from portal.state.base import AppState
from portal.state.language_text import others_typed, picked_languages
from portal.state.payload import form_of, text, ticked, to_id
from portal.state.resources_words import DirectoryWords

HOURS_KEYS = tuple(
    [f"{day}_all_day" for day in WEEKDAY_CODES]
    + [f"{day}_{slot}_{edge}" for day in WEEKDAY_CODES for slot in range(1, FORM_SLOTS + 1)
       for edge in ("opens", "closes")])
TEXT_FIELDS = ("name", "organisation", "description", "category", "region", "phone",
               "text_number", "website", "eligibility", "timezone")


class ReviewRow(TypedDict):
    id: int
    kind: str
    listing_name: str
    edit_href: str
    reason: str
    note: str
    when: str


class StaffRow(TypedDict):
    id: int
    name: str
    meta: str
    status: str
    status_label: str
    verified: str
    edit_href: str
    view_href: str


class ProblemRow(TypedDict):
    where: str
    reason: str


class ResourceAdminState(AppState):
    _message_place: ClassVar[str] = "resource_admin"
    review_items: list[ReviewRow] = []
    staff_listings: list[StaffRow] = []
    import_summary: str = ""
    import_accepted: bool = False
    import_problems: list[ProblemRow] = []
    _listing_search: str = ""

    def _report(self, report: ImportReport | None, words: DirectoryWords) -> None:
        if report is None:
            self.import_summary, self.import_problems = "", []
            return
        self.import_accepted = report.accepted
        if report.accepted:
            self.import_summary = self._t("resources.import_done", created=report.created,
                                          updated=report.updated, skipped=report.skipped)
        else:
            self.import_summary = self._t("resources.import_refused",
                                          count=report.problem_count)
        self.import_problems = [
            ProblemRow(where=self._t("resources.import_where", file=problem.file,
                                     line=problem.line) if problem.line else problem.file,
                       reason=words.fail_text(ServiceError(problem.key, **problem.params))
                       if has_key(problem.key) else problem.key)
            for problem in report.problems]

    def _refresh(self, viewer) -> None:
        words = DirectoryWords(self.lang)
        with open_session() as session:
            actor = viewer.actor
            self.review_items = [
                ReviewRow(id=item.id, kind=self._t(f"resources.review_kind.{item.kind}"),
                          listing_name=item.listing_name,
                          edit_href=routes.resource_edit(item.listing_id),
                          reason=self._t(f"resources.reason.{item.reason}") if item.reason
                          else "", note=item.note,
                          when=format_when(item.created_at, language=self.lang,
                                           timezone=viewer.timezone))
                for item in resources.list_review_items(session=session, actor=actor)]
            self.staff_listings = [
                StaffRow(id=row.id, name=row.name,
                         meta=" · ".join((self._t(f"resources.category.{row.category}"),
                                          self._t(f"resources.region.{row.region}"))),
                         status=row.status, status_label=self._t(f"resources.state.{row.status}"),
                         verified=format_date(row.last_verified, "medium", locale=self.lang)
                         if row.last_verified else self._t("resources.never_checked"),
                         edit_href=routes.resource_edit(row.id),
                         view_href=routes.resource(row.id))
                for row in resources.list_staff_listings(
                    session=session, actor=actor, text=self._listing_search)]
            import_id = to_id(self.router.url.query_parameters.get("import", ""))
            report = resources.import_report(session=session, actor=actor,
                                                  import_id=import_id) if import_id else \
                resources.latest_import_report(session=session, actor=actor)
            self._report(report, words)

    def _refused(self, refusal: Exception) -> None:
        self._show_message(DirectoryWords(self.lang).fail_text(refusal), "error")

    def _forget(self) -> None:
        self.review_items, self.staff_listings, self.import_problems = [], [], []
        self.import_summary = ""

    def _refresh_refused(self, refusal: Exception) -> None:
        self._forget()

    def _read(self, viewer) -> None:
        self._refresh(viewer)
        error = self.router.url.query_parameters.get("error", "")
        if error and has_key(error):  # only our own catalog keys are ever shown
            self._show_message(self._t(error), "error")

    def _open(self):
        self._clear_message()
        self._forget()  # a refused read shows nothing; a read replaces it all
        return self._load(self._read)

    @rx.event
    def load_resource_admin(self):
        return self._open()

    @rx.event
    def search_staff_listings(self, form_data: dict):
        self._listing_search = text(form_of(form_data).get("search"), 80)
        return self._open()

    def _change(self, use_case, done: str, **arguments: object):
        return self._perform(use_case, done=done, refresh=self._refresh, **arguments)

    @rx.event
    def accept_review(self, item_id: int):
        return self._change(resources.resolve_review, "resources.review_accepted",
                            item_id=to_id(item_id), accept=True)

    @rx.event
    def dismiss_review(self, item_id: int):
        return self._change(resources.resolve_review, "resources.review_dismissed",
                            item_id=to_id(item_id), accept=False)

    @rx.event
    def verify_resource(self, listing_id: int):
        return self._change(resources.verify_listing, "resources.verified_now",
                            listing_id=to_id(listing_id))

    @rx.event
    def publish_resource(self, listing_id: int):
        return self._change(resources.set_listing_status, "resources.published_now",
                            listing_id=to_id(listing_id), status="published")

    @rx.event
    def unpublish_resource(self, listing_id: int):
        return self._change(resources.set_listing_status, "resources.unpublished_now",
                            listing_id=to_id(listing_id), status="pending")


class ResourceEditorState(AppState):
    _message_place: ClassVar[str] = "resource_editor"
    editor_id: int = 0
    values: dict[str, str] = {}
    hours: dict[str, str] = {}
    languages_chosen: list[str] = []
    other_languages: str = ""  # saved languages without a checkbox, as names
    editor_ready: bool = False
    form_key: int = 0

    def _clear(self) -> None:
        self.editor_id, self.values, self.hours, self.languages_chosen = 0, {}, {}, []
        self.other_languages = ""
        self.editor_ready = False

    def _refused(self, refusal: Exception) -> None:
        self._show_message(DirectoryWords(self.lang).fail_text(refusal), "error")

    def _read(self, viewer, listing_id: str) -> None:
        with open_session() as session:
            form = resources.listing_form(session=session, actor=viewer.actor,
                                          listing_id=listing_id)
        self.editor_id = form.id
        self.values = dict(form.values)
        self.hours = {**hours_to_form(()), **form.hours}
        self.languages_chosen = [code for code in form.values.get("languages", "").split(";")
                                 if code]
        self.other_languages = others_typed(self.languages_chosen, self.lang, LANGUAGES)
        self.editor_ready = True
        self.form_key += 1
        if self.router.url.query_parameters.get("saved") == "1":
            self._show_message(self._t("resources.saved"), "ok")

    @rx.event
    def load_resource_editor(self):
        self._clear_message()
        self._clear()  # a refused read shows nothing; a read replaces it all
        # The service reads "new" or "0" as a new listing: the id stays text here.
        listing_id = text(self.router.url.query_parameters.get("id", "0"), 20)
        return self._load(lambda viewer: self._read(viewer, listing_id))

    @rx.event
    def save_resource(self, form_data: dict):
        form = form_of(form_data)
        fields: dict[str, object] = {name: text(form.get(name), 4000) for name in TEXT_FIELDS}
        fields.update({key: text(form.get(key), 16) for key in HOURS_KEYS})
        fields["languages"] = picked_languages(
            [code for code in LANGUAGES if ticked(form, f"lang_{code}")],
            form.get("other_languages"), self.lang)
        fields["pinned"] = "on" if ticked(form, "pinned") else ""
        # The editor reopens on what was saved: ``then`` remembers its id for the redirect.
        saved: list[int] = []
        answer = self._perform(resources.save_listing, listing_id=to_id(form.get("listing_id")),
                               form=fields, then=saved.append)
        if saved:
            return rx.redirect(routes.resource_edit(saved[0]) + "&saved=1", replace=True)
        return answer
