"""Linux AppImages: the vendor's download, run where it lies, found by name where AppImages are kept and
through the menu entries that start one kept anywhere else."""

from __future__ import annotations

from tui.core.remediation import fix_plan
from tui.core.scanner import scan


def test_cursors_appimage_is_an_install_and_its_fix_deletes_it(machine_factory, pack):
    """Cursor's Linux download is Cursor-<version>-x86_64.AppImage. Installed that way, with its config
    folders, Cursor was 'only traces of use': prohibited, and no action required (a red-team pass)."""
    m = machine_factory("linux")
    app = m.appimage("Cursor-1.7.52-x86_64.AppImage")
    m.config(m.h(".cursor"))
    f = scan(m.machine(), pack).finding("cursor")
    [install] = [i for i in f.installs if i.channel == "appimage"]
    assert (install.path, install.version) == (app, "1.7.52")
    assert f.action_required and f.policy_status == "prohibited"
    commands = [s.command for r in fix_plan(f, m.machine()) for s in r.steps if s.command]
    assert f"rm -rf -- {app}" in commands


def test_a_menu_entry_leads_to_an_appimage_kept_anywhere(machine_factory, pack):
    """AppImageLauncher and Gear Lever write a menu entry that starts the AppImage from where it lies: found
    through the entry, and the fix deletes both. An entry whose AppImage is gone starts nothing."""
    m = machine_factory("linux")
    app = m.appimage("cursor.AppImage", folder=m.h("tools/editors"), menu_entry="appimagekit_0a1b-Cursor.desktop")
    report = scan(m.machine(), pack)
    [install] = [i for i in report.installs if i.channel == "appimage"]
    entry = m.h(".local/share/applications/appimagekit_0a1b-Cursor.desktop")
    assert install.path == app and install.version is None and install.key == entry
    commands = [s.command for r in fix_plan(report.finding("cursor"), m.machine()) for s in r.steps if s.command]
    assert f"rm -rf -- {app}" in commands and f"rm -rf -- {entry}" in commands
    m.host(app).unlink()
    assert not [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]


def test_only_names_the_catalog_gives_and_only_on_linux(machine_factory, pack):
    m = machine_factory("linux")
    m.appimage("Obsidian-1.9.10.AppImage")
    m.appimage("Cursor-1.7.52-x86_64.AppImage.part", folder=m.h("Downloads"))  # a download in progress
    assert not [i for i in scan(m.machine(), pack).installs if i.channel == "appimage"]
    mac = machine_factory("macos", "mac")
    mac.appimage("Cursor-1.7.52-x86_64.AppImage")
    assert not [i for i in scan(mac.machine(), pack).installs if i.channel == "appimage"]


def test_a_folder_too_big_to_look_through_is_a_scan_error_never_a_clean_bill(machine_factory, pack, monkeypatch):
    """~/Downloads padded past the bound with the AppImage among its names: the scan cannot say there is no
    AppImage there, so it says it is incomplete (before, a note in the audit, and exit 0)."""
    from tui.core.channels import appimage

    monkeypatch.setattr(appimage, "MAX_NAMES", 50)
    m = machine_factory("linux")
    m.appimage("Cursor-1.7.52-x86_64.AppImage", folder=m.h("Downloads"))
    for i in range(60):
        m.write(m.h(f"Downloads/file-{i}.pdf"), "x")
    report = scan(m.machine(), pack)
    assert not [i for i in report.installs if i.channel == "appimage"]
    assert any(e.startswith(f"cannot look through {m.h('Downloads')}: more than 50 names") for e in report.errors)
