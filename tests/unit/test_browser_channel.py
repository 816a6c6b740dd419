"""AI browser extensions: every Chromium and Gecko profile on three platforms, as real files. Preferences
are the truth of what is installed, manifests give version and name, and hostile files never crash."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.core.content import load_pack
from tui.core.remediation import fix_plan, remediation
from tui.core.scanner import detect, scan
from tui.demo.synthetic import SyntheticMachine
from tui.paths import bundled_content_dir
from tui.report.json_report import report_json

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "tui" / "schemas" / "scan-report.schema.json").read_text())
CLAUDE = "fcoeoabgfenejglbffodgkkbkcdhcgfn"
SIDER = "difoiogjjojoaoomphldepapgpbgkhkb"
MONICA = "ofpnmcalabcbjgholdjcjblkibolbppb"
FF_ADDON = "ai-sidebar@example.com"


def _found(m: SyntheticMachine, pack) -> list:
    found, _ctx, errors = detect(m.machine(), pack, channels=("browser",))
    assert not errors
    return found


@pytest.fixture(scope="module")
def gecko_pack(tmp_path_factory):
    """The bundled pack plus one made-up AI add-on, so the Gecko tests do not depend on the catalog's ids."""
    root = tmp_path_factory.mktemp("pack") / "content"
    shutil.copytree(bundled_content_dir(), root)
    with open(root / "catalog.toml", "a", encoding="utf-8") as fh:
        fh.write(
            '\n[[tool]]\nid = "test-ai-sidebar"\nname = "Test AI Sidebar"\nvendor = "Example"\n'
            f'category = "browser-extension"\nfirefox_addons = ["{FF_ADDON}"]\n'
        )
    return load_pack(root)


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_chromium_profiles_preferences_manifest_and_locale_name(platform, machine_factory, pack):
    m = machine_factory(platform)
    m.chromium_extension(CLAUDE, "1.0.81", name="Claude", host_permissions=("<all_urls>",))
    m.chromium_extension(
        SIDER,
        "5.32.8",
        profile="Profile 2",
        browser="edge",
        locale_name="Sider: Chat with AI",
        permissions=("storage", "tabs"),
    )
    # not profiles: the system and guest profiles, and a folder that only looks like one (no Preferences)
    for odd in ("System Profile", "Guest Profile"):
        m.write_json(
            m.chromium_profile_dir(odd) + "/Preferences",
            {"extensions": {"settings": {MONICA: {"location": 1, "path": f"{MONICA}/1_0"}}}},
        )
    m.write_json(m.chromium_profile_dir("Profile X") + "/Secure Preferences.bak", {"extensions": {}})
    found = {i.key: i for i in _found(m, pack)}
    assert set(found) == {CLAUDE, SIDER}
    claude, sider = found[CLAUDE], found[SIDER]
    assert claude.tool_id == "claude-in-chrome" and claude.version == "1.0.81"
    assert claude.browser.browser == "Google Chrome" and claude.browser.profile == "Default"
    assert claude.browser.all_sites and not claude.browser.sideloaded
    assert "can read all sites" in claude.detail and claude.manager == "chrome://extensions"
    assert sider.tool_id == "sider" and sider.browser.browser == "Microsoft Edge"
    assert sider.browser.profile == "Profile 2" and not sider.browser.all_sites
    assert "Sider: Chat with AI" in sider.detail and "__MSG_" not in sider.detail
    if platform == "windows":
        assert claude.path.startswith("C:\\") and claude.path.endswith(f"{CLAUDE}\\1.0.81_0")
    report = scan(m.machine(), pack)
    data = report_json(report)
    jsonschema.validate(data, SCHEMA)
    installs = [i for t in data["tools"] for i in t["installs"] if i["channel"] == "browser"]
    assert {i["browser"]["profile"] for i in installs} == {"Default", "Profile 2"}
    sider_finding = next(f for f in report.findings if f.tool.id == "sider")
    assert sider_finding.verdict == "prohibited" and sider_finding.action_required


def test_secure_preferences_alone_is_enough_and_a_leftover_folder_is_not_an_install(machine_factory, pack):
    m = machine_factory("macos")
    m.chromium_extension(CLAUDE, "1.0.81", secure=True)
    # Monica's folder lingers after removal: not in Preferences, so not installed
    prof = m.chromium_profile_dir()
    m.write_json(f"{prof}/Extensions/{MONICA}/7.9.7_0/manifest.json", {"name": "Monica", "version": "7.9.7"})
    found = _found(m, pack)
    assert [i.key for i in found] == [CLAUDE]
    assert found[0].version == "1.0.81"


def test_side_loaded_unpacked_extension_outside_the_profile(machine_factory, pack):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.0.0")
    src = m.h("work/unpacked-sider")
    m.write_json(f"{src}/manifest.json", {"name": "Sider dev", "version": "5.1.0", "host_permissions": ["*://*/*"]})
    prefs_path = m.chromium_profile_dir() + "/Preferences"
    prefs = json.loads(m.host(prefs_path).read_text())
    prefs["extensions"]["settings"][SIDER] = {"location": 4, "from_webstore": False, "path": src, "state": 1}
    m.write_json(prefs_path, prefs)
    (inst,) = _found(m, pack)
    assert inst.browser.sideloaded and inst.browser.all_sites and inst.version == "5.1.0"
    assert inst.path == src and "side-loaded" in inst.detail
    rem = remediation(inst, platform="linux", tool_name="Sider")
    assert not rem.commands  # never an rm -rf of a profile folder
    text = " ".join(s.text for s in rem.steps)
    assert "chrome://extensions" in text and "Default" in text and "side-loaded" in text


