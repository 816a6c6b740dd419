"""Every user of a machine (scan/check --all-users), confinement of each scan to its user's home, the missing
osquery extra, and ``report summarize`` over a folder of real reports."""

from __future__ import annotations

import json
import sys

import pytest

from support.fleet import SECRET, as_root, build_users_machine
from tui.cli import main
from tui.core.machine import Disk, Machine
from tui.core.startup_reading import MAX_STARTUP_BYTES
from tui.core.system_folders import standard_search_path
from tui.demo.synthetic import SyntheticMachine
from tui.fleet.users import list_users, parse_passwd


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def disk(tmp_path, monkeypatch):
    """A machine of several users, scanned as root scans it."""
    as_root(monkeypatch)
    build_users_machine(tmp_path / "disk")
    return tmp_path / "disk"


def test_passwd_keeps_people_only():
    users = parse_passwd(
        "root:x:0:0::/root:/bin/bash\nada:x:1000:1000::/home/ada:/bin/bash\n"
        "bad line\nsvc:x:1001:1001::/srv/svc:/bin/false\nnobody:x:65534:65534::/nonexistent:/bin/sh\n"
        "mac:x:501:20::/Users/mac:/bin/zsh\n",
        "linux",
    )
    assert [(u.name, u.uid, u.home) for u in users] == [("root", 0, "/root"), ("ada", 1000, "/home/ada")]
    assert [u.name for u in parse_passwd("mac:x:501:20::/Users/mac:/bin/zsh\n", "macos")] == ["mac"]
    macos_root = "root:*:0:0:System Administrator:/var/root:/bin/sh\n_www:*:70:70::/Library/WebServer:/usr/bin/false\n"
    assert [(u.name, u.home) for u in parse_passwd(macos_root, "macos")] == [("root", "/var/root")]


def test_users_of_a_linux_disk_are_read_from_its_passwd_file(disk):
    machine = Machine.current(root=str(disk), platform="linux", search_path="")
    d = Disk(machine)
    assert [u.name for u in list_users(machine, d)] == ["ada", "bob", "carol"]  # ghost has no home folder
    assert str(disk / "etc/passwd") in d.audit.paths_read


def test_windows_users_are_the_profile_folders(tmp_path):
    root = tmp_path / "win"
    for name in ("ada", "Public", "Default", "All Users", "bob"):
        SyntheticMachine(root, "windows", home=f"/Users/{name}")
    (root / "Users/desktop.ini").write_text("")
    machine = Machine.current(root=str(root), platform="windows", search_path="")
    assert [(u.name, u.home) for u in list_users(machine)] == [("ada", "/Users/ada"), ("bob", "/Users/bob")]
    assert standard_search_path("windows", "/Users/ada")[0] == "/Users/ada/AppData/Roaming/npm"


def test_macos_users_fall_back_to_the_users_folder(tmp_path):
    root = tmp_path / "mac"
    SyntheticMachine(root, "macos", home="/Users/ada")
    SyntheticMachine(root, "macos", home="/Users/Shared")
    (root / "etc").mkdir()
    (root / "etc/passwd").write_text("root:*:0:0::/var/root:/bin/sh\n_www:*:70:70::/Library/WebServer:/usr/bin/false\n")
    machine = Machine.current(root=str(root), platform="macos", search_path="")
    assert [u.name for u in list_users(machine)] == ["ada"]


def test_scan_all_users_json_has_one_report_per_user(capsys, disk):
    code, out, err = run(capsys, "scan", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "aicheck.users/1"
    assert [u["user"] for u in data["users"]] == ["ada", "bob", "carol"]
    ada = data["users"][0]
    assert ada["uid"] == 1000 and ada["report"]["schema"] == "aicheck.scan/1"
    assert ada["report"]["host"]["home"] == "/home/ada"
    assert {t["id"] for t in ada["report"]["tools"]} >= {"claude-code", "github-copilot"}


def test_check_all_users_looks_in_roots_home(capsys, tmp_path):
    """Red team: a server's AI agent run as root keeps its install in /root; ``check --all-users`` skipped uid 0
    as a system account and said "All users: compliant" while ``check`` as root exited 1."""
    image = tmp_path / "disk"
    root = SyntheticMachine(image, "linux", home="/root")
    SyntheticMachine(image, "linux", home="/home/ada")
    root.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nada:x:1000:1000::/home/ada:/bin/bash\n")
    root.npm("@google/gemini-cli", "0.9.0", manager="user", bin_name="gemini")
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(image), "--platform", "linux")
    data = json.loads(out)
    assert code == 1 and data["check"]["users_needing_action"] == ["root"], out
    assert [u["user"] for u in data["users"]] == ["ada", "root"]


def test_check_all_users_fails_when_any_user_needs_action(capsys, disk):
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    data = json.loads(out)
    assert code == 1 and data["check"]["users_needing_action"] == ["ada", "bob"]
    assert [u["report"]["check"]["compliant"] for u in data["users"]] == [False, False, True]
    # bob's Claude Code and Cursor configs are links out of his home: not followed, so what they set up is
    # unknown, and that needs action (a link elsewhere must not hide a server)
    bob = next(u["report"] for u in data["users"] if u["user"] == "bob")
    assert {(u["config"], u["reason"]) for u in bob["unchecked_configs"]} == {
        (f"/home/bob/{name}", "link leads outside this user's home and the system folders")
        for name in (".claude.json", ".cursor/mcp.json", ".cursor/hooks.json")
    }
    assert [t["action_required"] for t in bob["tools"]] == [False] * len(bob["tools"])
    code, out, _ = run(capsys, "check", "--all-users", "--root", str(disk), "--platform", "linux")
    assert code == 1
    assert "== user bob (/home/bob) ==" in out and "All users: action required for 2 of 3 users: ada, bob" in out


