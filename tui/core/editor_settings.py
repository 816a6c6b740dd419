"""The VS Code family's settings files (each editor's user settings and its profiles'), and whether an editor's
folder may be there at all. Read for the variables they set for the editor's terminal and the Claude Code
extension (:func:`tui.core.startup.exported_settings`) and for the programs its terminal and tasks start
(:mod:`tui.core.launcher_settings`)."""

from __future__ import annotations

from tui.core.machine import Disk

# an editor's settings that set variables: VS Code's (and its forks') terminal.integrated.env.<platform> for
# the shells of its terminal, and the Claude Code extension's claudeCode.environmentVariables for its sessions
# (each editor's user settings and each of its profiles' own: a profile in use reads its folder's settings.json,
# whichever build of VS Code or fork keeps it)
# more of the family, each keeping its user folder (User/) under the same {ud} as VS Code's (Kiro's and Trae's
# also named by their MCP and workspace readers)
VSCODE_FORKS = ("VSCodium - Insiders", "Trae", "Trae CN", "Kiro", "Antigravity", "Positron")
EDITOR_SETTINGS = (
    *(
        f"{{ud}}/{editor}/User/{settings}"
        for editor in (*("Code", "Code - Insiders", "VSCodium", "Cursor", "Windsurf"), *VSCODE_FORKS)
        for settings in ("settings.json", "profiles/*/settings.json")
    ),
    "{home}/.vscode-server/data/Machine/settings.json",
)
MAX_PARENT_NAMES = 20_000  # names of an editor's parent folder listed; a bigger one may hold the editor


def may_hold(disk: Disk, folder: str) -> bool:
    """Whether ``folder`` (an editor's own: ``~/.config/Code``) may be there, from its parent's listing (made once
    a scan, most often for other readers already): a dozen editors' files are looked for and most editors are not
    installed. A parent too big to list, or a name written in another case where the file system ignores case,
    may hold it. Each folder's answer is kept for the scan (the editors' settings are looked for by several
    readers, each in each set of folders)."""
    memo: dict[str, bool] = disk.remembered(may_hold, dict)
    if folder not in memo:
        parent, _, name = folder.rpartition("/")
        children = disk.small_children(parent, MAX_PARENT_NAMES)
        if children is None or not children.listed or name in children:
            memo[folder] = True
        else:
            fold = disk.machine.platform in ("macos", "windows")
            memo[folder] = fold and any(n.casefold() == name.casefold() for n in children.names())
    return memo[folder]
