"""``aicheck report summarize`` no longer takes a report at its word on how it was made.

Red team: ``aicheck check --json --content example --home /tmp/empty > ada.json`` then ``report summarize``
said "Machines compliant: 1 of 1": a genuine report of an empty folder, judged by the unsigned bundled example,
counted as the account's clean bill, and the command exited 0 whatever it found. Now the report says how it was
made (``host.home_source``, ``policy.pack.key``), the summary counts as compliant only a report made from the
account's own home (or every user's, as root) with the company's signed pack and no scan error, names the others
"not trusted" with the reasons, and exits like ``check`` (0 all compliant, 1 action required, 2 otherwise).
Real reports from the real command line; the "account's own home" is a folder under tmp_path named for this
account in a password file under tmp_path (the real lookup, pointed at it)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
from pathlib import Path

import jsonschema
import pytest

from support.packs import company_pack, run_cli
from tui.core.signing import fingerprint, generate_key, sign_file
from tui.demo.synthetic import SyntheticMachine
from tui.packs.archive import build_archive

SCHEMA = Path(__file__).resolve().parents[2] / "tui" / "schemas" / "scan-report.schema.json"


@pytest.fixture
def account(tmp_path, monkeypatch) -> Path:
    """This account's home, as the password database (a file under tmp_path) and HOME name it: empty."""
    from tui.core.machine import _account_home

    home = tmp_path / "home" / "ada"
    home.mkdir(parents=True)
    passwd = tmp_path / "passwd"
    passwd.write_text(
        f"nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\nada:x:{os.getuid()}:{os.getgid()}:Ada:{home}:/bin/bash\n"
    )
    monkeypatch.setattr("tui.core.machine.PASSWD", str(passwd))
    monkeypatch.setenv("HOME", str(home))
    _account_home.cache_clear()
    yield home
    _account_home.cache_clear()


@pytest.fixture
def company(tmp_path, monkeypatch) -> dict:
    """The company's signed pack (id ``acme``), named with its pinned key by the config aicheck reads."""
    archive = tmp_path / "acme.tar.gz"
    build_archive(company_pack(tmp_path / "acme", None), archive)
    public = generate_key(tmp_path / "company.pem")
    sign_file(archive, tmp_path / "company.pem")
    config = tmp_path / "config.toml"
    config.write_text(f'[content]\nurl = "{archive}"\npublic_key = "{public}"\n')
    monkeypatch.setenv("AICHECK_CONFIG", str(config))
    monkeypatch.delenv("AICHECK_CONTENT", raising=False)
    return {"archive": archive, "public": public, "config": config, "fingerprint": fingerprint(public)}


