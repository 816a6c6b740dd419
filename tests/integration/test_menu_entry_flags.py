"""End to end through `aicheck check`: a Linux menu entry (a `.desktop` file) that starts VS Code with
`--extensions-dir=...`, or Chrome with `--user-data-dir=...`, moved the extensions where the scan did not look,
and a prohibited one passed (exit 0). The `Exec=` lines of the user's menu entries (`~/.local/share/applications`,
one folder listed, at most 500 files), and of the known programs' own in `/usr/share/applications` and
`/usr/local/share/applications` (looked for by name), are now read as the desktop reads them; a folder they name
that cannot be placed, a menu entry that cannot be read and more entries than are read are unchecked configs,
never a clean bill."""

from __future__ import annotations

import pytest

from support.agents import MARKER
from support.packs import check_json
from support.report_checks import prohibited as _prohibited
from support.report_checks import untouched as _untouched
from tui.core.desktop_entries import exec_words

CLINE = "saoudrizwan.claude-dev"
SIDER = "difoiogjjojoaoomphldepapgpbgkhkb"
MENU = ".local/share/applications"


def _entry(exec_line: str, action: str = "/usr/share/code/code --new-window %F") -> str:
    return (
        "[Desktop Entry]\nName=Visual Studio Code\nType=Application\n"
        f"{exec_line}\nIcon=vscode\n\n[Desktop Action new-empty-window]\nName=New Empty Window\nExec={action}\n"
    )


@pytest.mark.parametrize(
    "file, text, root",
    [
        (
            f"{MENU}/code.desktop",
            _entry("Exec=/usr/share/code/code --extensions-dir=/home/ada/.vscode-alt/ext %F"),
            ".vscode-alt/ext",
        ),
        (  # quoted, with a space kept, and the flag's value as the next word
            f"{MENU}/vscode-work.desktop",
            _entry('Exec="/usr/share/code/code" --extensions-dir "/home/ada/.vscode alt/ext" --unity-launch %U'),
            ".vscode alt/ext",
        ),
        (  # a string escape: \s is a space (kept in quotes), and GLib's single quotes
            f"{MENU}/code.desktop",
            _entry("Exec='code' \"--extensions-dir=/home/ada/.vscode\\salt/ext\" %F"),
            ".vscode alt/ext",
        ),
        (  # in the menu's "New Window" action only, behind env and its assignment
            f"{MENU}/code.desktop",
            _entry(
                "Exec=code %F", action=f"env GITHUB_TOKEN={MARKER} codium --extensions-dir /home/ada/.vscode-alt/ext"
            ),
            ".vscode-alt/ext",
        ),
        (  # a shell's line: ~ is the home there
            f"{MENU}/code.desktop",
            _entry('Exec=sh -c "code --extensions-dir ~/.vscode-alt/ext %F"'),
            ".vscode-alt/ext",
        ),
        (  # the system's own entry for a known editor
            "/usr/share/applications/cursor.desktop",
            _entry("Exec=/usr/share/cursor/cursor --extensions-dir=/home/ada/.vscode-alt/ext %F"),
            ".vscode-alt/ext",
        ),
    ],
    ids=["plain", "quoted", "escaped", "action-env", "shell", "system"],
)
def test_an_extensions_dir_in_a_menu_entry_is_read(tmp_path, machine_factory, monkeypatch, capsys, file, text, root):
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=root)
    m.write(file if file.startswith("/") else m.h(file), text)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/{root}/{CLINE}-3.30.0")
    assert MARKER not in out


def test_a_user_data_dir_in_a_menu_entry_is_read(tmp_path, machine_factory, monkeypatch, capsys):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(".chrome-alt"))
    m.write(
        m.h(f"{MENU}/google-chrome.desktop"),
        "[Desktop Entry]\nName=Google Chrome\nExec=/usr/bin/google-chrome-stable --user-data-dir=/home/ada/.chrome-alt %U\n",
    )
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "sider", f"/.chrome-alt/Default/Extensions/{SIDER}")


@pytest.mark.parametrize(
    "text",
    [
        _entry("Exec=code --extensions-dir=~/.vscode-alt/ext %F"),  # no shell: ~ is no home
        _entry("Exec=code --extensions-dir=$HOME/.vscode-alt/ext %F"),
        _entry("Exec=code --extensions-dir ext %F"),  # relative to a folder the entry does not say
    ],
    ids=["tilde", "variable", "relative"],
)
def test_a_menu_entrys_folder_that_cannot_be_placed_is_never_a_clean_bill(
    tmp_path, machine_factory, monkeypatch, capsys, text
):
    m = machine_factory("linux")
    m.write(m.h(f"{MENU}/code.desktop"), text)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code != 0 and not report["check"]["compliant"], out
    assert any(f"{MENU}/code.desktop line 4" in u["config"] for u in report["unchecked_configs"]), report[
        "unchecked_configs"
    ]


