"""Signed exception grants: only a grant signed by an approver key the pack pins changes a verdict, it is
verified again at every scan, and it never covers an advisory it does not name. Real keys, real signatures,
real files in tmp_path, the real command line."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from support.grants import TODAY, USER, data_dir, issue, new_key, pack_pinning, set_user
from tui.cli import main
from tui.core.content import load_pack
from tui.core.grants import GrantError, GrantPolicy, find_grant_blocks, parse_grant
from tui.grants.store import add_grant
from tui.services.session import Session

CURSOR = ("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.2")


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def company(tmp_path):
    """The approver's key, a pack pinning it, and the employee's identity in the aicheck config."""
    key_file, public = new_key(tmp_path / "keys")
    pack_dir = pack_pinning(tmp_path, [public])
    set_user(USER)

    class Company:
        key = key_file
        pub = public
        pack = pack_dir

        @staticmethod
        def trust():
            return GrantPolicy.from_pack(load_pack(pack_dir), USER)

    return Company


@pytest.fixture
def mac(machine_factory):
    m = machine_factory("macos")
    m.mac_app(*CURSOR)
    return m


def scan_tool(pack_dir, m, tool="cursor", today=TODAY):
    report = Session(load_pack(pack_dir), m.machine()).scan(today=today)
    return report.finding(tool)


def store(company, **fields):
    """Issue a grant with the company key and store it as `grant add` does."""
    g = issue(company.key, **fields)
    add_grant(g.armour(), company.trust(), today=fields.get("issued", TODAY))
    return g


# -- the whole flow through the command line ------------------------------------------------------------


def issue_cli(capsys, company, *options: str) -> tuple[int, str, str]:
    """`aicheck grant issue` for Cursor to the test user, 20 days from today, with ``options`` added."""
    until = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    fixed = ("--key", str(company.key), "--user", USER, "--tool", "cursor", "--until", until)
    return run(capsys, "grant", "issue", *fixed, *options, "--content", str(company.pack))


def test_issue_add_and_scan_make_the_tool_excepted(capsys, company, mac, tmp_path):
    out_file = tmp_path / "grant.txt"
    code, out, err = issue_cli(capsys, company, "--ticket", "SEC-42", "-o", str(out_file))
    assert code == 0, err
    assert out_file.read_text().startswith("-----BEGIN AICHECK GRANT-----")
    code, out, err = run(capsys, "grant", "add", str(out_file), "--content", str(company.pack))
    assert code == 0, err
    assert "stored" in out
    code, out, err = run(capsys, "scan", "--json", "--content", str(company.pack), *mac.cli_args())
    data = json.loads(out)
    tool = next(t for t in data["tools"] if t["id"] == "cursor")
    g = parse_grant(out_file.read_text())
    assert tool["verdict"] == "excepted" and tool["action_required"] is False
    assert tool["grant"] == {
        "id": g.id,
        "user": g.user,  # whom it was issued to, so a fleet can compare it with the machine's owner
        "approver_key": g.key_id,
        "expires": g.until.isoformat(),
        "ticket": "SEC-42",
        "versions": None,
        "advisories": [],
    }
    assert g.key_id.startswith("ed25519:")
    pack = data["policy"]["pack"]
    assert pack["source"] == "path" and pack["from"] == "--content" and pack["signature_verified"] is False
    assert len(pack["sha256"]) == 64


def test_json_report_says_no_grant_and_a_bundled_pack(capsys, mac):
    _code, out, _err = run(capsys, "scan", "--json", *mac.cli_args())
    data = json.loads(out)
    tool = next(t for t in data["tools"] if t["id"] == "cursor")
    assert tool["grant"] is None and tool["verdict"] == "prohibited"
    assert data["policy"]["pack"]["source"] == "bundled" and data["policy"]["pack"]["signature_verified"] is False


def test_json_report_says_a_signed_archive_was_verified(capsys, company, mac, tmp_path):
    from tui.packs.archive import build_archive

    pack_key, pack_pub = new_key(tmp_path / "packkeys", "pack")
    archive = tmp_path / "pack.tar.gz"
    build_archive(company.pack, archive)
    code, out, err = run(capsys, "content", "sign", str(archive), "--key", str(pack_key))
    assert code == 0, err
    import os
    from pathlib import Path

    Path(os.environ["AICHECK_CONFIG"]).write_text(f'[user]\nemail = "{USER}"\n[content]\npublic_key = "{pack_pub}"\n')
    code, out, err = run(capsys, "scan", "--json", "--content", str(archive), *mac.cli_args())
    assert json.loads(out)["policy"]["pack"]["signature_verified"] is True


def test_grant_list_json(capsys, company):
    good = store(company, until=dt.date.today() + dt.timedelta(days=10))
    bad = issue(company.key, tool="windsurf", until=dt.date.today() + dt.timedelta(days=10))
    tampered = bad.armour().replace("tool: windsurf", "tool: cursor")
    (data_dir() / "grants" / f"{bad.id}.grant").write_text(tampered)
    code, out, err = run(capsys, "grant", "list", "--json", "--content", str(company.pack))
    assert code == 0, err
    data = json.loads(out)
    assert data["user"] == USER
    rows = {r["id"]: r for r in data["grants"]}
    assert rows[good.id]["valid"] is True and rows[good.id]["problem"] is None
    assert rows[good.id]["approver_key"] == good.key_id and rows[good.id]["tool"] == "cursor"
    assert rows[bad.id]["valid"] is False and "altered or forged" in rows[bad.id]["problem"]
    code, out, err = run(capsys, "grant", "list", "--content", str(company.pack))
    assert f"{good.id}  cursor" in out and "INVALID: the signature does not verify" in out


# -- refused at once ------------------------------------------------------------------------------------


def test_issue_refuses_over_long_unknown_tool_and_unpinned_key(capsys, company, tmp_path):
    base = ["grant", "issue", "--user", USER, "-o", str(tmp_path / "g.txt"), "--content", str(company.pack)]
    far = (dt.date.today() + dt.timedelta(days=91)).isoformat()
    near = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    code, _out, err = run(capsys, *base, "--key", str(company.key), "--tool", "cursor", "--until", far)
    assert code == 2 and "at most 90 (exception_max_days)" in err
    code, _out, err = run(capsys, *base, "--key", str(company.key), "--tool", "no-such-tool", "--until", near)
    assert code == 2 and "not in the content pack's catalog" in err
    code, _out, err = run(capsys, *base, "--key", str(company.key), "--tool", "curso", "--until", near)
    assert code == 2 and "not in the content pack's catalog (did you mean cursor" in err
    other_key, _ = new_key(tmp_path / "other", "rogue")
    code, _out, err = run(capsys, *base, "--key", str(other_key), "--tool", "cursor", "--until", near)
    assert code == 2 and "is not pinned" in err
    assert not (tmp_path / "g.txt").exists()


def test_add_refuses_forged_tampered_revoked_expired_and_other_user(capsys, company, tmp_path):
    rogue_key, _ = new_key(tmp_path / "rogue", "rogue")
    cases = {
        "forged": (issue(rogue_key).armour(), "does not pin"),
        "tampered": (
            issue(company.key).armour().replace("until: 2026-12-21", "until: 2027-12-21"),
            "altered or forged",
        ),
        "other-user": (issue(company.key, user="bob@example.com").armour(), "issued to bob@example.com"),
        "expired": (
            issue(company.key, issued=dt.date(2026, 1, 1), until=dt.date(2026, 1, 31)).armour(),
            "expired on 2026-01-31",
        ),
        "garbage": ("hello", "no grant found"),
    }
    for name, (text, why) in cases.items():
        f = tmp_path / f"{name}.txt"
        f.write_text(text)
        code, _out, err = run(capsys, "grant", "add", str(f), "--content", str(company.pack))
        assert code == 2 and why in err, (name, err)
        assert "Traceback" not in err
    assert not (data_dir() / "grants").exists() or not list((data_dir() / "grants").iterdir())


def test_add_refuses_a_revoked_grant_and_a_scan_ignores_one_revoked_later(capsys, company, mac, tmp_path):
    g = store(company, until=dt.date.today() + dt.timedelta(days=30), issued=dt.date.today())
    assert scan_tool(company.pack, mac, today=dt.date.today()).verdict == "excepted"
    revoking = pack_pinning(tmp_path / "v2", [company.pub], revoked=[g.id])
    f = scan_tool(revoking, mac, today=dt.date.today())
    assert f.verdict == "prohibited" and f.action_required
    assert any(g.id in w and "revoked" in w for w in f.warnings)
    grant_file = tmp_path / "g.txt"
    grant_file.write_text(g.armour())
    code, _out, err = run(capsys, "grant", "add", str(grant_file), "--content", str(revoking))
    assert code == 2 and "revoked" in err


def test_add_reads_stdin_and_a_pasted_comment(capsys, company, monkeypatch):
    import io

    g = issue(company.key, issued=dt.date.today(), until=dt.date.today() + dt.timedelta(days=5))
    comment = "Approved, see below.\n\n" + "".join("> " + line + "\n" for line in g.armour().splitlines()) + "\nBye"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(comment.encode())))
    code, _out, err = run(capsys, "grant", "add", "-", "--content", str(company.pack))
    assert code == 0, err
    assert (data_dir() / "grants" / f"{g.id}.grant").read_text() == g.armour()


# -- verified again at every scan -----------------------------------------------------------------------


def _plant(g) -> None:
    """A grant file written straight into the data folder, as a user with a text editor could."""
    folder = data_dir() / "grants"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{g.id}.grant").write_text(g.armour())


def test_scan_ignores_planted_grants_and_says_why(company, mac, tmp_path):
    rogue_key, _ = new_key(tmp_path / "rogue", "rogue")
    _plant(issue(rogue_key))
    _plant(issue(company.key, user="bob@example.com"))
    f = scan_tool(company.pack, mac)
    assert f.verdict == "prohibited" and f.action_required and f.grant is None
    assert any("does not pin" in w for w in f.warnings)
    assert any("issued to bob@example.com" in w for w in f.warnings)


def test_a_fifo_or_huge_file_among_the_grants_is_named_and_never_waited_on(capsys, company, mac):
    import os

    folder = data_dir() / "grants"
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "GRT-20261123-AAAAAA.grant")  # reading it would block forever
    (folder / "GRT-20261123-BBBBBB.grant").write_text("x" * (64 * 1024))
    f = scan_tool(company.pack, mac)  # returns: a FIFO is refused on its type, not read
    assert f.verdict == "prohibited" and f.grant is None
    main(["grant", "list", "--content", str(company.pack)])  # and `grant list` says what is wrong with each
    out = capsys.readouterr().out
    assert "GRT-20261123-AAAAAA.grant: unreadable: not a regular file (a FIFO)" in out
    assert "GRT-20261123-BBBBBB.grant: unreadable: file too large" in out


def test_a_grant_for_another_tool_changes_nothing(company, machine_factory):
    store(company, tool="windsurf")
    m = machine_factory("macos")
    m.mac_app(*CURSOR)
    f = scan_tool(company.pack, m)
    assert f.verdict == "prohibited" and f.action_required and not f.warnings[1:]


def test_expiry_warnings_come_from_real_scans(company, mac):
    g = store(company, until=TODAY + dt.timedelta(days=5))
    f = scan_tool(company.pack, mac)
    assert f.verdict == "excepted" and any("expires in 5 days" in w for w in f.warnings)
    f = scan_tool(company.pack, mac, today=g.until + dt.timedelta(days=1))
    assert f.verdict == "prohibited" and f.action_required
    assert f"Exception grant {g.id} expired on {g.until.isoformat()}." in f.warnings


def test_versions_range_must_match_what_is_installed(company, mac):
    store(company, versions=">=2.0")
    f = scan_tool(company.pack, mac)
    assert f.verdict == "prohibited" and any("covers versions >=2.0 only; installed 1.7.2" in w for w in f.warnings)
    store(company, versions=">=1.7,<2")
    assert scan_tool(company.pack, mac).verdict == "excepted"


def test_a_grant_longer_than_the_policy_allows_does_not_count(company, mac):
    """Red team: `grant issue` refused --until 9999-12-31, yet such a grant signed by other means was taken by
    `grant add` and made the tool excepted until 9999; a pack that lowered exception_max_days left the long
    grants it had allowed in force."""
    g = issue(company.key, until=TODAY + dt.timedelta(days=91))  # the example pack allows 90
    assert "longer than the policy allows (90, exception_max_days)" in company.trust().refusal(g)
    with pytest.raises(GrantError, match="longer than the policy allows"):
        add_grant(g.armour(), company.trust(), today=TODAY)
    assert company.trust().refusal(issue(company.key, until=TODAY + dt.timedelta(days=90))) is None


def test_a_version_that_cannot_be_read_is_inside_no_range(company, machine_factory):
    """Red team: a grant for Cursor >=0.1,<0.2 held for a `cursor` command whose version cannot be read (the
    versions checked were only those known): an install of unknown version may be any."""
    m = machine_factory("macos")
    m.executable("cursor")  # a command alone: no version to read
    store(company, versions=">=0.1,<0.2")
    f = scan_tool(company.pack, m)
    assert f.verdict == "prohibited" and f.action_required
    assert any("installed a version that cannot be read" in w for w in f.warnings), f.warnings
    store(company)  # a grant for every version covers it
    assert scan_tool(company.pack, m).verdict == "excepted"


def test_a_grant_covers_an_advisory_only_when_it_names_it(company, machine_factory):
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    store(company, tool="claude-code")
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.verdict == "prohibited" and f.action_required and f.grant is None
    assert any("does not cover AICHECK-2026-0001" in r and "update to >=2.1.198" in r for r in f.warnings)
    store(company, tool="claude-code", advisories=["AICHECK-2026-0001"])
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.verdict == "excepted" and not f.action_required and f.grant.advisories == ("AICHECK-2026-0001",)


def test_an_unreadable_version_is_covered_only_by_a_grant_that_names_the_advisories(company, machine_factory):
    """A version nobody can read may be an affected one: a grant for the tool clears it only when it names the
    advisories about the tool, as for a version known to be affected."""
    m = machine_factory("linux")
    m.native(m.h(".local/share/claude/versions"), "2.1.150", link=m.h(".local/bin/claude"))
    versions = m.host(m.h(".local/share/claude/versions"))
    (versions / "2.1.150").rename(versions / "current")  # the version was in the folder's name
    m.host(m.h(".local/bin/claude")).unlink()
    m.symlink(m.h(".local/bin/claude"), m.h(".local/share/claude/versions/current"))
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.action_required and f.unknown_versions and f.versions == []
    store(company, tool="claude-code")
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.action_required and f.grant is None
    assert any("does not cover AICHECK-2026-0001" in w for w in f.warnings)
    store(company, tool="claude-code", advisories=["AICHECK-2026-0001"])
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.verdict == "excepted" and not f.action_required


def test_the_fix_for_an_uncovered_advisory_is_its_fixed_version(company, machine_factory):
    adv = company.pack / "advisories" / "AICHECK-2026-0001.json"
    adv.write_text(adv.read_text().replace('{ "last_affected": "2.1.197" }', '{ "fixed": "2.1.198" }'))
    policy = company.pack / "policy.toml"
    policy.write_text(policy.read_text().replace('versions = ">=2.1.198"\n', "", 1))
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    store(company, tool="claude-code")
    f = scan_tool(company.pack, m, tool="claude-code")
    assert f.verdict == "prohibited" and f.action_required
    assert any("does not cover AICHECK-2026-0001" in w and "update to >= 2.1.198." in w for w in f.warnings)


def test_hand_edited_approved_record_changes_nothing(capsys, company, mac):
    from tui.requests.model import PolicyContext, Requester, prefill
    from tui.requests.store import RequestStore

    pack = load_pack(company.pack)
    req = prefill(PolicyContext.from_pack(pack), "cursor", identity=Requester("Ada", USER))
    req.state = "approved"
    req.delivery.ticket = "SEC-9"
    req.decision.expires = TODAY + dt.timedelta(days=400)
    RequestStore().create(req)
    f = scan_tool(company.pack, mac)
    assert f.verdict == "prohibited" and f.action_required and f.grant is None
    assert any("approved in SEC-9 - waiting for the signed grant" in w for w in f.warnings)
    code, out, _err = run(capsys, "check", "--content", str(company.pack), *mac.cli_args())
    assert code == 1 and "waiting for the signed grant" in out
    code, out, _err = run(capsys, "scan", "--explain", "--content", str(company.pack), *mac.cli_args())
    assert "waiting for the signed grant" in out


def test_user_email_falls_back_to_git_config_files(company, mac, tmp_path, monkeypatch):
    import os
    from pathlib import Path

    Path(os.environ["AICHECK_CONFIG"]).write_text("")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(f"[user]\n\temail = {USER}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    store(company)
    assert scan_tool(company.pack, mac).verdict == "excepted"
    gitconfig.write_text("[user]\n\temail = mallory@example.com\n")
    f = scan_tool(company.pack, mac)
    assert f.verdict == "prohibited" and any("not to you (mallory@example.com)" in w for w in f.warnings)


# -- the format -----------------------------------------------------------------------------------------


def test_blocks_are_found_in_json_strings_and_quoted_comments(company):
    g = issue(company.key)
    body = json.dumps({"status": "approved", "comments": [{"body": "ok\n" + g.armour()}]}).encode()
    blocks = find_grant_blocks(body)
    assert len(blocks) == 1 and parse_grant(blocks[0]) == g
    quoted = "".join("> " + x + "\n" for x in g.armour().splitlines())
    assert parse_grant(quoted) == g
    assert find_grant_blocks(b"\xff" * 10) == []
    with pytest.raises(GrantError, match="2 grants"):
        parse_grant(g.armour() + issue(company.key, tool="windsurf").armour())


def test_policy_exceptions_are_validated_with_file_and_line(tmp_path):
    from tui.errors import ContentError

    pack_dir = pack_pinning(tmp_path, ["bm90IGEga2V5"], revoked=["GRANT-1"])
    with pytest.raises(ContentError) as exc:
        load_pack(pack_dir)
    text = str(exc.value)
    assert "policy.toml:" in text and "approver_keys[0]: the public key has 9 bytes" in text
    assert "revoked[0]: 'GRANT-1' is not a grant id" in text


# -- a grant returned by the intake ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["webhook", "jira", "jira2", "github", "servicenow"])
def test_request_sync_picks_up_a_grant_the_intake_returns(capsys, company, mac, kind, monkeypatch):
    from support.intake_server import ENV, FakeIntake, backend_for_kind, make_request, settings_for, show_queued
    from tui.config import Config
    from tui.requests.model import PolicyContext
    from tui.requests.outbox import queue
    from tui.requests.store import RequestStore
    from tui.services.request_sync import sync_all

    for k, v in ENV.items():
        monkeypatch.setenv(k, v)
    fake = FakeIntake(hang=1.0)
    fake.start()
    try:
        policy = PolicyContext.from_pack(load_pack(company.pack))
        config = Config(intake=settings_for(kind, fake.base), raw={"user": {"email": USER}})
        req = make_request(RequestStore())
        queue(RequestStore(), req.id, policy)
        show_queued(RequestStore(), backend_for_kind(kind, fake.base))
        [out] = sync_all(policy, config=config)
        assert out.state == "submitted", out

        today = dt.date.today()
        rogue = issue(company.key, user="bob@example.com", issued=today, until=today + dt.timedelta(days=30))
        t = fake.tickets[0]
        t.update(decision="approved", status="Approved", gh_labels=["exception-approved"], approval="approved")
        if kind != "webhook":
            t["comments"] = ["Approved.\n" + rogue.armour()]
        [out] = sync_all(policy, config=config)  # approved, but no valid grant: the verdict stays
        assert out.state == "approved"
        f = scan_tool(company.pack, mac, today=today)
        assert f.verdict == "prohibited" and any("waiting for the signed grant" in w for w in f.warnings)

        good = issue(company.key, issued=today, until=today + dt.timedelta(days=30), ticket=str(t["key"]))
        if kind == "webhook":
            t["grant"] = good.armour()
        else:
            t["comments"].append("Signed grant below, paste it with aicheck grant add.\n\n" + good.armour())
        [out] = sync_all(policy, config=config)
        assert f"signed grant {good.id} stored" in out.message
        assert (data_dir() / "grants" / f"{good.id}.grant").read_text() == good.armour()
        assert not (data_dir() / "grants" / f"{rogue.id}.grant").exists()
        f = scan_tool(company.pack, mac, today=today)
        assert f.verdict == "excepted" and f.grant.id == good.id
        assert sync_all(policy, config=config) == []  # nothing left to ask
    finally:
        fake.stop()


# -- a grant bound to the machine it was asked from ------------------------------------------------------


def test_a_grant_bound_to_a_machine_holds_there_only(company, mac):
    """The user's email is whatever the user's own config says: a colleague's grant, copied along with a
    change of [user] email, held on any machine. An approver may bind a grant to the machine the request
    names (its host name); the binding is signed, and a copy holds nowhere else."""
    from tui.core.grants import this_host

    g = issue(company.key, host="alice-mbp")
    assert "host: alice-mbp\n" in g.armour()
    again = parse_grant(g.armour())
    assert again.host == "alice-mbp" and again.payload() == g.payload()
    pack = load_pack(company.pack)
    here = GrantPolicy.from_pack(pack, USER, "alice-mbp")
    assert here.refusal(again) is None
    assert GrantPolicy.from_pack(pack, USER, "Alice-MBP.local").refusal(again) is None  # as macOS adds .local
    assert GrantPolicy.from_pack(pack, USER, "bob-mbp").refusal(again) == (
        "bound to the machine alice-mbp, not this one (bob-mbp)"
    )
    assert (
        GrantPolicy.from_pack(pack, USER, "alice-mbp.corp.example")
        .refusal(parse_grant(issue(company.key, host="alice-mbp.lab.example").armour()))
        .startswith("bound to the machine alice-mbp.lab.example, not this one")
    )  # both qualified: all of it
    # another machine's disk (a fleet's image, --root): its name cannot be known, so it does not hold
    assert "cannot be known" in GrantPolicy.from_pack(pack, USER, None).refusal(again)
    assert this_host(mac.root) is None
    # a scan of a disk image: the bound grant is refused, and says why
    add_grant(g.armour(), here, today=TODAY)
    f = scan_tool(company.pack, mac)
    assert f.grant is None and f.verdict == "prohibited"
    # the binding is signed: another host written in the block breaks the signature
    forged = g.armour().replace("host: alice-mbp", "host: bob-mbp")
    assert "does not verify" in GrantPolicy.from_pack(pack, USER, "bob-mbp").refusal(parse_grant(forged))
    # a grant without a host holds on any machine of that user, as before
    assert GrantPolicy.from_pack(pack, USER, None).refusal(issue(company.key)) is None


def test_in_a_user_namespace_the_host_name_is_not_believed():
    """Red team: `unshare --user --uts` lets any user set the host name uname gives (and a nested namespace
    gives back their own uid), so a colleague's host-bound grant held on another machine. In a user namespace
    the host cannot be known: a bound grant does not hold, and the uid map read for it is listed."""
    import shutil
    import subprocess
    import sys

    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        pytest.skip("Linux user namespaces (unshare) are needed")
    code = "from tui.core.grants import this_host\nread = []\nprint(this_host('/', read), read)\n"
    outside = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert outside.returncode == 0 and not outside.stdout.startswith("None"), outside.stderr
    inside = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--uts", "sh", "-c", 'hostname alice-mbp && exec "$@"', "-",
         sys.executable, "-c", code],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    if inside.returncode != 0 and ("Operation not permitted" in inside.stderr or "unshare" in inside.stderr):
        pytest.skip(f"user namespaces are not allowed here: {inside.stderr.strip()[:200]}")
    assert inside.stdout.strip() == "None ['/proc/self/uid_map']", inside.stdout + inside.stderr


@pytest.mark.parametrize("host", ["Alice MBP", "-alice", "alice_mbp", "a" * 70])
def test_a_host_that_is_no_host_name_is_refused(company, host):
    with pytest.raises(GrantError, match="host"):
        issue(company.key, host=host)


def test_grant_issue_binds_to_a_host_and_the_request_names_its_machine(capsys, company):
    code, out, err = issue_cli(capsys, company, "--host", "ada-mbp", "-o", "-")
    assert code == 0, err
    assert parse_grant(out).host == "ada-mbp"
    from tui.requests.model import PolicyContext, Requester, prefill

    req = prefill(
        PolicyContext.from_pack(load_pack(company.pack)), "cursor", identity=Requester("Ada", USER, "ada-mbp")
    )
    assert req.payload()["requester"] == {"name": "Ada", "email": USER, "host": "ada-mbp"}
    assert "- Requested by: Ada <ada@example.com> on the machine `ada-mbp`" in req.markdown()


def test_the_audit_lists_aicheck_s_own_files_and_git_s_config_and_the_scan_writes_none(
    capsys, company, mac, tmp_path, monkeypatch
):
    """Red team: the audit said it listed every file read, yet a check also read git's config files (for the
    email a grant must name, an include among them), every stored grant and every request record, and none
    was listed; and reading the requests removed stale temporaries (a scan writes nothing)."""
    from support.intake_server import make_request
    from tui.requests.store import RequestStore

    home = tmp_path / "gituser"
    home.mkdir()
    (home / ".gitconfig").write_text("[include]\n\tpath = ~/.gitconfig-work\n")
    (home / ".gitconfig-work").write_text("[user]\n\temail = " + USER + "\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)
    Path(os.environ["AICHECK_CONFIG"]).write_text("")  # no [user] email: git's decides
    g = store(company)
    req = make_request(RequestStore())
    stale = data_dir() / "requests" / ".REQ-stale.tmp"
    stale.write_text("half-written")
    os.utime(stale, (0, 0))  # old: what `request list` would clean up
    _code, out, _err = run(capsys, "check", "--json", "--content", str(company.pack), *mac.cli_args())
    own = json.loads(out)["audit"]["own_files_read"]
    assert str(home / ".gitconfig") in own and str(home / ".gitconfig-work") in own
    assert str(data_dir() / "grants" / f"{g.id}.grant") in own
    assert str(RequestStore().path(req.id)) in own and os.environ["AICHECK_CONFIG"] in own
    assert stale.exists()
    _code, out, _ = run(capsys, "scan", "--explain", "--content", str(company.pack), *mac.cli_args())
    assert f"    own    {home / '.gitconfig-work'}" in out
