"""Builders for availability tests: rules, windows and slots on one local date."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from portal.domain.availability import AvailabilityRules, WeeklyWindow, compute_slots

MONDAY, TUESDAY, FRIDAY, SATURDAY, SUNDAY = 0, 1, 4, 5, 6


def rules_for(zone: str, *windows: WeeklyWindow, **options: object) -> AvailabilityRules:
    options.setdefault("minimum_notice_hours", 0)
    options.setdefault("session_lengths", {30, 45, 60})
    return AvailabilityRules(timezone=zone, weekly_windows=windows, **options)


def window(weekday: int, start: str, end: str) -> WeeklyWindow:
    return WeeklyWindow(weekday, time.fromisoformat(start), time.fromisoformat(end))


def wall(zone: ZoneInfo, slots: list[datetime]) -> list[str]:
    return [slot.astimezone(zone).strftime("%m-%d %H:%M %Z") for slot in slots]


def slots_on(rules, day: date, zone: ZoneInfo, *, length=60, step=60, busy=()) -> list[datetime]:
    now = datetime.combine(day - timedelta(days=1), time(12), tzinfo=zone)
    found = compute_slots(rules, busy=list(busy), length_minutes=length, now=now, step_minutes=step)
    return [slot for slot in found if slot.astimezone(zone).date() == day]