def test_machine_wide_tool_configs_are_every_users(capsys, disk):
    """The AI tools' machine-wide config folders (Claude Code's /etc/claude-code, Codex's /etc/codex) are read
    in each user's confined scan: a managed MCP server reaches every user's sessions, and is in each report.
    Looking there was refused before, and a managed file that is not there made each user 'action required'."""
    managed = disk / "etc/claude-code/managed-mcp.json"
    managed.parent.mkdir(parents=True)
    managed.write_text(json.dumps({"mcpServers": {"side": {"url": "https://side.example/mcp"}}}))
    amp = disk / "etc/ampcode/managed-settings.json"  # Amp's, for every user too
    amp.parent.mkdir(parents=True)
    amp.write_text(json.dumps({"amp.mcpServers": {"amp-side": {"url": "https://side.example/amp"}}}))
    gemini = disk / "etc/gemini-cli/settings.json"  # Gemini CLI's system settings, for every user
    gemini.parent.mkdir(parents=True)
    gemini.write_text(json.dumps({"mcpServers": {"gemini-side": {"httpUrl": "https://side.example/gemini"}}}))
    _, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    for user in json.loads(out)["users"]:
        servers = {s["name"]: s for s in user["report"]["mcp_servers"]}
        for name, path in (("side", managed), ("amp-side", amp), ("gemini-side", gemini)):
            assert servers[name]["verdict"] == "prohibited" and servers[name]["config"] == str(path)[len(str(disk)) :]
        assert not [u for u in user["report"]["unchecked_configs"] if u["config"].startswith("/etc/")]


def test_a_browsers_managed_policy_blocks_an_extension_in_each_users_confined_scan(capsys, disk):
    """Chrome's managed policies in /etc/opt/chrome/policies/managed apply to every user: a confined scan of
    each home reads them (looking there was refused before), so a blocked extension needs no action."""
    bob = SyntheticMachine(disk, "linux", home="/home/bob")
    bob.chromium_extension("difoiogjjojoaoomphldepapgpbgkhkb", "5.32.8", name="Sider")

    def sider() -> dict:
        _, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
        [user] = [u for u in json.loads(out)["users"] if u["user"] == "bob"]
        return next(t for t in user["report"]["tools"] if t["id"] == "sider")

    assert sider()["action_required"]
    bob.write_json("/etc/opt/chrome/policies/managed/ai.json", {"ExtensionInstallBlocklist": ["*"]})
    found = sider()
    assert not found["action_required"]
    assert found["installs"][0]["browser"]["blocked_by"] == "/etc/opt/chrome/policies/managed/ai.json"
    from tui.core.content import load_pack
    from tui.core.scanner import scan
    from tui.fleet.multiscan import UserScan
    from tui.fleet.tables import installs_rows
    from tui.fleet.users import MachineUser
    from tui.paths import bundled_content_dir

    report = scan(bob.machine(), load_pack(bundled_content_dir()))
    [row] = [r for r in installs_rows(UserScan(MachineUser("bob", bob.home), report)) if r["tool_id"] == "sider"]
    assert row["blocked_by"] == "/etc/opt/chrome/policies/managed/ai.json" and "never runs" in row["detail"]


