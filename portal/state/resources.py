"""Resources directory pages for everyone: search, a listing, suggest, report.

Searching and reading need no sign-in. Every handler asks one service; the services
decide who may do what. Times are shown in the member's zone; for a visitor, in the
zone chosen on the search form, else the zone her browser reports (``lantern.js`` keeps
it in this tab's sessionStorage, which Reflex sends with the page's first event, so the
first paint already uses it), else UTC.
"""

from __future__ import annotations

from typing import ClassVar

import reflex as rx

from portal.db import open_session
from portal.domain.resource_catalog import LANGUAGES
from portal.services import resources
from portal.state.base import REFUSALS, AppState
from portal.state.language_text import picked_languages
from portal.state.payload import form_of, text, ticked, to_id
from portal.state.resources_words import EMPTY_ITEM, DirectoryWords, HoursRow, ResultItem

TEXT_MAX = 80
MAX_SHOWN = 100
# A new search first shows this many listings (a phone draws them at once); "Show more"
# brings the rest of the page before asking for the next one.
FIRST_SHOWN = 6
# Where lantern.js keeps the browser's zone (sessionStorage, this tab only).
BROWSER_ZONE_KEY = "lantern_zone"


def _browser_zone() -> str:
    return rx.SessionStorage("", name=BROWSER_ZONE_KEY)  # type: ignore[return-value]


class ResourcesState(AppState):
    pinned: list[ResultItem] = []
    results: list[ResultItem] = []
    has_more: bool = False
    times_note: str = ""
    can_manage: bool = False
    can_suggest: bool = False
    browser_zone: str = _browser_zone()
    _filters: dict[str, str] = {}
    _page: int = 0
    _held: list[ResultItem] = []  # the rest of the first page, until "Show more"
    _more_pages: bool = False  # the directory has listings past the pages read

    def _search(self, *, append: bool) -> None:
        """The public directory: no viewer needed (a visitor searches too), so not the
        ``_load`` helper, which sends visitors to sign in."""
        viewer = self._viewer()
        words = DirectoryWords(self.lang)
        filters = dict(self._filters)
        zone = viewer.timezone if viewer else \
            resources.viewer_zone(filters.get("timezone") or text(self.browser_zone, 64))
        self.can_manage = bool(viewer and {"moderator", "admin"} & set(viewer.roles))
        self.can_suggest = viewer is not None
        try:
            with open_session() as session:
                page = resources.search_listings(
                    session=session, actor=viewer.actor if viewer else None,
                    category=filters.get("category", ""), region=filters.get("region", ""),
                    language=filters.get("language", ""),
                    open_now=filters.get("open_now") == "on", text=filters.get("text", ""),
                    viewer_timezone=zone, page=self._page)
        except REFUSALS as error:
            self.results, self.has_more = [], False
            self._show_message(words.fail_text(error), "error", at="resources")
            return
        self.pinned = [words.item(card, page.timezone) for card in page.pinned]
        found = [words.item(card, page.timezone) for card in page.results]
        if append:
            self.results, self._held = [*self.results, *found], []
        else:
            self.results, self._held = found[:FIRST_SHOWN], found[FIRST_SHOWN:]
        # A phone shows a few pages at most; past that, better filters help more.
        self._more_pages = page.has_more and len(self.results) + len(self._held) < MAX_SHOWN
        self.has_more = bool(self._held) or self._more_pages
        self.times_note = words.zone_note(page.timezone)
        if not self.results:
            self._show_message(self._t("resources.no_results"), at="resources")
        else:
            self._clear_message(at="resources")

    @rx.event
    def load_resources(self):  # public, no viewer needed: see _search
        if not self._relabelling:  # a language switch keeps the search, in new words
            self._filters = {}
        self._page = 0
        self._search(append=False)

    @rx.event
    def search_resources(self, form_data: dict):  # public, no viewer needed: see _search
        form = form_of(form_data)
        self._filters = {
            "category": text(form.get("category"), 40), "region": text(form.get("region"), 20),
            "language": text(form.get("language"), 8), "text": text(form.get("text"), TEXT_MAX),
            "open_now": "on" if ticked(form, "open_now") else "",
            "timezone": text(form.get("timezone"), 64)}
        self._page = 0
        self._search(append=False)

    @rx.event
    def show_more_resources(self):  # public, no viewer needed: see _search
        if not self.has_more:
            return
        if self._held:  # the rest of the page already read: no need to ask again
            self.results, self._held = [*self.results, *self._held], []
            self.has_more = self._more_pages
            return
        self._page = min(self._page + 1, resources.MAX_PAGE)
        self._search(append=True)


