"""Every Starlette route of Lantern in one list: what ``portal/portal.py`` mounts."""

from __future__ import annotations

from starlette.routing import Mount

from portal import routes
from portal.http.accounts import ACCOUNT_ROUTES
from portal.http.calendar import CALENDAR_ROUTES
from portal.http.insights import INSIGHTS_ROUTES
from portal.http.oidc import oidc_app
from portal.http.resources import RESOURCE_ROUTES
from portal.http.volunteering import VOLUNTEER_ROUTES

ROUTES = [
    *ACCOUNT_ROUTES,
    *RESOURCE_ROUTES,
    *CALENDAR_ROUTES,
    *VOLUNTEER_ROUTES,
    *INSIGHTS_ROUTES,
    Mount(routes.AUTH_OIDC, app=oidc_app()),
]