def test_a_users_links_never_lead_the_scan_out_of_their_home(capsys, disk):
    _, out, _ = run(capsys, "scan", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    bob = next(u for u in json.loads(out)["users"] if u["user"] == "bob")["report"]
    outside = [
        p
        for p in bob["audit"]["paths_read"] + bob["audit"]["dirs_listed"]
        if p.startswith(str(disk / "home/ada")) or p.endswith(SECRET)
    ]
    assert outside == []
    assert "github-copilot" not in {t["id"] for t in bob["tools"]}
    refused = {s["path"] for s in bob["audit"]["skipped"] if "outside this user's home" in s["reason"]}
    assert "/home/bob/.vscode/extensions" in refused
    # not followed, so an extension in it would go unseen: the scan says it is incomplete (never a clean bill)
    assert any(e.startswith("cannot list /home/bob/.vscode/extensions: it is outside") for e in bob["errors"])
    # the same links, scanned as the user's own home without --all-users, are followed as before
    _, out, _ = run(
        capsys, "scan", "--json", "--root", str(disk), "--home", "/home/bob", "--platform", "linux", "--search-path", ""
    )
    assert "github-copilot" in {t["id"] for t in json.loads(out)["tools"]}


def test_a_command_linked_out_of_the_home_still_counts_in_a_confined_scan(capsys, tmp_path):
    """~/.local/bin/claude linked to a package in /tmp (the user's to write): the confined scan reads nothing
    there, but the command is on the search path and runs, so it counts, version unknown, as it does when the
    user checks their own home. Before, the confined scan took it for a dangling link: a clean bill."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    m.write_json("/tmp/x/claude-code/package.json", {"name": "@anthropic-ai/claude-code", "version": "2.1.150"})
    m.write("/tmp/x/claude-code/cli.js", "#!/usr/bin/env node\n")
    m.symlink(m.h(".local/bin/claude"), "/tmp/x/claude-code/cli.js")
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    report = json.loads(out)["users"][0]["report"]
    claude = next(t for t in report["tools"] if t["id"] == "claude-code")
    assert code == 1 and claude["action_required"], claude
    assert not any("/tmp/x" in p for p in report["audit"]["paths_read"])


@pytest.mark.parametrize("case", ["sourced", "menu"])
def test_a_file_outside_the_home_is_unread_never_absent_in_a_confined_scan(capsys, tmp_path, case):
    """~/.bashrc sourcing /srv/x/aliases (an alias that starts Claude Code unattended), or a menu entry that
    starts /srv/apps/Cursor-….AppImage: the confined scan reads neither, and took them for absent, a clean
    bill; the user's own check said action required. Now what is there but not read cannot confirm."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    if case == "sourced":
        m.npm("@anthropic-ai/claude-code", "2.1.250", bin_name="claude")
        m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
        m.write("/srv/x/aliases", "alias cc='claude --dangerously-skip-permissions'\n")
        m.write(m.h(".bashrc"), "source /srv/x/aliases\n")
    else:
        m.write("/srv/apps/Cursor-1.7.52-x86_64.AppImage", b"\x7fELF")
        m.write(
            m.h(".local/share/applications/cursor.desktop"),
            "[Desktop Entry]\nExec=/srv/apps/Cursor-1.7.52-x86_64.AppImage %U\n",
        )
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    report = json.loads(out)["users"][0]["report"]
    tool = "claude-code" if case == "sourced" else "cursor"
    assert code == 1 and next(t for t in report["tools"] if t["id"] == tool)["action_required"]
    assert not any("/srv/" in p for p in report["audit"]["paths_read"])


def test_all_users_refuses_home_and_an_empty_machine(capsys, disk, tmp_path):
    code, _, err = run(capsys, "check", "--all-users", "--home", "/home/ada", "--root", str(disk))
    assert code == 2 and err.count("\n") == 1
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "check", "--all-users", "--root", str(tmp_path / "empty"), "--platform", "linux")
    assert code == 2 and "no real user found" in err and err.count("\n") == 1


def test_osquery_extension_without_the_extra_is_one_line(capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "osquery", None)  # as if `aicheck-policy[osquery]` were not installed
    code, out, err = run(capsys, "osquery-extension", "--socket", str(tmp_path / "x.em"))
    assert code == 2 and out == ""
    assert err == "aicheck: the osquery extension needs the optional extra: pip install 'aicheck-policy[osquery]'\n"


def test_unknown_flags_are_refused_outside_the_extension(capsys):
    code = None
    with pytest.raises(SystemExit) as exc:
        code = main(["scan", "--verbose-typo"])
    assert exc.value.code == 2 and code is None


# -- report summarize --------------------------------------------------------------------------------
@pytest.fixture
def reports(capsys, disk, tmp_path):
    """A folder of real `check --json` outputs: a multi-user machine, the demo machine, one on an old policy
    with an exception expiring soon, and files that are not aicheck reports."""
    from tui.demo import build_demo

    folder = tmp_path / "reports"
    folder.mkdir()
    _, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    (folder / "m1.json").write_text(out)
    demo = build_demo(tmp_path / "demo")
    _, out, _ = run(capsys, "check", "--json", *demo.cli_args())
    (folder / "laptop-7.json").write_text(out)
    old = json.loads(out)
    old["policy"]["version"] = "2026.10"
    old["host"]["hostname"] = "old-laptop"
    tool = next(t for t in old["tools"] if t["id"] == "claude-code")
    tool["verdict"], tool["action_required"] = "excepted", False
    tool["grant"] = {"id": "REQ-7", "approver_key": "k", "expires": "2026-12-01", "ticket": None}
    old["check"]["compliant"] = False
    sub = folder / "sub"
    sub.mkdir()
    (sub / "old.json").write_text(json.dumps(old))
    (folder / "foreign.json").write_text('{"hello": "world"}')
    (folder / "broken.json").write_text("{not json")
    (folder / "notes.txt").write_text("not a report")
    return folder


def test_summarize_table(capsys, reports):
    code, out, err = run(capsys, "report", "summarize", str(reports))
    assert code == 1  # as `check`: a machine needs action
    # carol's report says compliant (bob's configs link out of his home), but none of these reports was made
    # on a running machine with the company's signed pack (a disk image, the example pack): none is trusted
    assert "Machines compliant: 0 of 5 (0%)" in out and "Not trusted: 5 of 5" in out
    assert "foreign.json: skipped: not an aicheck report" in err and "broken.json: skipped: not JSON" in err
    assert "notes.txt" not in err  # not a *.json in the folder: never opened
    assert "On an older policy than 2026.11:" in out and "old-laptop" in out


def test_summarize_json_counts(reports):
    import datetime as dt

    from tui.fleet.summarize import summarize_paths, to_json

    data = json.loads(to_json(summarize_paths([str(reports)], today=dt.date(2026, 11, 20))))
    assert data["machines"] == 5 and data["compliant"] == 0 and len(data["not_trusted"]) == 5
    assert data["tools_by_verdict"]["Claude Code"]["excepted"] == 1
    assert [e["grant"] for e in data["expiring_exceptions"]] == ["REQ-7"]
    assert data["expiring_exceptions"][0]["days_left"] == 11
    assert [m["host"] for m in data["old_policy"]] == ["old-laptop"]
    assert any(a["tool"] == "Claude Code" and a["version"] == "2.1.150" for a in data["affected_versions"])
    assert len(data["skipped"]) == 2


