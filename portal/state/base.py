"""The one base state: the page language and a browser-safe view of who is signed in.

Identity never comes from the browser: it is resolved on the server from the
HttpOnly session cookie on every event that needs it (``_viewer``).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ClassVar

import reflex as rx
from reflex.state import BaseState
from reflex_base.registry import RegistrationContext
from reflex_base.utils import format as reflex_format
from reflex_base.utils.exceptions import ReflexRuntimeError

from portal import routes
from portal.auth.cookies import LANGUAGE_COOKIE, session_token
from portal.db import open_session
from portal.http.blocking import handler_off_the_event_loop
from portal.http.viewer import viewer_for_cookies
from portal.i18n import SUPPORTED_LANGUAGES, has_key, normalise_language, translate
from portal.services import accounts
from portal.services.accounts import Viewer
from portal.services.errors import Refused
from portal.services.live import origin as live_origin
from portal.state.event_viewers import event_viewers as _event_viewers
from portal.state.live import file_tab
from portal.state.messages import refusal_text

# A refusal a use case raises for the member to read (nothing was changed).
REFUSALS = (Refused,)
# Where the notice of an unexpected failure shows (state/trouble.py; the page shell
# draws it over whatever she is looking at).
TROUBLE_PLACE = "trouble"

LANGUAGE_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
HISTORY_BACK = "back"  # history_choice when links push history entries


_short_names: dict[type, str] = {}


def short_state_name(state_class: type) -> str:
    """``app`` for AppState; for a page state its class name in snake case without
    ``_state`` (GroupThreadState: ``group_thread``)."""
    name = _short_names.get(state_class)
    if name is None:
        name = "app" if state_class.__name__ == "AppState" else \
            reflex_format.to_snake_case(state_class.__name__).removesuffix("_state")
        _short_names[state_class] = name
    return name


def _short_names_for_lantern_states() -> None:
    """Short state names (issue 14: small state). Reflex names a state after its module
    path and class (``portal___state___groups_thread____group_thread_state``), and every
    delta, event and hydrate repeats the whole path of names; Lantern's states are named
    by their class alone (``reflex___state____state.app.group_thread``), which took about
    2.6 kB off a reconnect's snapshot. Reflex refuses ``get_name`` in a state's body or
    bases, so its own is wrapped, before any Lantern state exists; Reflex's states keep
    their names. Class names must stay unique: Reflex refuses a second state of the same
    name (tests/unit/test_state_names.py)."""
    reflex_name = rx.State.get_name.__func__
    if getattr(reflex_name, "lantern_short_names", False):
        return

    names: dict[type, str] = {}  # Reflex asks many times per event: one look-up each

    def get_name(cls) -> str:
        name = names.get(cls)
        if name is None:
            name = (short_state_name(cls) if cls.__module__.startswith("portal.")
                    else reflex_name(cls))
            names[cls] = name
        return name

    get_name.lantern_short_names = True
    type.__setattr__(BaseState, "get_name", classmethod(get_name))


_short_names_for_lantern_states()


def _off_the_event_loop(fn: Any) -> Any:
    """Our plain (synchronous) handlers run whole on the handlers' thread pool, so their
    database work never stalls the other sockets of this worker; Reflex awaits them like
    any async handler, and the tab's state stays locked to this event meanwhile."""
    if (not inspect.isfunction(fn) or not fn.__module__.startswith("portal.")
            or inspect.iscoroutinefunction(fn) or inspect.isgeneratorfunction(fn)
            or inspect.isasyncgenfunction(fn)):
        return fn

    @functools.wraps(fn)
    async def off_the_loop(state: rx.State, *args: Any, **kwargs: Any) -> Any:
        also = getattr(fn, "also_fills", None)
        for state_class in also() if also is not None else ():
            await state.get_state(state_class)  # in this tab's tree for the handler

        def work() -> Any:
            # The tab whose event this is: its own handler shows what it changed, so a
            # live push for that change skips it (portal/services/live.py, state/live.py).
            router = getattr(state, "router", None)
            live_origin.set(router.session.client_token if router is not None else "")
            return fn(state, *args, **kwargs)
        result = await handler_off_the_event_loop(work)
        # A handler that finished takes away the notice of an earlier unexpected
        # failure (state/trouble.py): whatever failed works again.
        if getattr(state, "page_message_at", None) == TROUBLE_PLACE and state.page_message:
            state.page_message = ""
        return result

    return off_the_loop


