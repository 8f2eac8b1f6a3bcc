"""Every event handler the browser can reach is listed, with who may call it."""

from __future__ import annotations

from tests.security.inventory import EVERYONE, FRAMEWORK_HANDLERS, HANDLERS
from tests.state.browser import our_state_classes


def registered_handlers() -> set[str]:
    names = set()
    for cls in our_state_classes():
        for handler in cls.event_handlers:
            if handler not in FRAMEWORK_HANDLERS:
                names.add(f"{cls.__name__}.{handler}")
    return names


def test_every_public_handler_is_in_the_inventory():
    unlisted = sorted(registered_handlers() - set(HANDLERS))
    assert unlisted == [], f"add these to tests/security/inventory.py: {unlisted}"


def test_the_inventory_lists_no_handler_that_no_longer_exists():
    assert sorted(set(HANDLERS) - registered_handlers()) == []


def test_inventory_roles_are_known_roles():
    for name, access in HANDLERS.items():
        assert access.roles <= EVERYONE, name
        assert access.note, name


def test_setvar_reaches_only_listed_setters():
    for cls in our_state_classes():
        setters = {attr for attr in dir(cls) if attr.startswith("set_")}
        for setter in setters - {"set_is_hydrated"}:
            assert f"{cls.__name__}.{setter}" in HANDLERS or any(
                f"{base.__name__}.{setter}" in HANDLERS for base in cls.__mro__
                if hasattr(base, "event_handlers")), f"{cls.__name__}.{setter}"


def test_every_framework_handler_a_browser_can_reach_is_listed_with_a_reason():
    from reflex_base.registry import RegistrationContext

    reachable = {name.rsplit(".", 1)[1]
                 for name, entry in RegistrationContext.get().event_handlers.items()
                 if not entry.handler.fn.__module__.startswith("portal.")}
    assert sorted(reachable - set(FRAMEWORK_HANDLERS)) == []
    assert all(len(reason) > 20 for reason in FRAMEWORK_HANDLERS.values())


def test_helpers_that_must_not_be_callable_are_private():
    for cls in our_state_classes():
        for handler in cls.event_handlers:
            assert not handler.startswith("_"), f"{cls.__name__}.{handler}"