def test_summarize_csv_and_markdown(capsys, reports):
    _, out, _ = run(capsys, "report", "summarize", "--csv", str(reports / "m1.json"))
    rows = out.splitlines()
    assert rows[0].startswith("host,user,compliant,policy_version")
    assert [r.split(",")[1] for r in rows[1:]] == ["ada", "bob", "carol"]
    _, out, _ = run(capsys, "report", "summarize", "--markdown", str(reports))
    assert out.startswith("# AI-tool compliance summary") and "█" in out and "| tool | prohibited |" in out


def test_summarize_with_nothing_readable_is_an_error(capsys, tmp_path):
    (tmp_path / "x.json").write_text("[]")
    code, out, err = run(capsys, "report", "summarize", str(tmp_path / "x.json"))
    assert code == 2 and out == "" and "no aicheck report found" in err


def test_scan_cache_reuses_scans_and_honours_names(disk):
    import argparse

    from tui.fleet.multiscan import ScanCache
    from tui.fleet.multiscan import open_all_users_session as open_session

    now = [0.0]
    opened = []

    def factory():
        opened.append(1)
        return open_session(
            argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=None)
        )

    cache = ScanCache(factory, ttl=300, clock=lambda: now[0])
    assert [s.user.name for s in cache.scans({"bob"})] == ["bob"] and cache.scans_run == 1
    assert [s.user.name for s in cache.scans()] == ["ada", "bob", "carol"] and cache.scans_run == 3
    now[0] = 299
    cache.scans()
    assert cache.scans_run == 3 and len(opened) == 1
    now[0] = 301
    cache.scans({"carol"})
    assert cache.scans_run == 4
    now[0] = 3601
    cache.scans({"carol"})
    assert len(opened) == 2  # the pack is loaded again after an hour


def test_two_queries_at_once_share_one_scan(disk):
    import argparse
    import threading

    from tui.fleet.multiscan import ScanCache
    from tui.fleet.multiscan import open_all_users_session as open_session

    cache = ScanCache(
        lambda: open_session(
            argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=None)
        )
    )
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.scans())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == 4 and cache.scans_run == 3  # one scan per user, not one per query
    assert all([s.report.started for s in r] == [s.report.started for s in results[0]] for r in results)


# -- each user's own grants ----------------------------------------------------------------------------------
@pytest.fixture
def granted(tmp_path, disk):
    """The users' machine with grants in the users' own data folders and a pack pinning their approver key."""
    from support.fleet import add_user_grants
    from support.grants import new_key, pack_pinning

    key_file, public = new_key(tmp_path / "keys")
    pack = pack_pinning(tmp_path, [public])
    grant_id, outside_id = add_user_grants(disk, key_file)
    return pack, grant_id, outside_id


def test_each_user_is_judged_with_their_own_grants(capsys, disk, granted):
    pack, grant_id, outside_id = granted
    args = ("--all-users", "--json", "--root", str(disk), "--platform", "linux", "--content", str(pack))
    code, out, err = run(capsys, "check", *args)
    # ada's only action was the advisory her grant names; bob's is his configs that link out of his home
    assert code == 1 and json.loads(out)["check"]["users_needing_action"] == ["bob"], err
    users = {u["user"]: u["report"] for u in json.loads(out)["users"]}
    assert users["ada"]["check"]["compliant"] is True
    claude = next(t for t in users["ada"]["tools"] if t["id"] == "claude-code")
    assert claude["verdict"] == "excepted" and claude["action_required"] is False
    assert claude["grant"]["id"] == grant_id and claude["grant"]["advisories"] == ["AICHECK-2026-0001"]
    data = disk / "home/ada/.local/share/aicheck"
    assert {str(data / f"grants/{grant_id}.grant"), str(disk / "home/ada/.config/aicheck/config.toml")} <= set(
        users["ada"]["audit"]["paths_read"]
    )
    assert str(disk / "home/ada/.gitconfig") not in users["ada"]["audit"]["paths_read"]  # her aicheck config named her
    # bob's copy of ada's grant is read from his own folder, under his git email, and does not count for him
    bob = users["bob"]["audit"]
    assert str(disk / f"home/bob/.local/share/aicheck/grants/{grant_id}.grant") in bob["paths_read"]
    assert str(disk / "home/bob/.gitconfig") in bob["paths_read"]
    assert all(t["grant"] is None for t in users["bob"]["tools"])
    # his grant file that links out of his home is refused, never opened
    assert not any(outside_id in p for p in bob["paths_read"]) and not any("/srv/" in p for p in bob["paths_read"])
    refused = [s for s in bob["skipped"] if s["path"].endswith(f"{outside_id}.grant")]
    assert refused and "outside this user's home" in refused[0]["reason"]
    assert not any("aicheck" in p for p in users["carol"]["audit"]["paths_read"])  # carol has no aicheck files


def test_a_copied_grant_is_refused_for_the_user_it_does_not_name(disk, granted):
    import argparse

    from tui.fleet.multiscan import machine_users, open_all_users_session
    from tui.fleet.user_state import user_email, user_grants
    from tui.fleet.users import user_machine

    pack, grant_id, _ = granted
    session = open_all_users_session(
        argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=str(pack))
    )
    bob = next(u for u in machine_users(session) if u.name == "bob")
    d = Disk(user_machine(session.machine, bob))
    assert user_email(d) == "bob@example.com"
    [checked] = user_grants(d, session.pack)
    assert checked.grant is not None and checked.grant.id == grant_id
    assert checked.problem == "issued to ada@example.com, not to you (bob@example.com)"


