"""Homebrew formulae (``Cellar``) and casks (``Caskroom``); one install per version folder."""

from __future__ import annotations

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.npm_versions import read_package
from tui.core.channels.remedy import Remediation, Step, cmd, step
from tui.core.machine import to_machine_path
from tui.core.models import Install
from tui.core.text import clean

NAME = "brew"
LABEL = "Homebrew formulae and casks"
CATALOG_KEYS = (names("brew_formulae"), names("brew_casks"))

PREFIXES = {
    "linux": ("/home/linuxbrew/.linuxbrew", "{home}/.linuxbrew"),
    "macos": ("/opt/homebrew", "/usr/local"),
    "windows": (),
}


def locations(platform: str) -> tuple[str, ...]:
    return tuple(f"{prefix}/{folder}" for prefix in PREFIXES[platform] for folder in ("Cellar", "Caskroom"))


def _wrapped_npm_version(ctx: Context, version_dir: str, tool: Tool) -> str | None:
    """Formulae such as gemini-cli install an npm package inside ``libexec``: its package.json is exact."""
    for pkg in tool.sig("npm"):
        pkg_dir = f"{version_dir}/libexec/lib/node_modules/{pkg}"
        if ctx.disk.is_dir(pkg_dir):
            return read_package(ctx, pkg_dir)[1]
    return None


def scan(ctx: Context) -> list[Install]:
    formulae, casks = ctx.index("brew_formulae"), ctx.index("brew_casks")
    results: list[Install] = []
    prefixes = [p for t in PREFIXES.get(ctx.machine.platform, ()) for p in ctx.expand_all(t)]
    # `brew shellenv` sets it: this process's environment, or a startup file's export
    for moved in ctx.machine.folder_values("HOMEBREW_PREFIX"):
        if moved.startswith("/") and ctx.machine.platform != "windows":
            prefixes.append(to_machine_path(moved).rstrip("/"))
    for prefix in dict.fromkeys(prefixes):
        for folder, wanted, manager in (("Cellar", formulae, "formula"), ("Caskroom", casks, "cask")):
            if not wanted:
                continue
            children = ctx.disk.children(f"{prefix}/{folder}")
            for name in sorted(n for n in wanted if n in children and children[n].is_dir):
                for ver in ctx.disk.listdir(f"{prefix}/{folder}/{name}"):
                    if ver.name.startswith(".") or not (ver.is_dir or ver.is_symlink):
                        continue
                    for tool in wanted[name]:
                        version = (
                            _wrapped_npm_version(ctx, ver.path, tool) if manager == "formula" else None
                        ) or ctx.version(ver.name.split(",")[0], ver.path)
                        results.append(
                            ctx.install(
                                tool,
                                NAME,
                                ver.path,
                                version,
                                manager=manager,
                                key=name,
                                detail=f"Homebrew {manager} {name}",
                            )
                        )
    return results


# -- remediation -----------------------------------------------------------------------------------
def _what(i: Install) -> tuple[tuple[str, ...], str]:
    if i.manager == "cask":
        return ("--cask",), f"Homebrew cask {clean(i.key)}"
    return (), f"Homebrew formula {clean(i.key)}"


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    flags, what = _what(i)
    return Remediation(
        i, what, (step(f"Uninstall the {what}.", cmd(windows, "brew", "uninstall", *flags, literal=(i.key,)), i.key),)
    )


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    flags, what = _what(i)
    return Remediation(
        i,
        what,
        (
            step(
                f"Upgrade the {what} to {clean(target.version)} or later (any version {clean(target.text)}).",
                cmd(windows, "brew", "upgrade", *flags, literal=(i.key,)),
                i.key,
            ),
            Step("Then remove the old version folder if Homebrew kept it: `brew cleanup " + clean(i.key) + "`."),
        ),
    )