def test_menu_entries_that_move_nothing_add_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    """The harmless twins: the editor's entry without the flag, another program's flag, an Exec outside the
    desktop groups, a commented line; a subfolder's entry that starts the editor plainly."""
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=".vscode-alt/ext")
    m.write(m.h(f"{MENU}/code.desktop"), _entry("Exec=/usr/share/code/code --unity-launch %F"))
    m.write(
        m.h(f"{MENU}/other.desktop"), "[Desktop Entry]\nExec=/opt/other --extensions-dir=/home/ada/.vscode-alt/ext\n"
    )
    m.write(
        m.h(f"{MENU}/odd.desktop"),
        "[X-Vendor]\nExec=code --extensions-dir=/home/ada/.vscode-alt/ext\n[Desktop Entry]\n"
        "# Exec=code --extensions-dir=/home/ada/.vscode-alt/ext\nExec=code\n",
    )
    m.write(m.h(f"{MENU}/wine/code.desktop"), _entry("Exec=code --new-window"))
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not report["errors"] and not report["unchecked_configs"], out
    _untouched(report, ".vscode-alt")


@pytest.mark.parametrize(
    "file, bashrc",
    [
        # a subfolder of the menu's: GLib and KDE read them (the entry's id is wine-code.desktop)
        (f"{MENU}/wine/code.desktop", ""),
        (f"{MENU}/work/deeper/code.desktop", ""),
        # the user's Flatpak installs' exports, which flatpak's profile script puts on XDG_DATA_DIRS
        (".local/share/flatpak/exports/share/applications/code.desktop", ""),
        # a folder of the home a startup file puts on XDG_DATA_DIRS
        (".apps/share/applications/code.desktop", 'export XDG_DATA_DIRS="$HOME/.apps/share:${XDG_DATA_DIRS}"\n'),
    ],
    ids=["wine", "deeper", "flatpak", "data-dirs"],
)
def test_a_menu_entry_in_every_menu_folder_of_the_user_is_read(
    tmp_path, machine_factory, monkeypatch, capsys, file, bashrc
):
    """Before, only the top of ~/.local/share/applications was listed: each of these passed (exit 0)."""
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=".vscode-alt/ext")
    m.write(m.h(file), _entry("Exec=/usr/share/code/code --extensions-dir=/home/ada/.vscode-alt/ext %F"))
    if bashrc:
        m.write(m.h(".bashrc"), bashrc)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/.vscode-alt/ext/{CLINE}-3.30.0")


@pytest.mark.parametrize("bound", ["depth", "folders"])
def test_menu_subfolders_past_the_bounds_need_action(tmp_path, machine_factory, monkeypatch, capsys, bound):
    """Subfolders deeper, or more of them, than are listed: what their entries start is not known."""
    from tui.core import desktop_entries

    m = machine_factory("linux")
    if bound == "depth":
        m.write(m.h(f"{MENU}/a/b/c/d/e/code.desktop"), _entry("Exec=code"))
    else:
        monkeypatch.setattr(desktop_entries, "MAX_MENU_SUBFOLDERS", 3)
        for i in range(5):
            m.write(m.h(f"{MENU}/sub{i}/code.desktop"), _entry("Exec=code"))
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and not report["check"]["compliant"], out
    assert any(MENU in u["config"] for u in report["unchecked_configs"]), report["unchecked_configs"]


@pytest.mark.parametrize(
    "content",
    [
        "[Desktop Entry]\nExec=code\n" + f"Comment={MARKER}\n" * 8000,  # bigger than any menu entry
        b"\x00\xff\xfe[Desktop Entry\x00Exec=\x00" * 50,  # not text: read as far as it goes, nothing run from it
        _entry('Exec=code "--extensions-dir=/home/ada/.vscode-alt/ext %F'),  # a quote that does not close
    ],
    ids=["huge", "binary", "unclosed-quote"],
)
def test_a_broken_menu_entry_gives_a_clear_outcome(tmp_path, machine_factory, monkeypatch, capsys, content):
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=".vscode-alt/ext")
    m.write(m.h(f"{MENU}/code.desktop"), content)
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert "Traceback" not in out and MARKER not in out
    if isinstance(content, bytes):
        assert code == 0, out
    elif "Comment" in content:
        assert code == 1 and report["unchecked_configs"], out
        assert any("code.desktop" in u["config"] for u in report["unchecked_configs"])
    else:  # read at its spaces: the folder is found all the same
        _prohibited(code, report, out, "cline", f"/.vscode-alt/ext/{CLINE}-3.30.0")


