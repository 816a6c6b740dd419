"""Helpers for tests of signed exception grants: real Ed25519 keys, a copy of the example pack that pins
the test approver key, grants issued and signed for real."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from tui.core.grants import Grant, make_grant, sign_grant
from tui.core.signing import generate_key
from tui.paths import bundled_content_dir

TODAY = dt.date(2026, 11, 21)
USER = "ada@example.com"


def new_key(folder: Path, name: str = "approver") -> tuple[Path, str]:
    """A fresh private key file under ``folder`` and its base64 public key."""
    folder.mkdir(parents=True, exist_ok=True)
    key_file = folder / f"{name}.pem"
    return key_file, generate_key(key_file)


def pack_pinning(folder: Path, keys: list[str], revoked: list[str] = ()) -> Path:
    """A copy of the example pack whose ``[exceptions]`` pins ``keys`` (and revokes ``revoked``)."""
    dest = folder / "pack"
    shutil.copytree(bundled_content_dir(), dest)
    policy = dest / "policy.toml"
    text = policy.read_text(encoding="utf-8")
    keys_toml = ", ".join(f'"{k}"' for k in keys)
    revoked_toml = ", ".join(f'"{r}"' for r in revoked)
    text, n = re.subn(r"(?m)^approver_keys = \[.*\].*$", f"approver_keys = [{keys_toml}]", text)
    assert n == 1
    text, n = re.subn(r"(?m)^revoked = \[.*\].*$", f"revoked = [{revoked_toml}]", text)
    assert n == 1
    policy.write_text(text, encoding="utf-8")
    return dest


def issue(
    key_file: Path,
    *,
    tool: str = "cursor",
    user: str = USER,
    issued: dt.date = TODAY,
    until: dt.date = TODAY + dt.timedelta(days=30),
    **extra,
) -> Grant:
    return sign_grant(make_grant(user=user, tool=tool, issued=issued, until=until, key_id="", **extra), key_file)


def set_user(email: str) -> None:
    """The aicheck config (isolated per test by conftest) names the user's email."""
    Path(os.environ["AICHECK_CONFIG"]).write_text(f'[user]\nemail = "{email}"\n', encoding="utf-8")


def data_dir() -> Path:
    return Path(os.environ["AICHECK_DATA_DIR"])
