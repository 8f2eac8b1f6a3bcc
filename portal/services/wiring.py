"""The one place where capabilities are connected to each other.

A capability that must react to another's event (a block, the end of a mentorship, a
suspension, leaving a group), contributes items to the member's calendar, or holds
data that "My data" must export and erase is listed here, explicitly. Nothing
registers itself when imported, so what runs depends on this file, not on which
module happened to be imported first. ``portal.py``, the scheduler, the CLI and the
tests call ``wire()``; calling it twice changes nothing.
"""

from __future__ import annotations

from portal.services.accounts import blocks, my_data, staff
from portal.services.calendar import _booking_hooks as session_hooks
from portal.services.calendar import _data as calendar_data
from portal.services.calendar import feed as calendar_feed
from portal.services.calendar import meetings as calendar_meetings
from portal.services.groups import _data as groups_data
from portal.services.groups import membership as group_membership
from portal.services.mentoring import _data as mentoring_data
from portal.services.mentoring import common as mentoring_common
from portal.services.mentoring import matches as mentoring_matches
from portal.services.notifications import _data as notifications_data
from portal.services.path import _data as path_data
from portal.services.resources import _data as resources_data
from portal.services.stories import _data as stories_data
from portal.services.volunteering import _data as volunteering_data
from portal.services.volunteering import shifts as volunteer_shifts


def _connect(hooks: list, *functions) -> None:
    for function in functions:
        if function not in hooks:
            hooks.append(function)


def wire() -> None:
    """Register every hook, calendar source, exporter and eraser (idempotent)."""
    # A block ends the pair's mentorship, then closes their sessions.
    _connect(blocks.ON_BLOCK, mentoring_matches.end_matches_between, session_hooks.on_block)
    _connect(mentoring_common.ON_MATCH_END, session_hooks.on_match_end)
    _connect(staff.ON_SUSPEND, session_hooks.on_suspend)
    _connect(group_membership.ON_LEAVE, calendar_meetings.release_seats_of_leaver)

    calendar_feed.add_source("session", session_hooks.session_items)
    calendar_feed.add_source("meeting", calendar_meetings.meeting_items)
    calendar_feed.add_source("shift", volunteer_shifts.shifts_in_calendar)

    # "My data": the account first, then each capability (erasers run in this order).
    my_data.add_exporters(my_data.EXPORTERS_OF_ACCOUNTS)
    my_data.add_eraser(my_data.ERASER_OF_ACCOUNTS)
    # My path goes before the calendar: its session notes name the bookings.
    for capability_data in (path_data, calendar_data, groups_data, resources_data,
                            volunteering_data, mentoring_data, notifications_data,
                            stories_data):
        my_data.add_exporters(capability_data.EXPORTERS)
        my_data.add_eraser(capability_data.ERASER)
