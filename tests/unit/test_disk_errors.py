"""The one line a refused write gives: which file, why, and the fix that moves it (tui.atomic.disk_error)."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from tui.atomic import OUTPUT, disk_error

REFUSALS = [errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EEXIST]


@pytest.mark.parametrize("code", REFUSALS)
def test_a_file_aicheck_keeps_names_the_variable_that_moves_its_folder(code):
    message = str(disk_error(Path("/data/requests/r.toml"), OSError(code, "refused"), env="AICHECK_DATA_DIR"))
    assert message.startswith("cannot write /data/requests/r.toml: refused; ")
    assert "AICHECK_DATA_DIR" in message


@pytest.mark.parametrize("code", REFUSALS)
def test_a_file_an_output_option_names_is_moved_by_another_path_not_a_variable(code):
    """``grant issue -o /locked/g.txt`` refused: setting AICHECK_DATA_DIR would change nothing."""
    message = str(disk_error(Path("/locked/g.txt"), OSError(code, "refused"), env=OUTPUT))
    assert message.startswith("cannot write /locked/g.txt: refused; ")
    assert "AICHECK_" not in message and "{env}" not in message
    assert "another path" in message or "give a path" in message
