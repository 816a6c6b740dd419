"""Where aicheck keeps its own files. Every location can be overridden by one environment variable,
which is also how the tests keep a developer's real files out of the way."""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType

APP_NAME = "aicheck"


def _platformdirs() -> ModuleType:
    import platformdirs  # small, but only needed when a command touches user files

    return platformdirs


def data_dir() -> Path:
    """Requests, impact documents, checklist progress. ``AICHECK_DATA_DIR`` overrides."""
    env = os.environ.get("AICHECK_DATA_DIR")
    if env:
        return Path(env)
    return Path(_platformdirs().user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Fetched content packs. ``AICHECK_CACHE_DIR`` overrides."""
    env = os.environ.get("AICHECK_CACHE_DIR")
    if env:
        return Path(env)
    return Path(_platformdirs().user_cache_dir(APP_NAME, appauthor=False))


def state_dir() -> Path:
    """Logs (the traceback of an internal error). ``AICHECK_STATE_DIR`` overrides."""
    env = os.environ.get("AICHECK_STATE_DIR")
    if env:
        return Path(env)
    return Path(_platformdirs().user_state_dir(APP_NAME, appauthor=False))


def log_dir() -> Path:
    return state_dir() / "logs"


def config_file() -> Path:
    """The user's config file. ``AICHECK_CONFIG`` overrides."""
    env = os.environ.get("AICHECK_CONFIG")
    if env:
        return Path(env)
    return Path(_platformdirs().user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


# The company's managed config: installed by IT (MDM, configuration management) where only an administrator
# can write, and read before the user's own. Fixed paths, no environment variable: a user must not be able
# to point aicheck at another one (tests replace this function).
MANAGED_CONFIG = {
    "linux": "/etc/aicheck/config.toml",
    "darwin": "/Library/Application Support/aicheck/config.toml",
    "win32": "C:/ProgramData/aicheck/config.toml",
}


def managed_config_file() -> Path:
    """The company-managed config file (it may not exist)."""
    import sys

    return Path(MANAGED_CONFIG.get(sys.platform, MANAGED_CONFIG["linux"]))


def shown(path: Path | str) -> str:
    """One of aicheck's own files as shown to the user: ``~/...`` under the home folder (shorter, and the
    same on every machine)."""
    p = Path(path)
    try:
        rel = p.relative_to(Path.home())
    except ValueError:
        return str(p)
    return str(Path("~") / rel)


def bundled_content_dir() -> Path:
    """The example pack: inside the wheel as ``tui/_content``, or ``content/`` in a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_content"
    if packaged.is_dir():
        return packaged
    return here.parent / "content"
