"""Turning volunteering views into the small TypedDicts the pages show, in the reader's
language and time zone. No database, no Reflex state: shared by the volunteering states."""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict
from zoneinfo import ZoneInfo

from babel.dates import format_date

from portal import routes
from portal.domain.volunteering import hours_text
from portal.i18n import (
    format_clock,
    format_when,
    normalise_language,
    translate,
    translate_count,
)
from portal.services.volunteering import (
    HistoryRole,
    ManagedOpportunity,
    ManagedShift,
    MyShift,
    OpportunityCard,
    RosterRow,
    ShiftView,
)


class OpportunityItem(TypedDict):
    id: int
    href: str
    title: str
    organisation: str
    place: str
    leadership: str
    skills: str
    next_shift: str
    full: bool


class ShiftItem(TypedDict):
    id: int
    when: str
    seats: str
    my_status: str
    my_text: str
    full: bool
    waitlist_open: bool


class MyShiftItem(TypedDict):
    shift_id: int
    href: str
    title: str
    organisation: str
    when: str
    status: str
    status_text: str


class HistoryItem(TypedDict):
    title: str
    organisation: str
    place: str
    leadership: str
    skills: str
    hours: str
    period: str


class ManagedItem(TypedDict):
    id: int
    href: str
    title: str
    organisation: str
    status: str
    upcoming: str
    waiting: str


class ManagedShiftItem(TypedDict):
    id: int
    when: str
    day: str
    start: str
    end: str
    seats: int
    summary: str
    status: str
    editable: bool
    attendance_href: str


class RosterItem(TypedDict):
    signup_id: int
    name: str
    position: int
    attendance: str
    attendance_text: str
    hours: str
    approved: bool


