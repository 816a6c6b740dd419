"""Record the layouts real installers write, as compact fixtures for tests/integration/test_recorded_layouts.py.

    python scripts/record_layouts.py                 # every installer below
    python scripts/record_layouts.py pnpm12 uv       # some of them
    python scripts/record_layouts.py --python PY     # PY: a Python 3.12+ for the pipx and uv tool venvs

Needs the network (the npm registry and PyPI) and the installers' own clients; run it by hand, never in
CI. Each installer runs into a fresh scratch "machine" (a folder standing for ``/``, with the home at
``/home/dev``); afterwards only what aicheck reads is kept: folders on the way, symbolic links with their
targets (in bin folders, package folders and pnpm's ``global`` folders), package.json reduced to
name/version/bin, dist-info METADATA reduced to Name/Version, and the text of command shims. Scratch
paths inside link targets and shim text are rewritten to the machine's own paths.

Installer binaries come from PATH, or from the folder given by ``--tools`` (``bin/`` holding pipx, uv,
bun); pnpm and yarn run through ``npx`` at a pinned major. Packages are installed with their install
scripts off and optional dependencies left out (the platform binaries): the layout is the same and the
download small. The fixture says which installer version and which command made it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "layouts"
sys.path.insert(0, str(OUT.parents[2]))  # tui, for reading a Bun executable as the scan does
HOME = "/home/dev"
NPM_TOOLS = {
    "@anthropic-ai/claude-code": "claude",
    "@openai/codex": "codex",
    "@google/gemini-cli": "gemini",
    "@factory/cli": "droid",
}
MAX_SHIM = 64 * 1024


@dataclass
class Recipe:
    name: str
    packages: dict[str, str]  # package or distribution -> command
    version_cmd: list[str]
    install: list[list[str]]  # {pkg} is replaced by each package in turn
    search_path: list[str]  # machine paths, as the installer asks the user to set PATH
    env: dict[str, str] = field(default_factory=dict)
    kind: str = "npm"
    pinned: dict[str, str] = field(default_factory=dict)  # package -> the version installed (else the latest)
    startup: str = ""  # what the installer adds to ~/.bashrc (kept in the fixture, as the scan reads it)


def recipes(tools: Path | None, python: str | None = None) -> dict[str, Recipe]:
    py = ["--python", python] if python else []  # kimi-cli and mistral-vibe want Python 3.12+

    def tool(name: str) -> str:
        if tools and (tools / "bin" / name).exists():
            return str(tools / "bin" / name)
        return shutil.which(name) or name  # a missing one stops the recipes that need it, when they run

    pnpm_home = f"{HOME}/.local/share/pnpm"
    return {
        "npm": Recipe(
            "npm",
            NPM_TOOLS,
            ["npm", "--version"],
            [["npm", "install", "--global", "--ignore-scripts", "--omit=optional", "{pkg}"]],
            [f"{HOME}/.node-global/bin", "/usr/bin"],
            kind="npm",
        ),
        # the two ways Claude Code's npm package has carried its program: a JavaScript bundle (cli.js, up to
        # 2.1.11x) whose header states the version, then a placeholder the native binary of a platform package
        # (installed here: optional dependencies on) is copied over. Both state the version a second time.
        "npm-cli-js": Recipe(
            "npm-cli-js",
            {"@anthropic-ai/claude-code": "claude"},
            ["npm", "--version"],
            [["npm", "install", "--global", "--ignore-scripts", "{pkg}"]],
            [f"{HOME}/.node-global/bin", "/usr/bin"],
            pinned={"@anthropic-ai/claude-code": "2.1.100"},
        ),
        "npm-native": Recipe(
            "npm-native",
            {"@anthropic-ai/claude-code": "claude", "@openai/codex": "codex"},
            ["npm", "--version"],
            [["npm", "install", "--global", "--ignore-scripts", "{pkg}"]],
            [f"{HOME}/.node-global/bin", "/usr/bin"],
            pinned={"@anthropic-ai/claude-code": "2.1.150", "@openai/codex": "0.171.0"},
        ),
        # what `npx -y PKG` leaves in npm's cache (~/.npm/_npx/<hash>/node_modules), fetched without running
        # the package (`true` runs in its place)
        "npx": Recipe(
            "npx",
            {"@anthropic-ai/claude-code": "claude", "@google/gemini-cli": "gemini"},
            ["npm", "--version"],
            [["npm", "exec", "--yes", "--ignore-scripts", "--omit=optional", "--package={pkg}", "--", "true"]],
            ["/usr/bin"],
            kind="npx",
            pinned={"@anthropic-ai/claude-code": "2.1.150"},
        ),
        # what `pnpm dlx PKG` keeps in its cache ($XDG_CACHE_HOME/pnpm/dlx/<hash>/<stamp>/node_modules, with a
        # `pkg` link to the newest stamp) and `bunx PKG` in bun's (<install cache>/.bunx-<uid>/<pkg>@<spec>/
        # node_modules, beside the cache's own <pkg>@<version>@@@1 copies), fetched without running the package
        "pnpm-dlx": Recipe(
            "pnpm-dlx",
            {"@anthropic-ai/claude-code": "claude", "@google/gemini-cli": "gemini"},
            ["npx", "-y", "pnpm@10", "--version"],
            [["npx", "-y", "pnpm@10", "dlx", "--package={pkg}", "true"]],
            ["/usr/bin"],
            kind="dlx",
            pinned={"@anthropic-ai/claude-code": "2.1.150"},
        ),
        "bunx": Recipe(
            "bunx",
            {"@anthropic-ai/claude-code": "claude", "@google/gemini-cli": "gemini"},
            [tool("bun"), "--version"],
            [[tool("bun"), "x", "--package", "{pkg}", "true"]],
            ["/usr/bin"],
            kind="dlx",
            pinned={"@anthropic-ai/claude-code": "2.1.150"},
        ),
        "pnpm10": Recipe(
            "pnpm10",
            NPM_TOOLS,
            ["npx", "-y", "pnpm@10", "--version"],
            [["npx", "-y", "pnpm@10", "add", "--global", "--ignore-scripts", "--no-optional", "{pkg}"]],
            [pnpm_home, "/usr/bin"],
            env={"PNPM_HOME": pnpm_home},
        ),
        "pnpm12": Recipe(
            "pnpm12",
            NPM_TOOLS,
            ["npx", "-y", "pnpm@12", "--version"],
            [["npx", "-y", "pnpm@12", "add", "--global", "--ignore-scripts", "--no-optional", "{pkg}"]],
            [f"{pnpm_home}/bin", pnpm_home, "/usr/bin"],
            env={"PNPM_HOME": pnpm_home},
        ),
        "bun": Recipe(
            "bun",
            NPM_TOOLS,
            [tool("bun"), "--version"],
            [[tool("bun"), "add", "--global", "--ignore-scripts", "--omit", "optional", "{pkg}"]],
            [f"{HOME}/.bun/bin", "/usr/bin"],
        ),
        # yarn classic resolves optional dependencies even with --ignore-optional, and @factory/cli names
        # platform packages missing from the registry: it does not install through yarn 1
        "yarn1": Recipe(
            "yarn1",
            {k: v for k, v in NPM_TOOLS.items() if k != "@factory/cli"},
            ["npx", "-y", "yarn@1", "--version"],
            # as root, yarn 1 would use /usr/local/share/.config/yarn/global: name the user's default
            [
                [
                    "npx",
                    "-y",
                    "yarn@1",
                    "global",
                    "add",
                    "--prefix",
                    "{home}/.yarn",
                    "--global-folder",
                    "{home}/.config/yarn/global",
                    "--cache-folder",
                    "{home}/.cache/yarn",
                    "--ignore-scripts",
                    "--ignore-optional",
                    "--ignore-engines",
                    "{pkg}",
                ]
            ],
            [f"{HOME}/.yarn/bin", "/usr/bin"],
        ),
        # version managers and distributions whose npm keeps its global folder under a prefix of their own
        # (each is `npm install --global --prefix <that prefix>`, as the manager's own npm runs it): mise's
        # npm backend (installs/npm-<scope>-<name>/<version>, behind mise's shims), nodenv's versions (behind
        # its shims), n (N_PREFIX, which n-install exports in ~/.bashrc with its bin on PATH) and a conda
        # environment's nodejs
        **{
            name: Recipe(
                name,
                {"@anthropic-ai/claude-code": "claude"},
                ["npm", "--version"],
                [["npm", "install", "--global", "--ignore-scripts", "--omit=optional", "--prefix", prefix, "{pkg}"]],
                search_path,
                pinned={"@anthropic-ai/claude-code": "2.1.150"},
                startup=startup,
            )
            for name, prefix, search_path, startup in (
                (
                    "mise-npm",
                    "{home}/.local/share/mise/installs/npm-anthropic-ai-claude-code/2.1.150",
                    ["/usr/bin"],
                    "",
                ),
                ("nodenv", "{home}/.nodenv/versions/22.11.0", ["/usr/bin"], ""),
                (
                    "n",
                    "{home}/n",
                    ["/usr/bin"],
                    'export N_PREFIX="$HOME/n"; [[ :$PATH: == *":$N_PREFIX/bin:"* ]] || PATH+=":$N_PREFIX/bin"'
                    "  # Added by n-install (see http://git.io/n-install-repo).\n",
                ),
                ("conda", "{home}/miniforge3/envs/work", ["/usr/bin"], ""),
            )
        },
        "pipx": Recipe(
            "pipx",
            {"llm": "llm", "kimi-cli": "kimi", "mistral-vibe": "vibe"},
            [tool("pipx"), "--version"],
            [[tool("pipx"), "install", *py, "{pkg}"]],
            [f"{HOME}/.local/bin", "/usr/bin"],
            kind="python",
        ),
        "uv": Recipe(
            "uv",
            {"llm": "llm", "kimi-cli": "kimi", "mistral-vibe": "vibe"},
            [tool("uv"), "--version"],
            [[tool("uv"), "tool", "install", *py, "{pkg}"]],
            [f"{HOME}/.local/bin", "/usr/bin"],
            kind="python",
        ),
    }


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> str:
    if not (os.path.isabs(cmd[0]) or shutil.which(cmd[0], path=env.get("PATH"))):
        raise SystemExit(f"record_layouts: {cmd[0]} not found (install it or pass --tools)")
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise SystemExit(f"record_layouts: {' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def _shown(word: str, index: int) -> str:
    """A command word as the fixture states it: programs and paths outside the scratch machine by name only."""
    if index == 0 or (word.startswith("/") and not word.startswith(HOME)):
        return os.path.basename(word)
    return word


def _norm_dist(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


class Recorder:
    """Walks the scratch machine once and keeps only what aicheck reads."""

    def __init__(self, root: Path, recipe: Recipe):
        self.root = str(root)
        self.recipe = recipe
        self.commands = set(recipe.packages.values())
        self.dists = {_norm_dist(p) for p in recipe.packages}
        self.entries: list[list] = []

    @property
    def skipped(self) -> tuple[str, ...]:
        """Caches the walk passes over; npx's own folders are what the npx recipe records."""
        caches = ("/.cache/", "/.bun/install/cache/")
        if self.recipe.kind == "dlx":  # the runners' own folders of those caches, not their stores
            return ("/.cache/pnpm/metadata", "/.local/share/pnpm/store/", "/.npm/", "/node_modules/.pnpm/node_modules/")
        if self.recipe.kind == "npx":
            return (*caches, "/.npm/_cacache/", "/.npm/_logs/")
        return (*caches, "/.npm/", "/_npx/")

    def machine(self, host: str) -> str:
        return host[len(self.root) :] or "/"

    def rewrite(self, text: str) -> str:
        return text.replace(self.root + "/", "/")

    def _is_command(self, name: str) -> bool:
        return name.split(".")[0] in self.commands

    def _package_dir(self, path: str) -> bool:
        return (
            any(path.endswith(f"/node_modules/{pkg}") for pkg in self.recipe.packages)
            or self._platform_dir(path)
            or any(f"/.bun/install/cache/{pkg}@" in path + "/" for pkg in self.recipe.packages)  # bun's own copy
        )

    def _platform_dir(self, path: str) -> bool:
        """A package's own platform build (``@anthropic-ai/claude-code-linux-x64``; Codex's npm alias
        ``@openai/codex-linux-x64``), installed beside or under it."""
        return any(
            f"/node_modules/{pkg}-" in path and path.rsplit("/node_modules/", 1)[1].startswith(f"{pkg}-")
            for pkg in self.recipe.packages
        )

    def walk(self) -> list[list]:
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = self.machine(dirpath)
            if any(skip in rel_dir + "/" for skip in self.skipped):
                dirnames[:] = []
                continue
            for name in sorted(dirnames + filenames):
                host = os.path.join(dirpath, name)
                path = rel_dir.rstrip("/") + "/" + name
                in_bin = (
                    os.path.basename(dirpath) == "bin" or dirpath.endswith("/pnpm")
                ) and "/node_modules/" not in path
                if os.path.islink(host):
                    target = os.readlink(host)
                    dot_bin = os.path.basename(dirpath) == ".bin"  # yarn 1: bin -> node_modules/.bin -> package
                    if (
                        ((in_bin or dot_bin) and self._is_command(name))
                        or self._package_dir(path)
                        or os.path.basename(dirpath) == "v11"
                        or (self.recipe.kind == "dlx" and name == "pkg")  # pnpm dlx: the newest stamp
                    ):
                        self.entries.append(["l", path, self.rewrite(target)])
                    if name in dirnames:
                        dirnames.remove(name)  # never walk through a link
                    continue
                if name in dirnames:
                    continue
                self._file(host, path, in_bin, name)
        self._link_targets()
        return sorted(self.entries)

    def _link_targets(self) -> None:
        """The file a recorded command link points at must exist (its content is never read)."""
        have = {e[1] for e in self.entries}
        for kind, path, *_rest in list(self.entries):
            if kind != "l":
                continue
            host = os.path.realpath(self.root + path)
            if host.startswith(self.root + "/") and os.path.isfile(host) and self.machine(host) not in have:
                have.add(self.machine(host))
                self.entries.append(["b", self.machine(host)])

    def _file(self, host: str, path: str, in_bin: bool, name: str) -> None:
        parent = path.rsplit("/", 1)[0]
        if path == f"{HOME}/.bashrc" and self.recipe.startup:
            self.entries.append(["f", path, Path(host).read_text()])
        elif name == "package.json" and self._package_dir(parent):
            data = json.loads(Path(host).read_text())
            keep = {k: data[k] for k in ("name", "version", "bin") if k in data}
            own = {
                dep: spec
                for dep, spec in (data.get("optionalDependencies") or {}).items()
                if isinstance(data.get("name"), str) and dep.startswith(data["name"] + "-")
            }
            if own:  # the package's own platform builds, pinned to its version
                keep["optionalDependencies"] = own
            self.entries.append(["j", path, keep])
            self._heads(host.rsplit("/", 1)[0], parent, data.get("bin"))
        elif (
            name == "METADATA"
            and parent.endswith(".dist-info")
            and _norm_dist(parent.rsplit("/", 1)[1].split("-")[0]) in self.dists
        ):
            lines = Path(host).read_text(errors="replace").splitlines()
            keep = [ln for ln in lines[:40] if ln.startswith(("Metadata-Version:", "Name:", "Version:"))]
            self.entries.append(["f", path, "\n".join(keep) + "\n"])
        elif "/node_modules/" in path and (bun := _bun_entry(host)) is not None:
            self.entries.append(["x", path, bun])  # a Bun executable: its stored entry point's header alone
        elif in_bin and self._is_command(name):
            data = Path(host).read_bytes()
            if len(data) <= MAX_SHIM and b"\0" not in data:
                self.entries.append(["f", path, self.rewrite(data.decode("utf-8", "replace"))])
            else:
                self.entries.append(["b", path])  # a binary launcher: only its presence matters

    def _heads(self, host_dir: str, pkg_dir: str, bins: object) -> None:
        """The first lines of each script a package's ``bin`` names (a bundle's header states its version);
        the rest of a bundle of megabytes is not kept."""
        for target in bins.values() if isinstance(bins, dict) else [bins] if isinstance(bins, str) else []:
            host = os.path.normpath(os.path.join(host_dir, str(target)))
            try:
                with open(host, "rb") as fh:
                    head = fh.read(HEAD_BYTES)
            except OSError:
                continue
            if head.startswith(b"#!") and b"\0" not in head:
                text = head.decode("utf-8", "replace").rsplit("\n", 1)[0] + "\n"
                self.entries.append(["h", os.path.normpath(f"{pkg_dir}/{target}"), text])