class ResourceDetailState(AppState):
    found: bool = False
    listing: ResultItem = EMPTY_ITEM
    listing_id: int = 0
    description: str = ""
    eligibility: str = ""
    website: str = ""
    hours_rows: list[HoursRow] = []
    hours_note: str = ""
    times_note: str = ""
    listing_status: str = ""
    can_manage: bool = False
    can_report: bool = False
    report_sent: bool = False
    _message_place: ClassVar[str] = "resource_report"
    browser_zone: str = _browser_zone()

    @rx.event
    def load_resource(self):
        # A listing is public: no viewer needed (a visitor reads it too), so not ``_load``.
        viewer = self._viewer()
        words = DirectoryWords(self.lang)
        self.report_sent = False
        self._clear_message()
        self._clear_message(at="resource_detail")
        self.can_report = viewer is not None
        params = self.router.url.query_parameters
        listing_id = to_id(params.get("id", ""))
        # A visitor's zone comes along from the search page, else her browser's; the
        # service checks it.
        zone = viewer.timezone if viewer else resources.viewer_zone(
            text(params.get("tz"), 64) or text(self.browser_zone, 64))
        try:
            with open_session() as session:
                detail = resources.get_listing(
                    session=session, actor=viewer.actor if viewer else None,
                    listing_id=listing_id, viewer_timezone=zone)
        except REFUSALS as error:
            self.found, self.listing, self.listing_id = False, EMPTY_ITEM, 0
            self.description = self.eligibility = self.website = self.listing_status = ""
            self.hours_rows, self.can_manage = [], False
            self._show_message(words.fail_text(error), "error", at="resource_detail")
            return
        self.found, self.listing_id = True, detail.card.id
        # One note: the status line and the weekly hours both read in this zone.
        self.times_note = words.zone_note(detail.timezone)
        self.listing = words.item(detail.card, detail.timezone)
        self.description, self.eligibility = detail.description, detail.eligibility
        self.website = detail.card.website
        self.hours_rows = words.hours_rows(detail.hours)
        # Non-empty when hours are listed; the page shows the zone sentence once (above).
        self.hours_note = self.times_note if detail.hours else ""
        self.listing_status = detail.listing_status
        self.can_manage = detail.can_manage

    def _refused(self, refusal: Exception) -> None:
        self._show_message(DirectoryWords(self.lang).fail_text(refusal), "error")

    def _reported(self, _result: object) -> None:
        self.report_sent = True

    @rx.event
    def report_resource(self, form_data: dict):
        form = form_of(form_data)
        return self._perform(resources.report_listing,
                             listing_id=to_id(form.get("listing_id")),
                             reason=text(form.get("reason"), 32),
                             note=text(form.get("note"), 4000),
                             then=self._reported, done="resources.report_thanks")


class ResourceSuggestState(AppState):
    _message_place: ClassVar[str] = "resource_suggest"
    form_key: int = 0

    def _refused(self, refusal: Exception) -> None:
        self._show_message(DirectoryWords(self.lang).fail_text(refusal), "error")

    def _sent(self, _result: object) -> None:
        self.form_key += 1

    @rx.event
    def load_suggest(self):
        self._clear_message()
        return self._load(lambda viewer: None)  # nothing to read: only who may suggest

    @rx.event
    def suggest_resource(self, form_data: dict):
        form = form_of(form_data)
        fields: dict[str, object] = {name: text(form.get(name), 4000) for name in (
            "name", "organisation", "description", "category", "region", "phone",
            "text_number", "website", "note")}
        fields["languages"] = picked_languages(
            [code for code in LANGUAGES if ticked(form, f"lang_{code}")],
            form.get("other_languages"), self.lang)
        return self._perform(resources.suggest_listing, fields=fields, then=self._sent,
                             done="resources.suggest_thanks")
