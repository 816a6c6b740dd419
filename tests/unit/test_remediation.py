"""Remediation steps per install channel: exact commands where a manager owns the install, manual
instructions elsewhere, and never a command built from text with control characters."""

from __future__ import annotations

import pytest

from tui.core.models import Install
from tui.core.remediation import remediation


def inst(channel, manager="", key="", path="/x", version="1.0", **kw):
    return Install("tool", channel, path, version, "", manager, key, **kw)


@pytest.mark.parametrize(
    "manager,expected",
    [
        ("npm", "npm uninstall --global @anthropic-ai/claude-code"),
        ("nvm", "npm uninstall --global @anthropic-ai/claude-code"),
        ("pnpm", "pnpm remove --global @anthropic-ai/claude-code"),
        ("bun", "bun remove --global @anthropic-ai/claude-code"),
        ("yarn", "yarn global remove @anthropic-ai/claude-code"),
        ("volta", "volta uninstall @anthropic-ai/claude-code"),
    ],
)
def test_npm_commands_per_manager(manager, expected):
    r = remediation(
        inst(
            "npm",
            manager,
            "@anthropic-ai/claude-code",
            "/home/ada/.nvm/versions/node/v22.11.0/lib/node_modules/@anthropic-ai/claude-code",
        )
    )
    assert r.commands == [expected]


def test_nvm_says_which_node_to_select():
    r = remediation(inst("npm", "nvm", "cline", "/home/ada/.nvm/versions/node/v20.11.0/lib/node_modules/cline"))
    assert "nvm use 20.11.0" in r.steps[0].text


@pytest.mark.parametrize(
    "manager,expected",
    [
        ("pipx", "pipx uninstall aider-chat"),
        ("uv", "uv tool uninstall aider-chat"),
        ("pip", "python3 -m pip uninstall aider-chat"),
    ],
)
def test_python_commands(manager, expected):
    assert remediation(inst("python", manager, "aider-chat")).commands == [expected]


def test_brew_formula_and_cask():
    assert remediation(inst("brew", "formula", "gemini-cli")).commands == ["brew uninstall gemini-cli"]
    assert remediation(inst("brew", "cask", "cursor")).commands == ["brew uninstall --cask cursor"]


@pytest.mark.parametrize("cli", ["code", "cursor", "windsurf", "codium", "code-insiders"])
def test_editor_extensions_use_the_editors_own_cli(cli):
    r = remediation(inst("vscode", cli, "saoudrizwan.claude-dev"))
    assert r.commands == [f"{cli} --uninstall-extension saoudrizwan.claude-dev"]


def test_jetbrains_plugin_manual_steps_and_folder_removal():
    path = "/Users/ada/Library/Application Support/JetBrains/PyCharm2025.2/plugins/github-copilot-intellij"
    r = remediation(inst("jetbrains", "PyCharm2025.2", "com.github.copilot", path), tool_name="GitHub Copilot")
    assert "PyCharm2025.2" in r.steps[0].text and "Uninstall" in r.steps[0].text
    assert r.commands == [f"rm -rf -- '{path}'"]


def test_windows_paths_use_powershell_literal_quoting():
    r = remediation(
        inst("native", "installer", "", "C:\\Users\\ada\\.local\\share\\claude\\versions\\2.1.1"), platform="windows"
    )
    assert r.commands == [
        "Remove-Item -Recurse -Force -LiteralPath 'C:\\Users\\ada\\.local\\share\\claude\\versions\\2.1.1'"
    ]


def test_shell_quoting_of_odd_names():
    r = remediation(inst("apps", "app", "x", "/Applications/Ada's $(rm -rf ~).app"))
    assert r.commands == ["rm -rf -- '/Applications/Ada'\"'\"'s $(rm -rf ~).app'"]


def test_control_characters_never_reach_a_command():
    r = remediation(inst("vscode", "code", "evil.ext\x1b[31m\nrm -rf ~"))
    assert r.commands == []
    assert "control characters" in r.steps[0].text
    assert "\x1b" not in r.steps[0].text and "\n" not in r.steps[0].text


@pytest.mark.parametrize("manager,word", [("lazy", ":Lazy clean"), ("plug", ":PlugClean")])
def test_vim_plugin_managers(manager, word):
    r = remediation(inst("vim", manager, "copilot.vim"))
    assert r.commands == [] and word in r.steps[-1].text