HEAD_BYTES = 1024
_EXECUTABLE_MAGIC = (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"MZ")


def _bun_entry(host: str) -> dict[str, str] | None:
    """A Bun single-file executable's entry point: its name and the lines of its source's first
    ``HEAD_BYTES`` (a bundle's header states its version), read through Bun's own index as the scan reads it;
    None for any other file. The rest (hundreds of MB) is not kept."""
    from tui.core.bun_bundle import entry_point
    from tui.core.machine import Disk, Machine

    try:
        with open(host, "rb") as fh:
            if not fh.read(4).startswith(_EXECUTABLE_MAGIC) or os.fstat(fh.fileno()).st_size <= MAX_SHIM:
                return None
    except OSError:
        return None
    found = entry_point(Disk(Machine(root=Path("/"))), host, HEAD_BYTES)
    if found is None:
        return None
    name, head = found
    return {"entry": name, "head": head.decode("utf-8", "replace").rsplit("\n", 1)[0] + "\n"}


def record(recipe: Recipe, out: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix=f"aicheck-layout-{recipe.name}-") as tmp:
        root = Path(tmp) / "root"
        home = root / HOME.lstrip("/")
        home.mkdir(parents=True)
        if recipe.name.startswith("npm"):
            (home / ".npmrc").write_text("prefix=~/.node-global\n")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.upper().startswith(("NPM_CONFIG_", "PNPM_", "XDG_", "PIPX_", "UV_", "BUN_", "YARN_"))
        }
        env.update({k: v.replace(HOME, str(home)) for k, v in recipe.env.items()})
        host_path = [str(root) + p if p.startswith(HOME) else p for p in recipe.search_path]
        env.update(
            HOME=str(home),
            PATH=os.pathsep.join([*host_path, os.environ.get("PATH", "")]),
            PIP_INDEX_URL=os.environ.get("PIP_INDEX_URL", "https://pypi.org/simple"),
            UV_INDEX_URL=os.environ.get("UV_INDEX_URL", "https://pypi.org/simple"),
        )
        if recipe.startup:
            (home / ".bashrc").write_text(recipe.startup)
        words = _run(recipe.version_cmd, env, home).splitlines()[-1].split()
        version = next((w for w in words if w[:1].isdigit()), words[-1])  # "uv 0.13.9 (...)", "1.18.4"
        commands = []
        for pkg in recipe.packages:
            for step in recipe.install:
                spec = f"{pkg}@{recipe.pinned[pkg]}" if pkg in recipe.pinned else pkg
                cmd = [w.replace("{pkg}", spec).replace("{home}", str(home)) for w in step]
                print("  $", " ".join(w.replace(str(root), "") for w in cmd), file=sys.stderr)
                _run(cmd, env, home)
                commands.append(" ".join(_shown(w.replace(str(root), ""), i) for i, w in enumerate(cmd)))
        entries = Recorder(root, recipe).walk()
    expected = {}
    for kind, path, *rest in entries:
        name = rest[0].get("name") if kind == "j" and isinstance(rest[0], dict) else None
        if name in recipe.packages and path.endswith(f"/{name}/package.json"):  # not a platform build's
            expected[name] = rest[0].get("version")
        elif kind == "f" and path.endswith("/METADATA"):
            fields = dict(ln.split(": ", 1) for ln in rest[0].splitlines() if ": " in ln)
            expected[fields.get("Name")] = fields.get("Version")
    fixture = {
        "installer": recipe.name,
        "installer_version": version,
        "platform": "linux",
        "home": HOME,
        "search_path": recipe.search_path,
        "commands": commands,
        "packages": dict(sorted(expected.items())),
        "entries": entries,
    }
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{recipe.name}.json"
    path.write_text(json.dumps(fixture, indent=0, sort_keys=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("only", nargs="*", help="installers to record (default: all)")
    parser.add_argument("--tools", type=Path, help="folder whose bin/ holds pipx, uv and bun")
    parser.add_argument("--python", help="the Python (3.12+) pipx and uv build tool venvs with")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    known = recipes(args.tools, args.python)
    for name in args.only or list(known):
        if name not in known:
            raise SystemExit(f"record_layouts: unknown installer {name!r} (known: {', '.join(known)})")
        print(f"recording {name} ...", file=sys.stderr)
        print(record(known[name], args.out))


if __name__ == "__main__":
    main()
