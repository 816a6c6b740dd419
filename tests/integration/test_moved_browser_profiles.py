"""End to end through `aicheck check`: a prohibited browser extension kept where the scan did not look gave a
clean bill (exit 0, nothing named). Chromium on Linux reads its user data from `$CHROME_CONFIG_HOME/<browser>`
(in place of XDG_CONFIG_HOME), from `$CHROME_USER_DATA_DIR` and from `--user-data-dir`, and runs any profile
folder it is started with (`--profile-directory=Work`), whether `Local State` lists it or not. Each is now read
and found prohibited; a variable that is not set and the browser's own folders that hold no `Preferences` add
nothing, and padding the user data with folders is never a clean bill."""

from __future__ import annotations

import pytest

from support.packs import check_json
from support.report_checks import prohibited as _prohibited
from support.report_checks import untouched as _untouched

SIDER = "difoiogjjojoaoomphldepapgpbgkhkb"


@pytest.mark.parametrize(
    "line, root",
    [
        ("export CHROME_CONFIG_HOME=$HOME/.chrome-alt\n", ".chrome-alt/google-chrome"),
        ("export CHROME_USER_DATA_DIR=$HOME/.chrome-udd\n", ".chrome-udd"),
    ],
    ids=["config-home", "user-data-dir"],
)
def test_a_chrome_variable_in_bashrc_moves_the_user_data(tmp_path, machine_factory, monkeypatch, capsys, line, root):
    """Red team: `export CHROME_CONFIG_HOME=$HOME/.chrome-alt` (Chromium reads it in place of XDG_CONFIG_HOME),
    Sider in `~/.chrome-alt/google-chrome/Default`: exit 0. So with `CHROME_USER_DATA_DIR`."""
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(root))
    m.write(m.h(".bashrc"), line)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "sider", f"/{root}/Default/Extensions/{SIDER}")


def test_the_moved_user_data_is_not_read_without_the_variable(tmp_path, machine_factory, monkeypatch, capsys):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(".chrome-alt/google-chrome"))
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not any(t["id"] == "sider" for t in report["tools"]), out
    _untouched(report, ".chrome-alt")


@pytest.mark.parametrize(
    "line",
    [
        "alias google-chrome='google-chrome --user-data-dir=$HOME/.chrome-alt'\n",
        "alias chromium='chromium --user-data-dir ~/.chrome-alt'\n",
    ],
    ids=["chrome", "chromium"],
)
def test_a_user_data_dir_given_by_an_alias_is_read(tmp_path, machine_factory, monkeypatch, capsys, line):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(".chrome-alt"))
    m.write(m.h(".bashrc"), line)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "sider", f"/.chrome-alt/Default/Extensions/{SIDER}")


def test_a_user_data_dir_that_cannot_be_known_is_never_a_clean_bill(tmp_path, machine_factory, monkeypatch, capsys):
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), "alias google-chrome='google-chrome --user-data-dir=\"$(mktemp -d)\"'\n")
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code != 0 and report["unchecked_configs"], out
    assert any(".bashrc line 1" in u["config"] for u in report["unchecked_configs"]), report["unchecked_configs"]


def _local_state(m, root: str, names: list[str]) -> None:
    m.write_json(f"{root}/Local State", {"profile": {"info_cache": {n: {"name": n} for n in names}}})


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("browser", ["chrome", "edge", "brave"])
def test_a_profile_left_out_of_local_state_is_read(tmp_path, machine_factory, monkeypatch, capsys, platform, browser):
    """Red team: a valid `Local State` whose `profile.info_cache` lists only `Default`, and a `Work` profile
    (`--profile-directory=Work`) holding Sider: exit 0. Every folder of the user data holding a `Preferences`
    file is a profile."""
    m = machine_factory(platform)
    root = m.chromium_profile_dir(browser=browser).rsplit("/", 1)[0]
    m.write_json(f"{root}/Default/Preferences", {"profile": {"name": "Person 1"}})
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile="Work", browser=browser)
    _local_state(m, root, ["Default"])
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    finding = _prohibited(code, report, out, "sider", SIDER)
    assert [i["browser"]["profile"] for i in finding["installs"]] == ["Work"]


def test_the_browsers_own_folders_are_no_profiles(tmp_path, machine_factory, monkeypatch, capsys):
    """The harmless twin: Chrome's component folders (no `Preferences`) are not profiles, even one holding an
    `Extensions` folder, and nothing is an error; only the folders themselves are looked at."""
    m = machine_factory("linux")
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    m.write_json(f"{root}/Default/Preferences", {"profile": {"name": "Person 1"}})
    for name in ("Crashpad", "Safe Browsing", "component_crx_cache", "ShaderCache"):
        m.write(f"{root}/{name}/data.bin", b"\0")
    m.write_json(f"{root}/Leftover/Extensions/{SIDER}/5.32.8_0/manifest.json", {"name": "Sider", "version": "5.32.8"})
    _local_state(m, root, ["Default"])
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not report["errors"] and not report["unchecked_configs"], out
    _untouched(report, "/Crashpad/")
    assert not [p for p in report["audit"]["dirs_listed"] if "/Leftover" in p]


def test_more_folders_than_are_looked_in_need_action(tmp_path, machine_factory, monkeypatch, capsys):
    """Padding the user data with folders never hides a profile past the bound: it is an unchecked config."""
    from tui.core.channels.browser import MAX_PROFILE_FOLDERS

    m = machine_factory("linux")
    root = m.chromium_profile_dir().rsplit("/", 1)[0]
    for i in range(MAX_PROFILE_FOLDERS + 1):
        m.mkdir(f"{root}/pad{i:04}")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", profile="zzz")
    _local_state(m, root, ["Default"])
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and report["unchecked_configs"], out