def test_windows_program_and_env_var_are_manual():
    assert remediation(inst("windows", "program", "", "C:\\x"), tool_name="Cursor").commands == []
    env = remediation(Install("t", "config", "$OPENAI_API_KEY", None, "", "env", "OPENAI_API_KEY", True))
    assert env.commands == [] and "OPENAI_API_KEY" in env.steps[0].text


def test_every_channel_has_a_remediation():
    from tui.core.models import CHANNELS

    for ch in CHANNELS:
        r = remediation(inst(ch, "", "k", "/p"))
        assert r.steps and r.summary


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("manager,word", [("plug", ":PlugClean"), ("lazy", ":Lazy clean"), ("packer", ":PackerClean")])
def test_vim_plugin_manager_from_a_real_scan_gets_its_clean_command(machine_factory, pack, platform, manager, word):
    """The scan names vim-plug "vim-plug": its users get :PlugClean, not a folder deletion (and packer's
    own pack folder is told apart from a plain Vim package)."""
    from tui.core.scanner import scan

    m = machine_factory(platform)
    m.vim_plugin("copilot.vim", manager=manager)
    (inst,) = scan(m.machine(), pack).finding("github-copilot").installs
    r = remediation(inst, platform=platform, tool_name="GitHub Copilot")
    assert r.commands == [] and word in r.steps[-1].text


def test_a_plain_vim_package_from_a_real_scan_is_deleted_as_a_folder(machine_factory, pack):
    from tui.core.scanner import scan

    m = machine_factory("linux")
    path = m.vim_plugin("copilot.vim", manager="pack")
    (inst,) = scan(m.machine(), pack).finding("github-copilot").installs
    assert remediation(inst).commands == [f"rm -rf -- {path}"]


def test_a_native_versions_launcher_goes_with_it(machine_factory, pack, capsys):
    """A new user ran the three commands `check` listed for a native Claude Code: ~/.local/bin/claude was left
    behind, a link to a version no longer there (the plan said only "for example ~/.local/bin/<command>",
    and `check` showed one command per item). The launcher found is named and removed with its version."""
    from tui.cli import main
    from tui.core.remediation import fix_plan
    from tui.core.scanner import scan

    m = machine_factory("linux")
    version = m.native(m.h(".local/share/claude/versions"), "2.1.150", link=m.h(".local/bin/claude"))
    f = scan(m.machine(), pack).finding("claude-code")
    [update] = [r for r in fix_plan(f, m.machine()) if r.action == "update"]
    assert update.instead.commands == [f"rm -rf -- {version}", f"rm -rf -- {m.h('.local/bin/claude')}"]
    assert update.summary.startswith("native installer version 2.1.150: update to")  # the version said once
    assert main(["check", "--content", "example", *m.cli_args()]) == 1
    out = capsys.readouterr().out
    assert f"or remove: rm -rf -- {version}" in out and f"  then: rm -rf -- {m.h('.local/bin/claude')}" in out


@pytest.mark.parametrize(
    "path, windows",
    [
        ("/home/ada/nl\\x0arm -rf ~\\x0a/bin/claude", False),  # a newline, as clean() shows it
        ("/home/ada/" + "d" * 300 + "…", False),  # cut to be shown
        ("C:\\Users\\ada\\" + "d" * 300 + "…", True),
    ],
)
def test_a_name_that_was_changed_to_be_shown_gets_no_command(path, windows):
    """Red team, third round: a launcher in a folder whose name holds a line break got
    `rm -rf -- '/home/ada/nl\\x0arm…'`, a command on the shown name, which is no name on the disk (it removed
    nothing, and said it would). A name clean() changed (escaped, cut) gets the note, never a command."""
    r = remediation(inst("appimage", "", "", path), platform="windows" if windows else "linux")
    assert r.commands == [] and "cannot be written safely in a command" in " ".join(s.text for s in r.steps)


def test_a_windows_folder_named_x64_is_no_escape():
    r = remediation(inst("appimage", "", "", "C:\\Program Files\\Tool\\x64\\tool.exe"), platform="windows")
    assert r.commands and "x64" in r.commands[0]


@pytest.mark.parametrize("name", ["evil\u202etxt.exe", "evil\u200b.ext", "evil\U000e0041.ext"])
def test_bidi_and_invisible_characters_never_reach_a_command(name):
    """A command is copied as written but shown cleaned: a name with a bidi override or a zero-width character
    would be one command on screen and another in the shell, so it gets the manual note instead."""
    r = remediation(inst("vscode", "code", name))
    assert r.commands == [] and "control characters" in r.steps[0].text
