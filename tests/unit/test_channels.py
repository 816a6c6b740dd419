"""Every install channel, on every platform's conventions, against real synthetic disks."""

from __future__ import annotations

import json

import pytest

from tui.core.scanner import scan


def installs(report, tool_id):
    f = report.finding(tool_id)
    return [] if f is None else f.installs


def by_channel(report, tool_id, channel):
    return [i for i in installs(report, tool_id) if i.channel == channel]


NPM_MANAGERS = {
    "linux": ["npm", "user", "nvm", "volta", "fnm", "asdf", "mise", "pnpm", "bun"],
    "macos": ["npm", "homebrew", "nvm", "pnpm", "bun", "fnm"],
    "windows": ["npm", "nvm", "pnpm", "bun"],
}


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_npm_globals_under_every_prefix_and_version_manager(machine_factory, pack, platform):
    for manager in NPM_MANAGERS[platform]:
        m = machine_factory(platform, name=manager)
        m.npm("@anthropic-ai/claude-code", "2.1.250", manager=manager)
        # the platform-specific optional dependency is evidence of nothing on its own
        m.npm("@anthropic-ai/claude-code-linux-x64", "2.1.250", manager=manager)
        report = scan(m.machine(), pack)
        found = by_channel(report, "claude-code", "npm")
        assert [(i.version, i.key) for i in found] == [("2.1.250", "@anthropic-ai/claude-code")], manager
        assert len(report.findings) == 1


@pytest.mark.parametrize("platform", ["linux", "macos"])
def test_path_symlink_resolves_inside_root_and_gives_version(machine_factory, pack, platform):
    m = machine_factory(platform)
    m.npm("@google/gemini-cli", "0.9.0", manager="npm", bin_name="gemini")
    # an absolute symlink target must resolve inside --root, not on the host
    link = m.h(".local/bin/claude")
    m.native(m.h(".local/share/claude/versions"), "2.1.250", link=link)
    report = scan(m.machine(), pack)
    path_hits = by_channel(report, "gemini-cli", "path")
    assert path_hits and path_hits[0].version == "0.9.0"
    assert path_hits[0].path == "/usr/local/bin/gemini"
    claude = by_channel(report, "claude-code", "path")
    assert claude[0].version == "2.1.250"
    assert "/home" in claude[0].detail or "/Users" in claude[0].detail


def test_windows_npm_cmd_shim_and_path_suffixes(machine_factory, pack):
    m = machine_factory("windows")
    m.npm("@anthropic-ai/claude-code", "2.1.120", manager="npm", bin_name="claude")
    report = scan(m.machine(), pack)
    hits = by_channel(report, "claude-code", "path")
    assert len(hits) == 1
    assert hits[0].path.startswith("C:\\Users\\ada\\AppData\\Roaming\\npm\\")
    assert hits[0].path.lower().endswith("claude.cmd")
    assert hits[0].version == "2.1.120"


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("manager", ["pipx", "uv", "pip"])
def test_python_distributions(machine_factory, pack, platform, manager):
    m = machine_factory(platform)
    m.python("aider-chat", "0.86.2", manager=manager)
    m.python("requests", "2.32.0", manager=manager)  # unrelated package
    report = scan(m.machine(), pack)
    hits = by_channel(report, "aider", "python")
    assert [(i.version, i.manager) for i in hits] == [("0.86.2", manager)]
    assert [f.tool.id for f in report.findings] == ["aider"]


@pytest.mark.parametrize("platform", ["linux", "macos"])
def test_homebrew_formula_wrapping_npm_and_casks(machine_factory, pack, platform):
    m = machine_factory(platform)
    m.brew_formula("gemini-cli", "0.9.0_1", npm_package="@google/gemini-cli", npm_version="0.9.0")
    m.brew_cask("claude-code", "2.1.200")
    m.brew_formula("ollama", "0.12.3")
    report = scan(m.machine(), pack)
    assert by_channel(report, "gemini-cli", "brew")[0].version == "0.9.0"
    cask = by_channel(report, "claude-code", "brew")[0]
    assert (cask.version, cask.manager) == ("2.1.200", "cask")
    assert by_channel(report, "ollama", "brew")[0].version == "0.12.3"


