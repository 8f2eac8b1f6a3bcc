"""Calendar: mentor availability, mentoring sessions and group meetings with waitlists.

The use cases live in ``calendar_*`` modules (the availability editor, sessions, group
meetings); this module is the one place the state layer imports them from, and the
member's own calendar page (``my_calendar``) is assembled here from every registered
source (sessions, meetings, and volunteer shifts once they exist). Importing it
registers the calendar sources and the block hook that cancels two members' sessions
(see ``calendar_booking_hooks``).
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "overview": ("my_calendar",),
    "_booking_hooks": ("record_held_sessions",),
    "availability": ("add_date_override", "add_weekly_window", "my_availability",
        "remove_date_override", "remove_weekly_window", "save_availability_settings",),
    "booking": ("available_slots", "book_session", "cancel_session", "get_session",
        "mentor_choices", "reschedule_session", "reschedule_slots", "session_ics",
        "update_session_details",),
    "feed": ("upcoming_items",),
    # issue 13, item 9: a weekly series in one tap, and "usually free" on a profile.
    "series": ("cancel_series_rsvp", "rsvp_series"),
    "usual": ("UsualPart", "UsuallyFree", "usually_free"),
    "meetings": ("cancel_meeting", "cancel_rsvp", "list_meetings", "rsvp_meeting",
        "schedule_meeting",),
    "views": ("AvailabilityView", "BookingView", "MeetingView", "MeetingsPage", "MyCalendar",
        "SeriesRsvpResult", "SlotOffer",),
})