@pytest.mark.parametrize(
    "config",
    ["[user]\nemail = 3\n", '[user]\nemial = "ada@example.com"\n', '[user\nemail = "ada@example.com"\n'],
    ids=["an email that is no string", "an unknown key", "broken TOML"],
)
def test_a_users_broken_config_is_their_scan_error_never_gits_email(capsys, disk, granted, config):
    """Red team: ada's own `check` stops at a broken aicheck config (exit 2), where --all-users (and the osquery
    tables) took git's email in silence and counted her grant: compliant. The config is her scan error now, and
    her grant counts for no one."""
    pack, _grant_id, _ = granted
    cfg = disk / "home/ada/.config/aicheck/config.toml"
    (disk / "home/ada/.gitconfig").write_text("[user]\n\temail = ada@example.com\n")
    cfg.write_text(config)
    args = ("--all-users", "--json", "--root", str(disk), "--platform", "linux", "--content", str(pack))
    code, out, err = run(capsys, "check", *args)
    users = {u["user"]: u["report"] for u in json.loads(out)["users"]}
    ada = users["ada"]
    assert ada["check"]["compliant"] is False and code in (1, 2), err
    assert any("config.toml" in e and "its grants are not counted" in e for e in ada["errors"]), ada["errors"]
    claude = next(t for t in ada["tools"] if t["id"] == "claude-code")
    assert claude["verdict"] != "excepted" and claude["grant"] is None


def test_the_osquery_tools_row_shows_the_users_grant(disk, granted):
    import argparse

    from tui.fleet.multiscan import open_all_users_session, scan_users
    from tui.fleet.tables import tools_rows

    pack, grant_id, _ = granted
    session = open_all_users_session(
        argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=str(pack))
    )
    rows = [r for s in scan_users(session) for r in tools_rows(s)]
    ada = next(r for r in rows if r["user"] == "ada" and r["tool_id"] == "claude-code")
    assert (ada["grant_id"], ada["verdict"], ada["action_required"]) == (grant_id, "excepted", 0)
    assert ada["grant_expires"]
    assert all(r["grant_id"] == "" for r in rows if r["user"] != "ada")


def test_a_single_user_scan_still_reads_the_running_users_grants(capsys, disk, granted):
    pack = granted[0]
    code, out, err = run(
        capsys, "scan", "--json", "--root", str(disk), "--home", "/home/ada", "--platform", "linux",
        "--search-path", "", "--content", str(pack),
    )  # fmt: skip
    assert code in (0, 1), err
    report = json.loads(out)
    claude = next(t for t in report["tools"] if t["id"] == "claude-code")
    assert claude["grant"] is None  # the grants of the account running aicheck (none here), not the scanned home's
    assert not any("/.local/share/aicheck/" in p for p in report["audit"]["paths_read"])


def test_each_user_is_judged_with_their_own_confirmed_conditions(capsys, disk, granted):
    from tui.core.content import load_pack
    from tui.services import attestations

    pack = granted[0]
    own = disk / "home/ada/.local/share/aicheck"
    attestations.record(load_pack(pack).policy, "claude-code", "no-customer-data", data_dir=own)
    (disk / "home/bob/.local/share/aicheck").mkdir(parents=True, exist_ok=True)
    (disk / "home/bob/.local/share/aicheck/attestations.toml").symlink_to(own / "attestations.toml")
    _, out, _ = run(
        capsys, "scan", "--all-users", "--json", "--root", str(disk), "--platform", "linux", "--content", str(pack)
    )
    users = {u["user"]: u["report"] for u in json.loads(out)["users"]}

    tool = next(t for t in users["ada"]["tools"] if t["id"] == "claude-code")
    assert next(c["state"] for c in tool["conditions"] if c["id"] == "no-customer-data") == "confirmed"
    assert str(own / "attestations.toml") in users["ada"]["audit"]["paths_read"]
    bob = users["bob"]["audit"]  # his link to ada's confirmations leads out of his home: refused, never read
    assert str(own / "attestations.toml") not in bob["paths_read"]
    refused = [s for s in bob["skipped"] if s["path"].endswith("bob/.local/share/aicheck/attestations.toml")]
    assert refused and "outside this user's home" in refused[0]["reason"]


def test_each_users_approved_request_waiting_for_its_grant_is_reported_in_their_scan(capsys, disk):
    """A request the intake approved changes no verdict until its signed grant is added, for the user running
    aicheck and, under --all-users, for every user: their own record, read from their data folder."""
    from pathlib import Path

    from tui.core.content import load_pack
    from tui.fleet.user_state import DATA_DIR
    from tui.paths import bundled_content_dir
    from tui.requests.model import PolicyContext, Requester, prefill
    from tui.requests.store import RequestStore

    req = prefill(PolicyContext.from_pack(load_pack(bundled_content_dir())), "aider", identity=Requester("Bob", "b@x"))
    req.state = "approved"
    req.delivery.ticket = "SEC-77"
    RequestStore(Path(disk / "home/bob" / DATA_DIR["linux"])).create(req)
    _code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    users = {u["user"]: u["report"] for u in json.loads(out)["users"]}
    aider = next(t for t in users["bob"]["tools"] if t["id"] == "aider")
    assert any("approved in SEC-77 - waiting for the signed grant" in w for w in aider["warnings"])
    assert aider["grant"] is None and aider["verdict"] != "excepted"
    record = f"/home/bob/{DATA_DIR['linux']}/requests/{req.id}.toml"
    assert str(disk) + record in users["bob"]["audit"]["paths_read"]  # read through bob's audited disk
    assert not any("SEC-77" in w for t in users["ada"]["tools"] for w in t["warnings"])


