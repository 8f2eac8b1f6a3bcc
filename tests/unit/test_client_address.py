"""The client address behind proxies, and IPv6 grouped by /64 (issue 12)."""

from __future__ import annotations

import pytest

from portal.http.client import client_address, throttle_key


@pytest.mark.parametrize(("peer", "forwarded", "hops", "expected"), [
    ("203.0.113.9", None, 0, "203.0.113.9"),
    # With no trusted proxy, a client cannot pick its own address.
    ("203.0.113.9", "198.51.100.1", 0, "203.0.113.9"),
    # One proxy: the address it saw is the last entry; what the client claimed is ignored.
    ("10.0.0.2", "6.6.6.6, 198.51.100.7", 1, "198.51.100.7"),
    ("10.0.0.3", "6.6.6.6, 198.51.100.7, 10.0.0.2", 2, "198.51.100.7"),
    # Fewer entries than proxies (misconfigured): the direct peer.
    ("10.0.0.2", "198.51.100.7", 2, "10.0.0.2"),
    (None, None, 0, "unknown"),
])
def test_the_client_address_trusts_only_our_own_proxies(peer, forwarded, hops, expected):
    assert client_address(peer, forwarded, hops) == expected


def test_ipv6_addresses_of_one_network_share_a_key():
    first = throttle_key("2001:db8:1234:5678:aaaa::1")
    assert first == throttle_key("2001:db8:1234:5678:ffff:ffff:ffff:ffff")
    assert first == "2001:db8:1234:5678::/64"
    assert first != throttle_key("2001:db8:1234:5679::1")


def test_ipv4_and_mapped_addresses_stay_whole():
    assert throttle_key("198.51.100.7") == "198.51.100.7"
    assert throttle_key("::ffff:198.51.100.7") == "198.51.100.7"
    assert throttle_key("not an address") == "not an address"