def also_filling(state_classes: Callable[[], tuple[type, ...]]) -> Callable[[Any], Any]:
    """Marks a plain page load that fills other states of its tab too, in the same event:
    their reads share its viewer look-up and its one trip to the handlers' pool (issue
    14: the notification centre was three events). ``state_classes`` names them when
    called (they may be defined further down); the handler's wrapper fetches them into
    the tab's state tree on the event loop first (Reflex's ``get_state``), and the
    handler reaches them with ``AppState._tab_state``."""
    def mark(fn: Any) -> Any:
        fn.also_fills = state_classes
        return fn
    return mark


class AppState(rx.State):
    """Language, and the signed-in member's pseudonym and roles (nothing more)."""

    lang: str = "en"
    language_chosen: bool = False
    lang_cookie: str = rx.Cookie("", name=LANGUAGE_COOKIE, same_site="strict",
                                 max_age=LANGUAGE_COOKIE_MAX_AGE)
    signed_in: bool = False
    viewer_name: str = ""
    viewer_roles: list[str] = []
    loaded: bool = False
    # The tab's one message (issue 14: small state): what just happened, in a tone ("ok",
    # "info", "error"), shown at one place of the page (page_message_at: "" for the top of
    # the page, or the name of an answer area a page state shows beside its controls).
    page_message: str = ""
    page_message_tone: str = "info"
    page_message_at: str = ""
    # --- issue 13 item 5: the Back list (Safety page) ---
    # Whether Lantern's links replace history entries ("" or "keep_out", the default) or
    # push them ("back"), so the phone's Back walks through Lantern. Kept in this
    # browser's localStorage, for visitors too; never in the account.
    history_choice: str = rx.LocalStorage("", name="lantern_history")
    # Who this tab's state was loaded for (0: nobody); see state/viewer_binding.py.
    _bound_viewer_id: int = 0
    # Where this state's page shows what happened (page_message_at): "" is the top of the
    # page; a state whose page answers beside its controls names its area here.
    _message_place: ClassVar[str] = ""
    # A language switch runs the page's load again (choose_language): the switch sets
    # the first flag, the load's first event (load_page) moves it to the second, so the
    # page's own load keeps what the member chose (filters) instead of starting afresh.
    _relabel_next_load: bool = False
    _relabelling: bool = False

    def _tab_state(self, state_class: type) -> Any:
        """Another state of this tab, already in its tree (``also_filling``)."""
        root = self
        while root.parent_state is not None:
            root = root.parent_state
        return root.get_substate(state_class.get_full_name().split(".")[1:])

    def _viewer(self) -> Viewer | None:
        """The member behind this browser's session cookie, checked in the database once
        per event."""
        cookies = self.router.headers.cookie
        if not session_token(cookies):
            return None
        cache = _event_viewers.get()
        if cache is not None and cookies in cache:
            return cache[cookies]
        viewer = viewer_for_cookies(cookies)
        if cache is not None:
            cache[cookies] = viewer
        return viewer

    def _perform(
        self,
        use_case: Callable[..., Any],
        /,
        *,
        done: str = "",
        then: Callable[[Any], Any] | None = None,
        refresh: Callable[[Viewer], None] | None = None,
        refresh_first: bool = False,
        refused: Callable[[Exception], None] | None = None,
        **arguments: object,
    ):
        """The one shape of a handler that changes something.

        Resolve the viewer from the cookie (signed out: to the sign-in page), open a
        session, call ``use_case(session=..., actor=..., **arguments)``, and on a refusal
        show it calmly (``_refused``, or ``refused`` for an answer at another place)
        and stop. On success ``then(result)`` sees what the use case returned, ``done``
        names the message to show (``_done``), and ``refresh(viewer)`` reloads what the
        page shows: after the message by default, before it with ``refresh_first`` (for
        pages whose reload clears messages). A refused refresh never overwrites the
        success message (``_refresh_refused``). Whatever ``then`` returns (an event such
        as a redirect built from the result, or None) is what the handler returns.
        """
        viewer = self._viewer()
        if viewer is None:
            return rx.redirect(routes.SIGN_IN, replace=True)
        try:
            with open_session() as session:
                result = use_case(session=session, actor=viewer.actor, **arguments)
        except REFUSALS as refusal:
            (refused or self._refused)(refusal)
            return None
        if refresh is not None and refresh_first:
            self._refresh_quietly(refresh, viewer)
        follow = then(result) if then is not None else None
        if done:
            self._done(done)
        if refresh is not None and not refresh_first:
            self._refresh_quietly(refresh, viewer)
        return follow

    def _load(self, read: Callable[[Viewer], None], *,
              clear: Callable[[], None] | None = None,
              refused: Callable[[Exception], None] | None = None, public: bool = False):
        """The one shape of a handler that only reads: ``read(viewer)`` fills the page. On
        a refusal ``clear()`` empties what a half-finished read filled in, then it is shown
        by ``_refused`` (or ``refused``). Signed out: to the sign-in page, unless the page
        is ``public`` (it shows visitors an invitation instead), where nothing is read."""
        viewer = self._viewer()
        if viewer is None:
            return None if public else rx.redirect(routes.SIGN_IN, replace=True)
        try:
            read(viewer)
        except REFUSALS as refusal:
            if clear is not None:
                clear()
            (refused or self._refused)(refusal)
        return None

    def _refresh_quietly(self, refresh: Callable[[Viewer], None], viewer: Viewer) -> None:
        try:
            refresh(viewer)
        except REFUSALS as refusal:
            self._refresh_refused(refusal)

    def _show_message(self, words: str, tone: str = "info", *, at: str | None = None) -> None:
        """Show ``words`` in ``tone`` at ``at`` (this state's ``_message_place`` unless
        named): the tab's one message, so it replaces whatever was shown before."""
        self.page_message = words
        self.page_message_tone = tone
        self.page_message_at = self._place(at)

    def _clear_message(self, *, at: str | None = None) -> None:
        """Take away the message shown at ``at`` (this state's place unless named); a
        message shown elsewhere on the page stays."""
        if self.page_message and self.page_message_at == self._place(at):
            self.page_message = ""  # (assigned only when shown: every assignment is sent)

    def _message_shown(self, *, at: str | None = None) -> str:
        """The words shown at ``at`` (this state's place unless named), or ""."""
        return self.page_message if self.page_message_at == self._place(at) else ""

    def _place(self, at: str | None) -> str:
        """``at``, or where this state's messages go when no place is named."""
        return self._message_place if at is None else at

    def _refused(self, refusal: Exception) -> None:
        """Show a refusal (states whose messages are not one text override this)."""
        self._show_message(refusal_text(self.lang, refusal), "error")

    def _done(self, key: str) -> None:
        """Show a success message (states whose messages are not one text override this)."""
        self._show_message(self._t(key), "ok")

    def _refresh_refused(self, refusal: Exception) -> None:
        """The change happened but the page can no longer be reloaded (the object left
        the viewer's sight): keep the success message; states clear what they show."""

    @staticmethod
    def _start_event() -> None:
        """A new event: forget viewers resolved before it (the middleware calls this)."""
        _event_viewers.set({})

    def _apply_language(self, language: str) -> None:
        language = normalise_language(language)
        if language != self.lang:
            self.lang = language

    def _t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    @rx.event
    async def show_unexpected_trouble(self):
        """Something failed that Lantern did not expect (state/trouble.py): one calm
        sentence in her language. Async on purpose: it reads nothing and never crosses
        to the handlers' pool, so it shows while the database is away."""
        self._show_message(self._t("error.unexpected"), "error", at=TROUBLE_PLACE)

    @rx.event
    async def dismiss_trouble(self):
        """She closed that notice; any other message stays."""
        if self.page_message_at == TROUBLE_PLACE and self.page_message:
            self.page_message = ""

    @rx.event
    def load_page(self):
        """Runs first on a page whose own load does not enter the page itself
        (``entering_the_page``): language from the cookie, then who is signed in."""
        self._enter_page()

    def _enter_page(self) -> None:
        """What every page does first: language from the cookie, then who is signed in,
        and the tab filed for live updates under what its page shows."""
        self._relabelling, self._relabel_next_load = self._relabel_next_load, False
        chosen = self.lang_cookie in SUPPORTED_LANGUAGES
        self.language_chosen = chosen
        viewer = self._viewer()
        if viewer is not None and not chosen:
            self._apply_language(viewer.language)
        elif chosen:
            self._apply_language(self.lang_cookie)
        self.signed_in = viewer is not None
        self.viewer_name = viewer.display_name if viewer else ""
        self.viewer_roles = list(viewer.roles) if viewer else []
        self._show_message_from_url()
        self.loaded = True
        file_tab(self, viewer.id if viewer is not None else 0)

    def _live_refresh(self, listening_for: int) -> bool:
        """A live push (state/live.py): reload what this page shows, as the viewer this
        tab's own session cookie opens now, and only while the tab is still bound to the
        member it was filed for. False: the tab is no longer hers (signed out, quick
        exit, someone else) or what it showed is out of her sight; nothing was sent."""
        viewer = self._live_viewer(listening_for)
        if viewer is None:
            return False
        try:
            return self._live_reload(viewer) is not False
        except REFUSALS:
            return False

    def _live_viewer(self, listening_for: int) -> Viewer | None:
        """The viewer this tab's own session cookie opens now, while the tab is still
        bound to the member it was filed for (None: signed out, quick exit, someone
        else)."""
        viewer = self._viewer()
        if viewer is None or viewer.id != listening_for or viewer.id != self._bound_viewer_id:
            return None
        return viewer

    def _live_reload(self, viewer: Viewer) -> bool | None:
        """What a page state reloads on a live push (the states named in state/live.py
        override it); False when it had nothing to reload."""
        return False

    def _show_message_from_url(self) -> None:
        """A calm message after a no-script form redirect (?error= / ?notice=)."""
        params = self.router.url.query_parameters
        error, notice = params.get("error", ""), params.get("notice", "")
        code = error or (f"notice.{notice}" if notice else "")
        # Only our own catalog keys are ever shown: a crafted URL cannot inject text.
        if code and has_key(code):
            self._show_message(self._t(code), "error" if error else "ok", at="")
        elif self.page_message:
            self.page_message = ""

    @rx.event
    def choose_language(self, language: str):
        """Switch the language, then run the page's own load again: dates, day names,
        statuses and counts formatted on the server follow the catalog at once."""
        if language not in SUPPORTED_LANGUAGES:
            return None
        self.lang_cookie = language
        self.language_chosen = True
        self._apply_language(language)
        viewer = self._viewer()
        if viewer is not None:
            with open_session() as session:
                accounts.set_language(session=session, actor=viewer.actor, language=language)
        self._relabel_next_load = True
        return self._current_page_load_events()

    def _current_page_load_events(self) -> list:
        """The on_load events of the page this tab is on (none outside a running app)."""
        try:
            app = RegistrationContext.get().app
        except (LookupError, ReflexRuntimeError):
            return []
        return list(app.get_load_events(self.router.url.path))

    @rx.event
    def choose_history(self, keep_out: bool):
        """The Safety page's choice: keep Lantern out of the browser's Back list (True,
        the default) or let Back walk through Lantern's pages (False). This browser only."""
        if not isinstance(keep_out, bool):
            return
        self.history_choice = "keep_out" if keep_out else HISTORY_BACK


