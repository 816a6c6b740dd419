"""Fetching a content pack from a URL, with conditional revalidation and an offline fallback.

The archive comes from the URL and its signature from the same URL with ``.sig`` appended to the path.
Only ``https://`` is accepted, or ``http://`` to a loopback host (a local mirror or a test server);
TLS is always verified and every redirect hop is held to the same rule. httpx is imported only inside
:func:`fetch_pack`.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from tui import __version__
from tui.core.signing import MAX_SIG_FILE_BYTES, fingerprint, verify_bytes
from tui.core.urls import shown_url, url_problem
from tui.deadline import DeadlineExceeded, socket_deadline
from tui.errors import PackConflict, PackError
from tui.packs.archive import DEFAULT_LIMITS, Limits
from tui.packs.cache import CachedPack, PackCache, human_age

if TYPE_CHECKING:
    import httpx

DEFAULT_TIMEOUT = 10.0


@dataclass(frozen=True)
class FetchResult:
    path: Path  # the unpacked pack folder in the cache
    from_cache: bool  # True when the bytes were not downloaded this time (304 or offline)
    age_seconds: float | None  # set only when the source could not be reached: time since it last answered
    message: str  # one line for the user
    verified: bool = False  # the signature was checked against a pinned public key
    version: str | None = None
    # every request made for it, in order (see :func:`network_entry`): what a scan's audit lists as the network
    # used before it
    network: tuple[dict[str, object], ...] = ()


def network_entry(request: httpx.Request) -> dict[str, object]:
    """A request made for a pack, as the audit lists it: the method, the URL as messages show it
    (:func:`~tui.core.urls.shown_url`), what it asks for, and (filled in when known) the HTTP status or why
    no answer came."""
    url = str(request.url)
    what = "the content pack's signature" if urlsplit(url).path.endswith(".sig") else "the content pack"
    return {"method": request.method, "url": shown_url(url), "what": what, "status": None, "error": None}


def check_url(url: str) -> None:
    """Refuse anything but https (or http to a loopback host) before any connection is made."""
    from tui.core.text import clean

    problem = url_problem(url)
    if problem is not None:
        raise PackError(f"{clean(shown_url(url), 300)}: not a URL to fetch a content pack from: {problem}")


def signature_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=parts.path + ".sig"))


def pack_host(url: str) -> str:
    """The host a pack URL names, for a message (the URL itself may carry credentials)."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def fetch_pack(
    url: str,
    *,
    public_key: str | None,
    cache_dir: Path,
    timeout: float = DEFAULT_TIMEOUT,
    limits: Limits = DEFAULT_LIMITS,
    deadline: float | None = None,
    fallback_on_refusal: bool = False,
) -> FetchResult:
    """Fetch (or revalidate) the pack at ``url`` and return its unpacked folder in ``cache_dir``.

    * a cached good copy is revalidated with If-None-Match / If-Modified-Since; 304 reuses it;
    * with ``public_key`` the archive must carry a valid ``.sig``; without one it is not signature-checked;
    * an unreachable server (or a 5xx/4xx answer, or one that does not finish within ``deadline`` seconds
      per download) falls back to the good copy, saying how old it is;
    * a bad signature, an unsafe archive or invalid content raises PackError, cache untouched; with
      ``fallback_on_refusal`` the good copy is used instead, with a loud warning (scan, check, app);
    * a signed pack that disagrees with the good copy (another id, a lower version) raises PackConflict, with
      or without ``fallback_on_refusal``: the cache is the user's to write, so the copy in it may be one the
      user put there (another pack signed with the same key) and never wins over the server's; nor does an
      older pack the server (or the network) serves win over the cached copy. Which is current is the
      company's to say, so neither is used.
    """
    check_url(url)
    network: list[dict[str, object]] = []  # every request, whatever happens to it
    try:
        result = _fetch_pack(
            url,
            public_key=public_key,
            cache_dir=cache_dir,
            timeout=timeout,
            limits=limits,
            deadline=deadline if deadline is not None else max(60.0, timeout * 6),
            network=network,
        )
        return dataclasses.replace(result, network=tuple(network))
    except PackConflict:
        raise  # the server's pack or the cached copy: which is current cannot be told here (see PackConflict)
    except PackError as exc:
        if not fallback_on_refusal:
            raise
        cache = PackCache.for_source(cache_dir, url)
        good = cache.checked(cache.current(), public_key)
        if good is None or (public_key and good.public_key != public_key):
            raise
        from tui.core.text import clean

        result = _fallback(good, url, "refused")
        what = "the verified cached copy" if good.public_key else "the cached copy"
        return FetchResult(
            result.path,
            True,
            result.age_seconds,
            f"WARNING: the content pack from {pack_host(url)} was REFUSED ({clean(str(exc), 400)}); "
            f"using {what} from {human_age(result.age_seconds or 0)} ({good.meta}) instead",
            verified=result.verified,
            version=result.version,
            network=tuple(network),
        )