@pytest.fixture
def session_path(tmp_path, monkeypatch) -> str:
    """PATH as a login session's holds it: an empty folder of the user's and the system's folders (which the scan
    looks in whatever PATH says: this PATH shows it no more of this machine than any other would)."""
    (tmp_path / "bin").mkdir()
    path = os.pathsep.join([str(tmp_path / "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    monkeypatch.setenv("PATH", path)
    return path


def _report(capsys, folder: Path, name: str, *argv: str) -> dict:
    code, out, err = run_cli(capsys, *argv)
    assert code in (0, 1), err
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.json").write_text(out)
    return json.loads(out)


def _summary(capsys, folder: Path, *extra: str) -> tuple[int, dict, str]:
    code, out, err = run_cli(capsys, "report", "summarize", "--json", *extra, str(folder))
    return code, json.loads(out), err


def test_a_report_of_an_empty_home_judged_by_the_example_is_not_trusted(capsys, tmp_path, account, session_path):
    """The red team's own steps: a genuine report of an empty --home, judged by the bundled example."""
    empty = tmp_path / "empty"
    empty.mkdir()
    reports = tmp_path / "rep"
    report = _report(
        capsys,
        reports,
        "ada",
        "check",
        "--json",
        "--content",
        "example",
        "--home",
        str(empty),
    )
    assert report["host"]["home_source"] == "--home" and report["check"]["compliant"] is True
    assert report["policy"]["pack"]["source"] == "bundled" and report["policy"]["pack"]["key"] is None
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    code, out, err = run_cli(capsys, "report", "summarize", str(reports))
    assert code == 2, out + err
    assert "Machines compliant: 0 of 1 (0%)" in out and "Not trusted: 1 of 1" in out
    assert f"made from a home given with --home ({empty}), not the account's own" in out
    assert "judged by the bundled example pack, not the company's" in out
    assert "not trusted (its report says: compliant)" in out
    assert "no company pack key to check the reports' packs against" in err


def test_a_report_made_as_the_company_check_is_trusted_and_compliant(capsys, tmp_path, account, company, session_path):
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json")
    assert report["host"]["home_source"] == "account" and report["host"]["home"] == str(account)
    pack = report["policy"]["pack"]
    assert (pack["id"], pack["signature_verified"], pack["key"]) == ("acme", True, company["fingerprint"])
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    code, summary, err = _summary(capsys, reports)  # the key: the one the config pins
    assert (code, summary["compliant"], summary["not_trusted"]) == (0, 1, []), err
    assert summary["expected_pack"] == {
        "keys": [company["fingerprint"]],
        "ids": [],
        "keys_from": str(company["config"]),
        "min_version": None,
    }
    for given in (company["fingerprint"], company["public"]):  # named on the command line, either way
        code, summary, err = _summary(capsys, reports, "--pack-key", given, "--pack-id", "acme")
        assert (code, summary["compliant"]) == (0, 1), err


def test_another_key_or_pack_id_than_the_companys_is_not_trusted(capsys, tmp_path, account, company, session_path):
    reports = tmp_path / "rep"
    _report(capsys, reports, "ada", "check", "--json")
    other = fingerprint(generate_key(tmp_path / "someone.pem"))
    code, summary, _ = _summary(capsys, reports, "--pack-key", other)
    assert (code, summary["compliant"]) == (2, 0)
    [row] = summary["not_trusted"]
    assert row["reasons"] == [f"its pack acme was verified with {company['fingerprint']}, not the company's key"]
    code, summary, _ = _summary(capsys, reports, "--pack-id", "globex")
    assert (code, summary["compliant"]) == (2, 0)
    assert summary["not_trusted"][0]["reasons"] == ["its pack is acme, not the company's (globex)"]


def test_an_unsigned_pack_is_not_trusted(capsys, tmp_path, account, company, session_path):
    company["config"].write_text(f'[content]\nurl = "{company["archive"]}"\n')  # no key pinned: unverified
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json")
    assert report["policy"]["pack"]["signature_verified"] is False and report["check"]["compliant"] is True
    code, summary, _ = _summary(capsys, reports, "--pack-key", company["fingerprint"])
    assert (code, summary["compliant"]) == (2, 0)
    [reason] = summary["not_trusted"][0]["reasons"]
    assert reason.startswith("its pack acme (") and reason.endswith(") was not signature-verified")


def test_a_home_from_the_environment_is_not_trusted(capsys, tmp_path, account, company, session_path, monkeypatch):
    """HOME set for the run (check refuses it; scan --json reports it): never the account's clean bill."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(elsewhere))
    assert run_cli(capsys, "check")[0] == 2
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "scan", "--json")
    assert report["host"]["home_source"] == "environment"
    code, summary, _ = _summary(capsys, reports)
    assert (code, summary["compliant"]) == (2, 0)
    assert summary["not_trusted"][0]["reasons"] == [
        f"its home ({elsewhere}) came from HOME or USERPROFILE, not known to be the account's own"
    ]


def test_a_home_given_with_home_that_is_the_accounts_own_is_the_accounts(
    capsys, tmp_path, account, company, session_path
):
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json", "--home", str(account))
    assert report["host"]["home_source"] == "account"
    assert _summary(capsys, reports)[0] == 0


def test_a_disk_image_a_scan_error_and_an_older_report_are_not_trusted(capsys, tmp_path, company, machine_factory):
    from tui.core.startup_reading import MAX_STARTUP_BYTES

    m = machine_factory("linux")
    m.write(m.h(".bashrc"), "# padding\n" * (MAX_STARTUP_BYTES // 10 + 1))  # a startup file too big: a scan error
    code, out, _ = run_cli(capsys, "check", "--json", *m.cli_args())
    report = json.loads(out)
    assert code == 2 and report["errors"] and report["host"]["home_source"] == "--root"
    reports = tmp_path / "rep"
    reports.mkdir()
    (reports / "image.json").write_text(out)
    older = copy.deepcopy(report)
    del older["host"]["home_source"], older["host"]["search_path_source"], older["policy"]["pack"]
    older["errors"] = []
    (reports / "older.json").write_text(json.dumps(older))
    code, summary, _ = _summary(capsys, reports)
    assert code == 2 and summary["compliant"] == 0
    reasons = {Path(r["file"]).name: r["reasons"] for r in summary["not_trusted"]}
    assert reasons["image.json"][0] == f"made from a disk image mounted at {m.root} (--root), not the running machine"
    assert any(r.startswith("its scan had 1 error(s): ") for r in reasons["image.json"])
    assert reasons["older.json"] == [
        "it does not say whose home was scanned (no host.home_source: an older aicheck's report)",
        "it does not say how its search path was chosen (no host.search_path_source: an older aicheck's report)",
        "it does not say which content pack judged it (no policy.pack)",
    ]


def test_a_check_member_that_disagrees_with_its_scan_cannot_be_decided(capsys, tmp_path, machine_factory):
    """A hand edit of the verdict alone (`"exit_code": 0, "compliant": true`) over a scan that needs action."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")
    code, out, _ = run_cli(capsys, "check", "--json", *m.cli_args())
    assert code == 1
    edited = json.loads(out)
    edited["check"].update(exit_code=0, compliant=True)
    reports = tmp_path / "rep"
    reports.mkdir()
    (reports / "edited.json").write_text(json.dumps(edited))
    code, summary, _ = _summary(capsys, reports)
    assert code == 2 and summary["compliant"] == 0
    assert summary["not_compliant"][0]["result"] == (
        "cannot be decided: its check member says compliant but the scan it reports says action required (edited?)"
    )


def test_summarize_exits_like_check(capsys, tmp_path, account, company, session_path, machine_factory):
    """0 only when every machine is compliant and trusted and every file was read; 1 when a report says action
    is required; else 2."""
    reports = tmp_path / "rep"
    _report(capsys, reports, "ada", "check", "--json")
    assert _summary(capsys, reports)[0] == 0
    (reports / "broken.json").write_text("{not json")  # a machine whose report cannot be read
    code, summary, err = _summary(capsys, reports)
    assert code == 2 and summary["compliant"] == 1 and "broken.json: skipped" in err
    (reports / "broken.json").unlink()
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.100", bin_name="claude")
    code, out, _ = run_cli(capsys, "check", "--json", *m.cli_args())
    (reports / "needs-action.json").write_text(out)
    assert _summary(capsys, reports)[0] == 1


@pytest.mark.parametrize("key", ["ed25519:xyz", "not base64!", "AAAA"])
def test_a_pack_key_that_is_no_key_is_a_usage_error(capsys, tmp_path, key):
    (tmp_path / "r.json").write_text("{}")
    code, out, err = run_cli(capsys, "report", "summarize", "--pack-key", key, str(tmp_path))
    assert code == 2 and out == "" and "--pack-key" in err and len(err.splitlines()) == 1, err


def test_every_user_scanned_as_root_is_that_users_own_home(tmp_path):
    """In a scan of every user (--all-users, the osquery extension) each home comes from the user list, not from
    anything the user sets: ``all-users``, trusted as the account's."""
    from tui.core.machine import Machine
    from tui.fleet.users import MachineUser, user_machine
    from tui.services.session import home_source

    live = Machine.current(home=str(tmp_path))
    assert home_source(user_machine(live, MachineUser("ada", "/home/ada")), home_given=True) == "all-users"
    image = Machine.current(root=str(tmp_path), home="/home/ada")
    assert home_source(user_machine(image, MachineUser("ada", "/home/ada")), home_given=True) == "--root"


# -- how the search path was chosen ------------------------------------------------------------------


def test_a_report_made_with_search_path_is_not_trusted(capsys, tmp_path, account, company, session_path):
    """Red team: ``check --json --search-path /tmp/empty`` searched one empty folder instead of the session's
    PATH, and its report counted as the company's check. Now it says so, and the summary does not trust it."""
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json", "--search-path", str(tmp_path / "bin"))
    assert report["host"]["search_path_source"] == "--search-path" and report["check"]["compliant"] is True
    assert report["host"]["search_path_missing"] == []
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    code, summary, _ = _summary(capsys, reports)
    assert (code, summary["compliant"]) == (2, 0)
    assert summary["not_trusted"][0]["reasons"] == [
        "its search path was given with --search-path, not the PATH of the account's session"
    ]


@pytest.mark.skipif(not os.path.isdir("/usr/local/bin"), reason="a machine with /usr/local/bin")
def test_checks_text_says_when_its_search_path_is_not_the_sessions(
    capsys, tmp_path, account, company, session_path, monkeypatch
):
    """Red team: ``check --search-path /usr/bin`` and ``PATH=/usr/bin aicheck check`` hid a prohibited command in
    a folder only the session's PATH held and said "compliant" with nothing in the text to tell (only the JSON
    did). Its first line now says it, as it says a home that is not the account's."""
    lines = {}
    for label, argv, path in (
        ("given", ("--search-path", str(tmp_path / "bin")), session_path),
        ("narrowed", (), os.pathsep.join([str(tmp_path / "bin"), "/usr/bin"])),
        ("session", (), session_path),
    ):
        monkeypatch.setenv("PATH", path)
        code, out, err = run_cli(capsys, "check", *argv)
        assert code == 0, err
        lines[label] = out.splitlines()[0]
    assert "search path given with --search-path, not your session's PATH" in lines["given"]
    assert "PATH narrowed for this run (it lacks /usr/local/bin)" in lines["narrowed"]
    assert "search path" not in lines["session"] and "PATH" not in lines["session"]


@pytest.mark.skipif(not os.path.isdir("/usr/bin"), reason="a machine with /usr/bin")
def test_a_narrowed_path_is_marked_and_not_trusted(capsys, tmp_path, account, company, session_path, monkeypatch):
    """Red team: ``PATH=/tmp/bin aicheck scan --json`` (or a cron job's ``/usr/bin:/bin``) hides the commands in
    folders only the session's PATH names. A PATH that lacks a folder every login session's PATH holds (here
    /usr/bin) is "narrowed": the report names what it lacked, and the summary does not trust it."""
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "scan", "--json")
    host = report["host"]
    assert host["search_path_source"] == "narrowed" and "/usr/bin" in host["search_path_missing"]
    jsonschema.validate(report, json.loads(SCHEMA.read_text()))
    code, summary, _ = _summary(capsys, reports)
    assert (code, summary["compliant"]) == (2, 0)
    [reason] = summary["not_trusted"][0]["reasons"]
    assert reason.startswith("its PATH was narrowed for the run (it lacked ") and "/usr/bin" in reason
    # the session's PATH (the system folders a link leads to count: /bin -> /usr/bin on a merged /usr)
    monkeypatch.setenv("PATH", session_path)
    report = _report(capsys, reports, "ada", "scan", "--json")
    assert (report["host"]["search_path_source"], report["host"]["search_path_missing"]) == ("environment", [])
    assert _summary(capsys, reports)[1]["compliant"] == 1  # the new one; the narrowed one is still not trusted


def test_a_narrowed_path_still_searches_the_startup_files_and_standard_folders(capsys, machine_factory):
    """What the scan does with PATH today: a command in a folder a startup file puts on PATH, or in a standard
    folder, is found whatever the search path holds (an empty one here, as a narrowed PATH would)."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), 'export PATH="$HOME/tools/bin:$PATH"\n')
    for command in (m.h("tools/bin/claude"), m.h(".local/bin/aider")):
        m.host(m.write(command, "#!/bin/sh\n")).chmod(0o755)
    assert m.search_path == []
    _, out, err = run_cli(capsys, "scan", "--json", *m.cli_args())
    report = json.loads(out)
    found = {t["id"]: [i["path"] for i in t["installs"]] for t in report["tools"]}
    assert "/home/ada/tools/bin/claude" in found.get("claude-code", []), err
    assert "/home/ada/.local/bin/aider" in found.get("aider", []), err


# -- a scan of every user by another account than root --------------------------------------------------


def test_all_users_by_another_account_than_root_is_marked_and_not_trusted(capsys, tmp_path, company, monkeypatch):
    """Red team: ``aicheck scan --all-users --json`` run by an ordinary account said nothing of it, yet it reads
    only what that account may in another's home (a tool behind a folder it cannot read looks absent). Now each
    report says which account ran it (``host.scanned_as``), stderr says so, and the summary trusts no home but
    that account's own. (The tests run as root: the account's uid is made another one's for the run.)"""
    from support.fleet import build_users_machine

    disk = tmp_path / "disk"
    build_users_machine(disk)
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    code, out, err = run_cli(capsys, "scan", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    assert code == 0, err
    assert "--all-users run by uid 1000, not root" in err
    data = json.loads(out)
    schema = json.loads(SCHEMA.read_text())
    for user in data["users"]:
        host = user["report"]["host"]
        assert host["scanned_as"] == {"uid": 1000, "root": False, "own_home": False}
        assert host["search_path_source"] == "standard"  # each home's standard folders, not anyone's PATH
        jsonschema.validate(user["report"], schema)
    (tmp_path / "rep").mkdir()
    (tmp_path / "rep" / "users.json").write_text(out)
    code, summary, _ = _summary(capsys, tmp_path / "rep")
    assert code == 1 and summary["compliant"] == 0  # ada's tools need action; no home is trusted
    carol = next(r for r in summary["not_trusted"] if r["user"] == "carol")
    assert "made with --all-users by uid 1000, not root: what that account cannot read in this home " in " ".join(
        carol["reasons"]
    )
    # run by root: the same homes carry no such reason (a disk image's, here: not trusted for that alone)
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    code, out, err = run_cli(capsys, "scan", "--all-users", "--json", "--root", str(disk), "--platform", "linux")
    assert "not root" not in err
    assert {u["report"]["host"]["scanned_as"]["root"] for u in json.loads(out)["users"]} == {True}
    (tmp_path / "rep" / "users.json").write_text(out)
    _, summary, _ = _summary(capsys, tmp_path / "rep")
    assert not any("not root" in reason for r in summary["not_trusted"] for reason in r["reasons"])


def test_check_all_users_by_another_account_than_root_is_never_a_clean_bill(capsys, tmp_path, monkeypatch):
    """Tried as an ordinary account: ``check --all-users`` said "All users: compliant" while another user's
    prohibited tool sat in a folder that account could not list (it looked absent; only stderr and the JSON's
    ``scanned_as`` said who ran it). Another's home scanned by an account other than root is an incomplete
    check now (exit 2 unless someone needs action); the account's own home is checked as usual."""
    image = tmp_path / "disk"
    for name in ("ada", "bob"):
        SyntheticMachine(image, "linux", home=f"/home/{name}")
    (image / "etc").mkdir(exist_ok=True)
    (image / "etc/passwd").write_text("ada:x:1000:1000::/home/ada:/bin/bash\nbob:x:1001:1001::/home/bob:/bin/bash\n")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    code, out, _err = run_cli(capsys, "check", "--all-users", "--root", str(image), "--platform", "linux")
    assert code == 2, out
    assert "All users: incomplete scan for 2 of 2 users: ada, bob" in out  # an image: no home is the account's
    assert "scanned by uid 1000 that is not root: what it cannot read in /home/bob looked absent" in out
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    code, out, _ = run_cli(capsys, "check", "--all-users", "--root", str(image), "--platform", "linux")
    assert code == 0 and "All users: compliant (2 users)" in out


def test_a_home_the_scan_cannot_open_is_one_error_not_a_config_each(capsys, tmp_path, monkeypatch):
    """Tried as an ordinary account: root's home (mode 700) gave one error and a hundred "Cannot check
    /root/.cursor/mcp.json ... Permission denied" lines, each needing action, so the home read "action required"
    where nothing was known of it. The one error stands for them: the check is incomplete (exit 2)."""
    import tui.fleet.multiscan as multiscan

    image = tmp_path / "disk"
    root = SyntheticMachine(image, "linux", home="/root")
    root.write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
    root.write(root.h(".cursor/mcp.json"), "{ not json")  # a config that cannot be checked, inside that home
    code, out, _ = run_cli(capsys, "check", "--all-users", "--root", str(image), "--platform", "linux")
    assert code == 1 and "Cannot check /root/.cursor/mcp.json" in out
    closed = str(image / "root")
    real_access = os.access
    monkeypatch.setattr(multiscan.os, "access", lambda p, mode: str(p) != closed and real_access(p, mode))
    code, out, _ = run_cli(capsys, "check", "--all-users", "--root", str(image), "--platform", "linux")
    assert code == 2 and "cannot read the home folder /root (permission denied to the scan)" in out
    assert "Cannot check /root/" not in out


def test_a_scan_of_every_user_by_an_account_knows_its_own_home(tmp_path, account, monkeypatch):
    """The rule's other half: in a scan of every user by another account than root, the home the password
    database names for that account is its own (it reads all of it), and its report is trusted for that."""
    from tui.core.machine import Machine
    from tui.fleet.summarize import _all_users_untrusted
    from tui.fleet.users import MachineUser, user_machine
    from tui.services.session import scanned_as

    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    live = Machine.current(home=str(account))
    own = scanned_as(user_machine(live, MachineUser("ada", str(account))))
    other = scanned_as(user_machine(live, MachineUser("bob", str(tmp_path))))
    assert own == {"uid": 1000, "root": False, "own_home": True} and other["own_home"] is False
    assert _all_users_untrusted({"scanned_as": own}, str(account)) == []
    assert _all_users_untrusted({"scanned_as": other}, "/home/bob") == [
        "made with --all-users by uid 1000, not root: what that account cannot read in this home (/home/bob) "
        "looked absent"
    ]
    assert _all_users_untrusted({}, "/home/bob") == [
        "it does not say which account scanned every user (no host.scanned_as: an older aicheck's report)"
    ]


# -- what the summary's reader requires beyond how a report was made -------------------------------------------


def test_strict_judges_each_report_as_check_strict_does(capsys, tmp_path, account, company, session_path):
    """Red team: a company that gates with ``check --strict`` (an unreviewed tool in use fails) had no way to
    require it of the reports: an honest ``check --json`` made without --strict, with an unreviewed tool in
    use, counted compliant. ``summarize --strict`` decides every report by check --strict's own rules."""
    ext = account / ".vscode" / "extensions" / "tabnine.tabnine-vscode-3.0.0"
    ext.mkdir(parents=True)
    (ext / "package.json").write_text('{"name":"tabnine-vscode","publisher":"TabNine","version":"3.0.0"}\n')
    assert run_cli(capsys, "check", "--strict")[0] == 1
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json")
    assert report["check"] == {**report["check"], "strict": False, "compliant": True}
    assert any(t["verdict"] == "unreviewed" for t in report["tools"])
    code, summary, err = _summary(capsys, reports)
    assert (code, summary["compliant"], summary["strict"]) == (0, 1, False), err
    code, summary, err = _summary(capsys, reports, "--strict")
    assert (code, summary["compliant"], summary["strict"]) == (1, 0, True), err
    assert summary["not_compliant"][0]["result"] == "action required" and summary["not_trusted"] == []
    code, out, _ = run_cli(capsys, "report", "summarize", "--strict", str(reports))
    assert code == 1 and "Machines compliant: 0 of 1 (0%), judged as `check --strict` judges" in out
    # a report made with check --strict is judged so with or without it (as before)
    _report(capsys, reports, "ada", "check", "--json", "--strict")
    assert _summary(capsys, reports)[0] == 1


def _aged(report: dict, days: int) -> dict:
    """The report as it reads ``days`` later: kept, and handed in again (scanned_at moved back)."""
    old = copy.deepcopy(report)
    when = dt.datetime.fromisoformat(report["scanned_at"]) - dt.timedelta(days=days)
    old["scanned_at"] = when.isoformat(timespec="seconds")
    return old


def test_a_report_older_than_max_age_days_is_not_trusted(capsys, tmp_path, account, company, session_path):
    """Red team: a report made over a year ago (a machine that stopped reporting, or a clean report kept and
    handed in again) counted trusted and compliant. Now one older than --max-age-days (default 30) is not
    trusted, saying how old; 0 sets no limit."""
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json")
    (reports / "ada.json").write_text(json.dumps(_aged(report, 40)))
    code, summary, err = _summary(capsys, reports)
    assert (code, summary["compliant"], summary["max_age_days"]) == (2, 0, 30), err
    [reason] = summary["not_trusted"][0]["reasons"]
    assert reason.startswith("made 40 days ago (") and reason.endswith("), more than --max-age-days 30"), reason
    for formats in (["--csv"], ["--markdown"], []):
        code, out, _ = run_cli(capsys, "report", "summarize", *formats, str(reports))
        assert code == 2 and "more than --max-age-days 30" in out, out
    assert _summary(capsys, reports, "--max-age-days", "40")[1]["compliant"] == 1
    assert _summary(capsys, reports, "--max-age-days", "39")[1]["compliant"] == 0
    assert _summary(capsys, reports, "--max-age-days", "0")[1]["compliant"] == 1
    # a report dated after today, or not dated at all, cannot be shown to be recent
    (reports / "ada.json").write_text(json.dumps(_aged(report, -3)))
    [reason] = _summary(capsys, reports)[1]["not_trusted"][0]["reasons"]
    assert reason.startswith("dated after today (") and "--max-age-days" in reason, reason
    undated = copy.deepcopy(report)
    del undated["scanned_at"]
    (reports / "ada.json").write_text(json.dumps(undated))
    assert _summary(capsys, reports)[1]["not_trusted"][0]["reasons"] == [
        "it does not say when it was made (no scanned_at), so its age cannot be held to --max-age-days 30"
    ]
    assert _summary(capsys, reports, "--max-age-days", "0")[1]["compliant"] == 1


@pytest.mark.parametrize("days", ["-1", "3651", "ten", "99999999999999999999"])
def test_max_age_days_out_of_range_is_a_usage_error(capsys, tmp_path, days):
    (tmp_path / "r.json").write_text("{}")
    with pytest.raises(SystemExit) as exc:
        run_cli(capsys, "report", "summarize", "--max-age-days", days, str(tmp_path))
    _, err = capsys.readouterr()
    assert exc.value.code == 2 and "argument --max-age-days: " in err, err


def test_a_report_whose_pack_has_expired_is_not_trusted(capsys, tmp_path, account, company, session_path):
    """Red team: a report judged by a pack that has since expired (its pack.toml's `expires`) counted trusted
    and compliant; `check` itself refuses that pack now. Not trusted, whatever --max-age-days says."""
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "ada", "check", "--json")
    assert report["policy"]["pack"]["expires"] is None  # the company's pack has no end: never expired
    assert _summary(capsys, reports)[1]["compliant"] == 1
    yesterday = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    report["policy"]["pack"]["expires"] = yesterday  # a pack whose last day of use was yesterday
    (reports / "ada.json").write_text(json.dumps(report))
    for days in ("30", "0"):
        code, summary, _ = _summary(capsys, reports, "--max-age-days", days)
        assert (code, summary["compliant"]) == (2, 0)
        assert summary["not_trusted"][0]["reasons"] == [f"its pack acme expired on {yesterday}"]
    for formats in (["--csv"], ["--markdown"], []):
        code, out, _ = run_cli(capsys, "report", "summarize", *formats, str(reports))
        assert code == 2 and f"its pack acme expired on {yesterday}" in out, out
    report["policy"]["pack"]["expires"] = dt.date.today().isoformat()  # its last day: still in use
    (reports / "ada.json").write_text(json.dumps(report))
    assert _summary(capsys, reports)[1]["compliant"] == 1
    report["policy"]["pack"]["expires"] = "soon"
    (reports / "ada.json").write_text(json.dumps(report))
    assert _summary(capsys, reports)[1]["not_trusted"][0]["reasons"] == [
        "its pack acme gives its expiry as 'soon', not a date"
    ]


def test_min_pack_version_distrusts_an_older_company_pack(
    capsys, tmp_path, account, company, session_path, monkeypatch
):
    """Red team: a report judged by an older pack the company signed (one that still approved a tool since
    prohibited) counted trusted and compliant; it showed only as "on an older policy". ``--min-pack-version``
    names the oldest pack.toml version the company accepts: a report of an older one is not trusted."""
    old = tmp_path / "old.tar.gz"
    build_archive(company_pack(tmp_path / "acme-old", None, version="2026.11.5"), old)
    sign_file(old, tmp_path / "company.pem")
    reports = tmp_path / "rep"
    report = _report(capsys, reports, "bob", "check", "--json")  # the current pack: 2026.12.1
    assert report["policy"]["pack"]["version"] == "2026.12.1"
    company["config"].write_text(f'[content]\nurl = "{old}"\npublic_key = "{company["public"]}"\n')
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(tmp_path / "fresh-cache"))  # a machine that never saw the newer
    report = _report(capsys, reports, "ada", "check", "--json")
    pack = report["policy"]["pack"]
    assert (pack["version"], pack["signature_verified"], pack["key"]) == ("2026.11.5", True, company["fingerprint"])
    assert _summary(capsys, reports)[1]["compliant"] == 2
    code, summary, err = _summary(capsys, reports, "--min-pack-version", "2026.12.1")
    assert (code, summary["compliant"]) == (2, 1), err
    assert summary["expected_pack"]["min_version"] == "2026.12.1"
    [row] = summary["not_trusted"]
    assert Path(row["file"]).name == "ada.json"
    assert row["reasons"] == ["its pack acme 2026.11.5 is older than --min-pack-version 2026.12.1"]
    for formats in (["--csv"], ["--markdown"], []):
        code, out, _ = run_cli(capsys, "report", "summarize", "--min-pack-version", "2026.12.1", *formats, str(reports))
        assert code == 2 and "is older than --min-pack-version 2026.12.1" in out, out
    assert _summary(capsys, reports, "--min-pack-version", "2026.11.5")[1]["compliant"] == 2
    assert _summary(capsys, reports, "--min-pack-version", "2026.12")[1]["compliant"] == 1  # 2026.12 == 2026.12.0
    unversioned = copy.deepcopy(report)
    del unversioned["policy"]["pack"]["version"]
    (reports / "ada.json").write_text(json.dumps(unversioned))
    [row] = _summary(capsys, reports, "--min-pack-version", "2026.11")[1]["not_trusted"]
    assert row["reasons"] == [
        "it does not say its pack's version (no policy.pack.version) to hold to --min-pack-version"
    ]


@pytest.mark.parametrize("version", ["banana", "1" * 30, ""])
def test_a_min_pack_version_that_is_no_version_is_a_usage_error(capsys, tmp_path, version):
    (tmp_path / "r.json").write_text("{}")
    with pytest.raises(SystemExit) as exc:
        run_cli(capsys, "report", "summarize", "--min-pack-version", version, str(tmp_path))
    _, err = capsys.readouterr()
    assert exc.value.code == 2 and "argument --min-pack-version: " in err, err