def test_homebrew_is_not_looked_for_on_windows(machine_factory, pack):
    m = machine_factory("windows")
    m.write("/opt/homebrew/Caskroom/claude-code/2.1.200/x", "")
    assert scan(m.machine(), pack).findings == []


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_native_installer_versions(machine_factory, pack, platform):
    m = machine_factory(platform)
    m.native(m.h(".local/share/claude/versions"), "2.1.250")
    m.native(m.h(".local/share/claude/versions"), "2.1.249")
    m.write(m.h(".local/share/claude/versions/.lock"), "")
    report = scan(m.machine(), pack)
    assert sorted(i.version for i in by_channel(report, "claude-code", "native")) == ["2.1.249", "2.1.250"]


EDITORS = [
    ".vscode/extensions",
    ".vscode-insiders/extensions",
    ".vscode-oss/extensions",
    ".cursor/extensions",
    ".windsurf/extensions",
    ".vscode-server/extensions",
    ".kiro/extensions",
    ".trae/extensions",
]


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("root", EDITORS)
def test_editor_extensions_from_extensions_json(machine_factory, pack, platform, root):
    m = machine_factory(platform)
    m.vscode_extension("GitHub.copilot", "1.300.0", root=root)
    m.vscode_extension("ms-python.python", "2025.1.0", root=root)  # not an AI tool
    report = scan(m.machine(), pack)
    hits = by_channel(report, "github-copilot", "vscode")
    assert [(i.version, i.key) for i in hits] == [("1.300.0", "github.copilot")]


def test_leftover_extension_folders_are_not_installs(machine_factory, pack):
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")
    # an upgraded-away version lingers on disk but is not in extensions.json
    m.vscode_extension("github.copilot", "1.250.0", listed=False)
    m.vscode_extension("saoudrizwan.claude-dev", "3.1.0", listed=False)  # uninstalled Cline...
    obsolete = {"saoudrizwan.claude-dev-3.1.0": True, "github.copilot-1.250.0": True}
    m.write_json(m.h(".vscode/extensions/.obsolete"), obsolete)  # ...which VS Code marks for removal
    report = scan(m.machine(), pack)
    assert [i.version for i in by_channel(report, "github-copilot", "vscode")] == ["1.300.0"]
    assert report.finding("cline") is None


def test_an_extension_taken_out_of_extensions_json_by_hand_still_counts(machine_factory, pack):
    """VS Code's uninstall both drops the entry and marks the folder in .obsolete: a catalog extension's folder
    that extensions.json does not name and .obsolete does not mark was taken out by hand, and still counts."""
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")
    m.vscode_extension("saoudrizwan.claude-dev", "3.1.0", listed=False)  # Cline, its entry deleted
    report = scan(m.machine(), pack)
    [cline] = by_channel(report, "cline", "vscode")
    assert cline.version == "3.1.0" and "not in extensions.json and not marked for removal" in cline.detail
    assert report.finding("cline").action_required


@pytest.mark.parametrize("where", ["location", "escaped identifier"])
def test_extensions_json_naming_an_id_outside_its_identifiers_neither_hides_nor_doubles_it(
    machine_factory, pack, where
):
    """Which catalog extensions extensions.json lists comes from its parsed identifiers, not from a text search:
    an id that appears only in another entry's location (an entry edited by hand to point at Cline's folder)
    does not hide Cline's folder, and an identifier written with a JSON escape is Cline's entry, once."""
    m = machine_factory("linux")
    m.vscode_extension("github.copilot", "1.300.0")
    m.vscode_extension("saoudrizwan.claude-dev", "3.1.0", listed=where != "location")
    manifest = m.host(m.h(".vscode/extensions/extensions.json"))
    entries = json.loads(manifest.read_text())
    if where == "location":
        entries[0]["relativeLocation"] = "saoudrizwan.claude-dev-3.1.0"
    text = json.dumps(entries)
    if where == "escaped identifier":
        text = text.replace('"saoudrizwan.claude-dev"', '"saoudrizwan.claude-de\\u0076"')
        assert "saoudrizwan.claude-dev" not in text.split("location")[0]
    manifest.write_text(text)
    report = scan(m.machine(), pack)
    [cline] = by_channel(report, "cline", "vscode")
    assert cline.version == "3.1.0"
    assert report.finding("cline").action_required
    listed = "not in extensions.json" not in cline.detail
    assert listed == (where == "escaped identifier")


