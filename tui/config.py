"""The user's config file (``AICHECK_CONFIG`` or the platform config folder), a small TOML file:

```toml
[content]                # optional: the company's pack (read by tui.packs.settings)
url = "https://packs.example.com/acme/pack.tar.gz"
public_key = "<base64 Ed25519 key>"

[intake]                 # optional: overrides the content pack's [intake] table
kind = "webhook"
url = "https://intake.example.com/aicheck"
secret_env = "AICHECK_WEBHOOK_SECRET"    # secrets come from environment variables, never from files
```

A missing file is an empty config. Secrets written into the file (``secret = ...``, ``token = ...``,
``password = ...``) are refused with a message that says which variable to use instead. So is a table or key
aicheck does not know (``[Content]``, ``URL = ...``), with its line: a mistyped key would otherwise be
ignored, and the scan would quietly judge by another policy. The known ones are those of
``tui/schemas/config.schema.json``, read from there (one list for the schema and the check).
"""

from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.bounded_read import CONFIG_LIMIT, FileMissing, ParseFailed, ReadSkipped, read_bounded_text
from tui.core.safe_toml import parse_toml
from tui.errors import ConfigError

SECRET_KEYS = ("secret", "token", "password", "api_key", "apikey")


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    intake: dict[str, Any] | None = None
    raw: dict[str, Any] = field(default_factory=dict)


def load_config(path: Path | None = None) -> Config:
    """Read the user config file; ``path`` defaults to :func:`tui.paths.config_file`."""
    if path is None:
        from tui.paths import config_file

        path = config_file()
    path = Path(path)
    try:
        text = read_bounded_text(path, CONFIG_LIMIT).removeprefix("\ufeff")  # Notepad saves with a BOM
    except FileMissing:
        check_named(path)
        return Config(path=path)
    except ReadSkipped as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    try:
        data = parse_toml(text)
    except ParseFailed as exc:
        raise ConfigError(f"{path}: {exc}") from None
    check_known(path, text, data)  # and no secrets; [content]'s values are tui.packs.settings' to check
    return Config(path=path, intake=data.get("intake"), raw=data)


def check_named(path: Path) -> None:
    """A config file that is not there is an empty config, unless ``AICHECK_CONFIG`` names it: a path set
    on purpose and mistyped would leave the example policy to judge, so that is an error."""
    import os

    named = os.environ.get("AICHECK_CONFIG")
    if named and Path(named) == path:
        raise ConfigError(f"{path}: no such file (AICHECK_CONFIG names it)")


@functools.cache
def _schema() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "schemas" / "config.schema.json").read_text(encoding="utf-8"))


def known_keys() -> dict[str, frozenset[str]]:
    """Each table the config file may hold, with the keys it may hold (from the config file's JSON schema)."""
    return {name: frozenset(table.get("properties", ())) for name, table in _schema()["properties"].items()}


def key_choices() -> dict[tuple[str, str], list[str]]:
    """The keys whose value is one of a few words (``[intake] kind``), with those words (the schema's enums)."""
    return {
        (name, key): prop["enum"]
        for name, table in _schema()["properties"].items()
        for key, prop in table.get("properties", {}).items()
        if isinstance(prop, dict) and isinstance(prop.get("enum"), list)
    }


def check_known(path: Path, text: str, data: dict[str, Any], tables: tuple[str, ...] | None = None) -> None:
    """Refuse a table or key of the config file that aicheck does not know, naming its line and the name it
    is most like. ``tables``: the tables this file may hold (the company's managed config: ``content`` only);
    the keys inside a known key's own table (``[intake.fields]``) are the intake's to check."""
    from tui.core.tomldoc import TomlDoc

    known = known_keys()
    choices = key_choices()
    allowed = tables if tables is not None else tuple(known)
    for name, table in data.items():
        if name in allowed and not isinstance(table, dict):
            raise ConfigError(f"{path}: `{name}` must be a table ([{name}])")
        if name not in allowed:
            what = f"table [{name}]" if isinstance(table, dict) else f"key '{name}' outside any table"
            raise ConfigError(_unknown(path, text, (name,), what, [f"[{t}]" for t in allowed]))
        check_no_secrets(table, f"{path}: [{name}]")  # a secret's own message says which variable to use
        for key in table:
            if key not in known[name]:
                raise ConfigError(_unknown(path, text, (name, key), f"key '{key}' in [{name}]", sorted(known[name])))
            if (name, key) == ("user", "email") and not isinstance(table[key], str):  # else git's, in silence
                from tui.core.text import clean

                line, _ = TomlDoc(path, str(path), text).pos((name, key))
                where = f"{path}:{line}" if line else str(path)
                raise ConfigError(
                    f"{where}: [user] email is {clean(repr(table[key]), 80)}; it must be a string, your work email "
                    'in quotes (email = "ada@example.com")'
                )
            words = choices.get((name, key))
            if words is not None and table[key] not in words:  # `kind = "webhok"`: said now, not at the first send
                from tui.core.text import clean

                line, _ = TomlDoc(path, str(path), text).pos((name, key))
                like = difflib.get_close_matches(str(table[key]), [str(w) for w in words], n=1)
                hint = f" (did you mean {like[0]}?)" if like else ""
                where = f"{path}:{line}" if line else str(path)
                raise ConfigError(
                    f"{where}: [{name}] {key} is {clean(repr(table[key]), 80)}{hint}; it is one of {', '.join(map(str, words))}"
                )


def _unknown(path: Path, text: str, keypath: tuple[str, ...], what: str, names: list[str]) -> str:
    from tui.core.tomldoc import TomlDoc

    line, _ = TomlDoc(path, str(path), text).pos(keypath)
    written = f"[{keypath[-1]}]" if names and names[0].startswith("[") else keypath[-1]
    lower = {n.lower(): n for n in names}
    like = lower.get(written.lower()) or next(iter(difflib.get_close_matches(written, names, n=1)), None)
    hint = f" (did you mean {like}?)" if like else ""
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: unknown {what}{hint}; aicheck knows {', '.join(names)}, and reads nothing else from this file"


def check_no_secrets(table: dict[str, Any], where: str) -> None:
    """Refuse secret values in a file: only the *name* of an environment variable may be stored."""
    for key in table:
        if key.lower() in SECRET_KEYS:
            raise ConfigError(
                f"{where}: '{key}' holds a secret; secrets are never stored in files - "
                f"put it in an environment variable and name it with '{key}_env'"
            )


def merge_intake(pack_intake: dict[str, Any] | None, user_intake: dict[str, Any] | None) -> dict[str, Any] | None:
    """The effective intake settings: the user's table overrides the pack's key by key, or replaces it
    entirely when it names a different ``kind``."""
    if not user_intake:
        return dict(pack_intake) if pack_intake else None
    if not pack_intake:
        return dict(user_intake)
    if "kind" in user_intake and user_intake["kind"] != pack_intake.get("kind"):
        return dict(user_intake)
    return {**pack_intake, **user_intake}


def configured_email(config: Config | None = None) -> str:
    """``[user] email`` from aicheck's config file, as written ("" when unset, or when the file is unusable:
    a broken config is reported by the commands that need it). The email a grant must name, an
    acknowledgement records and a request is made with, before git's ``user.email``."""
    try:
        user = (config if config is not None else load_config()).raw.get("user")
    except Exception:
        return ""
    email = user.get("email") if isinstance(user, dict) else None
    return email.strip() if isinstance(email, str) else ""
