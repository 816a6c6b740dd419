"""Impact totals, request prefill and validation, records round-trip, git identity, grants."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from support.intake_server import make_policy, make_request
from tui.errors import RecordError
from tui.requests.gitident import git_identity, parse_git_config
from tui.requests.impact import ImpactDoc, Workflow, new_impact, parse_workflow_spec, validate_impact
from tui.requests.markdown import impact_markdown
from tui.requests.model import Requester, attach_impact, prefill, request_markdown, validate_request
from tui.requests.store import ImpactStore, RequestStore


def doc_with(*flows, cost=None) -> ImpactDoc:
    d = new_impact("cursor", "Cursor for migrations")
    return d.edited(workflows=tuple(flows), cost_per_month=cost)


def test_impact_totals():
    d = doc_with(Workflow("Migration", 240, 40, 3), Workflow("Review", 60, 30, 10), cost=65.0)
    t = d.totals()
    weeks = 52 / 12
    assert t.hours_without_per_month == pytest.approx((240 * 3 + 60 * 10) * weeks / 60)
    assert t.hours_with_per_month == pytest.approx((40 * 3 + 30 * 10) * weeks / 60)
    assert t.hours_saved_per_month == pytest.approx(65.0)
    assert t.speedup == pytest.approx(1320 / 420)
    assert t.cost_per_hour_saved == pytest.approx(1.0)
    assert d.chart_rows()[0] == ("Migration", pytest.approx(52.0), pytest.approx(40 * 3 * weeks / 60))
    assert doc_with(Workflow("x", 10, 0, 1)).totals().speedup is None
    assert doc_with(Workflow("x", 10, 20, 1), cost=5).totals().cost_per_hour_saved is None  # nothing saved


def test_impact_validation_messages():
    assert [str(e) for e in validate_impact(doc_with())] == ["workflows: add at least one workflow"]
    errs = validate_impact(doc_with(Workflow(" ", -1, 20000, 0), cost=-3))
    fields = [e.field for e in errs]
    assert fields == [
        "workflows[0].name",
        "workflows[0].minutes_without",
        "workflows[0].minutes_with",
        "workflows[0].per_week",
        "cost_per_month",
    ]
    assert "0.25 = once a month" in str(errs[3])


def test_workflow_spec():
    wf = parse_workflow_spec("Write tests:90:30:2.5:notes: yes")
    assert (wf.name, wf.minutes_without, wf.minutes_with, wf.per_week, wf.note) == (
        "Write tests",
        90,
        30,
        2.5,
        "notes: yes",
    )
    with pytest.raises(ValueError, match="NAME:MINUTES_WITHOUT"):
        parse_workflow_spec("oops:1")
    with pytest.raises(ValueError, match="must be numbers"):
        parse_workflow_spec("a:b:c:d")


def test_impact_record_round_trip_and_markdown(tmp_path):
    store = ImpactStore(tmp_path)
    d = doc_with(Workflow("Mig|ration", 240, 40, 3, "schema"), cost=40)
    path = store.save(d)
    assert path == tmp_path / "impact" / f"{d.id}.toml"
    tomllib.loads(path.read_text())  # valid TOML, written by tomli-w
    back = store.load(d.id[-6:])  # the short id works too
    assert back == d
    md = impact_markdown(back)
    assert "| Mig\\|ration | 240 | 40 | 3 |" in md and "Cost per hour saved" in md and "without │" in md


def test_prefill_from_scan_policy_and_identity():
    install = SimpleNamespace(version="0.45.1", channel="apps", path="/Applications/Cursor.app", evidence_only=False)
    trace = SimpleNamespace(version=None, channel="config", path="~/.cursor", evidence_only=True)
    finding = SimpleNamespace(
        tool=SimpleNamespace(id="cursor"),
        verdict="prohibited",
        installs=[install, trace],
        advisories=[SimpleNamespace(id="GHSA-xxxx")],
    )
    req = prefill(make_policy(), "cursor", finding=finding, identity=Requester("Ada", "ada@example.com"))
    assert req.state == "draft" and req.id.startswith("REQ-") and req.fingerprint.startswith("aicheck-")
    assert (req.tool.name, req.tool.vendor, req.tool.installed) == ("Cursor", "Anysphere", True)
    assert req.tool.versions == ["0.45.1"] and req.tool.channels == ["apps"] and req.tool.advisories == ["GHSA-xxxx"]
    assert (req.policy.org, req.policy.version, req.policy.sha256) == ("Acme", "2026.11", "ab" * 32)
    assert req.days == 30  # the policy's (short) default
    not_installed = prefill(make_policy(), "cursor")
    assert not not_installed.tool.installed and not_installed.tool.verdict == "prohibited"


def test_policy_context_from_pack(pack):
    from tui.requests.model import PolicyContext

    ctx = PolicyContext.from_pack(pack)
    assert ctx.max_days == pack.policy.exception_max_days and ctx.sha256 == pack.sha256
    assert "cursor" in ctx.tools and ctx.status_of("cursor") == "prohibited"
    assert ctx.intake and ctx.intake["kind"] == "webhook"


@pytest.mark.parametrize(
    "change, field, text",
    [
        ({"justification": "pls"}, "justification", "at least 20 characters"),
        ({"justification": "x" * 5000}, "justification", "under 4000"),
        ({"days": 0}, "days", "at least 1"),
        ({"days": 91}, "days", "at most 90 days"),
        ({"data_classes": ["secret-sauce"]}, "data_classes", "choose from: public, internal"),
        ({"data_classes": ["internal", "internal"]}, "data_classes", "listed twice"),
        ({"mitigations": [" "]}, "mitigations[0]", "empty mitigation"),
        ({"requester": Requester("Ada", "")}, "requester.email", "nor git config user.email was found"),
        ({"requester": Requester("Ada", "ada at example")}, "requester.email", "does not look like an email"),
        ({"requester": Requester("", "ada@example.com")}, "requester.name", "user.name"),
    ],
)
def test_validation_messages(change, field, text):
    req = make_request(**change)
    errors = validate_request(req, make_policy())
    assert [e.field for e in errors] == [field]
    assert text in errors[0].message


def test_validation_tool_rules():
    assert validate_request(make_request(), make_policy()) == []
    errs = validate_request(make_request(tool="nope"), make_policy())
    assert errs[0].field == "tool" and "unknown tool 'nope'" in errs[0].message
    errs = validate_request(make_request(tool="github-copilot"), make_policy())
    assert "already approved" in errs[0].message


def test_request_record_round_trip(tmp_path):
    store = RequestStore(tmp_path)
    req = make_request()
    attach_impact(req, doc_with(Workflow("Mig", 240, 40, 3)))
    store.create(req)
    with pytest.raises(RecordError, match="already exists"):
        store.create(req)
    back = store.load(req.id)
    assert back.payload() == req.payload()
    assert back.impact.hours_saved_per_month == pytest.approx(43.33, abs=0.01)
    assert "Productivity impact" in request_markdown(back) and back.impact.markdown in request_markdown(back)
    data = tomllib.loads(store.path(req.id).read_text())
    assert data["state"] == "draft" and data["fingerprint"] == req.fingerprint


def test_store_rejects_bad_ids_and_reports_broken_records(tmp_path):
    store = RequestStore(tmp_path)
    with pytest.raises(RecordError):
        store.path("../../etc/passwd")
    with pytest.raises(RecordError, match="no request"):
        store.load("REQ-20260101-ABCDEF")
    good = make_request(store)
    (store.folder / "REQ-20260101-000000.toml").write_text("state = [broken")
    reqs, problems = store.list()
    assert [r.id for r in reqs] == [good.id] and "unreadable record" in problems[0]


def _approved(store, tool="cursor", decided=None, expires=None, days=30):
    req = make_request(store, tool=tool, days=days)
    with store.transaction(req.id) as r:
        r.state = "approved"
        r.decision.status = "approved"
        r.decision.decided_at = decided or datetime(2026, 11, 1, tzinfo=UTC)
        r.decision.expires = expires
        r.delivery.ticket = "SEC-9"
    return req


def test_approved_records_grant_nothing_and_are_listed_as_waiting(tmp_path):
    """An approved request (by the intake or by hand) is not an exception: only a signed grant is. The scan
    lists it as waiting for the grant, once per approved record."""
    from tui.grants.store import approvals_waiting

    store = RequestStore(tmp_path)
    a = _approved(store, expires=date(2026, 12, 1))
    make_request(store)  # a draft: nothing waits
    [w] = approvals_waiting(tmp_path)
    assert w.grant is None and w.source == a.id and w.tool_id == "cursor"
    assert "approved in SEC-9 - waiting for the signed grant" in (w.problem or "")
    assert approvals_waiting(tmp_path / "nothing-here") == []


def test_git_identity_from_config_files(tmp_path):
    home = tmp_path / "home"
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "config").write_text("[user]\n\tname = XDG Name\n\temail = xdg@example.com\n")
    (home / ".gitconfig").write_text(
        '# comment\n[core]\n\teditor = vim\n[User]\n\tName = "Ada \\"The\\" Lovelace" ; trailing comment\n'
        "[include]\n\tpath = ~/.gitconfig-work\n"
    )
    (home / ".gitconfig-work").write_text("[user]\n    email = ada@work.example\n")
    ident = git_identity(home=home, env={})
    assert ident == Requester('Ada "The" Lovelace', "ada@work.example")
    assert git_identity(home=tmp_path / "nobody", env={}) == Requester("", "")
    alt = tmp_path / "global"
    alt.write_text("[user]\nemail = env@example.com\n")
    assert git_identity(home=home, env={"GIT_CONFIG_GLOBAL": str(alt)}).email == "env@example.com"


def test_git_config_parser_edge_cases():
    text = '[section "Sub Section"]\nkey = a\\\n  b\n[user]\nflag\n  email=x@y.z # note\n[broken\nname = n\n'
    assert parse_git_config(text) == [
        ("section.Sub Section.key", "a  b"),
        ("user.flag", "true"),
        ("user.email", "x@y.z"),
    ]
