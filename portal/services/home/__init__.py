"""Home: what each signed-in member finds first, gathered from the other capabilities.

One call per page load (``home_overview``); it only reads, and each part authorizes
like the capability service it comes from, so nobody sees another role's figures.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "overview": ("HomeOverview", "home_overview",),
    "views": ("AdminTiles", "GroupActivity", "MenteeTiles", "MentorTiles", "ModerationTiles",
              "NextSteps", "SessionLine", "ShiftLine", "VolunteeringTiles",),
})
