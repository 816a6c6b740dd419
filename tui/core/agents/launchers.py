"""A launcher written as a path is the launcher only where the disk shows it.

A server's line is read for what it runs by the launcher's name: ``npx`` runs a package, ``sh -c`` a command
line. Written as a path (``/home/u/tools/npx``), the name is anyone's: any file can be saved as ``npx``, and
what runs is that file. So each launcher, wrapper or interpreter a line writes as a path (see
:data:`~.identity.LAUNCHER`) is looked at on the scanned disk, read-only and through the audited
:class:`~tui.core.machine.Disk`, and counts as the program its name says only when the disk shows it is:

- npm's own program: a link (the way Node's installers, nvm, Homebrew, n and fnm lay it out) to the
  package's file, ``.../npm/bin/npx-cli.js`` (``npm-cli.js`` for npm, pnpm's ``bin/pnpm.cjs``, Yarn's
  ``bin/yarn.js``, corepack's ``dist/<name>.js``), in a folder whose ``package.json`` names that package;
- npm's own shims beside a Node install (``npx.cmd``, ``npx.ps1``, ``npx`` in ``C:\\Program Files\\nodejs``,
  or in ``%AppData%\\npm`` after ``npm i -g npm``): their text is one npm or its cmd-shim wrote, every
  version recorded (:func:`known_shim`), and the package they run is beside them;
- a native program (ELF, Mach-O or PE) for the launchers that are one (uv, uvx, Bun, pnpm's own build,
  docker, podman), the wrappers (sh, bash, env, cmd, PowerShell) and an interpreter (``uvx --python``);
- a version manager's shim: Volta's ``volta-shim``, mise's program, asdf's shim script (and snapd's
  ``/snap/bin`` links).

Anything else (a script of the user's, a file that is not there, a relative path, which names no one file)
is something no rule can name, and the server is never approved for it.

A bare name (``npx``, ``NPX``, ``npx.cmd``, ``docker``, ``sh``: each of :data:`~.identity.READ_BY_NAME`), a
config's command or a word of a wrapper's line (``sh -c "npx -y pkg"``, ``cmd /c npx``: :data:`~.identity.LAUNCHER_BARE`), is
what the client finds on the search path: the first file of that exact name in the folders of the PATH aicheck
knows (``--search-path``, or its own), and each one in the folders the startup files add (which may come first
in a session), with Windows' suffixes where the name has none. Each such file is held to the same rules as
a path: a script of the user's first on the path (``~/.local/bin/npx``) is not npm's ``npx``, and the
server is never approved for it (:func:`bare_launcher_problem`, the file named). A name no folder holds runs
nothing (the client fails to start it) and changes nothing.

What is not claimed: a real layout's files are not checked further (npm's own JavaScript, a native program's
provenance); a user who builds a fake npm package around a link, or edits the npm install their bare ``npx``
runs, is past what reading the line tells; and the PATH of a client started otherwise (a desktop session's)
is the one aicheck knows.
"""

from __future__ import annotations

import hashlib

from tui.core.agents.identity import (
    DOCKER_ENV_FILE,
    LAUNCHER,
    LAUNCHER_BARE,
    LAUNCHER_KINDS,
    READ_BY_NAME,
    WHOLE_COMMAND,
    program_name,
)
from tui.core.agents.models import McpServer
from tui.core.agents.program_paths import absolute_path, command_path, program_path, relative_path
from tui.core.agents.redact import command_line
from tui.core.machine import Disk, ReadSkipped, to_machine_path

