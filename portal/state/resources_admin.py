"""Moderators' directory pages: the review list, all listings, import reports, the editor.

Every call is authorized in the resources services; these states only show results.
"""

from __future__ import annotations

from typing import TypedDict

import reflex as rx
from babel.dates import format_date

from portal.db import open_session
from portal.domain.opening_hours import FORM_SLOTS, WEEKDAY_CODES, hours_to_form
from portal.domain.resource_catalog import LANGUAGES
from portal.i18n import format_when, has_key
from portal.services import resources
from portal.services.errors import PermissionDenied, ServiceError
from portal.services.resources import ImportReport
from portal.state.base import AppState
from portal.state.resources_words import DirectoryWords, clip, to_int

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
    review_items: list[ReviewRow] = []
    staff_listings: list[StaffRow] = []
    import_summary: str = ""
    import_accepted: bool = False
    import_problems: list[ProblemRow] = []
    admin_message: str = ""
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
                          edit_href=f"/resources/edit?id={item.listing_id}",
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
                         edit_href=f"/resources/edit?id={row.id}",
                         view_href=f"/resources/listing?id={row.id}")
                for row in resources.list_staff_listings(
                    session=session, actor=actor, text=self._listing_search)]
            import_id = to_int(self.router.url.query_parameters.get("import", ""))
            report = resources.import_report(session=session, actor=actor,
                                                  import_id=import_id) if import_id else \
                resources.latest_import_report(session=session, actor=actor)
            self._report(report, words)

    def _act(self, action, listing_or_item: object, done_key: str):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        try:
            with open_session() as session:
                action(session=session, actor=viewer.actor, target=to_int(listing_or_item))
            self.admin_message = self._t(done_key)
            self._refresh(viewer)
        except (PermissionDenied, ServiceError) as error:
            self.admin_message = DirectoryWords(self.lang).fail_text(error)
        return None

    @rx.event
    def load_resource_admin(self):
        return self._load()

    def _load(self):
        viewer = self._viewer()
        self.admin_message = ""
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        error = self.router.url.query_parameters.get("error", "")
        try:
            self._refresh(viewer)
            if error and has_key(error):  # only our own catalog keys are ever shown
                self.admin_message = self._t(error)
        except (PermissionDenied, ServiceError) as failure:
            self.review_items, self.staff_listings, self.import_problems = [], [], []
            self.import_summary = ""
            self.admin_message = DirectoryWords(self.lang).fail_text(failure)
        return None

    @rx.event
    def search_staff_listings(self, form_data: dict):
        form = form_data if isinstance(form_data, dict) else {}
        self._listing_search = clip(form.get("search"), 80)
        return self._load()

    @rx.event
    def accept_review(self, item_id: int):
        return self._act(lambda session, actor, target: resources.resolve_review(
            session=session, actor=actor, item_id=target, accept=True), item_id,
            "resources.review_accepted")

    @rx.event
    def dismiss_review(self, item_id: int):
        return self._act(lambda session, actor, target: resources.resolve_review(
            session=session, actor=actor, item_id=target, accept=False), item_id,
            "resources.review_dismissed")

    @rx.event
    def verify_resource(self, listing_id: int):
        return self._act(lambda session, actor, target: resources.verify_listing(
            session=session, actor=actor, listing_id=target), listing_id,
            "resources.verified_now")

    @rx.event
    def publish_resource(self, listing_id: int):
        return self._act(lambda session, actor, target: resources.set_listing_status(
            session=session, actor=actor, listing_id=target, status="published"), listing_id,
            "resources.published_now")

    @rx.event
    def unpublish_resource(self, listing_id: int):
        return self._act(lambda session, actor, target: resources.set_listing_status(
            session=session, actor=actor, listing_id=target, status="pending"), listing_id,
            "resources.unpublished_now")


class ResourceEditorState(AppState):
    editor_id: int = 0
    values: dict[str, str] = {}
    hours: dict[str, str] = {}
    languages_chosen: list[str] = []
    editor_status: str = ""
    editor_message: str = ""
    editor_ready: bool = False
    form_key: int = 0

    def _clear(self) -> None:
        self.editor_id, self.values, self.hours, self.languages_chosen = 0, {}, {}, []
        self.editor_status, self.editor_ready = "", False

    @rx.event
    def load_resource_editor(self):
        viewer = self._viewer()
        self.editor_message = ""
        if viewer is None:
            self._clear()
            return rx.redirect("/sign-in", replace=True)
        params = self.router.url.query_parameters
        try:
            with open_session() as session:
                form = resources.listing_form(session=session, actor=viewer.actor,
                                                    listing_id=clip(params.get("id", "0"), 20))
        except (PermissionDenied, ServiceError) as error:
            self._clear()
            self.editor_message = DirectoryWords(self.lang).fail_text(error)
            return None
        self.editor_id, self.editor_status = form.id, form.status
        self.values = dict(form.values)
        self.hours = {**hours_to_form(()), **form.hours}
        self.languages_chosen = [code for code in form.values.get("languages", "").split(";")
                                 if code]
        self.editor_ready = True
        self.form_key += 1
        if params.get("saved") == "1":
            self.editor_message = self._t("resources.saved")
        return None

    @rx.event
    def save_resource(self, form_data: dict):
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect("/sign-in", replace=True)
        form = form_data if isinstance(form_data, dict) else {}
        fields: dict[str, object] = {name: clip(form.get(name), 4000) for name in TEXT_FIELDS}
        fields.update({key: clip(form.get(key), 16) for key in HOURS_KEYS})
        fields["languages"] = [code for code in LANGUAGES if form.get(f"lang_{code}")]
        fields["pinned"] = "on" if form.get("pinned") else ""
        try:
            with open_session() as session:
                listing_id = resources.save_listing(
                    session=session, actor=viewer.actor,
                    listing_id=to_int(form.get("listing_id")), form=fields)
        except (PermissionDenied, ServiceError) as error:
            self.editor_message = DirectoryWords(self.lang).fail_text(error)
            return None
        return rx.redirect(f"/resources/edit?id={listing_id}&saved=1", replace=True)
