"""How directory listings read on the page: statuses, hours, labels and error messages.

A plain helper (not a Reflex state), so the directory's states stay flat.
"""

from __future__ import annotations

from datetime import time
from typing import TypedDict, cast

from babel.dates import format_date, format_time

from portal import routes
from portal.domain.opening_hours import MINUTES_PER_DAY, WEEKDAY_CODES, OpenRange
from portal.i18n import format_clock, has_key, normalise_language, translate
from portal.services.errors import ServiceError
from portal.services.resources import ListingCard
from portal.state.language_text import language_words
from portal.state.messages import refusal_text


class ResultItem(TypedDict):
    id: int
    name: str
    href: str
    organisation: str
    meta: str
    languages: str
    phone: str
    phone_href: str
    text_number: str
    sms_href: str
    status: str
    tone: str
    verified: str
    stale: bool
    pinned: bool


class HoursRow(TypedDict):
    day: str
    text: str


# No listing yet: an empty record, which every snapshot of the state carries (issue 14:
# small state). The page shows a listing's fields only once it is found.
EMPTY_ITEM = cast(ResultItem, {})


def zone_label(zone: str) -> str:
    """A zone as people name it: its city ("America/Los_Angeles" reads "Los Angeles")."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


class DirectoryWords:
    """How listings read on the page, in one language (a helper, not a state)."""

    def __init__(self, language: str) -> None:
        self.lang = normalise_language(language)

    def _t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    def fail_text(self, error: Exception) -> str:
        """A refusal in words (``refusal_text``), the field or day it names in words too."""
        if isinstance(error, ServiceError):
            params = dict(error.params)
            field = params.get("field")
            if isinstance(field, str) and has_key(f"resources.field.{field}"):
                params["field"] = self._t(f"resources.field.{field}")
            day = params.get("day")
            if isinstance(day, str) and day in WEEKDAY_CODES:
                params["day"] = self._t(f"resources.day.{day}")
            error = ServiceError(error.code, **params)
        return refusal_text(self.lang, error)

    def zone_note(self, zone: str) -> str:
        """The one sentence saying which clock the times read in ("Los Angeles")."""
        return self._t("resources.times_yours", zone=zone_label(zone))

    def _clock(self, minute: int) -> str:
        hours, minutes = divmod(minute % MINUTES_PER_DAY, 60)
        return format_time(time(hours, minutes), "short", locale=self.lang)

    def status_text(self, card: ListingCard, zone: str) -> str:
        line = card.status
        if line.at_local is None:
            return self._t(line.key)
        language = self.lang
        return self._t(line.key, time=format_clock(line.at_local, language=language,
                                                   timezone=zone),
                       day=format_date(line.at_local.date(), "EEEE", locale=language))

    def item(self, card: ListingCard, zone: str) -> ResultItem:
        status = card.status
        tone = "open" if status.is_open else \
            "unknown" if status.key == "resources.status.unknown" else "closed"
        verified = ""
        if card.last_verified:
            verified = self._t("resources.last_checked", date=format_date(
                card.last_verified, "medium", locale=self.lang))
        return ResultItem(
            id=card.id, name=card.name,
            href=routes.resource(card.id, zone),
            organisation=card.organisation,
            meta=" · ".join((self._t(f"resources.category.{card.category}"),
                             self._t(f"resources.region.{card.region}"))),
            languages=language_words(self.lang, card.languages),
            phone=card.phone, phone_href=card.phone_href, text_number=card.text_number,
            sms_href=card.sms_href, status=self.status_text(card, zone), tone=tone,
            verified=verified, stale=card.stale, pinned=card.pinned)

    def hours_rows(self, hours: tuple[OpenRange, ...]) -> list[HoursRow]:
        rows = []
        for weekday, day in enumerate(WEEKDAY_CODES):
            todays = [item for item in hours if item.weekday == weekday]
            if not todays:
                text = self._t("resources.hours_closed")
            elif todays[0].whole_day:
                text = self._t("resources.hours_all_day")
            else:
                text = ", ".join(
                    f"{self._clock(item.opens)} – {self._clock(item.closes)}"
                    + (f" ({self._t('resources.hours_next_day')})" if item.overnight else "")
                    for item in todays)
            rows.append(HoursRow(day=self._t(f"resources.day.{day}"), text=text))
        return rows
