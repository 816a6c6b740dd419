"""Cursor's AppImage started from anywhere: a menu entry of any name (the user's or the system's), a renamed
AppImage, an extracted one (``--appimage-extract``) started through an alias or a menu entry. The bundled
example pack prohibits Cursor: each machine is "action required" (exit 1) through the real ``check``; before,
each was "compliant" (exit 0; a red-team pass)."""

from __future__ import annotations

import json

import pytest

from tests.support.packs import isolate_cli, run_cli
from tui.core.scanner import scan

EXEC = "/home/ada/tools/Cursor-1.7.52-x86_64.AppImage"


def _check(m, monkeypatch, tmp_path, capsys) -> tuple[int, list[dict], str]:
    """(exit code, Cursor's installs, everything printed) of ``aicheck check --json`` on the machine."""
    isolate_cli(monkeypatch, tmp_path)
    code, out, err = run_cli(capsys, "check", *m.cli_args(), "--json")
    report = json.loads(out)
    installs = [i for t in report["tools"] if t["id"] == "cursor" for i in t["installs"]]
    return code, installs, out + err


def test_a_user_menu_entry_of_any_name_leads_to_the_appimage_it_starts(machine_factory, monkeypatch, tmp_path, capsys):
    """``ai-editor.desktop`` starts the AppImage kept in ~/tools: read for its Exec= whatever it is named
    (before, only entries named after the tool were read)."""
    m = machine_factory("linux")
    app = m.appimage(
        "Cursor-1.7.52-x86_64.AppImage", folder=m.h("tools"), menu_entry="ai-editor.desktop", name="Editor"
    )
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    entry = m.h(".local/share/applications/ai-editor.desktop")
    assert [(i["path"], i["version"], i["key"]) for i in installs] == [(app, "1.7.52", entry)]


@pytest.mark.parametrize(
    "file_name, entry_name, menu_name",
    [
        ("editor.AppImage", "ai-editor.desktop", "Cursor"),  # renamed, the entry names the app
        ("cursor", "ide.desktop", "Editor"),  # no extension: its name is the app's
        ("ide", "cursor.desktop", "IDE"),  # neither: the entry's file is named after the app
    ],
)
def test_a_renamed_appimage_is_known_by_its_signature_and_the_names_that_start_it(
    machine_factory, monkeypatch, tmp_path, capsys, file_name, entry_name, menu_name
):
    """An AppImage under another name: an AppImage by its first bytes (ELF with AppImage's magic), Cursor's
    by the names the menu entry gives it (Name=, its own file name) or its own name."""
    m = machine_factory("linux")
    app = m.appimage(file_name, folder=m.h("tools"), menu_entry=entry_name, name=menu_name)
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert [i["path"] for i in installs] == [app]


