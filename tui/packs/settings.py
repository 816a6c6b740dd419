"""The ``[content]`` table of the company's managed config (``tui.paths.managed_config_file()``, written by
IT where only an administrator can) or, when that file sets none, of the user config
(``tui.paths.config_file()``)::

    [content]
    url = "https://policy.example.com/aicheck/pack.tar.gz"   # or a folder or a .tar.gz file
    public_key = "base64 from `aicheck content keygen`"      # packs must then be signed with its key
    min_version = "2026.12.1"                                # optional: an older signed pack is a scan error

A managed ``[content]`` wins as a whole: the user's own config cannot remove or replace a key the company
pinned. The managed config holds ``[content]`` alone; anything else in it, or a key either file's ``[content]``
does not know, is an error with its line (:func:`tui.config.check_known`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tui import paths
from tui.core.bounded_read import CONFIG_LIMIT, FileMissing, ReadSkipped, read_bounded_text
from tui.core.safe_toml import parse_toml
from tui.errors import ConfigError


@dataclass(frozen=True)
class ContentSettings:
    url: str | None = None
    public_key: str | None = None
    source: Path | None = None  # the config file they came from
    managed: bool = False  # from the company's managed config (the user's own [content] is then not read)
    # the lowest version of the signed pack aicheck may judge with (a pack older than it is a scan error): the
    # record of versions used lives in the user's own cache, which they can empty or move, so a company that
    # must never see an older pack come back (offline, from a cache the user filled) raises this as it ships
    min_version: str | None = None


def load_content_settings(config: Path | None = None) -> ContentSettings:
    """The ``[content]`` settings: the managed config's when it sets any, else the user config's (``config``
    names that one); empty when neither file nor table exists."""
    if config is None:
        managed = _read_settings(paths.managed_config_file(), managed=True)
        if managed.url or managed.public_key:
            return ContentSettings(
                managed.url, managed.public_key, managed.source, managed=True, min_version=managed.min_version
            )
    return _read_settings(Path(config) if config is not None else paths.config_file())


def _read_settings(path: Path, managed: bool = False) -> ContentSettings:
    from tui.config import check_known, check_named

    try:
        text = read_bounded_text(path, CONFIG_LIMIT).removeprefix("\ufeff")
    except FileMissing:
        if not managed:
            check_named(path)
        return ContentSettings(source=path)
    except ReadSkipped as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        doc = parse_toml(text)
    except ReadSkipped as exc:
        raise ConfigError(f"{path}: {exc}") from None
    # a mistyped key ([Content], URL = ...) would leave the company's pack unread: refused with its line
    check_known(path, text, doc, tables=("content",) if managed else None)
    table = doc.get("content", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: `content` must be a table ([content])")
    if "content" in doc and not table:
        raise ConfigError(f"{path}: [content] names no pack: set its url (and the public_key it is signed with)")
    values: dict[str, str | None] = {}
    for key in ("url", "public_key"):
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ConfigError(f"{path}: [content] {key} must be a non-empty string")
        values[key] = value.strip() if isinstance(value, str) else None
    if values["public_key"] is not None:
        from tui.core.signing import decode_public_key
        from tui.errors import PackError

        try:
            decode_public_key(values["public_key"])
        except PackError as exc:
            raise ConfigError(f"{path}: [content] public_key: {exc}") from None
    min_version = table.get("min_version")
    if min_version is not None:
        from tui.core.versions import pack_version_problem

        problem = pack_version_problem(min_version) if isinstance(min_version, str) else "it must be a string"
        if problem is not None:
            raise ConfigError(f"{path}: [content] min_version: {problem}")
        if values["public_key"] is None:
            raise ConfigError(f"{path}: [content] min_version goes with public_key (only a signed pack has a version)")
    return ContentSettings(url=values["url"], public_key=values["public_key"], source=path, min_version=min_version)
