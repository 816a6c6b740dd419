"""The requester of the CLI's request tests: a home whose git identity is Ada's, never the developer's."""

from __future__ import annotations

from pathlib import Path


def ada_home(tmp_path: Path, monkeypatch) -> Path:
    """HOME set to a folder under ``tmp_path`` whose ``.gitconfig`` names Ada Lovelace (the requester's name and
    email come from git's global config), with nothing else pointing git elsewhere. Returns the home."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    return home
