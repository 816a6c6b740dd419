"""The osquery tables as data: typed columns and the rows of one user's scan. No osquery import here, so the
rows are testable and reusable without the extra installed."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from tui.core.agents.models import AgentExtension, McpServer
from tui.core.judge import Finding
from tui.core.models import VERDICTS
from tui.core.surface_judge import SurfaceFinding
from tui.errors import ExitCode
from tui.fleet.multiscan import UserScan
from tui.report.check import evaluate
from tui.report.json_report import grant_json, pack_origin_json

TEXT, INTEGER, BIGINT, DOUBLE = "TEXT", "INTEGER", "BIGINT", "DOUBLE"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (name, osquery type)
    description: str


TOOLS = Table(
    "aicheck_tools",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("home", TEXT),
        ("tool_id", TEXT),
        ("name", TEXT),
        ("vendor", TEXT),
        ("category", TEXT),
        ("verdict", TEXT),
        ("policy_status", TEXT),
        ("action_required", INTEGER),
        ("evidence_only", INTEGER),
        ("versions", TEXT),
        ("channels", TEXT),
        ("advisory_ids", TEXT),
        ("grant_id", TEXT),
        ("grant_user", TEXT),
        ("grant_expires", TEXT),
        ("reason", TEXT),
        ("policy_version", TEXT),
    ),
    "One row per user and detected AI tool, with the policy verdict.",
)
INSTALLS = Table(
    "aicheck_installs",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("tool_id", TEXT),
        ("channel", TEXT),
        ("manager", TEXT),
        ("version", TEXT),
        ("path", TEXT),
        ("evidence_only", INTEGER),
        ("detail", TEXT),
        ("blocked_by", TEXT),
    ),
    "One row per piece of install evidence.",
)
SUMMARY = Table(
    "aicheck_summary",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("home", TEXT),
        *((v, INTEGER) for v in VERDICTS),
        ("total", INTEGER),
        ("action_required", INTEGER),
        ("surface_action_required", INTEGER),
        ("compliant", INTEGER),
        ("policy_name", TEXT),
        ("policy_version", TEXT),
        ("policy_sha256", TEXT),
        ("pack_source", TEXT),
        ("pack_from", TEXT),
        ("pack_signature_verified", INTEGER),
        ("pack_id", TEXT),
        ("pack_key", TEXT),
        ("pack_expires", TEXT),
        ("scanned_at", TEXT),
        ("duration_ms", DOUBLE),
        ("files_read", INTEGER),
        ("errors", TEXT),
        ("aicheck_version", TEXT),
    ),
    "One row per user: counts per verdict and the policy the verdicts come from.",
)
MCP_SERVERS = Table(
    "aicheck_mcp_servers",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("client", TEXT),
        ("config", TEXT),
        ("key", TEXT),
        ("name", TEXT),
        ("transport", TEXT),
        ("identity", TEXT),
        ("npm", TEXT),
        ("pypi", TEXT),
        ("docker", TEXT),
        ("version", TEXT),
        ("url_host", TEXT),
        ("command", TEXT),
        ("command_path", TEXT),
        ("extra_packages", TEXT),
        ("verdict", TEXT),
        ("action_required", INTEGER),
        ("advisory_ids", TEXT),
        ("reason", TEXT),
        ("not_started", TEXT),
    ),
    "One row per user and configured MCP server, judged by the pack's [mcp] rules (names of secrets only).",
)
AGENT_EXTENSIONS = Table(
    "aicheck_agent_extensions",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("client", TEXT),
        ("kind", TEXT),
        ("name", TEXT),
        ("config", TEXT),
        ("key", TEXT),
        ("marketplace", TEXT),
        ("source", TEXT),
        ("plugin", TEXT),
        ("event", TEXT),
        ("program", TEXT),
        ("program_path", TEXT),
        ("also_runs", TEXT),
        ("runs_unread", INTEGER),
        ("command", TEXT),
        ("verdict", TEXT),
        ("action_required", INTEGER),
        ("reason", TEXT),
        ("fix", TEXT),
        ("not_started", TEXT),
    ),
    "One row per user and agent plugin, marketplace, skill or hook, judged by the pack's [agents] rules.",
)
UNCHECKED_CONFIGS = Table(
    "aicheck_unchecked_configs",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("client", TEXT),
        ("config", TEXT),
        ("holds", TEXT),
        ("reason", TEXT),
        ("fix", TEXT),
    ),
    "One row per user and client config file that exists but could not be checked whole; each needs action.",
)
CONDITIONS = Table(
    "aicheck_conditions",
    (
        ("user", TEXT),
        ("uid", BIGINT),
        ("tool_id", TEXT),
        ("condition_id", TEXT),
        ("text", TEXT),
        ("state", TEXT),
        ("attest", INTEGER),
        ("detail", TEXT),
    ),
    "One row per user, detected tool and policy condition (the gateway, the autonomy settings, attestations): "
    "met, unmet, unknown, confirmed or unconfirmed, with where it was decided (never a value read).",
)
TABLES = {t.name: t for t in (TOOLS, INSTALLS, SUMMARY, MCP_SERVERS, AGENT_EXTENSIONS, UNCHECKED_CONFIGS, CONDITIONS)}


def _uid(scan: UserScan) -> int | None:
    return scan.user.uid


def _list(values: Iterable[object]) -> str:
    """Several values in one TEXT column: comma-separated (osquery SQL: ``LIKE '%2.1.3%'``)."""
    return ",".join(str(v) for v in values)


def tool_row(scan: UserScan, f: Finding) -> dict:
    grant = grant_json(f)
    report = scan.report
    return {
        "user": scan.user.name,
        "uid": _uid(scan),
        "home": report.machine.display(scan.user.home),
        "tool_id": f.tool.id,
        "name": f.tool.name,
        "vendor": f.tool.vendor,
        "category": f.tool.category,
        "verdict": f.verdict,
        "policy_status": f.policy_status,
        "action_required": int(f.action_required),
        "evidence_only": int(f.evidence_only),
        "versions": _list(f.versions),
        "channels": _list(f.channels),
        "advisory_ids": _list(a.id for a in f.advisories),
        "grant_id": grant["id"] if grant else "",
        "grant_user": grant["user"] if grant else "",
        "grant_expires": grant["expires"] if grant else "",
        "reason": f.headline,
        "policy_version": report.pack.policy.version,
    }


def tools_rows(scan: UserScan) -> list[dict]:
    return [tool_row(scan, f) for f in scan.report.findings]


def installs_rows(scan: UserScan) -> list[dict]:
    return [
        {
            "user": scan.user.name,
            "uid": _uid(scan),
            "tool_id": i.tool_id,
            "channel": i.channel,
            "manager": i.manager,
            "version": i.version or "",
            "path": i.path,
            "evidence_only": int(i.evidence_only),
            "detail": i.detail,
            # a browser extension the administrator's managed policy blocks: the policy file (it never runs)
            "blocked_by": i.browser.blocked_by if i.browser is not None else "",
        }
        for i in scan.report.installs
    ]


def summary_rows(scan: UserScan) -> list[dict]:
    from tui import __version__

    report, pack = scan.report, scan.report.pack
    counts = report.counts()
    origin = pack_origin_json(report)
    return [
        {
            "user": scan.user.name,
            "uid": _uid(scan),
            "home": report.machine.display(scan.user.home),
            **{v: counts[v] for v in VERDICTS},
            "total": counts["total"],
            "action_required": counts["action_required"],
            "surface_action_required": report.surface.counts()["action_required"],
            "compliant": int(evaluate(report)[0] == ExitCode.OK),  # exactly what `aicheck check` exits with
            "policy_name": pack.policy.org_name,
            "policy_version": pack.policy.version,
            "policy_sha256": pack.sha256,
            "pack_source": origin.get("source") or "",
            "pack_from": origin.get("from") or "",
            "pack_signature_verified": int(bool(origin.get("signature_verified"))),
            "pack_id": pack.id,
            "pack_key": origin.get("key") or "",  # the pinned key that verified it: a Fleet policy can require it
            "pack_expires": pack.expires.isoformat() if pack.expires else "",
            "scanned_at": report.started.isoformat(timespec="seconds"),
            "duration_ms": round(report.seconds * 1000, 1),
            "files_read": len(report.audit.paths_read),
            "errors": json.dumps(list(report.errors)) if report.errors else "",
            "aicheck_version": __version__,
        }
    ]


def _judged(scan: UserScan, f: SurfaceFinding) -> dict:
    """The columns every agent-surface row has: whose it is and its verdict."""
    return {
        "user": scan.user.name,
        "uid": _uid(scan),
        "verdict": f.verdict,
        "action_required": int(f.action_required),
        "reason": f.reason,
        # why the client never starts or runs it (an administrator's control), or "": listed, needs no action
        "not_started": f.not_started,
    }


def mcp_server_rows(scan: UserScan) -> list[dict]:
    """Every MCP server in this user's client configs; values are the redacted ones the report holds."""
    out = []
    for f in scan.report.surface.servers:
        s = f.item
        assert isinstance(s, McpServer)
        out.append(
            _judged(scan, f)
            | {
                "client": s.client,
                "config": s.config,
                "key": s.key,
                "name": s.name,
                "transport": s.transport,
                "identity": s.identity_kind,
                "npm": s.npm or "",
                "pypi": s.pypi or "",
                "docker": s.docker or "",
                "version": s.version or "",
                "url_host": s.url_host or "",
                "command": s.command or "",
                "command_path": s.command_path or "",  # where the config writes it: a name alone is anyone's
                # what else the launcher line installs or runs (npm x@1, pypi y, command sh, unread ...)
                "extra_packages": _list(f"{k} {n}" + (f"@{v}" if v else "") for k, n, v in s.extra_packages),
                "advisory_ids": _list(a.id for a in f.advisories),
            }
        )
    return out