MAX_SHIM_BYTES = 64 * 1024  # npm's shims are a few KiB
# the package file each launcher is, as npm installs it: (package, its file)
PACKAGE_FILES: dict[str, tuple[tuple[str, str], ...]] = {
    "npx": (("npm", "bin/npx-cli.js"), ("corepack", "dist/npx.js")),
    "npm": (("npm", "bin/npm-cli.js"), ("corepack", "dist/npm.js")),
    "pnpm": (("pnpm", "bin/pnpm.cjs"), ("pnpm", "bin/pnpm.mjs"), ("corepack", "dist/pnpm.js")),
    "pnpx": (("pnpm", "bin/pnpx.cjs"), ("pnpm", "bin/pnpx.mjs"), ("corepack", "dist/pnpx.js")),
    "yarn": (("yarn", "bin/yarn.js"), ("yarn", "bin/yarn.cjs"), ("corepack", "dist/yarn.js")),
}
# the launchers and wrappers that are native programs
NATIVE = frozenset({
    "uv", "uvx", "bun", "bunx", "pnpm", "pnpx", "docker", "podman", "python", "sh", "bash", "zsh", "dash", "ksh",
    "ash", "fish", "env", "cmd", "powershell", "pwsh",
})  # fmt: skip
_NODE_LAUNCHERS = frozenset({"npx", "npm", "pnpm", "pnpx", "yarn", "bunx", "bun"})
_PY_LAUNCHERS = frozenset({"uvx", "uv", "pipx"})
# the programs that stand in for a launcher (a link to them, named as the launcher): version managers' own,
# and snapd's (/snap/bin/npx, a link to /usr/bin/snap, runs the node snap's npx)
MANAGER_PROGRAMS = frozenset({"volta-shim", "volta-shim.exe", "mise", "mise.exe", "snap"})
_MAGIC = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
_WINDOWS_SUFFIXES = (".com", ".exe", ".bat", ".cmd")  # what a name without one is started as on Windows

