"""The one place aicheck builds an HTTP client (the pack's fetch, the intake's requests), so that what the
environment gives it is checked the same way for both. httpx is imported only when a client is built: the
commands that never reach the network never import it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from tui.errors import ConfigError

if TYPE_CHECKING:
    import httpx

PROXY_VARIABLES = "HTTPS_PROXY, HTTP_PROXY, ALL_PROXY or NO_PROXY"


def readable_proxy(proxy: str) -> bool:
    """Whether a proxy's URL reads one way only. A user name or password holding an unencoded '/', '?' or
    '#' ends the URL's authority early for httpx (`http://user:tok#1@proxy:3128` is the host `user` with the
    port `tok`, or, with no port, a host named after the token: a DNS query carrying it), while a reader
    that takes the host after the last '@' sees `proxy:3128`. Such a URL is refused, never guessed at."""
    import httpx

    rest = proxy.partition("://")[2] if "://" in proxy else proxy
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in rest[len(authority) :]:
        return False
    try:
        httpx.URL(proxy)
    except httpx.InvalidURL:
        return False
    return True


def environment_proxies() -> dict[str, str | None]:
    """The proxies the environment names, as httpx reads them (``HTTPS_PROXY``, ``ALL_PROXY``…; on macOS and
    Windows the system settings when no variable is set): URL pattern → proxy URL, or None for a pattern
    ``NO_PROXY`` sends direct."""
    from httpx._utils import get_environment_proxies  # httpx's own reading, so what is checked is what it uses

    return get_environment_proxies()


def readable_proxies() -> bool:
    """Whether every proxy the environment names reads one way only (:func:`readable_proxy`)."""
    return all(readable_proxy(proxy) for proxy in environment_proxies().values() if proxy)


def build_client(**options: Any) -> httpx.Client:
    """``httpx.Client(**options)``; a proxy the environment names that httpx cannot read is a
    :class:`ConfigError` (exit 2) that names the variables, never their value (a proxy's URL may hold its
    password): httpx raised it from the client's constructor, which aicheck called a crash (exit 3, with the
    first part of the password in the crash log)."""
    import httpx

    trusted = options.get("trust_env", True)
    try:
        if trusted and not readable_proxies():
            raise httpx.InvalidURL("a proxy URL that reads two ways")
        return httpx.Client(**options)
    except (httpx.InvalidURL, ValueError):
        if not trusted:
            raise  # not the environment's: a bug in aicheck's own options, for the crash log
        raise ConfigError(
            f"a proxy the environment names ({PROXY_VARIABLES}, in capitals or not) is not a URL that can be "
            "read: a user name or password holding '#', '/', '?' or '@' must be percent-encoded (%23 for '#'); "
            "fix or unset it and try again"
        ) from None
