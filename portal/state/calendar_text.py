"""Turning calendar views into words.

Shared by the calendar states; no Reflex state lives here. Times are shown on the
member's own clock and in their language. (Payloads are read by ``state/payload.py``,
refusals worded by ``state/messages.py``.)
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time

from portal.i18n import format_when, has_key, normalise_language, translate


def weekday_name(language: str, weekday: int) -> str:
    return translate(language, f"calendar.weekday_{weekday % 7}")


def when(language: str, timezone: str, moment: datetime | None) -> str:
    return format_when(moment, language=language, timezone=timezone) if moment else ""


@functools.lru_cache(maxsize=4096)
def day_label(language: str, day: date) -> str:
    """A short day for a button: "Tue 2 Mar" / "mar 2 mar" (kept: a booking page labels
    the same month of days on every load)."""
    return format_date(day, "EEE d MMM", locale=normalise_language(language))


def clock_label(language: str, local: datetime) -> str:
    """A time already on the viewer's clock, as ``format_when`` writes it ("9:30 AM" /
    "09:30")."""
    return _clock_text(language, local.hour, local.minute)


@functools.lru_cache(maxsize=4096)
def _clock_text(language: str, hour: int, minute: int) -> str:
    """The label depends on the hour and minute alone: a booking page shows the same few
    dozen times on each of its days (hundreds of labels, issue 14)."""
    pattern = "HH:mm" if language == "es" else "h:mm a"
    return format_time(time(hour, minute), pattern, locale=normalise_language(language))


def until(language: str, timezone: str, moment: datetime) -> str:
    """An end time on the member's clock, matching ``when``."""
    return clock_label(language, moment.astimezone(ZoneInfo(timezone)))


def mode_word(language: str, mode: str) -> str:
    key = f"meeting_mode.{mode}"
    return translate(language, key) if has_key(key) else mode