# sha256 of npm's shims as :func:`_normal` writes them: npm/cli's bin/npx, npx.cmd, npx.ps1 (and npm's) at every
# version in its history, and the shims npm's cmd-shim writes for a global npm (4.0.2 to 9.0.2 and after), with
# the file they run written as {target}. The texts are in tests/fixtures/launcher_shims.json, which the tests
# hold these to.
_TARGET = "\0"
_NPM_SHIMS = frozenset({
    "0206025ab0ccbff879344ce7e931450b93760f54e23fb63cec253a862a058a58",
    "051a56fa3479354fe9f93d9388468e4c12933f622240502b5a4ac6b0a5987ec4",
    "1af5a88127b8d0db6349dbbd91f860b680e31ab494c3a541375d6abbbd7fc0e3",
    "1fef11473fbf913dbc1ab69a3eef008c41da145c7ee1052c1392747ff9387297",
    "341f7600f935bcaa990bd84308bcf708afc078741a29cce5891a26a508334d70",
    "36dbe8080ba3f552112dcad0f442b6c3fdbd9027f09e0db1200b95a537420fc5",
    "3c3891a1f357e2c005b783883a0426eed38f3f462b34b7e4d0d5e540c8c7ed3f",
    "43845372d62b06b94e1f4c1de31f5017bd5c91950b6ca0a69b1098ef053e4223",
    "448bf31c2b55e101c92cc61c644dfe642e5c52ca58d07813773f8dadf2f87e88",
    "4a2760417f22e51f3a2fd5f770a15800cfcf2b88c87b762701ea5cbd69f27d4d",
    "4ae0faaa5a4b93327ce8be9c52bb05a820921edfdf0fff7431b37ffb66265399",
    "4b5b6447483af305b20dabf106ccbe5a1835c8f8fc7cfb52e6d1283d19e4f086",
    "4e567c29f8b41008ba61db3f455e54f48e75d02fe1c88bac89dbe72abdb6fcd9",
    "5154188886f7f536afee999b6941b9f14e4ef6b600348cd00d38aa73eecbaa75",
    "51be5836129d7dd925cf5224d3ca169334d688036e650c952f0773887222fb07",
    "55cbb6ba0b62202e1e40a1d8c4ce70c3a03cb045f39f0ac3c42ca31e24016af7",
    "5a78caff7b9e0c129ce01b3416a823a0a970af63f8888d6e62fa745acfa31cc6",
    "5b4e74fe0193e9fc2fff68c09253eef35e2c823a6d265de32847f1e2798fb0cd",
    "5c66133515ffc73f06d99c2e0f536bfe4df5475823dfc040df659ac1a929266b",
    "790dd07660195c6a86351538f050de6a85de31a3c15a8565d89b4207632ffba1",
    "7c46ff652da13456bf385cec4472e87db167631749c0d5bd2e8f03e2109788d5",
    "8e642988fc3b9dc00034f05b3dc56c201704bb621bb61d07cc7a033f661ffe88",
    "9d09fae68929c4cde63edf8f603bd67b572604bf89abad1e5de1c07e2a900138",
    "9e0258512f6006bf52c4c9ef0397461e76083fc36d52cc13b202fb2680b546a9",
    "a10ee25e937228592f148a981811fe8fa8da49f5e5435ad88691322013158821",
    "b3be8d8c070051a3f2ae075619bfa640b3e0d0a75a5cc608833be3720faa4aa5",
    "b841ebed94780dab96ede438096dec5e6e9207c9bf388215cdeee39836d516c8",
    "ba02ae7ebd5ba793311e23bb13aaec7c9f9eb2d6dc60ecfa63dd75fcff07262f",
    "c3f5dabd95e2cc8800cc5240a94dd39f7ff8e9bff1977b7026ec11cbe2ae58f2",
    "cefa68c8bc00d6085e8b22e265f74442225f2f7d14cc5bbe68647d1857fb4692",
    "d0f937b79efa5b15ede2e7e05ce796f92508adc79176d99feb2ae176181b783f",
    "d2c9abb5d22539e2698d612c2bcd96c2308a2c496837d60ca0f59122a0fd6cb6",
    "d6c82e466bd751dbfdf16ac2fd957a6f8b1934f594ca07a21efeb60f9630bcd4",
    "da1150a00eb1fea845822d9229000d94ae9b097d394501e4ebebe347ca605fac",
    "e151e28b32e9a58c908244fa07184a3ab125a8ac17b2eae28f00ebe91d257e67",
    "e99e92f6540763de1748f07fc28235dc1f509c36d61fbb530e16c5f4829dfacb",
    "eb121be60372821e6d91b1e51d60803ef7df11b59e79cdeb3f7ea4078bf1b7cc",
    "f473c844874bb6636677bbe726f278ddab6e8d4dfb930b433db82df3b990cf45",
})  # fmt: skip
_CMD_SHIMS = frozenset({
    "1856c74d0f7fb189d6bcce6632d22765151303f4f763bdd54506ff29a685360e",
    "38d473486d53cbbe9927364a02b13f0f22c036e6ecd3bd970bf31d106fb381a4",
    "5cbf72e0bc955f3349385bef8d4d771e8afadafc7f87218846dbc6cdf78ae17a",
    "7d8d45c184f6b0ae2cd7b8367646768c2a1c188a431e39bd06b50f56b8fe3b67",
    "abb2c0375cdf456c51790a48c7036d976e973ad1be1b5f7f76a3128e945164b9",
    "af4b56fd1ce93189a8e1b1d535b7784bdb3e75fbd48037f735625fa25089358e",
    "c9c023156cdf841f03777176ae14f6ce1a35ebee512f5ae0092409fe16dfa7bc",
    "d63ef573b4f7d548cb339dc7fecb17d92a2a21d5c97c72d75716a04cb8f55af1",
    "e4a73e1312e9c30ba3bf5eede6d222bca072bc85c995616bca45bb7fdff84a32",
})  # fmt: skip

NOT_THERE = "no file there on this disk"
NOT_REAL = "the disk does not show it to be the real {prog}"
UNPLACED = "a relative path, or one computed: which file it is cannot be told"
RUNS = "what the file it starts as {prog} runs ({why})"