def test_a_program_that_is_no_appimage_is_not_taken_for_one(machine_factory, pack):
    """Cursor's Debian package: /usr/share/applications/cursor.desktop starts /usr/share/cursor/cursor, an
    ELF program that is no AppImage (the package is another channel's); an AppImage named nothing like the
    app, from an entry named nothing like it, is not known to be Cursor's."""
    m = machine_factory("linux")
    m.write("/usr/share/cursor/cursor", b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    m.menu_entry("/usr/share/applications/cursor.desktop", "/usr/share/cursor/cursor %F", "Cursor")
    m.appimage("notes.AppImage", folder=m.h("tools"), menu_entry="notes.desktop", name="Notes")
    assert not [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]


@pytest.mark.parametrize("menu", ["/usr/share/applications", "/usr/local/share/applications"])
def test_a_system_menu_entry_leads_to_an_appimage_kept_anywhere(machine_factory, monkeypatch, tmp_path, capsys, menu):
    """An AppImage in /opt/apps started from a system menu entry (any name): the system's menu folders are
    listed and every entry's Exec= read."""
    m = machine_factory("linux")
    app = m.appimage("Cursor-1.7.52-x86_64.AppImage", folder="/opt/apps", menu_entry=f"{menu}/editor.desktop")
    for n in range(30):  # the system's other entries
        m.menu_entry(f"{menu}/app-{n}.desktop", f"/usr/bin/app-{n} %U", f"App {n}")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert [(i["path"], i["key"]) for i in installs] == [(app, f"{menu}/editor.desktop")]


@pytest.mark.parametrize(
    "menu",
    [
        "{h}/.local/share/applications/appimagekit/editor.desktop",  # a subfolder of the user's own
        "{h}/.local/share/flatpak/exports/share/applications/editor.desktop",  # the user's Flatpak exports
        "/var/lib/flatpak/exports/share/applications/editor.desktop",  # the system's Flatpak exports
        "/var/lib/snapd/desktop/applications/editor.desktop",  # snap's
    ],
    ids=["subfolder", "flatpak-user", "flatpak-system", "snap"],
)
def test_every_menu_folder_the_session_reads_leads_to_the_appimage(
    machine_factory, monkeypatch, tmp_path, capsys, menu
):
    """Before, only the tops of the user's and the two system menu folders were read: each passed (exit 0)."""
    m = machine_factory("linux")
    entry = menu.replace("{h}", m.home)
    app = m.appimage("Cursor-1.7.52-x86_64.AppImage", folder="/opt/apps", menu_entry=entry)
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert [(i["path"], i["key"]) for i in installs] == [(app, entry)]


def test_a_system_menu_folder_past_its_bound_is_a_scan_error(machine_factory, monkeypatch, tmp_path, capsys):
    """More system menu entries than are read: what the rest start is not known, never a clean bill."""
    from tui.core import desktop_entries

    monkeypatch.setattr(desktop_entries, "MAX_FOLDER_ENTRIES", 10)
    m = machine_factory("linux")
    for n in range(12):
        m.menu_entry(f"/usr/share/applications/app-{n}.desktop", f"/usr/bin/app-{n} %U", f"App {n}")
    m.appimage("Cursor-1.7.52-x86_64.AppImage", folder="/opt/apps", menu_entry="/usr/share/applications/zz.desktop")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 2 and not installs, text
    assert "/usr/share/applications: 13 menu entries: the first 10 read" in text


@pytest.mark.parametrize("layout", ["usr", "electron"])
def test_an_extracted_appimage_started_through_an_alias(machine_factory, monkeypatch, tmp_path, capsys, layout):
    """``./Cursor.AppImage --appimage-extract`` gives squashfs-root (AppRun, cursor.desktop, the app); an alias
    starts its AppRun. The folder the alias runs a program from holds AppRun and the app's own menu entry."""
    m = machine_factory("linux")
    root = m.h("Applications/squashfs-root")
    m.extracted_appimage(root, "Cursor", "1.7.52", layout=layout)
    m.write(m.h(".bashrc"), f"alias cursor='{root.replace(m.home, '~')}/AppRun --no-sandbox'\n")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert (root, "1.7.52", "extracted") in [(i["path"], i["version"], i["manager"]) for i in installs]
    # the program the alias runs is also a command in a folder the sessions run programs from (the path channel's
    # find, tests/unit/test_path_discovery.py): the same program, inside the extracted folder, never another
    assert all(i["path"] == root or i["path"].startswith(root + "/") for i in installs), installs
    assert f"rm -rf -- {root}" in text


def test_an_extracted_appimage_moved_and_started_from_a_menu_entry(machine_factory, monkeypatch, tmp_path, capsys):
    """``sudo mv squashfs-root /opt/cursor`` and a system menu entry that starts the app inside it: the folder
    above its usr/ is the extracted AppImage; the fix deletes it and the entry."""
    m = machine_factory("linux")
    program = m.extracted_appimage("/opt/cursor", "Cursor", "1.7.52")
    m.menu_entry("/usr/share/applications/code-editor.desktop", f"{program} --no-sandbox %F", "Code Editor")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert [(i["path"], i["key"]) for i in installs] == [("/opt/cursor", "/usr/share/applications/code-editor.desktop")]


def _extracted_only(installs: list[dict], root: str) -> None:
    """The extracted AppImage found at ``root`` with its version; anything else found is the same program
    inside it (the path channel's find of the command an alias or function runs from there)."""
    assert (root, "1.7.52") in [(i["path"], i["version"]) for i in installs], installs
    assert all(i["path"] == root or i["path"].startswith(root + "/") for i in installs), installs


def test_the_red_teams_extracted_folder_without_its_menu_entry(machine_factory, monkeypatch, tmp_path, capsys):
    """The red team's layout: squashfs-root with the app at its top and only its resources/app/package.json to
    name it (no AppRun left, no menu entry inside), and an alias to the AppRun it had (or a function that runs
    the app): the folder's name says it was extracted, the package names the app."""
    m = machine_factory("linux")
    m.write(m.h("Applications/squashfs-root/cursor"), b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    m.write_json(m.h("Applications/squashfs-root/resources/app/package.json"), {"name": "cursor", "version": "1.7.52"})
    m.write(m.h(".bashrc"), "alias cursor=~/Applications/squashfs-root/AppRun\n")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    _extracted_only(installs, m.h("Applications/squashfs-root"))
    m.write(m.h(".bashrc"), 'cursor() { ~/Applications/squashfs-root/cursor --no-sandbox "$@"; }\n')
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    _extracted_only(installs, m.h("Applications/squashfs-root"))


def test_a_folder_an_alias_runs_from_that_is_no_extracted_appimage(machine_factory, pack):
    """An alias that runs a program from ~/tools (an Electron app named cursor there, no AppRun, not
    squashfs-root): nothing here says it is an extracted AppImage."""
    m = machine_factory("linux")
    m.write(m.h("tools/cursor"), b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    m.write_json(m.h("tools/resources/app/package.json"), {"name": "cursor", "version": "1.7.52"})
    m.write(m.h(".bashrc"), "alias c=~/tools/cursor\n")
    assert not [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]


def test_an_extracted_appimage_kept_where_appimages_are_kept(machine_factory, pack):
    """``sudo mv squashfs-root /opt/Cursor`` and nothing that starts it yet: /opt is listed for AppImages
    already, and a folder there of the app's name that holds AppRun is an extracted AppImage."""
    m = machine_factory("linux")
    m.extracted_appimage("/opt/Cursor", "Cursor", "1.7.52")
    m.mkdir("/opt/zed")  # another app's folder: no AppRun
    [install] = [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]
    assert (install.path, install.version, install.manager) == ("/opt/Cursor", "1.7.52", "extracted")


def test_a_link_to_the_appimage_is_judged_by_the_appimage(machine_factory, pack):
    """``~/.local/bin/cursor`` links to the AppImage kept in ~/Applications, and a menu entry starts the link:
    one install, the AppImage, with the entry (not a second one under the link's name)."""
    m = machine_factory("linux")
    app = m.appimage("Cursor-1.7.52-x86_64.AppImage")
    m.symlink(m.h(".local/bin/cursor"), app)
    m.menu_entry(m.h(".local/share/applications/ide.desktop"), f"{m.h('.local/bin/cursor')} %F", "IDE")
    [install] = [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]
    assert (install.path, install.version) == (app, "1.7.52")
    assert install.key == m.h(".local/share/applications/ide.desktop")


def test_an_appimage_a_menu_entry_gives_a_shell_or_another_program(machine_factory, pack):
    """``Exec=sh -c "… /opt/x/Cursor….AppImage --no-sandbox"`` (to set a variable first), and ``Exec=
    appimage-run /opt/y/Cursor….AppImage`` (NixOS): the AppImage each starts."""
    m = machine_factory("linux")
    one = m.appimage("Cursor-1.7.52-x86_64.AppImage", folder="/opt/x")
    two = m.appimage("Cursor-1.7.40-x86_64.AppImage", folder="/opt/y")
    m.menu_entry(m.h(".local/share/applications/a.desktop"), f'sh -c "ELECTRON_X=1 {one} --no-sandbox"', "A")
    m.menu_entry(m.h(".local/share/applications/b.desktop"), f"appimage-run {two} %U", "B")
    paths = sorted(i.path for i in scan(m.machine(), pack).installs if i.channel == "appimage")
    assert paths == [one, two]


def test_more_programs_in_aliases_than_are_looked_at_is_a_scan_error(machine_factory, monkeypatch, tmp_path, capsys):
    """Aliases padded past the bound before the one that starts the extracted AppImage: what the rest start is
    not known, never a clean bill."""
    from tui.core.channels import appimage

    monkeypatch.setattr(appimage, "MAX_LAUNCHED", 5)
    m = machine_factory("linux")
    root = m.h("tools/ide")  # not where AppImages are kept: only the alias leads to it
    m.extracted_appimage(root, "Cursor", "1.7.52")
    pad = "".join(f"alias t{n}=/usr/bin/tool{n}\n" for n in range(6))
    m.write(m.h(".bashrc"), pad + f"alias c='{root}/AppRun'\n")
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 2 and not installs, text
    assert "more than 5 programs named in aliases and functions" in text
    monkeypatch.setattr(appimage, "MAX_LAUNCHED", 50)
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1 and [i["path"] for i in installs] == [root], text


@pytest.mark.parametrize("folder", ["/opt/cursor", "/opt/Cursor", "~/Applications/cursor", "~/.local/share/cursor"])
def test_cursors_unpacked_download_where_apps_are_kept(machine_factory, monkeypatch, tmp_path, capsys, folder):
    """Cursor's Linux download unpacked by hand (``tar -xf … -C /opt``): the ``cursor`` program and
    ``resources/app/package.json`` (its name, ``cursor``, and its version) at the top, no AppRun, no
    squashfs-root and nothing that starts it. A folder of the app's name where apps are kept that holds them is
    Cursor, at the version its manifest states; the fix deletes the folder."""
    m = machine_factory("linux")
    root = m.h(folder[2:]) if folder.startswith("~/") else folder
    m.write(f"{root}/cursor", b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    m.write_json(f"{root}/resources/app/package.json", {"name": "cursor", "version": "1.7.52"})
    code, installs, text = _check(m, monkeypatch, tmp_path, capsys)
    assert code == 1, text
    assert [(i["path"], i["version"], i["manager"]) for i in installs] == [(root, "1.7.52", "unpacked")], installs
    assert f"rm -rf -- {root}" in text and "AppImage" not in installs[0]["detail"]


def test_a_folder_of_the_apps_name_that_holds_another_app_is_not_cursor(machine_factory, pack):
    """The twins: /opt/cursor holding another app's manifest, or no manifest; /opt/zed holding one."""
    m = machine_factory("linux")
    m.write_json("/opt/cursor/resources/app/package.json", {"name": "other-editor", "version": "2.0.0"})
    m.write("/opt/Cursor/cursor", b"\x7fELF\x02\x01\x01\x00" + bytes(56))
    m.write_json("/opt/zed/resources/app/package.json", {"name": "cursor", "version": "1.7.52"})
    assert not [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]