def agent_extension_rows(scan: UserScan) -> list[dict]:
    """Every plugin, marketplace, skill and hook of this user; a hook's command is the redacted one."""
    out = []
    for f in scan.report.surface.extensions:
        e = f.item
        assert isinstance(e, AgentExtension)
        out.append(
            _judged(scan, f)
            | {
                "client": e.client,
                "kind": e.kind,
                "name": e.name,
                "config": e.config,
                "key": e.key,
                "marketplace": e.marketplace or "",
                "source": e.source or "",
                "plugin": e.plugin or "",
                "event": e.event or "",
                "program": e.program or "",
                "program_path": e.program_path or "",  # where the line writes it: a name alone is anyone's
                "also_runs": _list(e.also_runs),  # the other programs a hook's line runs
                "runs_unread": int(e.runs_unread),
                "command": e.command or "",
                "fix": f.fix,
            }
        )
    return out


def unchecked_config_rows(scan: UserScan) -> list[dict]:
    """Every config file of this user that could not be checked (malformed, too big, past a bound...)."""
    return [
        {
            "user": scan.user.name,
            "uid": _uid(scan),
            "client": u.client,
            "config": u.config,
            "holds": u.holds,
            "reason": u.reason,
            "fix": u.fix,
        }
        for u in scan.report.surface.unchecked
    ]


def condition_rows(scan: UserScan) -> list[dict]:
    """Every condition of every detected tool's rule, as this user's scan found it: which hosts run an
    agent unattended, or off the gateway, is one query (state = 'unmet')."""
    return [
        {
            "user": scan.user.name,
            "uid": _uid(scan),
            "tool_id": f.tool.id,
            "condition_id": c.condition.id,
            "text": c.condition.text,
            "state": str(c.state),
            "attest": int(c.condition.attest),
            "detail": c.detail,
        }
        for f in scan.report.findings
        for c in f.conditions
    ]


ROWS = {
    "aicheck_tools": tools_rows,
    "aicheck_installs": installs_rows,
    "aicheck_summary": summary_rows,
    "aicheck_mcp_servers": mcp_server_rows,
    "aicheck_agent_extensions": agent_extension_rows,
    "aicheck_unchecked_configs": unchecked_config_rows,
    "aicheck_conditions": condition_rows,
}


def rows(table: str, scans: list[UserScan]) -> list[dict]:
    """The rows of ``table`` for these scans, each value typed as its column says (None for SQL NULL)."""
    build = ROWS[table]
    return [row for scan in scans for row in build(scan)]