def resolve_launchers(disk: Disk, servers: list[McpServer]) -> None:
    """Replace each server's launcher marks (:data:`~.identity.LAUNCHER`): by nothing when the disk shows the
    program its name says at that path, else by what no rule can name, saying why."""
    for s in servers:
        bare = _bare_launcher(s)
        if bare:
            why = bare_launcher_problem(disk, bare, program_name(bare), s.windows)
            if why:
                s.extra_packages += (("unread", RUNS.format(prog=bare, why=why), None),)
        if not any(kind in LAUNCHER_KINDS for kind, _, _ in s.extra_packages):
            continue
        out: list[tuple[str, str, str | None]] = []
        for kind, written, prog in s.extra_packages:
            if kind not in LAUNCHER_KINDS or kind == DOCKER_ENV_FILE:  # (an env file's: read by .env_files)
                out.append((kind, written, prog))
                continue
            if kind == LAUNCHER_BARE:  # `sh -c "npx -y pkg"`: the file the search path finds, as for a config's
                why = bare_launcher_problem(disk, written, prog or program_name(written), s.windows)
                if why:
                    out.append(("unread", RUNS.format(prog=written, why=why), None))
                continue
            # a client known to start the server in its cwd: a relative path is the file there
            cwd = s.cwd_path if s.cwd_used else None
            if kind == WHOLE_COMMAND:
                why = whole_command_problem(disk, written, s.windows, cwd)
                if why:
                    out.append(("unread", why, None))
                continue
            name = prog or program_name(written)
            path = (
                command_path(written, s.windows)
                if kind == LAUNCHER
                else program_path(written, disk.machine.home, s.windows)
            )
            if path is None and kind == LAUNCHER and cwd is not None:
                path = relative_path(written, cwd, s.windows)
            why = UNPLACED if path is None else launcher_problem(disk, to_machine_path(path), name, s.windows)
            if why:
                out.append(("unread", RUNS.format(prog=name, why=why), None))
        s.extra_packages = tuple(dict.fromkeys(out))


SHADOWED = "{path}, found for it on the search path: the disk does not show it to be the real {prog}"


def _bare_launcher(s: McpServer) -> str:
    """The command of ``s`` when it is a launcher's or wrapper's bare name whose line names what runs, else ""."""
    command = s.command
    if not command or "/" in command or "\\" in command or command_line(command) or s.named_by_aicheck:
        return ""
    if program_name(command) not in READ_BY_NAME or not (s.npm or s.pypi or s.docker or s.extra_packages):
        return ""
    return command


def bare_launcher_problem(disk: Disk, name: str, prog: str, windows: bool) -> str:
    """Why a launcher started by its bare ``name`` may not be the program ``prog`` (see the module): the file
    named, or "" when every file it may be is the real one, or none is there. Looked at once a scan per name."""
    seen: dict[tuple[str, str, bool], str] = disk.remembered(bare_launcher_problem, dict)
    key = (name, prog, windows)
    if key not in seen:
        seen[key] = _bare_problem(disk, name, prog, windows)
    return seen[key]


def _bare_problem(disk: Disk, name: str, prog: str, windows: bool) -> str:
    machine = disk.machine
    found: list[str] = []
    for folder in machine.search_path:  # the first file of that name is what runs
        hit = _in_folder(disk, folder, name, windows)
        if hit:
            found.append(hit)
            break
    for folder in machine.startup_path:  # a session's own folders may come before them: each counts
        if folder not in machine.search_path:
            hit = _in_folder(disk, folder, name, windows)
            if hit:
                found.append(hit)
    for path in dict.fromkeys(found):
        if not _is_real(disk, path, prog):
            return SHADOWED.format(path=disk.display(path), prog=prog)
    return ""


def _in_folder(disk: Disk, folder: str, name: str, windows: bool) -> str:
    """The file ``name`` starts in ``folder`` (on Windows, the first of its suffixes there), or ""."""
    base = f"{folder.rstrip('/')}/{name}"
    if windows and not name.lower().endswith((*_WINDOWS_SUFFIXES, ".ps1")):
        candidates = [base + suffix for suffix in _WINDOWS_SUFFIXES]
    else:
        candidates = [base]
    return next((c for c in candidates if disk.exists(c)), "")


