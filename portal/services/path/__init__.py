"""My path: a survivor's own recovery plan, shared with her mentor only if she chooses.

This package's ``__init__`` is the one import for the state layer and the demo. Inside
``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "goals": ("StatusResult", "accept_step", "add_goal", "add_step", "my_path", "remove_goal",
              "remove_step", "save_goal", "save_milestone", "set_goal_status", "share_goal",
              "toggle_step", "unshare_goal",),
    "mentor": ("mentee_path", "my_mentees", "suggest_step",),
    "sessions": ("add_agenda_point", "remove_agenda_point", "save_agreed_note",
                 "save_private_note", "session_notes",),
    "views": ("AgendaPoint", "GoalView", "LinkChoice", "LinkView", "MenteePathView",
              "MenteeRef", "MentorChoice", "MyPathView", "SessionNotesView", "SharedGoalView",
              "StepView",),
})