def test_without_extensions_json_folders_minus_obsolete_are_used(machine_factory, pack):
    m = machine_factory("linux")
    root = m.h(".vscode/extensions")
    m.write_json(f"{root}/saoudrizwan.claude-dev-3.1.0/package.json", {"name": "claude-dev", "version": "3.1.0"})
    m.write_json(f"{root}/github.copilot-1.2.0/package.json", {"name": "copilot", "version": "1.2.0"})
    m.write_json(f"{root}/.obsolete", {"github.copilot-1.2.0": True})
    report = scan(m.machine(), pack)
    assert [i.version for i in by_channel(report, "cline", "vscode")] == ["3.1.0"]
    assert report.finding("github-copilot") is None


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_jetbrains_plugin_identity_from_plugin_xml(machine_factory, pack, platform):
    m = machine_factory(platform)
    m.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij", ide="IntelliJIdea2025.2")
    report = scan(m.machine(), pack)
    hit = by_channel(report, "github-copilot", "jetbrains")[0]
    assert (hit.version, hit.key, hit.manager) == ("1.5.60", "com.github.copilot", "IntelliJIdea2025.2")


def test_jetbrains_folder_with_another_plugin_id_still_counts_by_its_folder(machine_factory, pack):
    """The folder the catalog names, whose plugin.xml says another id: the descriptor was edited (or the jar
    repacked), and the IDE runs the same code under the other id. An edited file must not hide the plugin."""
    m = machine_factory("linux")
    m.jetbrains_plugin("org.example.not.copilot", "1.0", "github-copilot-intellij")
    [hit] = by_channel(scan(m.machine(), pack), "github-copilot", "jetbrains")
    assert "its plugin.xml names the id 'org.example.not.copilot'; counted by its folder" in hit.detail


@pytest.mark.parametrize(
    "id_element",
    [
        "<id >com.github.copilot</id >",
        '<id\n  kind="main">com.github.copilot</id>',
        "<id>com.github.copi&#108;ot</id>",
        "<id>com.github.copi&#x6C;ot</id>",
        "<id>com.github.<!-- the rest -->copilot</id>",
        "<id><![CDATA[com.github.copilot]]></id>",
    ],
)
def test_jetbrains_plugin_id_is_read_as_an_xml_reader_reads_it(machine_factory, pack, id_element):
    """The IDE reads plugin.xml with an XML parser: spacing inside the tags, attributes, character references,
    comments and CDATA all give it the same id, so they must not hide the plugin from the scan (a jar repacked
    that way would otherwise pass as another plugin of the same folder name)."""
    m = machine_factory("linux")
    xml = (
        '<idea-plugin>\n  <idea-version since-build="241"/>\n  '
        + id_element
        + "\n  <name>GitHub Copilot</name>\n  <version>1.5.60</version>\n</idea-plugin>\n"
    )
    m.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij", plugin_xml=xml.encode())
    [hit] = by_channel(scan(m.machine(), pack), "github-copilot", "jetbrains")
    assert (hit.version, hit.key) == ("1.5.60", "com.github.copilot")
    assert "counted by its folder" not in hit.detail


def test_jetbrains_plugin_id_behind_an_entity_is_counted_by_its_folder(machine_factory, pack):
    """An id made of an entity declared in the file's own DOCTYPE is one aicheck does not expand: the folder
    the catalog names still counts, with a note, rather than passing as another plugin."""
    m = machine_factory("linux")
    xml = (
        '<!DOCTYPE idea-plugin [<!ENTITY rest "copilot">]>\n<idea-plugin>\n  <id>com.github.&rest;</id>\n'
        "  <version>1.5.60</version>\n</idea-plugin>\n"
    )
    m.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij", plugin_xml=xml.encode())
    report = scan(m.machine(), pack)
    [hit] = by_channel(report, "github-copilot", "jetbrains")
    assert "counted by its folder" in hit.detail
    assert report.finding("github-copilot") is not None


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
@pytest.mark.parametrize("manager", ["lazy", "pack", "plug"])
def test_vim_plugins(machine_factory, pack, platform, manager):
    m = machine_factory(platform)
    m.vim_plugin("copilot.vim", manager=manager)
    m.vim_plugin("telescope.nvim", manager=manager)
    report = scan(m.machine(), pack)
    assert [i.key for i in by_channel(report, "github-copilot", "vim")] == ["copilot.vim"]


