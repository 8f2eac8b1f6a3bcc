"""Volunteering: opportunities and shifts, sign-ups, hours and history.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "_access": ("organisation_key",),
    "history": ("history_csv", "history_pdf",),
    "hours": ("add_attendee", "approve_hours", "approve_shift_hours", "record_attendance",
        "shift_roster",),
    "manage": ("add_shift", "cancel_shift", "managed_opportunities", "opportunity_editor",
        "save_opportunity", "update_shift",),
    "shifts": ("MAX_PAGE", "cancel_signup", "list_opportunities", "my_volunteering",
        "opportunity_detail", "sign_up",),
    "views": ("HistoryRole", "ManagedOpportunity", "ManagedShift", "MyShift",
        "OpportunityCard", "RosterRow", "ShiftView",),
})
