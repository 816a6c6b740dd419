"""The versioned JSON report (``aicheck.scan/1``) that fleet tooling collects. Its JSON Schema ships in
``tui/schemas/scan-report.schema.json``; change both together and bump the schema on breaking changes."""

from __future__ import annotations

import platform as _platform

from tui import __version__
from tui.core.judge import Finding
from tui.core.scanner import ScanReport
from tui.core.text import printable_json

SCHEMA = "aicheck.scan/1"


def finding_json(f: Finding, report: ScanReport) -> dict:
    return {
        "id": f.tool.id,
        "name": f.tool.name,
        "vendor": f.tool.vendor,
        "category": f.tool.category,
        "verdict": f.verdict,
        "policy_status": f.policy_status,
        "action_required": f.action_required,
        "evidence_only": f.evidence_only,
        "reasons": list(f.reasons),
        "warnings": list(f.warnings),
        "installs": [i.to_json() for i in f.installs],
        "advisories": [a.to_json() for a in f.advisories],
        "conditions": [c.to_json() for c in f.conditions],
        "alternatives": [a.to_json() for a in report.alternatives(f)],
        "exception": None
        if f.grant is None
        else {"request_id": f.grant.id, "expires": f.grant.expires.isoformat(), "ticket": f.grant.ticket},
        "grant": grant_json(f),
    }


def changes_json(report: ScanReport) -> list[dict]:
    """Every dated policy change not in force yet; ``detected`` says whether the tool is on this machine."""
    out = []
    for change in report.changes:
        f = report.finding(change.tool_id)
        out.append(change.to_json(detected=f is not None, action_required=None if f is None else f.change_action))
    return out


def grant_json(f: Finding) -> dict | None:
    """The signed grant that made the verdict ``excepted`` (null when none applied)."""
    g = f.grant
    if g is None:
        return None
    return {
        "id": g.id,
        "user": g.user,  # whom it was issued to: a fleet can tell a grant borrowed from someone else
        "approver_key": g.key_id,
        "expires": g.expires.isoformat(),
        "ticket": g.ticket,
        "versions": getattr(g, "versions", None),
        "advisories": list(getattr(g, "advisories", ())),
    }


def pack_origin_json(report: ScanReport) -> dict:
    """Where the pack came from (bundled, a path, a URL), its digest and whether its signature was verified
    against a pinned key: a fleet tells the company's signed pack from one a user wrote."""
    origin = dict(report.pack_origin or {"source": None, "from": None, "signature_verified": False, "key": None})
    try:
        origin["sha256"] = report.pack.digest()
    except OSError:
        origin["sha256"] = None
    return origin


def surface_json(report: ScanReport) -> dict:
    """MCP servers and agent extensions (plugins, marketplaces, skills, hooks) with their verdicts; secrets are
    never in them (env and header names only, arguments and URLs redacted)."""
    surface = report.surface
    return {
        "mcp_servers": [f.to_json() for f in surface.servers],
        "agent_extensions": [f.to_json() for f in surface.extensions],
        "unchecked_configs": [u.to_json() for u in surface.unchecked],
        "surface_summary": surface.counts(),
    }


def report_json(report: ScanReport) -> dict:
    m, pack = report.machine, report.pack
    host = {
        "platform": m.platform,
        "root": str(m.root),
        "home": m.display(m.home),
        "search_path": [m.display(p) for p in m.search_path],
        "hostname": _platform.node() if str(m.root) == "/" else None,
        # how the home was chosen (the account's own, every user's, --home, a disk image, the environment):
        # a report made from another folder is never taken for the account's (see `report summarize`)
        "home_source": report.home_source,
        # how the search path was chosen (this session's PATH, a narrowed one, --search-path, each home's
        # standard folders) and the folders every session's PATH holds that a narrowed one lacks
        "search_path_source": report.search_path_source,
        "search_path_missing": [m.display(p) for p in report.search_path_missing],
        # the account that ran the scan: a scan of every user by another account than root saw only what it may
        "scanned_as": report.scanned_as,
    }
    return {
        "schema": SCHEMA,
        "aicheck": __version__,
        "scanned_at": report.started.isoformat(timespec="seconds"),
        "duration_ms": round(report.seconds * 1000, 1),
        "host": host,
        "policy": {
            "name": pack.policy.org_name,
            "version": pack.policy.version,
            "sha256": pack.sha256,
            "effective": pack.policy.effective.isoformat() if pack.policy.effective else None,
            "pack": {
                "id": pack.id,
                "version": pack.version,
                "expires": pack.expires.isoformat() if pack.expires else None,
            }
            | pack_origin_json(report),
        },
        "tools": [finding_json(f, report) for f in report.findings],
        "changes": changes_json(report),
        **surface_json(report),
        "audit": report.audit.to_json() | {"executed": []},
        "summary": report.counts(),
        "errors": list(report.errors),
    }


def dumps(report: ScanReport) -> str:
    return printable_json(report_json(report))