class VolunteerWords:
    """Labels for one reader: their language and time zone."""

    def __init__(self, language: str, timezone: str) -> None:
        self.language = language
        self.timezone = timezone

    def t(self, key: str, **params: object) -> str:
        return translate(self.language, key, **params)

    def counted(self, key: str, count: float, **params: object) -> str:
        """``key`` with its ``_one``/``_other`` form for ``count`` ("1 hour", "2 hours")."""
        return translate_count(self.language, key, count, **params)

    def hours_of(self, key: str, minutes: int) -> str:
        return self.counted(key, minutes / 60, hours=self.hours(minutes))

    def when(self, moment: datetime) -> str:
        return format_when(moment, language=self.language, timezone=self.timezone)

    def day(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(self.timezone)).date()
        return format_date(local, "medium", locale=normalise_language(self.language))

    def span(self, starts_at: datetime, ends_at: datetime) -> str:
        zone = ZoneInfo(self.timezone)
        same_day = starts_at.astimezone(zone).date() == ends_at.astimezone(zone).date()
        end = (format_clock(ends_at, language=self.language, timezone=self.timezone)
               if same_day else self.when(ends_at))
        return f"{self.when(starts_at)} \u2013 {end}"

    def place(self, remote: bool, region: str) -> str:
        if remote:
            return self.t("volunteering.place.remote")
        return self.t(f"resources.region.{region}") if region else ""

    def kind(self, kind: str) -> str:
        return self.t(f"volunteering.kind.{kind}") if kind else ""

    def skills(self, skills: tuple[str, ...]) -> str:
        return ", ".join(self.t(f"volunteering.skill.{skill}") for skill in skills)

    def hours(self, minutes: int) -> str:
        return hours_text(minutes)

    def local_parts(self, moment: datetime) -> tuple[str, str]:
        local = moment.astimezone(ZoneInfo(self.timezone))
        return local.date().isoformat(), local.strftime("%H:%M")

    # --- items ---------------------------------------------------------------------

    def opportunity(self, card: OpportunityCard) -> OpportunityItem:
        if card.next_shift_at is None:
            next_shift = self.t("volunteering.no_shifts")
        else:
            next_shift = self.t("volunteering.next_shift", when=self.when(card.next_shift_at))
        return OpportunityItem(id=card.id, href=routes.volunteer_opportunity(card.id),
                               title=card.title, organisation=card.organisation,
                               place=self.place(card.remote, card.region),
                               leadership=self.kind(card.leadership_kind),
                               skills=self.skills(card.skills), next_shift=next_shift,
                               full=card.next_shift_full)

    def shift(self, view: ShiftView) -> ShiftItem:
        full = view.confirmed >= view.seats
        if full:
            seats = self.t("volunteering.shift_full", waiting=view.waiting)
        else:
            seats = self.counted("volunteering.seats_left", view.seats,
                                 left=view.seats - view.confirmed, seats=view.seats)
        if view.my_status == "confirmed":
            mine = self.t("volunteering.you_are_confirmed")
        elif view.my_status == "waitlisted":
            mine = self.t("volunteering.you_are_waiting", position=view.my_position)
        else:
            mine = ""
        return ShiftItem(id=view.id, when=self.span(view.starts_at, view.ends_at), seats=seats,
                         my_status=view.my_status, my_text=mine, full=full,
                         waitlist_open=view.waitlist_open)

    def my_shift(self, view: MyShift) -> MyShiftItem:
        text = (self.t("volunteering.you_are_confirmed") if view.status == "confirmed"
                else self.t("volunteering.you_are_waiting", position=view.position))
        return MyShiftItem(shift_id=view.shift_id,
                           href=routes.volunteer_opportunity(view.opportunity_id),
                           title=view.title, organisation=view.organisation,
                           when=self.span(view.starts_at, view.ends_at), status=view.status,
                           status_text=text)

    def history(self, role: HistoryRole) -> HistoryItem:
        first, last = self.day(role.first_at), self.day(role.last_at)
        period = first if first == last else f"{first} \u2013 {last}"
        hours = self.t("volunteering.role_hours", hours=self.hours(role.minutes_approved),
                       shifts=role.shifts_attended)
        if role.minutes_pending:
            hours += " " + self.t("volunteering.role_pending",
                                  hours=self.hours(role.minutes_pending))
        return HistoryItem(title=role.title, organisation=role.organisation,
                           place=self.place(role.remote, role.region),
                           leadership=self.kind(role.leadership_kind),
                           skills=self.skills(role.skills), hours=hours, period=period)

    def managed(self, row: ManagedOpportunity) -> ManagedItem:
        return ManagedItem(id=row.id, href=routes.volunteer_edit(row.id), title=row.title,
                           organisation=row.organisation,
                           status=self.t(f"volunteering.status.{row.status}"),
                           upcoming=self.t("volunteering.upcoming_count",
                                           count=row.upcoming_shifts),
                           waiting=self.t("volunteering.hours_waiting_count",
                                          count=row.hours_waiting)
                           if row.hours_waiting else "")

    def managed_shift(self, shift: ManagedShift) -> ManagedShiftItem:
        day, start = self.local_parts(shift.starts_at)
        _end_day, end = self.local_parts(shift.ends_at)
        summary = self.t("volunteering.seats_summary", confirmed=shift.confirmed,
                         seats=shift.seats, waiting=shift.waiting)
        if shift.status == "cancelled":
            summary = self.t("volunteering.shift_is_cancelled")
        return ManagedShiftItem(id=shift.id, when=self.span(shift.starts_at, shift.ends_at),
                                day=day, start=start, end=end, seats=shift.seats,
                                summary=summary, status=shift.status,
                                editable=shift.status == "scheduled" and not shift.started,
                                attendance_href=routes.volunteer_attendance(shift.id))

    def roster(self, row: RosterRow) -> RosterItem:
        if row.attendance == "attended":
            text = self.hours_of("volunteering.attended_hours", row.minutes)
        elif row.attendance == "no_show":
            text = self.t("volunteering.no_show")
        else:
            text = self.t("volunteering.not_recorded")
        return RosterItem(signup_id=row.signup_id,
                          name=row.member_name or self.t("notify.former_member"),
                          position=row.position, attendance=row.attendance,
                          attendance_text=text,
                          hours=self.hours(row.minutes) if row.attendance == "attended" else "",
                          approved=row.approved)
