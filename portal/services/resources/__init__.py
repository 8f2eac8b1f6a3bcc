"""Resources directory: search, listings, suggestions and reports, and its editors.

This package's ``__init__`` is the one import for the state layer, the HTTP routes,
the jobs and the demo. Inside ``portal.services`` import the submodules instead.
"""

from portal.services._exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "_store": ("listing_values", "replace_children",),
    "admin": ("list_review_items", "list_staff_listings", "listing_form", "resolve_review",
        "save_listing", "set_listing_status", "verify_listing",),
    "directory": ("MAX_PAGE", "REPORT_REASONS", "get_listing", "report_listing",
        "search_listings", "suggest_listing", "viewer_zone",),
    "hsds": ("export_directory", "import_directory", "import_report", "latest_import_report",
        "may_import_directory",),
    "views": ("ImportReport", "ListingCard",),
})