def _fetch_pack(
    url: str,
    *,
    public_key: str | None,
    cache_dir: Path,
    timeout: float,
    limits: Limits,
    deadline: float,
    network: list[dict[str, object]],
) -> FetchResult:
    import httpx  # only here: `aicheck scan` with a folder never loads it

    from tui.http_client import build_client

    cache = PackCache.for_source(cache_dir, url)
    good = cache.current()
    # cached under no key or another key: download again, do not trust it offline
    good_for_key = None if good is not None and public_key and good.public_key != public_key else good
    good_for_key = cache.checked(good_for_key, public_key)  # the cache is the user's to edit: checked again

    def check_hop(request: httpx.Request) -> None:
        check_url(str(request.url))  # every redirect hop too
        network.append(network_entry(request))  # recorded before it is sent: a request that fails counts too

    def answered(response: httpx.Response) -> None:
        if network:
            network[-1]["status"] = response.status_code

    def unanswered(why: str) -> str:
        for entry in network:
            if entry["status"] is None and entry["error"] is None:
                entry["error"] = why
        return why

    headers = {"User-Agent": f"aicheck/{__version__}", "Accept-Encoding": "identity"}
    # The validators come from state.json, which the user can write (an older signed pack put in the slot, a
    # Last-Modified of 2100): with a pinned key they are never sent; the server's signature says instead
    # whether the cached copy is the pack it serves now (see _serves_the_cached_copy).
    if good_for_key is not None and not public_key:
        if good_for_key.etag:
            headers["If-None-Match"] = good_for_key.etag
        if good_for_key.last_modified:
            headers["If-Modified-Since"] = good_for_key.last_modified

    made = [p for p in (cache.slot, cache.slot.parent, Path(cache_dir)) if not p.exists()]  # removed on failure
    try:
        cache.slot.mkdir(parents=True, exist_ok=True)
        download = Path(tempfile.mkdtemp(prefix="tmp-dl-", dir=cache.slot))
    except OSError as exc:
        from tui.atomic import disk_error

        raise disk_error(cache.slot, exc, "write the pack cache in", env="AICHECK_CACHE_DIR") from None
    try:
        # plain http goes only to this machine, never through a proxy the environment names (see open_client)
        plain = urlsplit(url).scheme.lower() == "http"
        with build_client(
            timeout=timeout,
            follow_redirects=True,
            event_hooks={"request": [check_hop], "response": [answered]},
            trust_env=not plain,
        ) as client:
            try:
                if public_key and good_for_key is not None:
                    same = _serves_the_cached_copy(client, url, good_for_key, download, headers, deadline)
                    if same is not None:
                        return same if isinstance(same, FetchResult) else _fallback(good_for_key, url, same)
                status, resp_headers = _download(
                    client, url, headers, download / "pack.tar.gz", limits.max_archive_bytes, deadline
                )
                if status == 304 and good_for_key is not None:
                    pack = cache.touch(
                        good_for_key, etag=resp_headers.get("etag"), last_modified=resp_headers.get("last-modified")
                    )
                    return FetchResult(
                        pack.path,
                        True,
                        None,
                        f"content pack {pack.meta} from {pack_host(url)} is up to date",
                        verified=bool(public_key),
                        version=pack.meta.version,
                    )
                if status != 200:
                    return _fallback(good_for_key, url, f"the server answered HTTP {status}")
                sig: bytes | None = None
                if public_key:
                    sig_status = _download_signature(client, url, headers, download / "pack.tar.gz.sig", deadline)
                    if sig_status == 404:
                        raise PackError(
                            f"{shown_url(signature_url(url))}: not found; a public key is pinned, so an unsigned "
                            "pack is refused"
                        )
                    if sig_status != 200:
                        return _fallback(good_for_key, url, f"the signature request answered HTTP {sig_status}")
                    sig = (download / "pack.tar.gz.sig").read_bytes()
            except httpx.InvalidURL as exc:
                raise PackError(f"{shown_url(url)}: not a valid URL ({exc})") from None
            except httpx.RequestError as exc:  # connection, TLS, timeout, too many redirects
                return _fallback(good_for_key, url, unanswered(_describe(exc)))
            except DeadlineExceeded:
                why = f"the server did not finish answering within {deadline:g} s"
                return _fallback(good_for_key, url, unanswered(why))
        archive = download / "pack.tar.gz"
        if public_key and sig is not None:
            shown = shown_url(url)
            verify_bytes(archive.read_bytes(), sig, public_key, what=shown, sig_where=shown_url(signature_url(url)))
        try:
            pack = cache.install(
                archive,
                public_key=public_key,
                signature=sig if public_key else None,
                etag=resp_headers.get("etag"),
                last_modified=resp_headers.get("last-modified"),
                limits=limits,
                shown=shown_url(url),
            )
        except OSError as exc:  # disk full or read-only cache: the good copy stays current
            from tui.atomic import disk_error

            raise disk_error(cache.slot, exc, "write the pack cache in", env="AICHECK_CACHE_DIR") from None
    finally:
        shutil.rmtree(download, ignore_errors=True)
        for folder in made:  # a fetch that failed leaves no empty folder behind (one that holds a pack stays)
            try:
                folder.rmdir()
            except OSError:
                break
    if good is not None and good.sha256 == pack.sha256:
        what = f"content pack {pack.meta} from {pack_host(url)} is up to date"
    elif good is not None:
        what = f"content pack updated from {good.meta.version} to {pack.meta} from {pack_host(url)}"
    else:
        what = f"content pack {pack.meta} fetched from {pack_host(url)}"
    if public_key:
        what += f" (signature verified with {fingerprint(public_key)})"
    else:
        what += " (not signature-checked: no [content] public_key in the config)"
    return FetchResult(pack.path, False, None, what, verified=bool(public_key), version=pack.meta.version)


