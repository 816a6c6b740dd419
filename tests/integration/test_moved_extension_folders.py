"""End to end through `aicheck check`: a prohibited editor extension kept where the scan did not look gave a clean
bill (exit 0, nothing named). VS Code (and every fork) reads its extensions from `--extensions-dir`, from
`$VSCODE_EXTENSIONS`, from `$VSCODE_PORTABLE/extensions`, from the `data` folder beside a portable install
(`code-portable-data` beside the app on macOS), and Flathub's builds from the app's own data folder. Each is now
read and found prohibited; a variable that is not set and a `code` with no `data` folder beside it add nothing,
and a moved folder that cannot be known (an editor's or a browser's) is a scan error, never a clean bill."""

from __future__ import annotations

import json

import pytest

from support.packs import check_json, isolate_cli, run_cli
from support.report_checks import prohibited as _prohibited
from support.report_checks import untouched as _untouched

CLINE = "saoudrizwan.claude-dev"


def _cline(m, root: str) -> str:
    return m.vscode_extension(CLINE, "3.30.0", root=root)


# -- VS Code ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, root",
    [
        ("export VSCODE_EXTENSIONS=$HOME/.vscode-alt/ext\n", ".vscode-alt/ext"),
        ('export VSCODE_EXTENSIONS="${HOME}/.vscode-alt/ext"\n', ".vscode-alt/ext"),
        ("export VSCODE_PORTABLE=$HOME/vsc-data\n", "vsc-data/extensions"),
    ],
    ids=["extensions", "extensions-braced", "portable"],
)
def test_a_variable_in_bashrc_moves_the_extensions_folder(tmp_path, machine_factory, monkeypatch, capsys, line, root):
    """Red team: Cline kept in the folder `VSCODE_EXTENSIONS` (or `VSCODE_PORTABLE`) names: exit 0."""
    m = machine_factory("linux")
    _cline(m, root)
    m.write(m.h(".bashrc"), line)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/{root}/{CLINE}-3.30.0")


def test_the_moved_extensions_folder_is_not_read_without_the_variable(tmp_path, machine_factory, monkeypatch, capsys):
    """The harmless twin: no variable names the folder, so no editor loads what it holds, and the scan reads
    nothing new (the folder is never looked at)."""
    m = machine_factory("linux")
    _cline(m, ".vscode-alt/ext")
    m.write(m.h(".bashrc"), "export EDITOR=vim\n")
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not any(t["id"] == "cline" for t in report["tools"]), out
    _untouched(report, ".vscode-alt")


@pytest.mark.parametrize(
    "line",
    [
        'export VSCODE_EXTENSIONS="$(mktemp -d)"\n',
        "export VSCODE_PORTABLE=$WORK/vscode\n",
        "export CHROME_CONFIG_HOME=.chrome\n",
        'export CHROME_USER_DATA_DIR="$(pwd)/chrome"\n',
    ],
    ids=["extensions", "portable", "config-home", "user-data-dir"],
)
def test_a_moved_folder_that_cannot_be_known_is_a_scan_error(tmp_path, machine_factory, monkeypatch, capsys, line):
    """The variable set to a folder computed when the session starts, or a relative one: what it holds cannot be
    read, so the scan says so (never a clean bill)."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), line)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    variable = line.split()[1].split("=")[0]
    assert code != 0, out
    assert any(e.startswith(f"${variable} is set in {m.home}/.bashrc line 1") for e in report["errors"]), report[
        "errors"
    ]
    assert any("extensions kept there would go unseen" in e for e in report["errors"]), report["errors"]


PORTABLE = "opt/VSCode-linux-x64"


def _portable_linux(m, install: str = PORTABLE, data: bool = True) -> str:
    """VS Code's .tar.gz unpacked in the home: its `bin/code` script, the `code` program beside it, and (portable
    mode) a `data` folder with Cline installed."""
    base = m.h(install)
    m.write(f"{base}/code", b"\x7fELF")
    m.write(f"{base}/bin/code", '#!/usr/bin/env sh\nVSCODE_PATH="$(dirname "$0")/.."\nexec "$VSCODE_PATH/code" "$@"\n')
    m.host(f"{base}/bin/code").chmod(0o755)
    if data:
        _cline(m, f"{install}/data/extensions")
    return base


def test_a_portable_install_on_the_startup_path_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """Red team: portable VS Code unpacked in ~/opt, its `bin` put on PATH in .bashrc, Cline in its `data`
    folder: exit 0. The `code` the sessions find leads to the install, and its `data/extensions` is read."""
    m = machine_factory("linux")
    _portable_linux(m)
    m.write(m.h(".bashrc"), f'export PATH="$HOME/{PORTABLE}/bin:$PATH"\n')
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    finding = _prohibited(code, report, out, "cline", f"/{PORTABLE}/data/extensions/{CLINE}-3.30.0")
    assert any("portable" in i["detail"] for i in finding["installs"]), finding["installs"]


def test_a_portable_install_linked_from_a_standard_folder_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """`~/.local/bin/code` a link to the portable install's `bin/code`: the link is followed to the install."""
    m = machine_factory("linux")
    base = _portable_linux(m, "Apps/VSCode")
    m.symlink(m.h(".local/bin/code"), f"{base}/bin/code")
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/Apps/VSCode/data/extensions/{CLINE}-3.30.0")


