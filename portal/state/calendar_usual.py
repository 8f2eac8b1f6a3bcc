""""Usually free" on a mentor's profile (issue 13, item 9): her weekly hours as parts of
the day on the viewer's own clock, in the viewer's language ("Tuesday and Thursday
evenings"). The service decides who may read it (whoever may read the profile).
"""

from __future__ import annotations

import reflex as rx
from babel.lists import format_list

from portal.db import open_session
from portal.i18n import normalise_language, translate
from portal.services import calendar
from portal.services.accounts import Viewer
from portal.services.calendar import UsuallyFree, UsualPart
from portal.state.base import AppState
from portal.state.calendar_text import weekday_name
from portal.state.payload import to_id

RUN_AT_LEAST = 3  # three days in a row or more read "Monday to Friday"


def _day_runs(weekdays: tuple[int, ...]) -> list[list[int]]:
    runs: list[list[int]] = []
    for day in sorted(weekdays):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def days_phrase(language: str, weekdays: tuple[int, ...]) -> str:
    """ "Tuesday and Thursday", "Monday to Friday", "Monday to Wednesday and Saturday"."""
    names = []
    for run in _day_runs(weekdays):
        if len(run) >= RUN_AT_LEAST:
            names.append(translate(language, "calendar.usual_day_range",
                                   first=weekday_name(language, run[0]),
                                   last=weekday_name(language, run[-1])))
        else:
            names.extend(weekday_name(language, day) for day in run)
    return format_list(names, locale=normalise_language(language))


def usual_sentence(language: str, parts: tuple[UsualPart, ...]) -> str:
    """ "Tuesday and Thursday evenings; Monday to Friday mornings" (empty: nothing)."""
    return "; ".join(translate(language, f"calendar.usual_part_{part.part}",
                               days=days_phrase(language, part.weekdays))
                     for part in parts if part.weekdays)


class UsuallyFreeState(AppState):
    """One line on a mentor's profile; empty when she shares no weekly hours."""

    usually_free: str = ""

    def _show(self, answer: UsuallyFree) -> None:
        self.usually_free = usual_sentence(self.lang, answer.parts)

    def _read(self, viewer: Viewer, mentor_id: int) -> None:
        with open_session() as session:
            answer = calendar.usually_free(session=session, actor=viewer.actor,
                                           mentor_id=mentor_id)
        self._show(answer)

    def _clear(self) -> None:
        self.usually_free = ""

    def _refused(self, refusal: Exception) -> None:
        """The profile itself says why it cannot be shown; this line just stays empty."""
        self._clear()

    @rx.event
    def load_usually_free(self):
        self._clear()
        mentor_id = to_id(self.router.url.query_parameters.get("id", ""))
        return self._load(lambda viewer: self._read(viewer, mentor_id))