def _serves_the_cached_copy(
    client: httpx.Client, url: str, good: CachedPack, download: Path, headers: dict[str, str], deadline: float
) -> FetchResult | str | None:
    """With a pinned key: whether the server still serves the cached copy ``good``, asked of its signature (a
    few dozen bytes). The same signature as the cached archive's (which verified) means the same archive: the
    copy is up to date (a FetchResult). Another signature: None, the archive is downloaded. An answer other
    than 200: why, for the offline fallback (str). Nothing the user can write in the cache decides this."""
    from tui.core.signing import read_signature

    try:
        status = _download_signature(client, url, headers, download / "served.sig", deadline)
    except PackError as exc:  # an answer too big to be a signature
        return str(exc)
    if status != 200:
        return None if status == 404 else f"the signature request answered HTTP {status}"
    try:
        served = read_signature(download / "served.sig")
        cached = read_signature(good.path.with_name(f"{good.path.name}.tar.gz.sig"))
    except PackError:
        return None  # a signature that does not parse: the archive's download says what is wrong
    if served != cached:
        return None
    pack = PackCache(good.path.parent, url).touch(good, etag=None, last_modified=None)
    return FetchResult(
        pack.path,
        True,
        None,
        f"content pack {pack.meta} from {pack_host(url)} is up to date",
        verified=True,
        version=pack.meta.version,
    )


def _download_signature(client: httpx.Client, url: str, headers: dict[str, str], dest: Path, deadline: float) -> int:
    """GET the pack's ``.sig`` into ``dest`` (never more than a signature's size); its HTTP status."""
    status, _ = _download(
        client, signature_url(url), {"User-Agent": headers["User-Agent"]}, dest, MAX_SIG_FILE_BYTES, deadline
    )
    return status


def _download(
    client: httpx.Client, url: str, headers: dict[str, str], dest: Path, max_bytes: int, deadline: float
) -> tuple[int, httpx.Headers]:
    """GET ``url`` into ``dest`` (only on 200), never reading more than ``max_bytes`` and never taking
    longer than ``deadline`` seconds (raises DeadlineExceeded)."""
    headers = {**headers, "Connection": "close"}  # a fresh connection, so the deadline can reach its socket
    with (
        socket_deadline(deadline) as guard,
        client.stream("GET", url, headers=headers, extensions=guard.extensions) as resp,
    ):
        if resp.status_code != 200:
            return resp.status_code, resp.headers
        declared = resp.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise PackError(f"{shown_url(url)}: {declared} bytes, more than the limit of {max_bytes} for a pack")
        size = 0
        try:
            out = dest.open("wb")
        except OSError as exc:
            from tui.atomic import disk_error

            raise disk_error(dest, exc, env="AICHECK_CACHE_DIR") from None
        with out:
            for chunk in resp.iter_raw():
                size += len(chunk)
                if size > max_bytes:
                    raise PackError(f"{shown_url(url)}: more than the limit of {max_bytes} bytes for a pack")
                try:
                    out.write(chunk)
                except OSError as exc:
                    from tui.atomic import disk_error

                    raise disk_error(dest, exc, env="AICHECK_CACHE_DIR") from None
                guard.check()
        return 200, resp.headers


def _describe(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return f"{type(exc).__name__}: {text}" if type(exc).__name__ not in text else text


def _fallback(good: CachedPack | None, url: str, reason: str) -> FetchResult:
    if good is None:
        raise PackError(
            f"{shown_url(url)}: cannot fetch the content pack ({reason}) and there is no cached copy to use"
        )
    age = max(0.0, time.time() - good.checked_at)
    message = (
        f"offline: using the cached pack from {human_age(age)} ({good.meta}; "
        f"could not update from {pack_host(url)}: {reason})"
    )
    return FetchResult(good.path, True, age, message, verified=good.public_key is not None, version=good.meta.version)


__all__ = ["FetchResult", "check_url", "fetch_pack", "signature_url"]
