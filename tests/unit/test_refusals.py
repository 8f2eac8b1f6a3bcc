"""Every refusal a member can read derives from the one domain base, ``Refused``."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import portal.domain
import portal.services
from portal.domain.keyed_error import KeyedError
from portal.domain.names import NameRefused
from portal.domain.opening_hours import HoursError
from portal.domain.passphrases import PassphraseRefused
from portal.domain.permissions import PermissionDenied
from portal.domain.refusal import Refused
from portal.domain.resource_listing import ListingInvalid
from portal.services.errors import NotFound, ServiceError, Throttled

# Failures of the machinery, not answers to a member: they never carry a message key.
NOT_REFUSALS = {"portal.services.email.EmailNotSent"}


def _exception_types_defined_in(package) -> dict[str, type[BaseException]]:
    found: dict[str, type[BaseException]] = {}
    for module_info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(module_info.name)
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, BaseException)
                    and value.__module__ == module.__name__):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_exception_in_domain_and_services_is_a_refusal():
    defined = {**_exception_types_defined_in(portal.domain),
               **_exception_types_defined_in(portal.services)}
    assert "portal.domain.permissions.PermissionDenied" in defined
    assert "portal.services.errors.ServiceError" in defined
    outside = sorted(name for name, kind in defined.items()
                     if not issubclass(kind, Refused) and name not in NOT_REFUSALS)
    assert outside == []


@pytest.mark.parametrize("kind", [PermissionDenied, ServiceError, NotFound, Throttled,
                                  KeyedError, HoursError, ListingInvalid,
                                  PassphraseRefused, NameRefused])
def test_each_refusal_type_derives_from_the_base(kind):
    assert issubclass(kind, Refused)


def test_refusals_keep_their_codes_params_and_old_bases():
    denied = PermissionDenied("group:post:approve")
    assert (denied.code, denied.params, denied.permission) == (
        "error.not_allowed", {}, "group:post:approve")
    assert str(denied) == "group:post:approve"
    failed = ServiceError("error.too_long", most=5)
    assert (failed.code, failed.params, failed.message_key) == (
        "error.too_long", {"most": 5}, "error.too_long")
    hours = HoursError("bad_time", value="25:00")
    assert (hours.message_key, hours.params) == ("resources.hours.bad_time", {"value": "25:00"})
    listing = ListingInvalid("too_long", "name", most=200)
    assert (listing.message_key, listing.field, str(listing)) == (
        "resources.invalid.too_long", "name", "name: too_long")
    # Domain refusals stay ValueErrors for callers that parse input.
    for domain_refusal in (KeyedError("x"), hours, listing, PassphraseRefused("p"),
                           NameRefused("n")):
        assert isinstance(domain_refusal, ValueError)
    assert not isinstance(failed, ValueError)