WHOLE_FILE = "what a file its command names whole, spaces and all, runs ({why}; write its program and arguments apart)"
WHOLE_THERE = "a file of that name is on the disk"
WHOLE_RELATIVE = "a path relative to where its client starts it: which file cannot be told"


def whole_command_problem(disk: Disk, written: str, windows: bool, cwd: str | None = None) -> str:
    """Why a command written as a line (``written``: as the config writes it, "" when a guess hides a word)
    may start a file named by the whole line, spaces and all, which a client that starts it without a shell
    runs instead of its words; or "" when no such file is there: as a path, where it points (a relative one in
    ``cwd``, the folder its client is known to start it in), and as a bare name, in the folders of the search
    path (and those the startup files add)."""
    if not written:
        return WHOLE_FILE.format(why="which file it would be cannot be told")
    if "/" in written or (windows and "\\" in written):
        path = absolute_path(written, windows)
        if path is None and cwd is not None and not written.startswith(("/", "\\")):
            path = absolute_path(f"{cwd.rstrip('/')}/{written}", windows)
        if path is None:
            return WHOLE_FILE.format(why=WHOLE_RELATIVE)
        places = [to_machine_path(path)]
    else:
        machine = disk.machine
        places = [
            f"{folder.rstrip('/')}/{written}" for folder in dict.fromkeys([*machine.search_path, *machine.startup_path])
        ]
    for place in places:
        candidates = [place, *(place + suffix for suffix in _WINDOWS_SUFFIXES)] if windows else [place]
        if any(disk.exists(c) for c in candidates):
            return WHOLE_FILE.format(why=WHOLE_THERE)
    return ""


def launcher_problem(disk: Disk, path: str, prog: str, windows: bool) -> str:
    """Why the file at ``path`` (a machine path) is not the program ``prog`` as far as the disk shows, or ""
    when it is. Looked at once a scan per path."""
    seen: dict[tuple[str, str, bool], str] = disk.remembered(launcher_problem, dict)
    key = (path, prog, windows)
    if key not in seen:
        seen[key] = _problem(disk, path, prog, windows)
    return seen[key]


def _problem(disk: Disk, path: str, prog: str, windows: bool) -> str:
    candidates = [path]
    if windows and not path.lower().endswith((*_WINDOWS_SUFFIXES, ".ps1")):
        # started by a name without its suffix, Windows runs the first of these there is
        candidates = [path + suffix for suffix in _WINDOWS_SUFFIXES]
    present = [c for c in candidates if disk.exists(c)]
    if not present:
        return NOT_THERE
    for candidate in present:
        if not _is_real(disk, candidate, prog):
            return NOT_REAL.format(prog=prog)
    return ""


def _is_real(disk: Disk, path: str, prog: str) -> bool:
    real = disk.resolve(path)
    if real is None or not disk.is_file(real):
        return False
    base = real.rsplit("/", 1)[-1]
    for package, file in PACKAGE_FILES.get(prog, ()):
        if real.endswith("/" + file) and _package_named(disk, real[: -len(file) - 1], package):
            return True
    head = _head(disk, real)
    if head is None:
        return False
    if head.startswith(_MAGIC) or head.startswith(b"MZ"):
        if prog in NATIVE:
            return True
        return (prog in _NODE_LAUNCHERS or prog in _PY_LAUNCHERS) and base.lower() in MANAGER_PROGRAMS
    text = _text(disk, real)
    if text is None:
        return False
    if (prog in _NODE_LAUNCHERS or prog in _PY_LAUNCHERS) and _asdf_shim(text, prog):
        return True
    if prog == "pipx" and _pipx_script(text):
        return True
    found = known_shim(text, prog)
    if found is None:
        return False
    package, file = found
    folder = real.rsplit("/", 1)[0]
    return disk.is_file(f"{folder}/node_modules/{package}/{file}") and _package_named(
        disk, f"{folder}/node_modules/{package}", package
    )


