"""In-app links that replace the history entry instead of pushing one.

Lantern keeps a single entry in the browser's history, so after a quick exit the
Back button leads to the neutral site's predecessor, never through Lantern's pages.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def app_link(*children: rx.Component | rx.Var | str, href: str, **props) -> rx.Component:
    return ReactRouterLink.create(*children, to=href, replace=True, **props)
