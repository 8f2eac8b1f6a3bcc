"""Probes for the authorization matrix: one module per capability.

Each module defines ``PROBES`` (handler name -> Probe) and may define
``seed(session, world)`` to add the objects its probes act on to ``world.extra``.
Probe arguments should use objects that belong to someone else where the handler
takes an id, so the matrix also proves object-level refusals.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from portal.models import User
from tests.factories.accounts import make_user
from tests.security.inventory import ROLES


@dataclass
class World:
    members: dict[str, User]
    target: User
    suspended_target: User
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Probe:
    state: type
    handler: str
    args: Callable[[World], tuple] = lambda world: ()
    # Vars that must hold nothing for a refused caller.
    private_vars: tuple[str, ...] = ()
    # Allowed callers whose call must change the database (None: nobody must).
    changes_for: frozenset[str] | None = None
    # Allowed by role, but refused for these objects (another member's things).
    extra_refused: frozenset[str] = field(default_factory=frozenset)
    # For page loaders that read ids from the URL: the page's path and query, with other
    # members' real ids (an id of 0 would prove nothing).
    url: Callable[[World], tuple[str, dict[str, str]]] | None = None


SIGNED_IN = frozenset(ROLES)
TWO_ROLES = "survivor_mentor"
ROLES_OF: dict[str, tuple[str, ...]] = {TWO_ROLES: ("survivor", "mentor")}


def roles_of(caller: str) -> tuple[str, ...]:
    """The roles a caller of the matrix holds (one, except for the two-role member)."""
    return ROLES_OF.get(caller, (caller,))


def _modules():
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        yield importlib.import_module(f"{__name__}.{info.name}")


def all_probes() -> dict[str, Probe]:
    probes: dict[str, Probe] = {}
    for module in _modules():
        clash = probes.keys() & module.PROBES.keys()
        assert not clash, f"probes defined twice: {clash}"
        probes.update(module.PROBES)
    return probes


def build_world(session) -> World:
    members = {role: make_user(session, name=f"Caller {role}", roles=(role,),
                               organisation="Harbor House") for role in ROLES}
    members["suspended_admin"] = make_user(session, name="Caller suspended", roles=("admin",),
                                           status="suspended")
    # A member with two roles, as every mentor is (survivor and mentor).
    members[TWO_ROLES] = make_user(session, name="Caller two roles",
                                   roles=ROLES_OF[TWO_ROLES], organisation="Harbor House")
    world = World(members=members, target=make_user(session, name="Target member"),
                  suspended_target=make_user(session, name="Suspended target",
                                             status="suspended"))
    for module in _modules():
        seed = getattr(module, "seed", None)
        if seed is not None:
            seed(session, world)
    return world