@pytest.mark.parametrize("binary", [False, True])
def test_macos_app_bundles(machine_factory, pack, binary):
    m = machine_factory("macos")
    m.mac_app("Cursor.app", "com.todesktop.230313mzl4w4u92", "1.7.2", binary_plist=binary)
    m.mac_app("Claude.app", "com.anthropic.claudefordesktop", "0.13.1", folder=m.h("Applications"))
    m.mac_app("Visual Studio Code.app", "com.microsoft.VSCode", "1.105.0")  # an editor without AI: not a tool
    report = scan(m.machine(), pack)
    assert by_channel(report, "cursor", "apps")[0].version == "1.7.2"
    assert by_channel(report, "claude-desktop", "apps")[0].version == "0.13.1"
    assert {f.tool.id for f in report.findings} == {"cursor", "claude-desktop"}


def test_app_named_like_a_tool_with_another_bundle_id_is_not_the_tool(machine_factory, pack):
    m = machine_factory("macos")
    m.mac_app("Cursor.app", "com.example.cursor-theme-tool", "1.0")
    assert scan(m.machine(), pack).finding("cursor") is None


@pytest.mark.parametrize("style", ["electron", "squirrel"])
def test_windows_program_folders(machine_factory, pack, style):
    m = machine_factory("windows")
    m.windows_program(f"{m.localappdata}/Programs/cursor", "1.7.2", style=style)
    m.windows_program(f"{m.localappdata}/AnthropicClaude", "0.13.1", style="squirrel")
    report = scan(m.machine(), pack)
    hit = by_channel(report, "cursor", "windows")[0]
    assert hit.version == "1.7.2"
    assert hit.path == "C:\\Users\\ada\\AppData\\Local\\Programs\\cursor"
    assert by_channel(report, "claude-desktop", "windows")[0].version == "0.13.1"


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_config_folders_are_evidence_of_use_only(machine_factory, pack, platform):
    m = machine_factory(platform)
    m.config(m.h(".cursor"))
    report = scan(m.machine(), pack)
    f = report.finding("cursor")
    assert f.evidence_only and f.verdict == "prohibited" and not f.action_required
    assert f.installs[0].channel == "config"


def test_api_key_variable_recorded_as_set_never_its_value(machine_factory, pack):
    m = machine_factory("linux")
    secret = "sk-ant-very-secret-value"
    m.env["ANTHROPIC_API_KEY"] = secret
    report = scan(m.machine(), pack)
    from tui.report.json_report import dumps

    text = dumps(report)
    assert "$ANTHROPIC_API_KEY" in text
    assert secret not in text


def test_each_platform_uses_only_its_own_conventions(machine_factory, pack):
    """A Linux home layout scanned as macOS must not produce Linux-only detections, and vice versa."""
    linux = machine_factory("linux")
    linux.jetbrains_plugin("com.github.copilot", "1.5.60", "github-copilot-intellij")
    mac_view = linux.machine()
    mac_view.platform = "macos"
    assert scan(mac_view, pack).finding("github-copilot") is None
    assert scan(linux.machine(), pack).finding("github-copilot") is not None


def test_path_command_from_a_pipx_venv_gets_the_distribution_version(machine_factory, pack):
    m = machine_factory("linux")
    m.python("aider-chat", "0.86.2", manager="pipx", bin_name="aider")
    hit = by_channel(scan(m.machine(), pack), "aider", "path")[0]
    assert hit.version == "0.86.2" and hit.path == "/home/ada/.local/bin/aider"


@pytest.mark.parametrize("platform", ["linux", "macos", "windows"])
def test_a_command_in_a_standard_folder_is_found_when_the_search_path_leaves_it_out(machine_factory, pack, platform):
    """A PATH narrowed for aicheck's run alone (or a --search-path that forgets ~/.local/bin) must not hide an
    installed command: the standard command folders are looked at too, and the detail says it is not on PATH."""
    m = machine_factory(platform)
    name = "cursor-agent.exe" if platform == "windows" else "cursor-agent"
    m.executable(name, content="binary")
    m.search_path.clear()
    m.add_to_path(m.h("elsewhere/bin"))
    m.host(m.h("elsewhere/bin")).mkdir(parents=True)
    report = scan(m.machine(), pack)
    [hit] = by_channel(report, "cursor", "path")
    assert hit.path == m.machine().display(m.h(f".local/bin/{name}"))
    assert "in a standard folder that is not on the search path" in hit.detail
    assert report.finding("cursor").action_required


