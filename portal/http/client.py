"""Who is on the other end of a request, for throttling: the client address.

Behind reverse proxies the direct peer is the nearest proxy. With
``LANTERN_TRUSTED_PROXY_HOPS=N`` (N proxies we run, in front of Lantern) the client is
the address the outermost of them saw: the N-th entry from the right of
``X-Forwarded-For``. Entries further left are whatever the client claimed and are never
used. With the default 0 the header is ignored, so nobody can pick their own address.

IPv6 addresses are grouped by their /64 network: one home or phone usually holds a
whole /64, so counting single addresses would give one person millions of tries.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request

from portal.settings import get_settings


def client_address(peer: str | None, forwarded_for: str | None, trusted_hops: int) -> str:
    """The client's address from the direct peer and ``X-Forwarded-For`` (see module)."""
    if trusted_hops > 0 and forwarded_for:
        entries = [entry.strip() for entry in forwarded_for.split(",") if entry.strip()]
        if len(entries) >= trusted_hops:
            return entries[-trusted_hops]
    return peer or "unknown"


def throttle_key(address: str) -> str:
    """The key throttling counts under: an IPv4 address, or an IPv6 /64 network."""
    try:
        parsed = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return address[:64]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def client_key(request: Request) -> str:
    """The throttling key of the client behind ``request``."""
    peer = request.client.host if request.client else None
    address = client_address(peer, request.headers.get("x-forwarded-for"),
                             get_settings().trusted_proxy_hops)
    return throttle_key(address)
