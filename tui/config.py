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
``password = ...``) are refused with a message that says which variable to use instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core.bounded_read import CONFIG_LIMIT, FileMissing, ParseFailed, ReadSkipped, read_toml
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
        data = read_toml(path, CONFIG_LIMIT)
    except FileMissing:
        return Config(path=path)
    except ParseFailed as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except ReadSkipped as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    # [content] belongs to tui.packs.settings, which validates it where it is used
    intake = data.get("intake")
    if intake is not None:
        if not isinstance(intake, dict):
            raise ConfigError(f"{path}: [intake] must be a table")
        check_no_secrets(intake, f"{path}: [intake]")
    return Config(path=path, intake=intake, raw=data)


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