def test_a_version_that_cannot_be_read_is_never_a_clean_bill(machine_factory, pack):
    """Claude Code's npm folder renamed (and its command relinked): no channel can read the version, so nothing
    confirms it is within the allowed range or outside the advisory. That needs action, where before the
    tool passed with every condition met."""
    import os

    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.150", bin_name="claude")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    scope = m.host("/usr/local/lib/node_modules/@anthropic-ai")
    os.rename(scope / "claude-code", scope / "cc-renamed")
    link = m.host("/usr/local/bin/claude")
    target = os.readlink(link)
    link.unlink()
    link.symlink_to(target.replace("claude-code", "cc-renamed"))
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.action_required and f.versions == []
    assert f.headline == (
        "The version of /usr/local/bin/claude cannot be read: nothing confirms it is within >=2.1.198 and not "
        "affected by AICHECK-2026-0001."
    )
    # beside an install whose version is known the command still runs the renamed folder: it still counts
    m.npm("@anthropic-ai/claude-code", "2.1.250", manager="user", bin_name="claude")
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.versions == ["2.1.250"] and [i.path for i in f.unknown_versions] == ["/usr/local/bin/claude"]
    # a command that runs the known install is that install's, not a second unknown one
    link.unlink()
    link.symlink_to(m.host(m.h(".npm-global/lib/node_modules/@anthropic-ai/claude-code/cli.js")))
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.versions == ["2.1.250"] and not f.unknown_versions


def test_a_copy_of_a_program_beside_a_known_install_still_counts(machine_factory, pack):
    """An affected native binary copied (not linked) to ~/.local/bin/claude, and a clean npm install of an
    allowed version in an nvm folder that is not on the search path: the command the user runs is the copy,
    whose version no file states. It counts (before, any known version elsewhere made it 'one of theirs')."""
    m = machine_factory("linux")
    m.npm("@anthropic-ai/claude-code", "2.1.250", manager="nvm")
    m.write(m.h(".local/bin/claude"), b"\x7fELF a copy of a native build")
    m.host(m.h(".local/bin/claude")).chmod(0o755)
    m.add_to_path(m.h(".local/bin"))
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    f = scan(m.machine(), pack).finding("claude-code")
    assert f.action_required and [i.path for i in f.unknown_versions] == [m.h(".local/bin/claude")]


@pytest.mark.parametrize(
    "line",
    [
        'export PATH="$HOME/tools/bin:$PATH"',
        "PATH=~/tools/bin:/usr/bin:/bin; export PATH",
        "export PATH=$PATH:${HOME}/tools/bin",
        "typeset -U path\npath=(~/tools/bin $path)",  # zsh's path array
        "path+=($HOME/tools/bin)",
        "set -gx PATH ~/tools/bin $PATH",  # fish
        "fish_add_path -g ~/tools/bin",
        '# \x00 (bash drops NUL bytes and runs the rest)\nexport PATH="$HOME/tools/bin:$PATH"',  # red team
        '# caf\xe9 in Latin-1\nexport PATH="$HOME/tools/bin:$PATH"',
    ],
)
def test_a_folder_a_startup_file_puts_on_the_search_path_is_looked_in(machine_factory, pack, line):
    """`npm i -g --prefix ~/tools` and `export PATH="$HOME/tools/bin:$PATH"` in ~/.bashrc: no npm root names
    that prefix, and a check run with a narrow PATH (a script's, cron's: /usr/bin) did not look there. The
    folders the startup files put on PATH are looked in for commands, beside the search path's own."""
    m = machine_factory("linux")
    pkg = m.h("tools/lib/node_modules/@anthropic-ai/claude-code")
    m.write_json(f"{pkg}/package.json", {"name": "@anthropic-ai/claude-code", "version": "2.1.150"})
    m.write(f"{pkg}/cli.js", "#!/usr/bin/env node\n")
    m.symlink(m.h("tools/bin/claude"), f"{pkg}/cli.js")
    m.write_json(m.h(".claude/settings.json"), {"env": {"ANTHROPIC_BASE_URL": "https://ai-gateway.example.com"}})
    clean = scan(m.machine(), pack).finding("claude-code")
    fish, zsh = line.startswith(("set ", "fish_add_path")), "path=(" in line or "path+=(" in line
    text = (line + "\n").encode("latin-1")  # a byte that is no UTF-8 stays a byte
    m.write(m.h(".config/fish/config.fish" if fish else ".zshrc" if zsh else ".bashrc"), text)
    f = scan(m.machine(), pack).finding("claude-code")
    command = next(i for i in f.installs if i.channel == "path")
    assert f.action_required and f.versions == ["2.1.150"] and "a shell startup file puts" in command.detail
    assert clean is None or not clean.versions  # without the line, nothing leads there
