"""Which content pack to use: ``--content``, then ``AICHECK_CONTENT``, then the config, then the bundled one.

A value may be a folder (used as is), a ``.tar.gz`` file (signature-checked when a public key is pinned,
then unpacked into the cache) or a URL (fetched, see :mod:`tui.packs.remote`). httpx is imported only
when a URL is actually fetched.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.errors import PackError
from tui.packs.settings import ContentSettings, load_content_settings

if TYPE_CHECKING:
    from tui.core.content import Pack
    from tui.packs.cache import CachedPack
    from tui.packs.meta import PackMeta

ENV_VAR = "AICHECK_CONTENT"
# ``--content example`` (or AICHECK_CONTENT=example): the bundled example pack, chosen on purpose. Taken only
# because nothing names a pack, it is no company's policy, and the gate refuses it (see require_company_source).
EXAMPLE = "example"
_URL_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


@dataclass(frozen=True)
class ResolvedContent:
    path: Path  # the pack folder to load
    notice: str | None = None  # one line worth telling the user (offline fallback, unsigned, updated), or None
    # where the choice came from: "--content", "AICHECK_CONTENT", the config path, or "bundled" when nothing named a
    # pack (the bundled example in its place)
    source: str = "bundled"
    spec: str | None = None  # the folder, file or URL as given
    verified: bool = False  # its signature was checked against the pinned [content] public_key
    # a cached pack's files, as the bytes of the archive kept beside it (signed, and verified, when ``verified``):
    # what it is loaded from (see load_resolved); None for a folder, read as it lies
    files: Mapping[str, bytes] | None = None
    # whether it is the pack the config's [content] url names: False when --content or AICHECK_CONTENT named
    # another (said in the report's header and JSON), None when no config names a pack
    configured: bool | None = None
    # a signed pack older than one of the same id and key used here before: the scan error that says so
    rollback: str | None = None
    # the requests made to fetch it (a URL's pack: see tui.packs.remote.network_entry), listed in the scan's audit
    network: tuple[dict[str, object], ...] = ()
    # the fingerprint (``ed25519:…``) of the pinned key its signature was verified with; None when not verified
    key: str | None = None

    @property
    def kind(self) -> str:
        """``bundled``, ``url`` or ``path`` (a folder or an archive file)."""
        if self.spec is None:
            return "bundled"
        return "url" if is_url(self.spec) else "path"


def _cached(
    folder: Path, notice: str | None, source: str, spec: str, public_key: str | None, configured: bool | None
) -> ResolvedContent:
    """A pack unpacked in the cache (fetched, or from an archive file), signed when a key is pinned. A signed
    one older than a version of the same pack used here before with the same key carries the scan error that
    says so (``rollback``); the configured pack's version (any, when the config names none) is remembered as
    used (see :func:`tui.packs.cache.newer_seen`)."""
    files = _cached_files(folder, public_key)
    return _judged_from(folder, notice, source, spec, public_key, files, folder.parent.parent, configured)


def judge_fetched(folder: Path, spec: str, settings: ContentSettings) -> ResolvedContent:
    """The pack ``content fetch`` just put in the cache, judged as a scan would judge it: the configured pack's
    version is remembered as used, so naming an older archive afterwards is the rollback it is (a fetch that
    was not followed by a scan let ``check --content v1.tar.gz`` pass), and a fetched pack older than one used
    here before carries that error."""
    return _cached(folder, None, "content fetch", spec, settings.public_key, _configured(spec, settings))


def _judged_from(
    path: Path,
    notice: str | None,
    source: str,
    spec: str,
    public_key: str | None,
    files: dict[str, bytes],
    packs_dir: Path,
    configured: bool | None,
) -> ResolvedContent:
    """A pack judged from ``files`` (verified with ``public_key`` when one is pinned), with the rollback error
    when it is older than one used here before (:func:`_rollback`)."""
    rollback = _rollback(files, packs_dir, source, spec, public_key, configured)
    return ResolvedContent(
        path,
        notice,
        source,
        spec,
        verified=bool(public_key),
        files=files,
        configured=configured,
        rollback=rollback,
        key=_fingerprint(public_key),
    )


def _rollback(
    files: Mapping[str, bytes], packs_dir: Path, source: str, spec: str, public_key: str | None, configured: bool | None
) -> str | None:
    """The scan error of a signed pack older than a version of the same id and key used here before (see
    :func:`tui.packs.cache.newer_seen`), or None; the configured pack's version is remembered as used when it is
    higher than the one recorded (the one write a scan may make, in ``packs_dir``)."""
    rollback = None
    if public_key:
        from tui.packs.cache import newer_seen, record_seen
        from tui.packs.meta import PACK_FILE, parse_pack_meta

        meta = parse_pack_meta(files.get(PACK_FILE, b""), f"{_shown_spec(spec)} (from {source}): {PACK_FILE}")
        seen = newer_seen(packs_dir, public_key, meta)
        if seen is not None:
            rollback = (
                f"the content pack {meta} is older than version {seen} of the same pack, signed with the same key, "
                "that was used on this machine before: its policy may be out of date (what the company changed "
                "since does not count); use the company's current pack (`aicheck content fetch`, or the "
                "--content your company names)"
            )
        elif configured is not False:  # a pack other than the configured one (a preview) is not remembered
            record_seen(packs_dir, public_key, meta)
        if rollback is None:
            rollback = _below_min_version(meta, public_key)
    return rollback


def _below_min_version(meta: PackMeta, public_key: str) -> str | None:
    """The scan error of a signed pack older than the config's ``[content] min_version`` for the same key, or
    None. The record of versions used (:func:`_rollback`) is in the user's cache: emptied or moved
    (``AICHECK_CACHE_DIR``) with an older signed pack put there and the fetch made to fail, that pack judged
    (a red team's exit 0 under the managed config); the managed config's floor is the company's alone."""
    from tui.packs.meta import PACK_FILE, parse_version

    settings = load_content_settings()
    if not settings.min_version or settings.public_key != public_key:
        return None
    if parse_version(meta.version, PACK_FILE) >= parse_version(settings.min_version, str(settings.source)):
        return None
    return (
        f"the content pack {meta} is older than {settings.min_version}, the lowest version {settings.source} "
        "allows: its policy is out of date; use the company's current pack (`aicheck content fetch`)"
    )


def _fingerprint(public_key: str | None) -> str | None:
    """The fingerprint of the pinned key a pack's signature was verified with (None: not verified)."""
    if not public_key:
        return None
    from tui.core.signing import fingerprint

    return fingerprint(public_key)


def _shown_spec(spec: str) -> str:
    """A pack's source as a message names it: a URL by :func:`tui.core.urls.shown_url`, a path as given."""
    if is_url(spec):
        from tui.core.urls import shown_url

        return shown_url(spec)
    return spec


def _configured(spec: str, settings: ContentSettings) -> bool | None:
    """Whether ``spec`` names the pack the config's ``[content] url`` names (None: it names none)."""
    if not settings.url:
        return None
    if spec == settings.url:
        return True
    if is_url(spec) or is_url(settings.url):
        return False
    try:
        return Path(spec).expanduser().resolve() == Path(settings.url).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return False


def _cached_files(folder: Path, public_key: str | None) -> dict[str, bytes]:
    """The files of the cached pack ``folder`` as the archive kept beside it holds them (with a pinned key,
    verified again: the cache is the user's to write): what it is loaded from, never the unpacked folder.
    Without a key they are not signature-checked, and never called so."""
    from tui.core.bounded_read import ReadSkipped
    from tui.packs.cache import verified_files

    try:
        return verified_files(folder, public_key)
    except (OSError, ReadSkipped) as exc:
        raise PackError(
            f"{folder}: the cached pack's archive cannot be read again ({exc}); run `aicheck content fetch` "
            "(or name the archive again)"
        ) from None


def load_resolved(resolved: ResolvedContent) -> Pack:
    """The pack ``resolved`` names: a cached one (fetched, or from an archive file) from its archive's bytes
    (verified when a key is pinned), a folder named as such from the folder."""
    from tui.core.content import load_pack

    pack = load_pack(resolved.path, resolved.files)
    pack.rollback_error = resolved.rollback
    return pack


def is_url(spec: str) -> bool:
    return bool(_URL_RE.match(spec))


def resolve_content(
    spec: str | None = None,
    *,
    settings: ContentSettings | None = None,
    cache_dir: Path | None = None,
    timeout: float | None = None,
    announce: Callable[[str], None] | None = None,
    install: bool = False,
) -> ResolvedContent:
    """The pack folder to use and an optional notice for the user.

    ``spec`` is the ``--content`` value (or None). Raises PackError when the chosen source cannot be used;
    it never silently falls back to another source (a company pack that fails must not become the example).
    ``announce``: told, before the network is used, where the pack is being asked for (a server that answers
    slowly then leaves no blank terminal). A local archive is read, verified and judged from its bytes in
    memory: nothing is written (a scan writes nothing), but for the record of the highest version of the
    configured signed pack (see :func:`_rollback`); with ``install`` (``content fetch``, ``content path``) it
    is unpacked into the cache, whose folder is then the path.
    """
    if spec:
        source = "--content"
    elif env := env_content():
        spec, source = env, ENV_VAR
    else:
        settings = settings if settings is not None else load_content_settings()
        if settings.url:
            spec, source = settings.url, f"{settings.source} [content] url"
        elif settings.public_key:  # a pinned key means a signed pack: the unsigned example is no stand-in
            raise PackError(
                f"{settings.source} pins a [content] public_key but names no pack ([content] url): set url "
                "to the company's signed pack"
            )
        else:
            return ResolvedContent(path=paths.bundled_content_dir(), source="bundled")
    if settings is None:
        settings = load_content_settings()
    configured = _configured(spec, settings)
    if spec == EXAMPLE:
        if settings.public_key:  # a pinned key means a signed pack: the unsigned example is no stand-in
            raise PackError(
                f"{spec} (from {source}): the bundled example is not signed, and {settings.source} pins a "
                "[content] public_key: use the company's signed pack"
            )
        return ResolvedContent(path=paths.bundled_content_dir(), source=source, configured=configured)
    cache_root = Path(cache_dir) if cache_dir is not None else paths.cache_dir()
    if is_url(spec):
        from tui.packs.remote import DEFAULT_TIMEOUT, fetch_pack, pack_host

        if announce is not None:
            announce(f"aicheck: asking {pack_host(spec)} for the content pack...")
        result = fetch_pack(
            spec,
            public_key=settings.public_key,
            cache_dir=cache_root,
            timeout=timeout if timeout is not None else DEFAULT_TIMEOUT,
            fallback_on_refusal=True,
        )  # a refused update never stops a scan: the good copy
        notice = None if (result.from_cache and result.age_seconds is None) else result.message
        resolved = _cached(result.path, notice, source, spec, settings.public_key, configured)
        return dataclasses.replace(resolved, network=result.network)
    try:
        path = Path(spec).expanduser()
    except RuntimeError:  # ~someone with no such user (or no home to expand ~ to)
        raise PackError(f"{spec} (from {source}): '~' names no user's home folder here") from None
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except OSError as exc:  # a name longer than the OS allows (AICHECK_CONTENT, the config: no option check)
        raise PackError(f"{path} (from {source}): {exc.strerror or exc}") from None
    if is_dir:
        if settings.public_key:  # a folder has no signature: with a pinned key it would bypass the check
            raise PackError(
                f"{path} (from {source}): a pack folder cannot be signature-checked, and "
                f"{settings.source} pins a [content] public_key: use the company's signed .tar.gz "
                "(`aicheck content validate` checks a folder you are writing)"
            )
        return ResolvedContent(path=path, source=source, spec=spec, configured=configured)
    if is_file:
        from tui.packs.archive import is_archive_name

        if not is_archive_name(path.name):
            raise PackError(f"{path} (from {source}): not a folder or a .tar.gz content pack")
        key = settings.public_key
        if install:
            pack = install_archive_file(path, public_key=key, cache_dir=cache_root)
            return _cached(pack.path, _unsigned(str(pack.meta), path, key), source, spec, key, configured)
        files = read_archive_file(path, public_key=key)
        from tui.packs.meta import PACK_FILE, parse_pack_meta

        meta = parse_pack_meta(files.get(PACK_FILE, b""), f"{path}:{PACK_FILE}") if PACK_FILE in files else None
        notice = _unsigned(str(meta) if meta else "?", path, key)
        return _judged_from(path, notice, source, spec, key, files, cache_root / "packs", configured)
    if os.path.lexists(path):  # a FIFO, a socket, a device, a link that leads nowhere: there, but no pack
        raise PackError(f"{path} (from {source}): not a regular file or a folder, so not a content pack")
    raise PackError(f"{path} (from {source}): no such folder or file")


def _unsigned(meta: str, path: Path, public_key: str | None) -> str | None:
    if public_key:
        return None
    return f"content pack {meta} from {path.name} is not signature-checked (no [content] public_key in the config)"


def read_archive_file(archive: Path, *, public_key: str | None, sig_file: Path | None = None) -> dict[str, bytes]:
    """The files of a local archive, read once and (when a key is pinned) verified: what the pack is judged
    from. Writes nothing."""
    from tui.core.bounded_read import ReadSkipped, read_bounded
    from tui.packs.archive import DEFAULT_LIMITS, archive_files

    try:  # read once: what is verified is what is read; a regular file within the archive limit only
        data = read_bounded(archive, DEFAULT_LIMITS.max_archive_bytes)
    except ReadSkipped as exc:
        raise PackError(f"{archive}: cannot read: {exc}") from None
    if public_key:
        from tui.core.signing import read_signature, signature_path, verify_bytes

        sig_file = Path(sig_file) if sig_file else signature_path(archive)
        verify_bytes(data, read_signature(sig_file), public_key, what=str(archive), sig_where=str(sig_file))
    return archive_files(data, archive, shown=str(archive))


def install_archive_file(
    archive: Path, *, public_key: str | None, cache_dir: Path | None = None, sig_file: Path | None = None
) -> CachedPack:
    """Verify (when a key is pinned) and unpack a local archive into its cache slot; returns a CachedPack."""
    import shutil
    import tempfile

    from tui.packs.archive import DEFAULT_LIMITS
    from tui.packs.cache import PackCache

    archive = Path(archive)
    from tui.core.bounded_read import ReadSkipped, read_bounded

    try:  # read once: what is verified is what is unpacked; a regular file within the archive limit only
        data = read_bounded(archive, DEFAULT_LIMITS.max_archive_bytes)
    except ReadSkipped as exc:
        raise PackError(f"{archive}: cannot read: {exc}") from None
    sig: bytes | None = None
    if public_key:
        from tui.core.signing import read_signature, signature_path, verify_bytes

        sig_file = Path(sig_file) if sig_file else signature_path(archive)
        sig = read_signature(sig_file)
        verify_bytes(data, sig, public_key, what=str(archive), sig_where=str(sig_file))
    cache_root = Path(cache_dir) if cache_dir is not None else paths.cache_dir()
    cache = PackCache.for_source(cache_root, str(archive.resolve()))
    cache.slot.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="tmp-in-", dir=cache.slot))
    try:
        from tui.atomic import write_atomic

        copy = tmp / "pack.tar.gz"
        write_atomic(copy, data, mode=0o644, env="AICHECK_CACHE_DIR")  # a full disk is a DiskError, not a traceback
        return cache.install(copy, public_key=public_key, signature=sig, shown=str(archive))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def env_content() -> str | None:
    """``AICHECK_CONTENT``, or None when it is not set. Set but empty (``AICHECK_CONTENT="$PACK"`` with PACK
    unset) is a PackError: taken as not set, the pack would come from somewhere the script did not name."""
    value = os.environ.get(ENV_VAR)
    if value is None:
        return None
    if not value.strip():
        raise PackError(f"{ENV_VAR} is set but empty: name a pack, or unset it (an unset variable in a script?)")
    return value