def _handlers_off_the_event_loop() -> None:
    """Every handler of AppState and of its substates runs as ``_off_the_event_loop``:
    Reflex builds a state's handlers with ``_create_event_handler`` when the class is
    made, so AppState's own are rebuilt here and its substates' (defined after this
    module) are built wrapped."""
    build = rx.State._create_event_handler.__func__

    def create_event_handler(cls, fn: Any, *args: Any, **kwargs: Any):
        return build(cls, _off_the_event_loop(fn), *args, **kwargs)

    type.__setattr__(AppState, "_create_event_handler", classmethod(create_event_handler))
    for name, handler in list(AppState.event_handlers.items()):
        if handler.fn.__module__ == __name__:
            rebuilt = AppState._create_event_handler(handler.fn)
            AppState.event_handlers[name] = rebuilt
            type.__setattr__(AppState, name, rebuilt)


_handlers_off_the_event_loop()


def entering_the_page(handler: Any, *then: Any) -> list:
    """A page's first load of its own (``handler``, a page state's event handler) made
    to enter the page first (``AppState._enter_page``: what ``load_page`` does) in the
    same event, so a navigation is one event and one trip to the handlers' pool fewer,
    with one viewer look-up (issue 14); the page's other loads (``then``) follow it. The
    handler is rebuilt in place on its state (portal.py names it only as that page's
    first load, which a language switch runs again); calling it twice leaves it as it
    is. Returns the page's ``on_load``."""
    return [_entering(handler), *then]


def _entering(handler: Any) -> Any:
    state_class, current = handler.state, handler.fn
    body = getattr(current, "__wrapped__", None)
    if body is None or not inspect.isfunction(body) or inspect.iscoroutinefunction(body) \
            or inspect.isgeneratorfunction(body):
        raise TypeError(f"{handler} is not a plain page load of Lantern's")
    if getattr(body, "enters_the_page", False):
        return handler

    @functools.wraps(body)
    def entering(state: AppState, *args: Any, **kwargs: Any) -> Any:
        state._enter_page()
        return body(state, *args, **kwargs)

    entering.enters_the_page = True
    name = current.__name__
    rebuilt = state_class._create_event_handler(entering)
    state_class.event_handlers[name] = rebuilt
    type.__setattr__(state_class, name, rebuilt)
    return rebuilt
