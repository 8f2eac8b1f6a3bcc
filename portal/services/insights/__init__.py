"""Programme insights: aggregate figures with small cells suppressed, and their exports.

This package's ``__init__`` is the one import for the state layer and the HTTP routes.
Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "export": ("insights_csv", "insights_pdf",),
    "overview": ("DEMO_HISTORY_ORGANISATION", "programme_insights",),
    "search_misses": ("record_search_miss",),
    "views": ("Figure", "FigureRow", "InsightsView", "Section",),
})