def require_company_source(spec: str | None, what: str) -> None:
    """For the gate (``check``, the fleet's tables): raise PackError unless the pack to judge with is one the
    company named. Nothing named (the bundled example would stand in) is a missing input, never a verdict of an
    example company's policy; and where the managed config names the company's pack, ``--content`` or
    AICHECK_CONTENT naming another (an older signed pack, the example) cannot replace it. Reads the config,
    never the network."""
    chosen = spec or env_content()
    settings = load_content_settings()
    if chosen is None and not (settings.url or settings.public_key):  # a key alone: resolve_content says so
        raise PackError(
            f"{what} judges against your company's AI-tool policy, and none is configured: no --content, no "
            f"{ENV_VAR}, no [content] url in {paths.shown(paths.config_file())} or in the managed config "
            f"{paths.shown(paths.managed_config_file())}. The bundled example policy is not your company's. Ask "
            f"your IT or compliance team for aicheck's config, or try the example on purpose: --content {EXAMPLE}"
        )
    if chosen is not None and settings.managed and settings.url and chosen != settings.url:
        where = "--content" if spec else ENV_VAR
        raise PackError(
            f"{what} judges with the company's pack that the managed config {settings.source} names; {where} "
            "cannot replace it with another (`aicheck scan --content …` shows what another pack would say)"
        )