def _head(disk: Disk, path: str) -> bytes | None:
    try:
        return disk.read_head(path, 4)
    except ReadSkipped as exc:
        disk.skip(path, f"{exc}: whether it is the launcher its name says is not known")
        return None


def _text(disk: Disk, path: str) -> str | None:
    try:
        return disk.read_text_if_present(path, MAX_SHIM_BYTES, errors="replace")
    except ReadSkipped:
        return None  # bigger than any shim: no shim


def _package_named(disk: Disk, folder: str, name: str) -> bool:
    data = disk.try_json(f"{folder}/package.json")
    return isinstance(data, dict) and data.get("name") == name


def _normal(text: str) -> str:
    """A shim's text as compared: line ends of any kind, trailing spaces and blank lines left out."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines if line.strip())


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def known_shim(text: str, prog: str) -> tuple[str, str] | None:
    """(package, file) that a shim of npm's (or its cmd-shim's) runs beside it (``node_modules/<package>/<file>``),
    when ``text`` is one of them for ``prog``, else None."""
    if _TARGET in text:
        return None
    normal = _normal(text)
    if _digest(normal) in _NPM_SHIMS and prog in ("npx", "npm"):
        return ("npm", PACKAGE_FILES[prog][0][1])
    for package, file in PACKAGE_FILES.get(prog, ()):
        target = f"node_modules/{package}/{file}"
        template = normal.replace(target.replace("/", "\\"), _TARGET).replace(target, _TARGET)
        if template != normal and _digest(template) in _CMD_SHIMS:
            return (package, file)
    return None


def _asdf_shim(text: str, prog: str) -> bool:
    """asdf's shim for ``prog``: its plugin lines, then ``exec asdf exec "<prog>" "$@"`` (asdf's own program,
    by name or at a path; the bash versions add ``# asdf_allow: ' asdf '``)."""
    lines = _normal(text).split("\n")
    if len(lines) < 3 or lines[0] != "#!/usr/bin/env bash":
        return False
    if not all(line.startswith("# asdf-plugin: ") and "\\" not in line for line in lines[1:-1]):
        return False
    last = lines[-1].removesuffix(" # asdf_allow: ' asdf '")
    words = last.split(" ")
    return (
        len(words) == 5
        and words[0] == "exec"
        and words[1].rsplit("/", 1)[-1] == "asdf"
        and not any(c in words[1] for c in "$`\"'\\;&|")
        and words[2:] == ["exec", f'"{prog}"', '"$@"']
    )


_PIPX_LINES = frozenset({
    "# -*- coding: utf-8 -*-", "import re", "import sys", "from pipx.main import cli",
    "if __name__ == '__main__':", 'if __name__ == "__main__":',
    "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])", "sys.exit(cli())",
    'if sys.argv[0].endswith("-script.pyw"):', "sys.argv[0] = sys.argv[0][:-11]",
    'elif sys.argv[0].endswith(".exe"):', "sys.argv[0] = sys.argv[0][:-4]",
})  # fmt: skip


def _pipx_script(text: str) -> bool:
    """pipx's own program as pip or uv install it: a Python interpreter's first line, then the entry point's
    lines alone (``from pipx.main import cli`` ... ``sys.exit(cli())``)."""
    lines = [line.strip() for line in _normal(text).split("\n")]
    if not lines or not lines[0].startswith("#!"):
        return False
    interpreter = lines[0][2:].strip().split(" ")
    name = interpreter[-1].rsplit("/", 1)[-1] if interpreter[0] == "/usr/bin/env" else interpreter[0].rsplit("/", 1)[-1]
    if len(interpreter) > (2 if interpreter[0] == "/usr/bin/env" else 1) or not name.startswith("python"):
        return False
    return "from pipx.main import cli" in lines and all(line in _PIPX_LINES for line in lines[1:])