def test_remediation_points_to_each_browsers_extensions_page(machine_factory, pack):
    m = machine_factory("windows")
    m.chromium_extension(SIDER, "5.0.0", browser="edge")
    m.chromium_extension(SIDER, "5.0.0", browser="brave", profile="Profile 1")
    report = scan(m.machine(), pack)
    finding = next(f for f in report.findings if f.tool.id == "sider")
    plan = fix_plan(finding, m.machine())
    pages = sorted(s.text.split(" open ")[1].split(",")[0] for r in plan for s in r.steps if " open " in s.text)
    assert pages == ["brave://extensions", "edge://extensions"]
    assert all(not r.commands for r in plan)


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_gecko_profiles_relative_and_absolute(platform, machine_factory, gecko_pack):
    m = machine_factory(platform)
    root = {
        "linux": m.h(".mozilla/firefox"),
        "macos": m.h("Library/Application Support/Firefox"),
        "windows": f"{m.appdata}/Mozilla/Firefox",
    }[platform]
    elsewhere = m.h("profiles-elsewhere/work.default")
    absolute = ("C:" + elsewhere.replace("/", "\\")) if platform == "windows" else elsewhere
    m.firefox_profiles({"Profiles/abc.default-release": True, absolute: False, "Profiles/missing": True})
    m.firefox_addon(
        f"{root}/Profiles/abc.default-release", FF_ADDON, "2.4.0", name="Test AI Sidebar", origins=("<all_urls>",)
    )
    m.firefox_addon(elsewhere, FF_ADDON, "2.5.0", foreign=True)
    m.firefox_addon(elsewhere, "uBlock0@raymondhill.net", "1.60.0")  # not an AI tool: never reported
    found = sorted(_found(m, gecko_pack), key=lambda i: i.version)
    assert [(i.version, i.browser.profile) for i in found] == [
        ("2.4.0", "abc.default-release"),
        ("2.5.0", "work.default"),
    ]
    assert found[0].browser.all_sites and not found[0].browser.sideloaded
    assert found[1].browser.sideloaded and not found[1].browser.all_sites
    assert found[0].browser.browser == "Firefox" and found[0].manager == "about:addons"
    assert found[0].path.endswith(f"{FF_ADDON}.xpi")
    rem = remediation(found[0], platform=platform, tool_name="Test AI Sidebar")
    assert "about:addons" in rem.steps[0].text and not rem.commands
    jsonschema.validate(report_json(scan(m.machine(), gecko_pack)), SCHEMA)


