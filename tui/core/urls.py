"""The one rule for plain http: allowed only to this machine.

Everything aicheck sends or fetches goes over https, except to a loopback host (for local testing and
the demo). Both the intake settings (:mod:`tui.intake.base`) and the content-pack fetch
(:mod:`tui.packs.remote`) ask :func:`is_loopback_host`, so they cannot disagree.
"""

from __future__ import annotations

import ipaddress


def is_loopback_host(host: str | None) -> bool:
    """Whether ``host`` (as in a URL: brackets around IPv6 allowed) is this machine: a loopback address
    (127.0.0.0/8, ::1), or ``localhost`` and any name under ``.localhost``, with or without the final
    root dot (RFC 6761 section 6.3: such names always resolve to loopback)."""
    if not host:
        return False
    name = host.strip("[]").lower()
    if name.endswith(".") and not name.endswith(".."):
        name = name[:-1]
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