def test_the_osquery_mcp_row_lists_what_else_a_launcher_line_installs(machine_factory, pack):
    """A fleet query can find every machine whose servers also install a given package (the row's reason
    says why the verdict is what it is)."""
    from tui.core.scanner import scan
    from tui.fleet.multiscan import UserScan
    from tui.fleet.tables import mcp_server_rows
    from tui.fleet.users import MachineUser

    m = machine_factory("windows")
    line = "npx -y -p @modelcontextprotocol/server-github -p evil-mcp@1.0.0 mcp-server-github"
    m.write_json(m.h(".cursor/mcp.json"), {"mcpServers": {"gh": {"command": "cmd", "args": ["/c", line]}}})
    rows = mcp_server_rows(UserScan(MachineUser("ada", m.home), scan(m.machine(), pack)))
    assert [(r["npm"], r["extra_packages"], r["verdict"]) for r in rows] == [
        ("@modelcontextprotocol/server-github", "npm evil-mcp@1.0.0", "unreviewed")
    ]
    assert rows[0]["reason"].startswith("it also installs npm evil-mcp: ")


def test_the_osquery_rows_say_what_an_administrators_control_keeps_from_running(machine_factory, pack):
    """A fleet can tell a server or hook that needs action from one its own controls keep from starting
    (Claude Code's managed-mcp.json, allowManagedHooksOnly): not_started holds why, and action_required is 0."""
    from tui.core.scanner import scan
    from tui.fleet.multiscan import UserScan
    from tui.fleet.tables import agent_extension_rows, mcp_server_rows
    from tui.fleet.users import MachineUser

    m = machine_factory("linux")
    m.write_json(m.h(".claude.json"), {"mcpServers": {"far": {"type": "http", "url": "https://far.example/mcp"}}})
    m.write_json(m.h(".claude/settings.json"), {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "x"}]}]}})
    m.write_json("/etc/claude-code/managed-mcp.json", {"mcpServers": {}})
    m.write_json("/etc/claude-code/managed-settings.json", {"allowManagedHooksOnly": True})
    user = UserScan(MachineUser("ada", m.home), scan(m.machine(), pack))
    [server] = mcp_server_rows(user)
    assert server["not_started"].startswith("Claude Code starts only the servers the administrator's")
    assert (server["verdict"], server["action_required"]) == ("prohibited", 0)
    [hook] = agent_extension_rows(user)
    assert "allowManagedHooksOnly" in hook["not_started"] and hook["action_required"] == 0


def test_the_summary_row_says_when_the_pack_expires(disk, tmp_path):
    """A fleet sees which hosts run on a pack close to its end (they have not fetched the next one), and a
    host past it has the scan error in `errors` and is not compliant."""
    import argparse
    import datetime as dt
    import json

    from support.packs import company_pack
    from tui.fleet.multiscan import ScanCache
    from tui.fleet.multiscan import open_all_users_session as open_session
    from tui.fleet.tables import rows

    def summary(expires: dt.date) -> dict:
        folder = company_pack(tmp_path / f"pack-{expires}", f"{expires}")
        args = argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=str(folder))
        cache = ScanCache(lambda: open_session(args), ttl=300)
        return next(r for r in rows("aicheck_summary", cache.scans({"ada"})) if r["user"] == "ada")

    soon = dt.date.today() + dt.timedelta(days=5)
    row = summary(soon)
    assert row["pack_expires"] == soon.isoformat() and not any(
        "expired" in e for e in json.loads(row["errors"] or "[]")
    )
    past = dt.date.today() - dt.timedelta(days=1)
    row = summary(past)
    assert row["pack_expires"] == past.isoformat() and row["compliant"] == 0
    assert any(e.startswith("the content pack acme 2026.12.1 expired on ") for e in json.loads(row["errors"]))


def test_the_summary_row_names_the_pack_and_the_key_that_verified_it(disk, tmp_path, monkeypatch):
    """The extension runs as root and scans each user's home itself (nothing a user sets picks the home), with
    the pack root's (or the managed) config names: its rows say which pack judged and which pinned key verified
    it, so a Fleet policy can require the company's key (the `report summarize` check, for osquery)."""
    import argparse

    from support.packs import company_pack
    from tui.core.signing import fingerprint, generate_key, sign_file
    from tui.fleet.multiscan import ScanCache, open_all_users_session
    from tui.fleet.tables import rows
    from tui.packs.archive import build_archive

    archive = tmp_path / "acme.tar.gz"
    build_archive(company_pack(tmp_path / "acme", None), archive)
    public = generate_key(tmp_path / "company.pem")
    sign_file(archive, tmp_path / "company.pem")
    (tmp_path / "config.toml").write_text(f'[content]\nurl = "{archive}"\npublic_key = "{public}"\n')
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.delenv("AICHECK_CONTENT")

    def summary() -> dict:
        args = argparse.Namespace(root=str(disk), platform="linux", home=None, search_path=None, content=None)
        cache = ScanCache(lambda: open_all_users_session(args), ttl=300)
        return next(r for r in rows("aicheck_summary", cache.scans({"ada"})) if r["user"] == "ada")

    row = summary()
    assert (row["pack_id"], row["pack_key"], row["pack_signature_verified"]) == ("acme", fingerprint(public), 1)
    monkeypatch.setenv("AICHECK_CONTENT", "example")
    monkeypatch.setenv("AICHECK_CONFIG", str(tmp_path / "empty.toml"))
    (tmp_path / "empty.toml").write_text("")
    row = summary()
    assert (row["pack_id"], row["pack_key"], row["pack_signature_verified"]) == ("example-corp", "", 0)