def test_more_menu_entries_than_are_read_need_action(tmp_path, machine_factory, monkeypatch, capsys):
    """The bound counts every user's menu folder together (here the entries past it are in a subfolder)."""
    from tui.core import desktop_entries

    monkeypatch.setattr(desktop_entries, "MAX_MENU_ENTRIES", 20)
    m = machine_factory("linux")
    for i in range(15):
        m.write(m.h(f"{MENU}/app{i:04}.desktop"), "[Desktop Entry]\nExec=/usr/bin/true\n")
        m.write(m.h(f"{MENU}/more/app{i:04}.desktop"), "[Desktop Entry]\nExec=/usr/bin/true\n")
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 1 and not report["check"]["compliant"], out
    assert any(u["config"].endswith(f"{MENU}/more") for u in report["unchecked_configs"]), report["unchecked_configs"]


@pytest.mark.parametrize(
    "value, words",
    [
        ("code %F", ["code"]),
        ('"/opt/My App/code" --flag="a b" %U', ["/opt/My App/code", "--flag=a b"]),
        (r'sh -c "echo \"hi\" \$HOME"', ["sh", "-c", 'echo "hi" $HOME']),
        ("app --percent=100%% --file=%f", ["app", "--percent=100%", "--file="]),
        (r"app a\sb 'c d'", ["app", "a", "b", "c d"]),  # \s separates; GLib's single quotes keep
    ],
)
def test_exec_values_are_split_as_the_desktop_splits_them(value, words):
    assert exec_words(value) == words


# -- a Flatpak's menu entry: `flatpak run [options] APP [its arguments]` ---------------------------------------
FLATPAK_EXPORTS = ".local/share/flatpak/exports/share/applications"


@pytest.mark.parametrize(
    "exec_line",
    [
        # as Flathub's export writes it: flatpak's own options, the app, its arguments, file forwarding
        "Exec=/usr/bin/flatpak run --branch=stable --arch=x86_64 --command=code --file-forwarding "
        "com.visualstudio.code --extensions-dir=/home/ada/.vscode-alt/ext @@ %F @@",
        # an option of flatpak's given its value as the next word, and a ref with its arch and branch
        "Exec=flatpak run --env GITHUB_TOKEN=x com.vscodium.codium//stable --extensions-dir /home/ada/.vscode-alt/ext",
        # in a shell's line
        'Exec=sh -c "flatpak run com.visualstudio.code --extensions-dir ~/.vscode-alt/ext"',
    ],
    ids=["flathub-export", "ref-and-option-value", "shell"],
)
def test_an_extensions_dir_given_to_a_flatpak_in_a_menu_entry_is_read(
    tmp_path, machine_factory, monkeypatch, capsys, exec_line
):
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=".vscode-alt/ext")
    m.write(m.h(f"{FLATPAK_EXPORTS}/com.visualstudio.code.desktop"), _entry(exec_line))
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "cline", f"/.vscode-alt/ext/{CLINE}-3.30.0")


@pytest.mark.parametrize(
    "app",
    ["com.google.Chrome", "org.chromium.Chromium", "com.brave.Browser", "com.microsoft.Edge"],
)
def test_a_user_data_dir_given_to_a_flatpak_browser_in_a_menu_entry_is_read(
    tmp_path, machine_factory, monkeypatch, capsys, app
):
    m = machine_factory("linux")
    m.chromium_extension(SIDER, "5.32.8", name="Sider", root=m.h(".chrome-alt"))
    m.write(
        m.h(f"{FLATPAK_EXPORTS}/{app}.desktop"),
        f"[Desktop Entry]\nName=Browser\nExec=/usr/bin/flatpak run --branch=stable --arch=x86_64 {app} "
        "--user-data-dir=/home/ada/.chrome-alt @@u %U @@\n",
    )
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    _prohibited(code, report, out, "sider", f"/.chrome-alt/Default/Extensions/{SIDER}")


def test_a_flatpak_of_another_app_moves_nothing(tmp_path, machine_factory, monkeypatch, capsys):
    m = machine_factory("linux")
    m.vscode_extension(CLINE, "3.30.0", root=".vscode-alt/ext")
    m.write(
        m.h(f"{FLATPAK_EXPORTS}/org.example.Other.desktop"),
        _entry("Exec=flatpak run org.example.Other --extensions-dir=/home/ada/.vscode-alt/ext"),
    )
    code, report, out = check_json(tmp_path, monkeypatch, capsys, m)
    assert code == 0 and not report["unchecked_configs"], out
    _untouched(report, ".vscode-alt")
