"""Python distributions: site-packages of system and user Pythons, and pipx / uv tool venvs."""

from __future__ import annotations

from tui.core.catalog import Tool, names
from tui.core.channels.base import Context, Target
from tui.core.channels.readers import conflict_of, norm_dist, site_distributions, venv_site_patterns
from tui.core.channels.remedy import Remediation, Step, cmd, step
from tui.core.machine import to_machine_path
from tui.core.models import Install
from tui.core.text import clean

NAME = "python"
LABEL = "Python packages and tool venvs"
CATALOG_KEYS = (names("pypi"),)

SITE_PACKAGES = {
    "linux": (
        "/usr/lib/python3*/site-packages",
        "/usr/lib/python3*/dist-packages",
        "/usr/lib/python3/dist-packages",
        "/usr/local/lib/python3*/site-packages",
        "/usr/local/lib/python3*/dist-packages",
        "{home}/.local/lib/python3*/site-packages",
        "{home}/.pyenv/versions/*/lib/python3*/site-packages",
        "{home}/miniconda3/lib/python3*/site-packages",
        "{home}/anaconda3/lib/python3*/site-packages",
        "{home}/miniforge3/lib/python3*/site-packages",
        # conda / mamba base environments (installer defaults, user and system-wide)
        "{home}/mambaforge/lib/python3*/site-packages",
        "{home}/micromamba/lib/python3*/site-packages",
        "{home}/.local/share/mamba/lib/python3*/site-packages",
        "/opt/conda/lib/python3*/site-packages",
        "/opt/miniconda3/lib/python3*/site-packages",
        "/opt/anaconda3/lib/python3*/site-packages",
        "/opt/miniforge3/lib/python3*/site-packages",
        "/home/linuxbrew/.linuxbrew/lib/python3*/site-packages",
        "{home}/.linuxbrew/lib/python3*/site-packages",
    ),
    "macos": (
        "/Library/Python/*/site-packages",
        "{home}/Library/Python/*/lib/python/site-packages",
        "/opt/homebrew/lib/python3*/site-packages",
        "/usr/local/lib/python3*/site-packages",
        "{home}/.pyenv/versions/*/lib/python3*/site-packages",
        "{home}/miniconda3/lib/python3*/site-packages",
        "{home}/anaconda3/lib/python3*/site-packages",
        "{home}/miniforge3/lib/python3*/site-packages",
        "{home}/mambaforge/lib/python3*/site-packages",
        "{home}/micromamba/lib/python3*/site-packages",
        "/opt/miniconda3/lib/python3*/site-packages",
        "/opt/anaconda3/lib/python3*/site-packages",
        "/opt/homebrew/Caskroom/miniforge/base/lib/python3*/site-packages",
    ),
    "windows": (
        "{appdata}/Python/Python3*/site-packages",
        "{localappdata}/Programs/Python/Python3*/Lib/site-packages",
        "/Program Files/Python3*/Lib/site-packages",
        "{home}/miniconda3/Lib/site-packages",
        "{home}/anaconda3/Lib/site-packages",
        "{home}/miniforge3/Lib/site-packages",
        "/ProgramData/miniconda3/Lib/site-packages",
        "/ProgramData/anaconda3/Lib/site-packages",
    ),
}

# (folder holding one venv per tool, manager, site-packages pattern inside a venv)
TOOL_VENVS = {
    "linux": (
        ("{home}/.local/share/pipx/venvs", "pipx"),
        ("{home}/.local/pipx/venvs", "pipx"),
        ("{home}/.local/share/uv/tools", "uv"),
    ),
    "macos": (
        ("{home}/.local/pipx/venvs", "pipx"),
        ("{home}/.local/share/pipx/venvs", "pipx"),
        ("{home}/Library/Application Support/pipx/venvs", "pipx"),
        ("{home}/.local/share/uv/tools", "uv"),
    ),
    "windows": (
        ("{home}/pipx/venvs", "pipx"),
        ("{localappdata}/pipx/pipx/venvs", "pipx"),
        ("{home}/.local/pipx/venvs", "pipx"),
        ("{appdata}/uv/tools", "uv"),
        ("{appdata}/uv/data/tools", "uv"),
    ),
}


# Environment variables that move these folders, read on the live machine only (a disk image has no
# environment): (variable, sub-folder holding one venv per tool, manager); CONDA_PREFIX / MAMBA_ROOT_PREFIX
# name an environment whose site-packages is read.
ENV_TOOL_VENVS = (("PIPX_HOME", "venvs", "pipx"), ("UV_TOOL_DIR", "", "uv"))
ENV_PREFIXES = ("CONDA_PREFIX", "MAMBA_ROOT_PREFIX")