def test_a_startup_file_the_confined_scan_cannot_read_is_a_scan_error_never_a_lost_search_path(capsys, tmp_path):
    """Red team: ~/.bashrc sourcing /srv/shared/devpath.sh, which puts ~/tools/bin (an affected Claude Code) on
    the search path. The user's own check read it and said action required; the confined scan could not follow
    it out of the home, lost the folder in silence, and every fleet policy passed. A startup file the shell
    reads and the scan cannot (outside the home, too big) now makes the scan incomplete."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/home/ada")
    m.write("/etc/passwd", "ada:x:1000:1000:Ada:/home/ada:/bin/bash\n")
    m.native(m.h("tools/claude-versions"), "2.1.150", link=m.h("tools/bin/claude"))
    m.write("/srv/shared/devpath.sh", 'export PATH="$HOME/tools/bin:$PATH"\n')
    m.write(m.h(".bashrc"), ". /srv/shared/devpath.sh\n")
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    report = json.loads(out)["users"][0]["report"]
    assert code != 0 and not report["check"]["compliant"]
    assert any("cannot read the shell startup file /srv/shared/devpath.sh" in e for e in report["errors"])
    m.write(m.h(".bashrc"), "# " + "x" * (1024 * 1024) + '\nexport PATH="$HOME/tools/bin:$PATH"\n')  # too big
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    report = json.loads(out)["users"][0]["report"]
    assert code != 0 and any("cannot read the shell startup file /home/ada/.bashrc" in e for e in report["errors"])


def test_a_home_behind_a_link_is_the_users_own(capsys, tmp_path):
    """Red team: /home linked to var/home (Fedora's atomic desktops), the password file saying /home/kim: the
    confined scan took the home's real path for "outside the home", found no tool and passed the critical
    policy while kim ran an affected Claude Code."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/var/home/kim")
    m.write("/etc/passwd", "kim:x:1000:1000:Kim:/home/kim:/bin/bash\n")
    m.native(m.h(".local/share/claude/versions"), "2.1.150", link=m.h(".local/bin/claude"))
    (m.root / "home").symlink_to("var/home")
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    [user] = json.loads(out)["users"]
    claude = next(t for t in user["report"]["tools"] if t["id"] == "claude-code")
    assert user["user"] == "kim" and code == 1 and "2.1.150" in {i["version"] for i in claude["installs"]}
    assert not user["report"]["unchecked_configs"]


def test_people_a_directory_service_knows_are_users_too(tmp_path):
    """Red team: systemd-homed's people (uid 60001 and up) were skipped; LDAP and SSSD people have no line in
    /etc/passwd; on macOS one line of a person there turned off the look in /Users. Their home folders are
    users now; a folder the file names as a system account's (a nologin service) is not."""
    root = tmp_path / "linux"
    for home in ("/home/ada", "/home/homed", "/home/ldapuser", "/home/svc", "/home/lost+found"):
        SyntheticMachine(root, "linux", home=home)
    (root / "etc").mkdir()
    (root / "etc/passwd").write_text(
        "ada:x:1000:1000::/home/ada:/bin/bash\nhomed:x:60001:60001::/home/homed:/bin/bash\n"
        "svc:x:1001:1001::/home/svc:/usr/sbin/nologin\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"
    )
    machine = Machine.current(root=str(root), platform="linux", search_path="")
    assert [u.name for u in list_users(machine)] == ["ada", "homed", "ldapuser"]
    mac = tmp_path / "mac"
    for home in ("/Users/ada", "/Users/bea", "/Users/Shared"):
        SyntheticMachine(mac, "macos", home=home)
    (mac / "etc").mkdir()
    (mac / "etc/passwd").write_text("root:*:0:0::/var/root:/bin/sh\nada:*:501:20::/Users/ada:/bin/zsh\n")
    machine = Machine.current(root=str(mac), platform="macos", search_path="")
    assert [u.name for u in list_users(machine)] == ["ada", "bea"]


def test_a_home_the_scan_may_not_read_is_a_scan_error(capsys, disk, monkeypatch):
    """An NFS home with root squashed: root may not read it, so nothing in it was checked. The permission is
    the operating system's answer (the edge of the world here: the tests run as root, whom nothing stops)."""
    import os

    import tui.fleet.multiscan as multiscan

    real_access = os.access
    monkeypatch.setattr(
        multiscan.os, "access", lambda p, mode: not str(p).endswith("/home/carol") and real_access(p, mode)
    )
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    carol = next(u["report"] for u in json.loads(out)["users"] if u["user"] == "carol")
    assert code != 0 and not carol["check"]["compliant"]
    assert any("cannot read the home folder /home/carol" in e for e in carol["errors"])