@pytest.mark.parametrize("platform", ["linux", "windows"])
def test_bundled_catalog_knows_firefox_ids_and_check_fails_on_a_prohibited_add_on(platform, machine_factory, capsys):
    """The ids the example catalog cites for Firefox: ChatGPTBox (prohibited by the example policy), Page
    Assist and Grammarly (not reviewed), in Firefox and in Zen, judged through the real ``check``."""
    m = machine_factory(platform)
    firefox = m.firefox_profiles({"Profiles/abc.default-release": True})
    m.firefox_addon(
        f"{firefox}/Profiles/abc.default-release",
        "{b764208e-0a98-436d-a599-c1baa044f829}",
        "2.5.9",
        name="ChatGPTBox",
        origins=("<all_urls>",),
    )
    m.firefox_addon(
        f"{firefox}/Profiles/abc.default-release",
        "87677a2c52b84ad3a151a4a72f5bd3c4@jetpack",
        "8.912.0",
        name="Grammarly",
        origins=("<all_urls>",),
    )
    zen_root = m.h(".zen") if platform == "linux" else f"{m.appdata}/zen"
    m.firefox_profiles({"Profiles/z.Default (release)": True}, browser_root=zen_root)
    m.firefox_addon(f"{zen_root}/Profiles/z.Default (release)", "page-assist@nazeem", "1.5.50", name="Page Assist")

    code = main(["check", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    tools = {t["id"]: t for t in data["tools"] if t["installs"]}
    assert code == 1
    assert tools["chatgptbox"]["verdict"] == "prohibited"
    assert tools["chatgptbox"]["installs"][0]["browser"] == {
        "browser": "Firefox",
        "profile": "abc.default-release",
        "all_sites": True,
        "sideloaded": False,
    }
    assert tools["grammarly"]["verdict"] == "unreviewed" and tools["grammarly"]["installs"][0]["version"] == "8.912.0"
    assert tools["page-assist"]["verdict"] == "unreviewed"
    assert tools["page-assist"]["installs"][0]["browser"]["browser"] == "Zen"


@pytest.mark.parametrize("registry", ["truncated", "edited", "deleted"])
def test_a_broken_or_edited_firefox_registry_does_not_hide_a_prohibited_add_on(registry, machine_factory, capsys):
    """extensions.json is the user's to edit or break (Firefox rebuilds it from the add-on files): a prohibited
    add-on whose file is still in the profile is still found, and check still fails."""
    m = machine_factory("linux")
    firefox = m.firefox_profiles({"Profiles/abc.default-release": True})
    profile = f"{firefox}/Profiles/abc.default-release"
    chatgptbox = "{b764208e-0a98-436d-a599-c1baa044f829}"
    m.firefox_addon(profile, chatgptbox, "2.5.9", name="ChatGPTBox", origins=("<all_urls>",))
    m.firefox_addon(profile, "uBlock0@raymondhill.net", "1.60.0")  # not an AI tool: never reported
    file = m.host(f"{profile}/extensions.json")
    if registry == "truncated":
        file.write_text('{"addons": [{"id": "' + chatgptbox + '", ')
    elif registry == "edited":
        data = json.loads(file.read_text())
        data["addons"] = [a for a in data["addons"] if a["id"] != chatgptbox]
        file.write_text(json.dumps(data))
    else:
        file.unlink()

    code = main(["check", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    tools = {t["id"]: t for t in data["tools"] if t["installs"]}
    assert code == 1 and set(tools) == {"chatgptbox"} and tools["chatgptbox"]["verdict"] == "prohibited"
    [install] = tools["chatgptbox"]["installs"]
    assert install["path"].endswith(f"/extensions/{chatgptbox}.xpi") and "found by its file" in install["detail"]


def test_an_add_on_id_written_with_escapes_is_the_same_id(machine_factory, capsys):
    """Red team: extensions.json was parsed only when its text held a wanted id as written: one written with a
    JSON escape (\\u007b for its brace, which Firefox reads as the id), its file outside the profile, went
    unseen (exit 0)."""
    m = machine_factory("linux")
    firefox = m.firefox_profiles({"Profiles/abc.default-release": True})
    profile = f"{firefox}/Profiles/abc.default-release"
    chatgptbox = "{b764208e-0a98-436d-a599-c1baa044f829}"
    m.firefox_addon(profile, chatgptbox, "2.5.9", name="ChatGPTBox")
    m.host(f"{profile}/extensions/{chatgptbox}.xpi").unlink()  # its file elsewhere: only the registry names it
    file = m.host(f"{profile}/extensions.json")
    file.write_text(file.read_text().replace('"' + chatgptbox, '"\\u007b' + chatgptbox[1:]))
    assert chatgptbox not in file.read_text()
    code = main(["check", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and {t["id"] for t in data["tools"] if t["installs"]} == {"chatgptbox"}


@pytest.mark.parametrize("registry", ["truncated", "garbled", "emptied"])
def test_a_broken_chromium_registry_does_not_hide_a_prohibited_extension(
    registry, machine_factory, platform_name, capsys
):
    """Preferences (Secure Preferences on Windows and macOS) is the truth of what is installed, but a file the
    user can break must not hide a prohibited extension: when neither file yields its extension settings, the
    extension folders of wanted ids count as installs."""
    m = machine_factory(platform_name)
    secure = platform_name != "linux"
    m.chromium_extension(SIDER, "5.32.8", name="Sider", host_permissions=("<all_urls>",), secure=secure)
    prof = m.chromium_profile_dir()
    file = m.host(f"{prof}/{'Secure Preferences' if secure else 'Preferences'}")
    if secure:  # the other file exists as it does there, with no extension settings
        m.write_json(f"{prof}/Preferences", {"profile": {"name": "Default"}})
    text = file.read_text()
    file.write_text(
        {"truncated": text[: text.index('"settings"') + 14], "garbled": "\x00" + text, "emptied": ""}[registry]
    )
    code = main(["check", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    tools = {t["id"]: t for t in data["tools"] if t["installs"]}
    assert code == 1 and set(tools) == {"sider"} and tools["sider"]["verdict"] == "prohibited"
    [install] = tools["sider"]["installs"]
    assert install["version"] == "5.32.8" and install["browser"]["all_sites"] is True
    assert "found by its folder" in install["detail"]
    assert any("extension folders counted" in s["reason"] for s in data["audit"]["skipped"])


def test_a_lingering_folder_beside_a_readable_registry_is_not_an_install(machine_factory, pack):
    """Linux: Preferences lists the extensions and Secure Preferences has no settings table; the folder of an
    extension removed since is not an install."""
    m = machine_factory("linux")
    m.chromium_extension(CLAUDE, "1.0.81", name="Claude")
    prof = m.chromium_profile_dir()
    m.write_json(f"{prof}/Secure Preferences", {"protection": {"macs": {"extensions": {"settings": "x"}}}})
    m.write_json(f"{prof}/Extensions/{SIDER}/5.32.8_0/manifest.json", {"name": "Sider", "version": "5.32.8"})
    report = scan(m.machine(), pack)
    assert {i.tool_id for i in report.installs if i.channel == "browser"} == {"claude-in-chrome"}
    assert report.audit.skipped == []


def test_hostile_browser_files_never_crash(machine_factory, gecko_pack):
    m = machine_factory("linux")
    prof = m.chromium_profile_dir()
    # a Preferences bigger than the bounded reader takes (sparse: instant to make)
    m.write(prof + "/Preferences", b"{")
    os.truncate(m.host(prof + "/Preferences"), 40 * 1024 * 1024)
    m.write(prof + "/Secure Preferences", f'{{"extensions": {{"settings": {{"{CLAUDE}": '.encode())  # cut short
    # wrong types everywhere
    p2 = m.chromium_profile_dir("Profile 1")
    m.write_json(p2 + "/Preferences", {"extensions": {"settings": [CLAUDE]}})
    p3 = m.chromium_profile_dir("Profile 2")
    m.write_json(
        p3 + "/Preferences",
        {
            "extensions": {
                "settings": {
                    CLAUDE: {"location": "4", "path": 7, "state": "on", "granted_permissions": ["<all_urls>"]},
                    SIDER: "installed",
                    MONICA: {"path": "../../../../../etc"},
                }
            }
        },
    )
    m.write_json(
        f"{p3}/Extensions/{CLAUDE}/9_0/manifest.json",
        {
            "name": ["x"],
            "version": {"v": 1},
            "permissions": {"a": 1},
            "content_scripts": "all",
            "default_locale": "../../x",
        },
    )
    m.write(f"{p3}/Extensions/{CLAUDE}/10_0/manifest.json", b"\x00\xff binary")
    p4 = m.chromium_profile_dir("Profile 3")
    m.write_json(p4 + "/Preferences", {"extensions": {"settings": {SIDER: {"path": f"{SIDER}/1_0"}}}})
    m.write_json(
        f"{p4}/Extensions/{SIDER}/1_0/manifest.json",
        {"name": "__MSG_missing__", "default_locale": "en", "version": "1.0"},
    )
    m.write(f"{p4}/Extensions/{SIDER}/1_0/_locales/en/messages.json", "not json")
    # Gecko: garbage profiles.ini entries and an extensions.json of the wrong shape
    root = m.firefox_profiles({"../../../../etc": True, "": True, "Profiles/p": True})
    m.write(f"{root}/Profiles/p/extensions.json", json.dumps({"addons": {"id": FF_ADDON}}))
    found, _ctx, errors = detect(m.machine(), gecko_pack, channels=("browser",))
    assert not errors
    keys = sorted((i.key, i.browser.profile) for i in found)
    assert keys == sorted([(CLAUDE, "Profile 2"), (MONICA, "Profile 2"), (SIDER, "Profile 3")])
    claude = next(i for i in found if i.key == CLAUDE)
    assert claude.version is None and not claude.browser.all_sites
    sider = next(i for i in found if i.key == SIDER)
    assert sider.version == "1.0" and "__MSG_" not in sider.detail
    report = scan(m.machine(), gecko_pack)
    reasons = " ".join(s.reason for s in report.audit.skipped)
    assert "too large" in reasons and "invalid JSON" in reasons
    jsonschema.validate(report_json(report), SCHEMA)


def test_no_value_of_preferences_is_recorded(machine_factory, pack, capsys):
    m = machine_factory("linux")
    m.chromium_extension(CLAUDE, "1.0.81")
    prefs_path = m.chromium_profile_dir() + "/Preferences"
    prefs = json.loads(m.host(prefs_path).read_text())
    marker = "sk-live-SECRET-MARKER-7f3a9"
    prefs["account_info"] = [{"email": marker, "token": marker}]
    prefs["extensions"]["settings"][CLAUDE]["oauth_token"] = marker
    m.write_json(prefs_path, prefs)
    for argv in (["scan", "--json"], ["scan", "--explain"], ["check"]):
        main([*argv, *m.cli_args()])
        out, err = capsys.readouterr()
        assert marker not in out + err
        assert CLAUDE in out or argv == ["check"]


def test_cli_scan_lists_the_extension_with_its_browser_facts(machine_factory, capsys):
    m = machine_factory("macos")
    m.chromium_extension(MONICA, "7.9.7", browser="arc", host_permissions=("https://*/*",))
    code = main(["scan", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    monica = next(t for t in data["tools"] if t["id"] == "monica")
    assert code == 0 and monica["verdict"] == "prohibited"
    assert monica["installs"][0]["browser"] == {
        "browser": "Arc",
        "profile": "Default",
        "all_sites": True,
        "sideloaded": False,
    }
    assert any(p.endswith("/Default/Preferences") for p in data["audit"]["paths_read"])


def test_only_install_entries_of_settings_tables_count(machine_factory, pack):
    """Secure Preferences also holds a ``protection.macs.extensions.settings`` table (a string per id), and a
    string value may quote JSON: neither is an install."""
    m = machine_factory("windows")
    prof = m.chromium_profile_dir()
    m.write_json(
        prof + "/Secure Preferences",
        {
            "protection": {"macs": {"extensions": {"settings": {SIDER: "0F3A9C", MONICA: "77AB10"}}}},
            "note": json.dumps({"settings": {MONICA: {"location": 1, "path": f"{MONICA}/1_0"}}}),
            "extensions": {"settings": {CLAUDE: {"location": 1, "from_webstore": True, "path": f"{CLAUDE}/1.0.81_0"}}},
        },
    )
    m.write_json(f"{prof}/Extensions/{CLAUDE}/1.0.81_0/manifest.json", {"name": "Claude", "version": "1.0.81"})
    assert [i.key for i in _found(m, pack)] == [CLAUDE]


@pytest.mark.parametrize("key", ["setting\\u0073", "\\u0073ettings", "s\\u0065tt\\u0069\\u006Egs"])
def test_an_escaped_settings_key_beside_a_decoy_table_does_not_hide_an_extension(machine_factory, pack, key):
    """A JSON reader takes ``"setting\\u0073"`` for ``"settings"``, as the browser does: a Preferences file
    edited to write the extensions' key so, with a decoy ``settings`` table elsewhere for the scan to find,
    still lists the extension."""
    m = machine_factory("linux")
    prof = m.chromium_profile_dir()
    entry = {CLAUDE: {"location": 1, "from_webstore": True, "path": f"{CLAUDE}/1.0.81_0"}}
    text = json.dumps({"decoy": {"settings": {}}, "extensions": {"KEY": entry}}).replace('"KEY"', f'"{key}"')
    assert json.loads(text)["extensions"]["settings"] == entry
    m.write(prof + "/Preferences", text)
    m.write_json(f"{prof}/Extensions/{CLAUDE}/1.0.81_0/manifest.json", {"name": "Claude", "version": "1.0.81"})
    [claude] = _found(m, pack)
    assert (claude.key, claude.version) == (CLAUDE, "1.0.81")
    assert "found by its folder" not in claude.detail


def test_xdg_variables_set_for_the_scan_do_not_hide_what_the_default_folders_hold(machine_factory, pack):
    """XDG_CONFIG_HOME / XDG_DATA_HOME pointing elsewhere (for aicheck's run alone, or for good): the default
    folders and the moved ones are both looked at, for browsers, tool folders and MCP configs alike."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")  # ~/.config/google-chrome
    m.write(m.h(".config/goose/config.yaml"), "extensions:\n  t:\n    type: sse\n    uri: https://t.example/sse\n")
    m.env = {"XDG_CONFIG_HOME": m.h("elsewhere/config"), "XDG_DATA_HOME": m.h("elsewhere/data")}
    moved = m.host(m.h("elsewhere/config/google-chrome"))
    moved.parent.mkdir(parents=True)
    shutil.copytree(m.host(m.chromium_profile_dir()).parent, moved)  # the same browser, moved for good
    report = scan(m.machine(), pack)
    sider = [i for i in report.installs if i.tool_id == "sider"]
    assert sorted(i.path.split("/ada/", 1)[1].split("/Default/")[0] for i in sider) == [
        ".config/google-chrome",
        "elsewhere/config/google-chrome",
    ]
    assert [f.item.name for f in report.surface.servers] == ["t"]  # ~/.config/goose, not hidden by the move
    assert report.finding("sider").action_required


def test_more_browser_profiles_than_a_scan_reads_need_action(machine_factory, pack):
    """Profile folders made by the dozen must not push a profile with a prohibited extension out of sight."""
    from tui.core.channels.browser import MAX_PROFILES

    m = machine_factory("linux")
    names = sorted(["Default", *(f"Profile {i}" for i in range(1, MAX_PROFILES + 2))])
    for name in names[:-1]:
        m.write_json(f"{m.chromium_profile_dir(name)}/Preferences", {"extensions": {"settings": {}}})
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile=names[-1])  # past the bound
    firefox = m.firefox_profiles({f"Profiles/p{i}.default": i == 0 for i in range(MAX_PROFILES + 1)})
    report = scan(m.machine(), pack)
    assert report.finding("sider") is None  # not read...
    got = {(u.config.split("/ada/", 1)[1], u.client_label, u.reason) for u in report.surface.unchecked}
    assert got == {  # ...but not a clean bill either
        (".config/google-chrome", "Google Chrome", f"{MAX_PROFILES + 2} profiles: the first {MAX_PROFILES} read"),
        (
            firefox.split("/ada/", 1)[1] + "/profiles.ini",
            "Firefox",
            f"{MAX_PROFILES + 1} profiles: the first {MAX_PROFILES} read",
        ),
    }
    assert report.surface.counts()["action_required"] == 2


def test_an_extension_erased_from_preferences_by_hand_is_found_by_chromes_integrity_record(machine_factory, pack):
    """Chrome keeps a MAC per extension setting in Secure Preferences (protection.macs.extensions.settings). An
    entry deleted from a valid Preferences while its MAC and folder remain was removed by hand, not uninstalled
    (an uninstall clears both): the extension still counts. Without the MAC a leftover folder does not."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", host_permissions=("<all_urls>",))
    m.chromium_extension(MONICA, "1.0.0", name="Monica")
    prof = m.chromium_profile_dir()
    m.write_json(
        f"{prof}/Secure Preferences",
        {"protection": {"macs": {"extensions": {"settings": {SIDER: "A1" * 32, MONICA: "B2" * 32}}}}},
    )
    prefs = m.host(f"{prof}/Preferences")
    data = json.loads(prefs.read_text())
    del data["extensions"]["settings"][SIDER]  # erased by hand: the MAC stays
    del data["extensions"]["settings"][MONICA]
    prefs.write_text(json.dumps(data))
    secure = m.host(f"{prof}/Secure Preferences")
    macs = json.loads(secure.read_text())
    del macs["protection"]["macs"]["extensions"]["settings"][MONICA]  # uninstalled: Chrome cleared its MAC
    secure.write_text(json.dumps(macs))
    report = scan(m.machine(), pack)
    [sider] = [i for i in report.installs if i.tool_id == "sider"]
    assert sider.version == "5.32.8" and "integrity record still names it" in sider.detail
    assert report.finding("sider").action_required
    assert not [i for i in report.installs if i.tool_id == "monica"]  # a leftover folder alone is no install


# -- the extension policies an administrator deploys ------------------------------------------------
def _sider_finding(m: SyntheticMachine, pack):
    return scan(m.machine(), pack).finding("sider")


@pytest.mark.parametrize(
    "policy, blocked",
    [
        ({"ExtensionInstallBlocklist": [SIDER]}, True),
        ({"ExtensionInstallBlocklist": ["*"], "ExtensionInstallAllowlist": [CLAUDE]}, True),
        ({"ExtensionSettings": {SIDER: {"installation_mode": "removed"}}}, True),
        (
            {"ExtensionSettings": {"*": {"installation_mode": "blocked"}, CLAUDE: {"installation_mode": "allowed"}}},
            True,
        ),
        # anything that could let it through: an allowlist or forcelist entry, an entry of its own, a * or an
        # update_url: entry that allows, a setting of another shape
        ({"ExtensionInstallBlocklist": ["*"], "ExtensionInstallAllowlist": [SIDER]}, False),
        ({"ExtensionInstallBlocklist": ["*"], "ExtensionInstallForcelist": [f"{SIDER};https://u.example/x"]}, False),
        ({"ExtensionInstallBlocklist": [SIDER], "ExtensionSettings": {SIDER: {"installation_mode": "allowed"}}}, False),
        ({"ExtensionInstallBlocklist": ["*"], "ExtensionSettings": {"*": {"installation_mode": "allowed"}}}, False),
        # a key may name several ids, separated by commas
        (
            {
                "ExtensionSettings": {
                    "*": {"installation_mode": "blocked"},
                    f"{CLAUDE}, {SIDER}": {"installation_mode": "allowed"},
                }
            },
            False,
        ),
        ({"ExtensionSettings": {f"{CLAUDE},{SIDER}": {"installation_mode": "blocked"}}}, True),
        (
            {
                "ExtensionSettings": {
                    "*": {"installation_mode": "blocked"},
                    "update_url:https://u.example/x": {"installation_mode": "allowed"},
                }
            },
            False,
        ),
        ({"ExtensionInstallBlocklist": "not a list"}, False),
        ({"ExtensionInstallBlocklist": [CLAUDE]}, False),
    ],
)
def test_an_extension_the_managed_policy_blocks_never_runs_and_needs_no_action(machine_factory, pack, policy, blocked):
    """Chrome disables an installed extension its managed policy blocks, and the user cannot turn it back on: it
    is still listed, marked with the policy file, and needs no action. Only what blocks it for certain counts."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")
    assert _sider_finding(m, pack).action_required  # the control: a prohibited extension, unblocked
    m.write_json("/etc/opt/chrome/policies/managed/extensions.json", policy)
    f = _sider_finding(m, pack)
    [inst] = f.installs
    if blocked:
        assert not f.action_required and f.verdict == "prohibited"
        assert inst.browser.blocked_by == "/etc/opt/chrome/policies/managed/extensions.json"
        assert "it never runs" in inst.detail and any("browser policy" in w for w in f.warnings)
    else:
        assert f.action_required and not inst.browser.blocked_by


def test_two_policy_files_block_only_when_both_do_and_a_users_own_file_blocks_nothing(machine_factory, pack):
    """Where two managed files set the same policy the browser takes one of them: both must block. A recommended
    policy, or Chrome's per-user preferences, are the user's and block nothing; a broken file blocks nothing."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")
    managed = "/etc/opt/chrome/policies/managed"
    m.write_json(f"{managed}/a.json", {"ExtensionInstallBlocklist": [SIDER]})
    m.write_json(f"{managed}/b.json", {"ExtensionInstallBlocklist": [MONICA]})
    m.write_json("/etc/opt/chrome/policies/recommended/r.json", {"ExtensionInstallBlocklist": [SIDER]})
    assert _sider_finding(m, pack).action_required
    m.write_json(f"{managed}/b.json", {"ExtensionInstallBlocklist": [MONICA, SIDER]})
    assert not _sider_finding(m, pack).action_required
    m.write(f"{managed}/a.json", "{ broken")
    report = scan(m.machine(), pack)
    assert not report.finding("sider").action_required  # b.json alone still blocks it
    assert any(s.path.endswith("a.json") and "blocks nothing" in s.reason for s in report.audit.skipped)


@pytest.mark.parametrize("binary", [False, True])
def test_macos_managed_preferences_block_an_extension_and_windows_has_no_policy_files(machine_factory, pack, binary):
    """On macOS an MDM profile's managed preferences (a plist, XML or binary; the device's or the user's) are
    the policy; Windows keeps it in the registry, which a scan does not read: nothing counts as blocked there."""
    import plistlib

    m = machine_factory("macos")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")
    user = m.machine().home.rstrip("/").rpartition("/")[2]
    body = plistlib.dumps(
        {"ExtensionSettings": {SIDER: {"installation_mode": "blocked"}}},
        fmt=plistlib.FMT_BINARY if binary else plistlib.FMT_XML,
    )
    m.write(f"/Library/Managed Preferences/{user}/com.google.Chrome.plist", body)
    f = _sider_finding(m, pack)
    assert not f.action_required and f.installs[0].browser.blocked_by.endswith("com.google.Chrome.plist")
    w = machine_factory("windows")
    w.chromium_extension(SIDER, "5.32.8", name="Sider")
    assert _sider_finding(w, pack).action_required


def test_a_blocked_extension_in_the_json_report_validates(machine_factory, pack, capsys):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")
    m.write_json("/etc/opt/chrome/policies/managed/x.json", {"ExtensionInstallBlocklist": [SIDER]})
    assert main(["check", "--json", *m.cli_args()]) == 0
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, SCHEMA)
    [sider] = [t for t in report["tools"] if t["id"] == "sider"]
    assert sider["installs"][0]["browser"]["blocked_by"] == "/etc/opt/chrome/policies/managed/x.json"


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.sampled_from(["*", SIDER, CLAUDE, "blocked", "removed", "allowed"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["*", SIDER, "installation_mode", f"update_url:https://u.example/{SIDER}", "x"]),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
_POLICY = st.dictionaries(
    st.sampled_from(
        ["ExtensionInstallBlocklist", "ExtensionInstallAllowlist", "ExtensionInstallForcelist", "ExtensionSettings"]
    ),
    _JSON,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(policy=_POLICY)
def test_any_policy_file_is_read_without_error_and_an_allowed_extension_is_never_blocked(
    tmp_path_factory, pack, policy
):
    """Policy files of any shape never break a scan; one that names the extension in its allowlist never
    blocks it, whatever else it says."""
    m = SyntheticMachine(tmp_path_factory.mktemp("p") / "disk", "linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider")
    m.write_json("/etc/opt/chrome/policies/managed/a.json", policy)
    m.write_json("/etc/opt/chrome/policies/managed/b.json", {"ExtensionInstallAllowlist": [SIDER]})
    f = _sider_finding(m, pack)
    assert f.action_required and not f.installs[0].browser.blocked_by


# -- places the red team found unread: packaged builds, other release channels, named profiles ------------------
# (platform, user-data folder under the home, browser name): written out here, not taken from the channel's table
MORE_CHROMIUM = [
    ("linux", "snap/chromium/common/chromium", "Chromium (snap)"),
    ("linux", ".var/app/com.google.Chrome/config/google-chrome", "Google Chrome (Flatpak)"),
    ("linux", ".var/app/org.chromium.Chromium/config/chromium", "Chromium (Flatpak)"),
    ("linux", ".var/app/com.brave.Browser/config/BraveSoftware/Brave-Browser", "Brave (Flatpak)"),
    ("linux", ".var/app/com.microsoft.Edge/config/microsoft-edge", "Microsoft Edge (Flatpak)"),
    ("linux", ".var/app/com.vivaldi.Vivaldi/config/vivaldi", "Vivaldi (Flatpak)"),
    ("linux", ".config/google-chrome-unstable", "Google Chrome Dev"),
    ("linux", ".config/microsoft-edge-beta", "Microsoft Edge Beta"),
    ("linux", ".config/microsoft-edge-dev", "Microsoft Edge Dev"),
    ("linux", ".config/BraveSoftware/Brave-Browser-Beta", "Brave Beta"),
    ("linux", ".config/BraveSoftware/Brave-Browser-Nightly", "Brave Nightly"),
    ("macos", "Library/Application Support/Google/Chrome Canary", "Google Chrome Canary"),
    ("macos", "Library/Application Support/Google/Chrome Dev", "Google Chrome Dev"),
    ("macos", "Library/Application Support/Microsoft Edge Beta", "Microsoft Edge Beta"),
    ("macos", "Library/Application Support/Microsoft Edge Dev", "Microsoft Edge Dev"),
    ("macos", "Library/Application Support/Microsoft Edge Canary", "Microsoft Edge Canary"),
    ("macos", "Library/Application Support/BraveSoftware/Brave-Browser-Beta", "Brave Beta"),
    ("macos", "Library/Application Support/BraveSoftware/Brave-Browser-Nightly", "Brave Nightly"),
    ("windows", "AppData/Local/Google/Chrome SxS/User Data", "Google Chrome Canary"),
    ("windows", "AppData/Local/Google/Chrome Dev/User Data", "Google Chrome Dev"),
    ("windows", "AppData/Local/Microsoft/Edge Beta/User Data", "Microsoft Edge Beta"),
    ("windows", "AppData/Local/Microsoft/Edge Dev/User Data", "Microsoft Edge Dev"),
    ("windows", "AppData/Local/Microsoft/Edge SxS/User Data", "Microsoft Edge Canary"),
    ("windows", "AppData/Local/BraveSoftware/Brave-Browser-Beta/User Data", "Brave Beta"),
    ("windows", "AppData/Local/BraveSoftware/Brave-Browser-Nightly/User Data", "Brave Nightly"),
]


@pytest.mark.parametrize(("platform", "rel", "browser"), MORE_CHROMIUM)
def test_packaged_builds_and_other_release_channels_are_read(platform, rel, browser, machine_factory, pack):
    """Sider installed the ordinary way (a Preferences entry and its folder) in a snap, a Flatpak or a beta,
    dev, nightly or canary channel: found, with the browser named, and ``check`` is not compliant."""
    m = machine_factory(platform)
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(rel))
    (sider,) = _found(m, pack)
    assert (sider.key, sider.version, sider.browser.browser, sider.browser.profile) == (
        SIDER,
        "5.32.8",
        browser,
        "Default",
    )
    assert scan(m.machine(), pack).finding("sider").action_required


def test_check_is_not_compliant_with_sider_in_ubuntus_chromium_snap(machine_factory, capsys):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile="Profile 1", root=m.h("snap/chromium/common/chromium"))
    code = main(["check", "--json", *m.cli_args()])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    (sider,) = [t for t in data["tools"] if t["id"] == "sider"]
    assert sider["verdict"] == "prohibited"
    assert sider["installs"][0]["browser"]["browser"] == "Chromium (snap)"


@pytest.mark.parametrize(
    ("platform", "rel"),
    [
        ("linux", "snap/firefox/common/.mozilla/firefox"),
        ("linux", ".var/app/org.mozilla.firefox/.mozilla/firefox"),
        ("linux", ".config/mozilla/firefox"),  # Firefox 147 on: XDG_CONFIG_HOME/mozilla/firefox for a new user
        ("windows", "AppData/Local/Packages/Mozilla.Firefox_n80bbvh6b1yt2/LocalCache/Roaming/Mozilla/Firefox"),
    ],
)
def test_firefox_from_snap_flatpak_store_and_its_xdg_folder(platform, rel, machine_factory, gecko_pack):
    m = machine_factory(platform)
    root = m.firefox_profiles({"Profiles/abc.default-release": True}, browser_root=m.h(rel))
    m.firefox_addon(f"{root}/Profiles/abc.default-release", FF_ADDON, "2.4.0", name="Test AI Sidebar")
    (addon,) = _found(m, gecko_pack)
    assert (addon.key, addon.version, addon.browser.profile) == (FF_ADDON, "2.4.0", "abc.default-release")
    assert addon.browser.browser.startswith("Firefox")


def test_firefox_legacy_and_xdg_folders_are_both_read_and_xdg_config_home_moves_the_new_one(
    machine_factory, gecko_pack
):
    """A user who had ``~/.mozilla`` keeps it after Firefox moved to XDG; a profile created since may sit in the
    XDG folder (and a moved ``XDG_CONFIG_HOME`` moves that one): each is read."""
    m = machine_factory("linux")
    for rel, version in (
        (".mozilla/firefox", "1.0.0"),
        (".config/mozilla/firefox", "2.0.0"),
        ("xdg/mozilla/firefox", "3.0.0"),
    ):
        root = m.firefox_profiles({"p.default": True}, browser_root=m.h(rel))
        m.firefox_addon(f"{root}/p.default", FF_ADDON, version)
    m.env = {"XDG_CONFIG_HOME": m.h("xdg")}
    assert sorted(i.version for i in _found(m, gecko_pack)) == ["1.0.0", "2.0.0", "3.0.0"]


@pytest.mark.parametrize(
    ("platform", "rel", "browser"),
    [
        ("linux", ".var/app/com.opera.Opera/config/opera", "Opera (Flatpak)"),
        ("linux", ".config/opera-beta", "Opera Beta"),
        ("macos", "Library/Application Support/com.operasoftware.OperaGX", "Opera GX"),
        ("windows", "AppData/Roaming/Opera Software/Opera GX Stable", "Opera GX"),
        ("windows", "AppData/Roaming/Opera Software/Opera Developer", "Opera Developer"),
    ],
)
def test_opera_channels_whose_folder_is_the_profile(platform, rel, browser, machine_factory, pack):
    m = machine_factory(platform)
    parent, _, folder = m.h(rel).rpartition("/")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=parent, profile=folder)
    (sider,) = _found(m, pack)
    assert (sider.browser.browser, sider.browser.profile, sider.manager) == (browser, folder, "opera://extensions")


def test_absent_packaged_builds_cost_one_call_for_their_missing_parent(machine_factory, pack, monkeypatch):
    """Sider in the Chromium snap is found; the other snaps cost one call each (``~/snap/brave`` missing answers
    for everything under it) and every Flatpak together costs one (``~/.var`` missing)."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h("snap/chromium/common/chromium"))
    calls: list[str] = []

    def counted(name: str):
        real = getattr(os, name)

        def call(path, *args, **kwargs):
            calls.append(str(path))
            return real(path, *args, **kwargs)

        return call

    for name in ("stat", "lstat", "readlink", "open", "scandir", "listdir"):
        monkeypatch.setattr(os, name, counted(name))
    (sider,) = _found(m, pack)
    monkeypatch.undo()
    assert sider.browser.browser == "Chromium (snap)"
    assert len([c for c in calls if "/.var" in c]) == 1, calls
    for snap in ("brave", "opera", "vivaldi", "firefox"):
        assert len([c for c in calls if f"/snap/{snap}" in c]) == 1, (snap, calls)


def _local_state(m: SyntheticMachine, root: str, info_cache: object) -> None:
    m.write_json(
        f"{root}/Local State", {"browser": {"enabled_labs_experiments": []}, "profile": {"info_cache": info_cache}}
    )


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_a_profile_with_any_folder_name_is_read_from_local_state(platform, machine_factory, pack):
    """``--profile-directory=Work`` makes a profile folder named ``Work``: ``Local State``'s
    ``profile.info_cache`` names it. Profiles it does not name (``Profile 3``) are still read as before."""
    m = machine_factory(platform)
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile="Work")
    m.chromium_extension(CLAUDE, "1.0.81", name="Claude", profile="Profile 3")
    _local_state(m, root, {"Default": {"name": "Person 1"}, "Work": {"name": "Work"}, "Gone": {"name": "deleted"}})
    found = {i.key: i.browser.profile for i in _found(m, pack)}
    assert found == {SIDER: "Work", CLAUDE: "Profile 3"}


@pytest.mark.parametrize(
    "local_state",
    [
        "{not json",
        "[1, 2]",
        json.dumps({"profile": {"info_cache": ["Work"]}}),
        json.dumps({"profile": {"info_cache": {"../outside": {}, "a/../../outside": {}, "/abs": {}, "..": {}}}}),
        json.dumps({"profile": {"info_cache": {"Work\\..\\..\\outside": {}, "": {}, "x\u0000y": {}, ".": {}}}}),
        "[" * 100_000 + "]" * 100_000,
        json.dumps({"profile": {"info_cache": {f"../p{i}": {} for i in range(5000)}}}),
    ],
    ids=["broken", "list", "cache-list", "dotdot", "odd-names", "deep", "thousands"],
)
def test_a_hostile_local_state_is_a_clear_skip_never_a_path_outside_the_browser(local_state, machine_factory, pack):
    m = machine_factory("linux")
    m.chromium_extension(CLAUDE, "1.0.81", name="Claude")  # Default: still read
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    m.write(f"{root}/Local State", local_state)
    # a profile outside the browser folder, which the names above point at: never read
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(".config"), profile="outside")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root="", profile="abs")
    found, ctx, errors = detect(m.machine(), pack, channels=("browser",))
    assert not errors
    assert [i.key for i in found] == [CLAUDE]
    skips = [s for s in ctx.disk.audit.skipped if s.path.endswith("Local State")]
    assert len(skips) == 1 and len(skips[0].reason) < 200, skips


def test_a_local_state_too_big_to_read_hides_no_profile(machine_factory, pack):
    """Red team: a Local State padded past its cap hid every profile only it named (Sider in "Work", exit 0).
    The file is a skip, and every folder of the browser's holding a Preferences file is read instead."""
    from tui.core.channels.browser import MAX_LOCAL_STATE_BYTES

    m = machine_factory("macos")
    m.chromium_extension(CLAUDE, "1.0.81", name="Claude")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile="Work")
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    m.write(
        f"{root}/Local State", '{"profile": {"info_cache": {"Work": {}}}, "pad": "' + "x" * MAX_LOCAL_STATE_BYTES + '"}'
    )
    found, ctx, errors = detect(m.machine(), pack, channels=("browser",))
    assert not errors and sorted(i.key for i in found) == sorted([CLAUDE, SIDER])
    assert [s.path.rsplit("/", 1)[-1] for s in ctx.disk.audit.skipped] == ["Local State"]


def test_more_named_profiles_than_a_scan_reads_need_action(machine_factory, pack):
    from tui.core.channels.browser import MAX_PROFILES

    m = machine_factory("linux")
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    names = [f"Work {i:03}" for i in range(MAX_PROFILES + 1)]
    for name in names[:-1]:
        m.write_json(f"{m.chromium_profile_dir(name)}/Preferences", {"extensions": {"settings": {}}})
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile=names[-1])
    _local_state(m, root, {n: {} for n in names} | {f"Missing {i}": {} for i in range(3000)})
    report = scan(m.machine(), pack)
    assert report.finding("sider") is None
    got = [(u.config.split("/ada/", 1)[1], u.reason) for u in report.surface.unchecked]
    assert got == [(".config/google-chrome", f"{MAX_PROFILES + 1} profiles: the first {MAX_PROFILES} read")]
