"""A booking page labels hundreds of times with a few dozen distinct ones, so
``clock_label`` keeps each (language, hour, minute) label once, and ``day_label`` each
(language, day). The label must be what
Babel writes for the whole local time, on every clock: around both DST changes, in a zone
whose shift is half an hour, and in every language the page may be in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date, format_time

from portal.i18n import normalise_language
from portal.state.calendar_text import clock_label, day_label


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Madrid",
                                  "Australia/Lord_Howe", "Asia/Kathmandu"])
@pytest.mark.parametrize("first_day", [datetime(2026, 3, 6, tzinfo=UTC),
                                       datetime(2026, 10, 23, tzinfo=UTC)])
def test_a_kept_label_is_babels_label_of_the_whole_time(zone, first_day):
    for minute in range(0, 60 * 24 * 10, 13):
        local = (first_day + timedelta(minutes=minute)).astimezone(ZoneInfo(zone))
        for language in ("en", "es", "fr", "ar"):
            pattern = "HH:mm" if language == "es" else "h:mm a"
            expected = format_time(local, pattern, locale=normalise_language(language))
            assert clock_label(language, local) == expected, (zone, local, language)


def test_a_kept_day_label_is_babels_label_of_that_day():
    first = datetime(2026, 1, 1, tzinfo=UTC).date()
    for offset in range(0, 800, 3):
        day = first + timedelta(days=offset)
        for language in ("en", "es", "fr", "ar"):
            expected = format_date(day, "EEE d MMM", locale=normalise_language(language))
            assert day_label(language, day) == expected == day_label(language, day)