def test_a_home_folder_that_is_a_link_is_a_user_and_its_name_is_shown_safely(capsys, tmp_path):
    """Red team: /home/bob a link to /data/bob (no passwd line: a directory service's person) was skipped in
    silence, an affected tool there unseen (exit 0). And a folder's name went to the terminal raw: escape
    sequences from an image's /home reached the screen."""
    m = SyntheticMachine(tmp_path / "disk", "linux", home="/data/bob")
    m.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    m.native(m.h(".local/share/claude/versions"), "2.1.150", link=m.h(".local/bin/claude"))
    (m.root / "home").mkdir()
    (m.root / "home/bob").symlink_to("../data/bob")
    (m.root / "home/bob-again").symlink_to("../data/bob")  # the same home twice is one user
    (m.root / "home/evil\x1b[2J\x1b]0;PWN\x07").mkdir()
    code, out, _ = run(capsys, "check", "--all-users", "--json", "--root", str(m.root), "--platform", "linux")
    users = {u["user"]: u["report"] for u in json.loads(out)["users"]}
    assert code == 1 and "bob" in users and len(users) == 2
    assert next(t for t in users["bob"]["tools"] if t["id"] == "claude-code")["action_required"]
    code, out, _ = run(capsys, "check", "--all-users", "--root", str(m.root), "--platform", "linux")
    assert code == 1 and "\x1b" not in out and "\x07" not in out


def test_check_all_users_is_an_error_when_a_user_s_scan_is_incomplete(capsys, tmp_path):
    """A user whose scan is incomplete (exit 2 on its own: here a startup file too big to read, so what it
    sets is unknown) is an error in the aggregate, never "action required" nor compliant; a user who needs
    action still makes it 1, as one home's check does."""
    root = tmp_path / "img"
    eve = SyntheticMachine(root, "linux", home="/home/eve")
    eve.write("/etc/passwd", "eve:x:1000:1000::/home/eve:/bin/bash\nfay:x:1001:1001::/home/fay:/bin/bash\n")
    eve.write(eve.h(".bashrc"), "# padding\n" * (MAX_STARTUP_BYTES // 10 + 1))
    argv = ("check", "--all-users", "--root", str(root), "--platform", "linux")
    assert run(capsys, "check", "--root", str(root), "--home", "/home/eve", "--platform", "linux")[0] == 2
    code, out, _ = run(capsys, *argv, "--json")
    data = json.loads(out)
    assert code == 2 and data["check"]["exit_code"] == 2 and data["check"]["compliant"] is False
    assert data["check"]["users_incomplete"] == ["eve"] and data["check"]["users_needing_action"] == []
    code, out, _ = run(capsys, *argv)
    assert code == 2 and "All users: incomplete scan for 1 of 1 user: eve" in out
    # fay's Aider off the gateway needs action: that decides the exit code, and eve is still named
    fay = SyntheticMachine(root, "linux", home="/home/fay")
    fay.python("aider-chat", "0.86.1", manager="pipx", bin_name="aider")
    code, out, _ = run(capsys, *argv, "--json")
    check = json.loads(out)["check"]
    assert code == 1 and (check["users_needing_action"], check["users_incomplete"]) == (["fay"], ["eve"])
    code, out, _ = run(capsys, *argv)
    assert code == 1 and "All users: action required for 1 of 2 users: fay; incomplete scan for 1: eve" in out


def test_summarize_decides_a_scan_report_exactly_as_check_does(capsys, tmp_path):
    """Red team: a `scan --json` report (no `check` member) was compliant when no tool needed action, though
    `check` of the same machine exits 1 (a client config that cannot be checked) or 2 (an incomplete scan).
    Now each summarizes to what `check` says of that machine, decided by the gate's own rules; a report that
    lacks what they decide on says so, and is never compliant."""
    from tui.fleet.summarize import summarize_paths

    folder = tmp_path / "reports"
    folder.mkdir()
    machines = {name: SyntheticMachine(tmp_path / name, "linux") for name in ("cut", "big", "clean")}
    cut = machines["cut"]
    cut.write(cut.h(".cursor/mcp.json"), '{"mcpServers": {"x": {"command": "npx", "args": ["-y", "a@1"]}, ')
    big = machines["big"]
    big.write(big.h(".bashrc"), "# padding\n" * (MAX_STARTUP_BYTES // 10 + 1))
    said = {}
    for name, m in machines.items():
        said[name] = run(capsys, "check", *m.cli_args())[0]
        code, out, err = run(capsys, "scan", "--json", *m.cli_args())
        assert code == 0, err
        report = json.loads(out)
        report["host"]["hostname"] = name
        (folder / f"{name}.json").write_text(json.dumps(report))
    assert said == {"cut": 1, "big": 2, "clean": 0}
    old = dict(report, host=dict(report["host"], hostname="old"))
    del old["unchecked_configs"]  # what the gate decides on, missing: an older aicheck's, or edited by hand
    (folder / "old.json").write_text(json.dumps(old))
    results = {m.host: m.result for m in summarize_paths([str(folder)]).machines}
    assert results == {
        "cut": "action required",
        "big": "incomplete scan",
        "clean": "compliant",
        "old": "cannot be decided: the report has no unchecked_configs list",
    }
    code, out, _ = run(capsys, "report", "summarize", str(folder))
    assert code == 1 and "Machines compliant: 0 of 4 (0%)" in out  # each made from a disk image: not trusted
    assert "incomplete scan" in out and "cannot be decided: the report has no unchecked_configs list" in out