def test_a_portable_mac_app_is_read_beside_the_app(tmp_path, machine_factory, monkeypatch, capsys):
    """macOS: portable mode keeps `code-portable-data` beside `Visual Studio Code.app`; `/usr/local/bin/code`
    links into the app."""
    m = machine_factory("macos")
    app = "/Applications/Visual Studio Code.app"
    m.write(f"{app}/Contents/Resources/app/bin/code", "#!/usr/bin/env bash\n")
    m.symlink("/usr/local/bin/code", f"{app}/Contents/Resources/app/bin/code")
    folder = m.vscode_extension(CLINE, "3.30.0", root="x")  # written under the home, then moved beside the app
    m.host("/Applications/code-portable-data/extensions").mkdir(parents=True)
    m.host(folder).rename(m.host(f"/Applications/code-portable-data/extensions/{CLINE}-3.30.0"))
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/Applications/code-portable-data/extensions/{CLINE}-3.30.0")


def test_a_portable_windows_zip_on_the_search_path_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    """Windows: the .zip unpacked with a `data` folder, its `bin` (code.cmd) on the search path."""
    m = machine_factory("windows")
    base = m.h("Tools/VSCode")
    m.write(f"{base}/Code.exe", b"MZ")
    m.write(f"{base}/bin/code.cmd", "@echo off\r\n")
    _cline(m, "Tools/VSCode/data/extensions")
    isolate_cli(monkeypatch, tmp_path)
    args = ("check", "--root", str(m.root), "--platform", "windows", "--home", m.home, "--json")
    code, out, err = run_cli(capsys, *args, "--search-path", "C:\\Users\\ada\\Tools\\VSCode\\bin;C:\\Windows")
    _prohibited(code, json.loads(out), out + err, "cline", f"\\Tools\\VSCode\\data\\extensions\\{CLINE}-3.30.0")


def test_a_code_without_a_data_folder_adds_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    """The harmless twin: an unpacked VS Code that is not portable (no `data` folder) on the path: nothing new
    is found, and nothing is an error."""
    m = machine_factory("linux")
    _portable_linux(m, data=False)
    m.write(m.h(".bashrc"), f'export PATH="$HOME/{PORTABLE}/bin:$PATH"\n')
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not report["errors"] and not report["unchecked_configs"], out


@pytest.mark.parametrize(
    "root",
    [".var/app/com.visualstudio.code/data/vscode/extensions", ".var/app/com.vscodium.codium/data/codium/extensions"],
    ids=["vscode", "vscodium"],
)
def test_a_flatpak_editors_extensions_are_read(tmp_path, machine_factory, monkeypatch, capsys, root):
    """Flathub's VS Code and VSCodium start the editor with `--extensions-dir=$XDG_DATA_HOME/...`, which is the
    app's own `~/.var/app/<id>/data`: Cline there gave exit 0. The remedy runs the Flatpak's own command."""
    m = machine_factory("linux")
    _cline(m, root)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/{root}/{CLINE}-3.30.0")
    app = root.split("/")[2]
    assert any(
        f"flatpak run {app} --uninstall-extension" in h for line in report["check"]["lines"] for h in line["hints"]
    )


@pytest.mark.parametrize(
    "line",
    [
        "alias code='code --extensions-dir ~/.vscode-alt/ext'\n",
        'alias code="code --extensions-dir=$HOME/.vscode-alt/ext"\n',
        'code() { command code --extensions-dir "$HOME/.vscode-alt/ext" "$@"; }\n',
        "function code\n    command code --extensions-dir ~/.vscode-alt/ext $argv\nend\n",
    ],
    ids=["alias", "alias-equals", "function", "fish-function"],
)
def test_an_extensions_dir_given_by_an_alias_is_read(tmp_path, machine_factory, monkeypatch, capsys, line):
    """Red team: `alias code='code --extensions-dir ~/.vscode-alt/ext'`: every `code` of that shell loads Cline
    from there, exit 0. So with a function (fish's in its autoloaded `functions/code.fish`)."""
    m = machine_factory("linux")
    _cline(m, ".vscode-alt/ext")
    m.write(m.h(".config/fish/functions/code.fish" if "$argv" in line else ".bashrc"), line)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/.vscode-alt/ext/{CLINE}-3.30.0")


def test_an_extensions_dir_that_cannot_be_known_is_never_a_clean_bill(tmp_path, machine_factory, monkeypatch, capsys):
    """`--extensions-dir "$(mktemp -d)"`: what that folder holds cannot be read, so it is an unchecked config."""
    m = machine_factory("linux")
    m.write(m.h(".bashrc"), "alias code='code --extensions-dir \"$(mktemp -d)\"'\n")
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code != 0 and report["unchecked_configs"], out
    assert any(".bashrc line 1" in u["config"] for u in report["unchecked_configs"]), report["unchecked_configs"]