def locations(platform: str) -> tuple[str, ...]:
    return SITE_PACKAGES[platform] + tuple(template for template, _manager in TOOL_VENVS[platform])


def scan_site_packages(ctx: Context, site: str, manager: str, wanted: dict) -> list[Install]:
    out = []
    for meta_dir, dist, version in site_distributions(ctx, site, wanted):
        for tool in wanted[norm_dist(dist)]:
            out.append(
                ctx.install(
                    tool,
                    NAME,
                    meta_dir,
                    version,
                    manager=manager,
                    key=norm_dist(dist),
                    detail=f"Python package {dist} ({manager})",
                    version_conflict=conflict_of(ctx, meta_dir),
                )
            )
    return out


def scan(ctx: Context) -> list[Install]:
    wanted: dict = {}
    for name, tools in ctx.index("pypi").items():
        wanted.setdefault(norm_dist(name), []).extend(tools)
    if not wanted:
        return []
    plat = ctx.machine.platform
    results: list[Install] = []
    seen: set[str] = set()

    def visit(site: str, manager: str) -> None:
        if site not in seen:
            seen.add(site)
            results.extend(scan_site_packages(ctx, site, manager, wanted))

    for template in SITE_PACKAGES[plat]:
        for site in ctx.glob(template):
            visit(site, "pip")
    # a virtual environment whose bin/ is on the search path (activated venv, tool shims)
    if plat != "windows":
        for entry in ctx.machine.search_path:
            if entry.rstrip("/").endswith("/bin"):
                for site in ctx.glob(entry.rstrip("/")[:-4] + "/lib/python3*/site-packages"):
                    visit(site, "pip")
    for var in ENV_PREFIXES:
        for value in ctx.machine.folder_values(var):  # the environment's, and a startup file's export
            prefix = to_machine_path(value).rstrip("/")
            for pattern in venv_site_patterns(plat):
                for site in ctx.disk.glob_dirs(f"{prefix}/{pattern}"):
                    visit(site, "pip")
    tool_homes = [(home, manager) for template, manager in TOOL_VENVS[plat] for home in ctx.expand_all(template)]
    for var, sub, manager in ENV_TOOL_VENVS:
        for value in reversed(ctx.machine.folder_values(var)):
            tool_homes.insert(0, ((to_machine_path(value).rstrip("/") + "/" + sub).rstrip("/"), manager))
    for base, manager in tool_homes:
        for venv in ctx.disk.listdir(base):
            if not venv.is_dir or norm_dist(venv.name) not in wanted:
                continue
            for pattern in venv_site_patterns(plat):
                for site in ctx.disk.glob_dirs(f"{venv.path}/{pattern}"):
                    visit(site, manager)
    return results


# -- remediation -----------------------------------------------------------------------------------
def _same_python(i: Install) -> list[Step]:
    if i.manager != "pip":
        return []
    return [Step(f"Run it with the same Python that owns this site-packages folder: {clean(i.path, 300)}.")]


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    dist = i.key
    if i.manager == "pipx":
        command = cmd(windows, "pipx", "uninstall", literal=(dist,))
    elif i.manager == "uv":
        command = cmd(windows, "uv", "tool", "uninstall", literal=(dist,))
    else:
        command = cmd(windows, "py" if windows else "python3", "-m", "pip", "uninstall", literal=(dist,))
    steps = [
        step(f"Uninstall the Python package {clean(dist)} ({i.manager or 'pip'}).", command, dist),
        *_same_python(i),
    ]
    return Remediation(i, f"Python package {clean(dist)} ({i.manager or 'pip'})", tuple(steps))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    dist = i.key
    if i.manager == "pipx":
        command = cmd(windows, "pipx", "upgrade", literal=(dist,))
    elif i.manager == "uv":
        command = cmd(windows, "uv", "tool", "upgrade", literal=(dist,))
    else:
        command = cmd(
            windows,
            "py" if windows else "python3",
            "-m",
            "pip",
            "install",
            "--upgrade",
            literal=(f"{dist}>={target.version}",),
        )
    steps = [
        step(
            f"Upgrade the Python package {clean(dist)} to {clean(target.version)} or later "
            f"({i.manager or 'pip'}; any version {clean(target.text)}).",
            command,
            dist,
        ),
        *_same_python(i),
    ]
    return Remediation(i, f"Python package {clean(dist)} ({i.manager or 'pip'})", tuple(steps))
