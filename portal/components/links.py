"""Every link of Lantern, by where it leads: one component per kind.

- ``app_link``: a page of this app. React Router's Link: no reload. By default it
  replaces the history entry instead of pushing one, so after a quick exit the Back
  button leads to the neutral site's predecessor, never through Lantern's pages. The
  Safety page lets this browser choose otherwise ("Keep Lantern out of my browser's Back
  list", ``AppState.history_choice`` in localStorage): then links push entries and the
  phone's Back works inside Lantern.
- ``file_link``: a file the server sends (my data, a calendar file, a volunteering
  record, an export). A plain ``<a download>``: the browser fetches and saves it.
- ``server_link``: another server route that answers with a redirect or a page of its
  own (the organisation sign-in). A plain ``<a>``: the browser navigates for real.
- ``outside_link``: another site, a phone number, a text message, or a place on this
  page (``#main``). A plain ``<a>``.

Beware ``rx.el.a``: in Reflex 0.10 it *is* React Router's Link (``reflex_components_core.
el`` maps ``a`` to ``react_router.link``). The client router then treats a server route
as one of its own pages and shows its "Page not found" instead of the file, whatever
``download`` says. The plain element is ``reflex_components_core.el.elements.inline.A``;
only this module uses either (tests/unit/test_links.py checks every page).
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.el.elements.inline import A
from reflex_components_core.react_router.dom import ReactRouterLink

from portal.state.base import HISTORY_BACK, AppState

# Every app link follows this browser's Back list choice (replace unless it chose "back").
REPLACES_HISTORY = AppState.history_choice != HISTORY_BACK


def app_link(*children: rx.Component | rx.Var | str, href: str, **props) -> rx.Component:
    return ReactRouterLink.create(*children, to=href, replace=REPLACES_HISTORY, **props)


def file_link(*children: rx.Component | rx.Var | str, href: str | rx.Var, filename: str = "",
              **props) -> rx.Component:
    """A download from a server route (``routes`` "Server routes"); ``filename`` is the
    name the browser suggests (the server's Content-Disposition has the last word)."""
    return A.create(*children, href=href, download=filename, **props)


def server_link(*children: rx.Component | rx.Var | str, href: str, **props) -> rx.Component:
    """A native navigation to a server route that is not a page of the app."""
    return A.create(*children, href=href, **props)


def outside_link(*children: rx.Component | rx.Var | str, href: str | rx.Var,
                 **props) -> rx.Component:
    """Another site (``https:``), a call (``tel:``), a text (``sms:``) or ``#an-id``."""
    return A.create(*children, href=href, **props)
