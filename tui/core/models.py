"""Plain data classes shared by detection, judgement and every presenter."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.core.channels import NAMES as CHANNEL_NAMES
from tui.core.verdicts import VERDICTS as VERDICTS  # re-exported: the verdicts live in their own small module
from tui.core.verdicts import Verdict as Verdict

PLATFORMS: tuple[str, ...] = ("linux", "macos", "windows")

# Install channels, in the order a scan runs them: derived from the one registry (tui.core.channels).
CHANNELS: tuple[str, ...] = CHANNEL_NAMES


@dataclass(frozen=True)
class BrowserFacts:
    """Where a browser extension lives and what it may do (the ``browser`` channel's installs only)."""

    browser: str  # e.g. "Google Chrome", "Firefox"
    profile: str  # the profile folder's name, e.g. "Default", "Profile 2", "abcd1234.default-release"
    all_sites: bool  # its host permissions cover every site (<all_urls>, *://*/*, ...)
    sideloaded: bool  # not installed from a store (unpacked, command line, external file, unsigned)
    # the administrator's managed policy file that blocks it (the browser never runs it), or ""
    blocked_by: str = ""

    def to_json(self) -> dict:
        out: dict[str, object] = {
            "browser": self.browser,
            "profile": self.profile,
            "all_sites": self.all_sites,
            "sideloaded": self.sideloaded,
        }
        if self.blocked_by:
            out["blocked_by"] = self.blocked_by
        return out


@dataclass(frozen=True)
class Install:
    """One piece of evidence that a tool is on the machine."""

    tool_id: str
    channel: str
    path: str  # as the scanned machine would name it (display form)
    version: str | None = None
    detail: str = ""  # human description, e.g. "npm global package @anthropic-ai/claude-code (nvm 20.11.0)"
    manager: str = ""  # sub-channel: npm|pnpm|bun|yarn|volta|pip|pipx|uv|formula|cask|code|cursor|...
    key: str = ""  # channel identifier: package name, extension id, plugin id, formula, bundle id
    evidence_only: bool = False  # a trace of use (config folder, API key set), not an installed program
    browser: BrowserFacts | None = None  # browser extensions only
    # the tool's own files state other versions than its manifest (an edited package.json): which, as shown
    version_conflict: str = ""
    # a command on the search path: the files it runs (its link's target, a shim's targets), as shown; the
    # judge counts one of unknown version as one of the tool's known installs only when it runs inside one
    runs: tuple[str, ...] = ()

    def to_json(self) -> dict:
        out: dict[str, object] = {
            "channel": self.channel,
            "version": self.version,
            "path": self.path,
            "detail": self.detail,
            "manager": self.manager or None,
            "key": self.key or None,
            "evidence_only": self.evidence_only,
        }
        if self.browser is not None:
            out["browser"] = self.browser.to_json()
        if self.version_conflict:
            out["version_conflict"] = self.version_conflict
        return out


@dataclass(frozen=True)
class Skip:
    """A file the scan could not use, and why (shown by ``--explain``)."""

    path: str
    reason: str


@dataclass(frozen=True)
class LinkHop:
    """One symbolic link the scan followed: where it sits and where it led (both real paths on this computer;
    an absolute target is mapped into the scanned root)."""

    link: str
    target: str


@dataclass
class Audit:
    """Everything a scan touched on disk: files opened, folders listed, links followed. Nothing else is read."""

    paths_read: list[str] = field(default_factory=list)
    dirs_listed: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    links_followed: list[LinkHop] = field(default_factory=list)
    # beside the machine's files: aicheck's own the verdict depends on (its config, the stored grants, the
    # attestations, the exception requests) and git's config files, read for the email a grant must name
    own_files_read: list[str] = field(default_factory=list)
    # the network used before the scan, never by it: the requests that fetched the content pack from its URL
    # (method, URL as messages show it, what, HTTP status or why no answer came); empty for a local pack
    network: list[dict[str, object]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "paths_read": list(self.paths_read),
            "own_files_read": list(self.own_files_read),
            "dirs_listed": list(self.dirs_listed),
            "links_followed": [{"link": h.link, "target": h.target} for h in self.links_followed],
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "network": [dict(entry) for entry in self.network],
        }

    def network_words(self) -> str:
        """What the audit line says of the network: the scan opened none; the pack's fetch before it did."""
        if not self.network:
            return "opened no network connection"
        asked = len(self.network)
        return (
            "opened no network connection (before it, fetching the content pack made "
            + (f"{asked} request" if asked == 1 else f"{asked} requests")
            + ", listed below)"
        )


def network_line(entry: dict[str, object]) -> str:
    """One request of the pack's fetch, as the audit lists it: ``GET URL (what): HTTP 200``."""
    answer = f"HTTP {entry['status']}" if entry.get("status") is not None else f"no answer: {entry.get('error')}"
    return f"{entry.get('method')} {entry.get('url')} ({entry.get('what')}): {answer}"
