"""End to end through `aicheck check`: a prohibited editor extension kept where the scan did not look gave a clean
bill (exit 0, nothing named). A variable that moves the folder an editor or a browser loads its extensions from
(`VSCODE_EXTENSIONS`, `VSCODE_PORTABLE`, `CHROME_CONFIG_HOME`, `CHROME_USER_DATA_DIR`), set in a startup file to
a folder that cannot be known, is a scan error, never a clean bill."""

from __future__ import annotations

import pytest

from support.packs import check_json


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
