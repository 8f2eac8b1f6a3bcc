"""What a browser sends to an event handler, checked before the handler runs.

Any browser can call any public handler with any payload (THREATS.md #1). Before a
handler runs, ``PayloadGuard`` checks the payload against the handler's signature:
every required argument present, no unknown ones, and each value of the JSON type its
annotation names (``int``: a whole number below 2**62 or its digits as text, never a
boolean; ``str``: text; ``bool``: true or false; ``dict``: a flat form of text, numbers,
booleans or lists of them; ``object``: anything, parsed by the handler). A payload that
does not fit is refused quietly: the handler does not run, nothing changes, nothing is
sent back, and one calm log line (the handler's name only) is written, never a
traceback. What the values mean (is this id yours?) stays the services' question.
"""

from __future__ import annotations

import inspect
import logging
import typing
from collections.abc import Iterable
from functools import cache
from typing import Any

from reflex.middleware import Middleware
from reflex.state import StateUpdate
from reflex_base.registry import RegistrationContext
from reflex_base.utils.form import form_data_as_dict

log = logging.getLogger("lantern.payload")

MAX_ID = 2**62
MAX_TEXT = 100_000
MAX_FORM_FIELDS = 500  # the directory editor alone has over 100 (opening hours)
_SCALARS = (str, int, float, bool, type(None))


def is_id(value: object) -> bool:
    """A whole number usable as an id or count: not a boolean, below 2**62 either way."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        text = value.strip()
        return 0 < len(text) <= 19 and text.lstrip("-").isdigit() and abs(int(text)) < MAX_ID
    return isinstance(value, int) and abs(value) < MAX_ID


def to_id(value: object) -> int:
    """An id from a payload: a positive whole number below 2**62, else 0 (which no row
    has, so the service answers "not found"). Booleans are never ids."""
    if not is_id(value):
        return 0
    number = int(value.strip()) if isinstance(value, str) else int(value)
    return number if number > 0 else 0


def text(value: object, limit: int = MAX_TEXT) -> str:
    """A text payload, clipped to ``limit``; anything else is empty. The services clean
    and check it properly."""
    return value[:limit] if isinstance(value, str) else ""


def form_of(value: object) -> dict:
    """A submitted form as a plain dict (anything else: an empty form)."""
    return value if isinstance(value, dict) else {}


def ticked(form: dict, name: str) -> bool:
    """Whether a checkbox named ``name`` was ticked in a submitted form."""
    return form.get(name) not in (None, "", False, "false", "off")


def ticked_among(form: dict, prefix: str, choices: Iterable[str]) -> list[str]:
    """The choices ticked in a checkbox group whose boxes are named ``<prefix>__<choice>``."""
    return [choice for choice in choices if ticked(form, f"{prefix}__{choice}")]


def _is_flat_form(value: object) -> bool:
    if not isinstance(value, dict) or len(value) > MAX_FORM_FIELDS:
        return False
    for key, field in value.items():
        if not isinstance(key, str):
            return False
        if isinstance(field, list):
            if len(field) > MAX_FORM_FIELDS or not all(isinstance(v, _SCALARS) for v in field):
                return False
        elif not isinstance(field, _SCALARS):
            return False
        if isinstance(field, str) and len(field) > MAX_TEXT:
            return False
    return True


def fits(annotation: Any, value: object) -> bool:
    """Whether one payload value is of the JSON type ``annotation`` names."""
    if annotation in (Any, object, inspect.Parameter.empty):
        return True
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return any(fits(option, value) for option in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    if annotation is bool:
        return isinstance(value, bool)
    if annotation is int:
        return is_id(value)
    if annotation is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if annotation is str:
        return isinstance(value, str) and len(value) <= MAX_TEXT
    if annotation is dict or origin is dict:
        # A submitted form arrives as Reflex's wrapped [name, value] entries.
        try:
            return _is_flat_form(form_data_as_dict(value))
        except (TypeError, ValueError):
            return False
    if annotation is list or origin is list:
        return isinstance(value, list) and len(value) <= MAX_FORM_FIELDS and all(
            isinstance(item, _SCALARS) for item in value)
    return False  # an annotation this guard does not know: refuse rather than guess


@cache
def _signature(fn) -> tuple[dict[str, Any], frozenset[str], bool]:
    """(annotation by argument, required arguments, accepts any keyword) for ``fn``."""
    hints = typing.get_type_hints(fn)
    parameters = list(inspect.signature(fn).parameters.values())[1:]  # after self
    annotations: dict[str, Any] = {}
    required: set[str] = set()
    open_ended = False
    for parameter in parameters:
        if parameter.kind is inspect.Parameter.VAR_KEYWORD:
            open_ended = True
            continue
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL:
            continue
        annotations[parameter.name] = hints.get(parameter.name, Any)
        if parameter.default is inspect.Parameter.empty:
            required.add(parameter.name)
    return annotations, frozenset(required), open_ended


def payload_fits(fn, payload: object) -> bool:
    """Whether ``payload`` can be given to handler function ``fn`` (see module doc)."""
    if not isinstance(payload, dict):
        return False
    annotations, required, open_ended = _signature(fn)
    if not required <= payload.keys():
        return False
    if not open_ended and not payload.keys() <= annotations.keys():
        return False
    return all(fits(annotations.get(name, Any), value) for name, value in payload.items())


class PayloadGuard(Middleware):
    """Refuses, quietly, an event whose payload does not fit its handler."""

    async def preprocess(self, app, state, event):
        registered = RegistrationContext.get().event_handlers.get(event.name)
        if registered is None:
            return None  # Reflex itself answers unknown names
        handler = registered.handler
        if not handler.fn.__module__.startswith("portal."):
            return None  # Reflex's own handlers (hydrate, on_load, ...) parse their own
        if payload_fits(handler.fn, event.payload):
            return None
        log.warning("refused a payload that does not fit %s", handler.fn.__qualname__)
        return StateUpdate(delta={}, events=[])
