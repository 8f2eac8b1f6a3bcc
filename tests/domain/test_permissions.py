"""Permission names say what their stored values say."""

from __future__ import annotations

from portal.domain.permissions import GRANTS, Permission


def _name_for(value: str) -> str:
    scope, resource, action = value.split(":")
    repeats_scope = resource in (scope, scope.removesuffix("s"))
    parts = (scope, action) if repeats_scope else (scope, resource, action)
    return "_".join(parts).upper()


def test_every_permission_name_is_its_value_in_capitals():
    misnamed = {p.name: p.value for p in Permission if p.name != _name_for(p.value)}
    assert misnamed == {}


def test_permissions_keep_their_stored_values():
    # Values are stored in audit entries and asserted by tests: renames never touch them.
    assert Permission.GROUP_POST_APPROVE == "group:post:approve"
    assert Permission.MENTORING_MENTOR_MANAGE == "mentoring:mentor:manage"
    assert len({p.value for p in Permission}) == len(Permission)


def test_every_permission_is_granted_to_someone():
    assert set(GRANTS) == set(Permission)
