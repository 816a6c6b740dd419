"""Lines that run a catalogued npm package through a package runner: ``npx``, ``npm exec``/``npm x``, ``pnpm
dlx``/``pnpx``, ``bunx``/``bun x``, ``yarn dlx``.

``alias oldclaude='npx -y @anthropic-ai/claude-code@2.1.150'`` in ``~/.bashrc`` runs that version in every
session that uses the alias, whether or not a copy of it is cached today (the runner fetches one when none is):
the line is evidence the tool runs on this machine, as an install is. Each such line is an install of the npm
channel (manager :data:`RUNNER`) named by its file and line (``~/.bashrc:3``). A version the line pins
(``@2.1.150``) is the version that runs, judged against the policy and the advisories; no pin, ``@latest``, a
tag or a range gives whatever version the registry has when it runs: unknown, so a policy that restricts
versions cannot be confirmed by it.

The lines read are those the startup-flag conditions read (:mod:`tui.core.startup`): the shells' startup files
and the files they source, the scripts of the user's own folders on the search path, and the launchers'
lines (menu and autostart entries, terminals, tmux, editors' terminal profiles, systemd user units, launch
agents). A line is read as npm reads one (:func:`tui.core.agents.identity.identify`): the package is the first
word the runner runs, or ``--package``/``-p`` (each one a package); ``npm exec -- pkg``; a scoped name whole.
Nothing of a line is kept but its file, its number, the runner and the package with its version.

The same lines tell where npm keeps what npx fetches when they move its cache (``npx --cache DIR``,
``npm_config_cache=DIR npx …``): :func:`moved_caches`, whose ``_npx`` copies the npm channel reads."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tui.core.catalog import Tool
from tui.core.channels.base import Context, Target
from tui.core.channels.remedy import Remediation, Step, cmd, step
from tui.core.machine import Disk
from tui.core.models import Install
from tui.core.text import clean

RUNNER = "runner"  # the npm channel's manager of an install that is a line running the package
# the runners, by the program's name: the word that follows it for those that need one (npm exec, pnpm dlx)
RUNNERS: dict[str, tuple[str, ...]] = {
    "npx": (),
    "pnpx": (),
    "bunx": (),
    "npm": ("exec", "x"),
    "pnpm": ("dlx",),
    "bun": ("x",),
    "yarn": ("dlx",),
}
# a runner's name where a line may start it: after the line's start, a space, a quote or a shell separator
_RUNNER_WORD = re.compile(
    r"""(?:^|(?<=[\s'"`;&|({=/\\]))(npx|pnpx|bunx|npm|pnpm|bun|yarn)(?:\.cmd|\.exe|\.ps1)?(?=\s|["'](?:\s|$))"""
)
# (npm's and bun's own options may come before exec, x; their names may be quoted: "npm" exec)
_NEEDLES = ("npx", "pnpx", "bunx", "dlx", "bun ", "npm ", 'npm"', "npm'", 'bun"', "bun'")
_SEPARATORS = frozenset({";", "&&", "||", "|", "&", ")", "}", "]", "done", "fi", "end"})
# npm's cache, moved for the one command: an assignment before it on the line
_CACHE_ASSIGNED = re.compile(
    r"""(?<![\w-])(?:npm_config_cache|NPM_CONFIG_CACHE)=(?P<q>["']?)(?P<value>[^\s"';&|]+)(?P=q)"""
)
_EXACT = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]+)?$")
MAX_RUN_CHARS = 4096  # what follows a runner's name, read for its package (no real alias or launcher comes close)
MAX_RUNNERS_PER_LINE = 64
_UNREAD = "npm runs: lines whose runner could not be read"


@dataclass(frozen=True)
class PackageRun:
    """One package a line runs through a runner."""

    path: str  # the file, a machine path
    line: int
    runner: str  # as people type it: "npx", "pnpm dlx", "bunx", "yarn dlx", "npm exec"
    package: str
    spec: str | None  # what the line asks for after the name ("2.1.150", "^2", "next"), None for nothing/latest


@dataclass(frozen=True)
class RunnerLines:
    runs: tuple[PackageRun, ...]
    caches: tuple[str, ...]  # npm caches the lines move (as written: ~/…, $HOME/…, absolute)


def runner_lines(ctx: Context) -> RunnerLines:
    """Every package run and moved cache of the lines this module reads, once a scan."""
    return ctx.disk.remembered("npm runs: lines", lambda: _read(ctx))


def _files(ctx: Context) -> list[str]:
    from tui.core.sourced_files import all_sourced
    from tui.core.startup import startup_files
    from tui.core.user_scripts import user_scripts

    files = [*startup_files(ctx, ()), *user_scripts(ctx.disk, ctx.machine).paths]
    return [f.path for f in all_sourced(ctx.disk, ctx.machine, list(dict.fromkeys(files)))]


def _read(ctx: Context) -> RunnerLines:
    from tui.core.desktop_entries import launcher_exec_lines
    from tui.core.launcher_settings import launcher_setting_lines
    from tui.core.shell_variables import dialect_of
    from tui.core.startup import line_expander
    from tui.core.startup_reading import logical_lines, startup_text

    runs: list[PackageRun] = []
    caches: list[str] = []
    unread: list[str] = ctx.disk.remembered(_UNREAD, list)
    files = _files(ctx)
    # the files that name a runner: only there can a variable or a name be set to one (read once more below)
    naming = [p for p in files if isinstance(t := startup_text(ctx.disk, p), str) and any(n in t for n in _NEEDLES)]
    holding = _runner_variables(ctx, naming)  # RUN='npx -y' … $RUN pkg: a line that names no runner itself
    for path in files:
        text = startup_text(ctx.disk, path)
        if not isinstance(text, str) or not (any(n in text for n in _NEEDLES) or (holding and holding.search(text))):
            continue
        for number, line in logical_lines(text):
            if line.lstrip().startswith("#"):
                continue
            named = any(n in line for n in _NEEDLES)
            if named and not _line_runs(line, path, number, runs, caches):
                unread.append(f"{ctx.disk.display(path)} line {number}")
            if not named and not (holding and holding.search(line)):
                continue
            if "$" in line or "`" in line:  # P=pkg@1.2.3 … npx -y $P: each way the shell expands the line
                expander = line_expander(ctx, files)
                for version in expander.versions(line, dialect_of(path)):
                    _line_runs(version.text, path, number, runs, caches)
    _through_names(ctx, files, naming, runs, caches, unread)
    lines, _unread = launcher_exec_lines(ctx.disk, ctx.machine)
    for path, number, words in [*lines, *launcher_setting_lines(ctx.disk, ctx.machine).lines]:
        joined = " ".join(shlex.quote(w) if " " not in w.strip() else w for w in words)
        if any(n in joined for n in _NEEDLES) and not _line_runs(joined, path, number, runs, caches):
            unread.append(f"{ctx.disk.display(path)} line {number}")
    return RunnerLines(tuple(dict.fromkeys(runs)), tuple(dict.fromkeys(caches)))


def _runner_variables(ctx: Context, naming: list[str]) -> re.Pattern[str] | None:
    """Where a line expands a variable the files set on a line that names a runner (``RUN='npx -y'``; only the
    files ``naming`` one can): such a line runs the runner without naming it, and is read in its versions too.
    None when no file sets one."""
    from tui.core.startup import setting_lines
    from tui.core.startup_reading import references_to

    names = frozenset(
        name
        for path in naming
        for names, line in setting_lines(ctx.disk, path)
        if any(n in line for n in _NEEDLES)
        for name in names
    )
    return references_to(names) if names else None


MAX_NAME_DEPTH = 4  # an alias of an alias of a runner, followed this deep
MAX_NAMED_LINE_CHARS = 64 * 1024  # a line with its names' bodies put in, read at most this long
_ARGUMENTS = re.compile(r""""\$[@*]"|\$[@*]|"\$\{[@*]\}"|\$\{[@*]\}""")  # where a function puts what it is given


def _through_names(
    ctx: Context, files: list[str], naming: list[str], runs: list[PackageRun], caches: list[str], unread: list[str]
) -> None:
    """The lines that start a runner through a name the files define (``alias n=npx``, then ``n -y pkg``; a
    function whose body runs one, what it is given in place of its ``"$@"``): each such name replaced by its
    body, a few names deep, and the line read again. More than the shell may run, never less. A name whose
    body starts a runner itself is defined in a file ``naming`` one: with none there, no name leads to one."""
    from tui.core.leading_names import name_definitions
    from tui.core.startup_reading import logical_lines, startup_text

    if not any(_RUNNER_WORD.search(body + " ") for p in naming for _name, body in name_definitions(ctx.disk, p)):
        return
    definitions = [(name, body) for path in files for name, body in name_definitions(ctx.disk, path)]
    bodies: dict[str, str] = {}
    for _ in range(MAX_NAME_DEPTH):
        named = _name_words(bodies)
        found = {
            name: put
            for name, body in definitions
            if name not in bodies
            and _RUNNER_WORD.search(
                (put := _put_in(_ARGUMENTS.sub(_GIVEN, body), named, bodies)).replace(_GIVEN, " ") + " "
            )
        }
        if not found:
            break
        bodies |= found
    named = _name_words(bodies)
    if named is None:
        return
    for path in files:
        text = startup_text(ctx.disk, path)
        if not isinstance(text, str) or named.search(text) is None:
            continue
        for number, line in logical_lines(text):
            if line.lstrip().startswith("#") or named.search(line) is None:
                continue
            read = _put_in(line, named, bodies)
            if len(read) > MAX_NAMED_LINE_CHARS or not _line_runs(read, path, number, runs, caches):
                unread.append(f"{ctx.disk.display(path)} line {number}")  # (a line of names thousands long)


_GIVEN = "\0"  # in a body: where its function puts what it is given


def _name_words(bodies: dict[str, str]) -> re.Pattern[str] | None:
    """A pattern of ``bodies``' names where a command may start (as a runner's own name, :data:`_RUNNER_WORD`),
    and the words given to it up to the command's end."""
    if not bodies:
        return None
    names = "|".join(re.escape(n) for n in sorted(bodies, key=len, reverse=True))
    return re.compile(rf"""(?:^|(?<=[\s'"`;&|(\{{]))({names})(?=\s|$|['"`;&|)}}])([^;&|)\n'"`]*)""")


def _put_in(text: str, named: re.Pattern[str] | None, bodies: dict[str, str]) -> str:
    """``text`` with each name of ``bodies`` that starts a command replaced by its body, the words given to it
    where the body's function puts them (else after it, as an alias's)."""

    def body(m: re.Match[str]) -> str:
        own, given = bodies[m.group(1)], m.group(2)
        return own.replace(_GIVEN, given) if _GIVEN in own else own + given

    return named.sub(body, text) if named is not None else text


def unread_runner_errors(disk: Disk) -> list[str]:
    """One scan error per line that names a package runner whose command could not be read whole (more than
    :data:`MAX_RUN_CHARS` after the runner with no end, more than :data:`MAX_RUNNERS_PER_LINE` runners): a
    tool it runs would go unseen, so never a clean bill."""
    unread: list[str] = disk.remembered(_UNREAD, list)
    return [
        f"cannot read what a package runner runs on {where}: the line is too long to read "
        f"(more than {MAX_RUN_CHARS} characters after the runner, or more than {MAX_RUNNERS_PER_LINE} runners), "
        "so a tool it runs would go unseen"
        for where in dict.fromkeys(unread)
    ]


def _words(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=False, posix=True)
    except ValueError:  # a quote that does not close (the rest of an alias's body): as it stands
        return text.split()


def _line_runs(line: str, path: str, number: int, runs: list[PackageRun], caches: list[str]) -> bool:
    """The packages ``line`` runs through a runner, each from where the runner's name stands (an alias's body,
    after ``;``, ``&&``, ``exec``, an assignment, a shell's ``-c`` line), with the caches it moves. False when
    a runner's command could not be read whole (see :func:`unread_runner_errors`): the rest is read all the
    same."""
    whole = True
    quotes = _QuoteState()
    for count, m in enumerate(_RUNNER_WORD.finditer(line)):
        if count == MAX_RUNNERS_PER_LINE:
            return False
        prog = m.group(1)
        quote = quotes.open_at(line, m.start())
        rest = line[m.end() : m.end() + MAX_RUN_CHARS]
        cut_short = len(line) - m.end() > MAX_RUN_CHARS
        if rest[:1] in ("'", '"') and rest[0] != quote:  # its own quotes in an alias's body: '"npx" -y pkg'
            rest = rest[1:]
        found: list[tuple[str, str, str | None]] = []
        if quote and quote in rest:  # the runner inside a quoted body (an alias's): up to where the quote closes
            found, _ended = _command_runs(prog, rest[: rest.index(quote)], line[: m.start()], False, caches)
            # a quoted runner whose package follows the quote: "$RUN" -y pkg, "${RUNNER[@]}" pkg, "npx" pkg
            rest = rest.replace(quote, "", 1)
        if not found:
            found, ended = _command_runs(prog, rest, line[: m.start()], cut_short, caches)
            whole = whole and ended
        runs += [PackageRun(path, number, runner, package, version) for runner, package, version in found]
    return whole


def _command_runs(
    prog: str, rest: str, before: str, cut_short: bool, caches: list[str]
) -> tuple[list[tuple[str, str, str | None]], bool]:
    """What the runner ``prog`` runs, read from ``rest`` (the line after its name, up to the command's end), as
    ``(runner, package, version)``, and whether its command ended within ``rest`` (False when ``cut_short``,
    ``rest`` cut from a longer line, and no end is found in it: its packages are read all the same); the caches
    it moves added to ``caches``."""
    from tui.core.agents.identity import identify

    words = _words(rest)
    cut = next((i for i, w in enumerate(words) if w in _SEPARATORS or w.endswith(";")), len(words))
    unended = cut_short and cut == len(words)  # no end to its command within what is read: not all it runs is known
    if unended:
        words = words[:-1]  # (the last word read may be cut: never read as a package or a version)
    if cut < len(words) and words[cut].endswith(";") and words[cut] != ";":
        words = [*words[:cut], words[cut][:-1]]
    else:
        words = words[:cut]
    words = [part for w in words for part in ([w] if " " not in w.strip() else _words(w))]
    needed = RUNNERS[prog]
    if needed:
        words = _own_options_after(words, needed)
        if not words or words[0] not in needed:
            return [], not unended
    runner = prog if not needed else f"{prog} {words[0]}"
    runner = {"pnpx": "pnpm dlx", "npm x": "npm exec", "bun x": "bunx"}.get(runner, runner)
    if prog in ("npx", "npm"):
        caches += _moved_cache(words, before)
    ident = identify(prog, words, None)
    found = [(ident.npm, ident.version)] if ident.npm else []
    found += [(name, version) for kind, name, version in ident.extra if kind == "npm"]
    return [(runner, package, version) for package, version in found if package], not unended


class _QuoteState:
    """The quote still open at a point of a line (an alias's body: ``alias c='A=1 npx``), read once from the
    line's start however many runners it holds (each asked at a later point)."""

    def __init__(self) -> None:
        self.at = 0
        self.open_quote = ""
        self.escaped = False

    def open_at(self, line: str, end: int) -> str:
        open_quote, escaped = self.open_quote, self.escaped
        for ch in line[self.at : end]:
            if escaped:
                escaped = False
            elif ch == "\\" and open_quote != "'":
                escaped = True
            elif open_quote:
                open_quote = "" if ch == open_quote else open_quote
            elif ch in "'\"":
                open_quote = ch
        self.at, self.open_quote, self.escaped = end, open_quote, escaped
        return open_quote


def _own_options_after(words: list[str], needed: tuple[str, ...]) -> list[str]:
    """``pnpm --package=x dlx cmd`` read as ``pnpm dlx --package=x cmd``, ``npm --cache DIR exec pkg`` as ``npm
    exec --cache DIR pkg``: a runner's own options written before its subcommand, which it reads there too. The
    subcommand is the first of ``needed`` reached through options alone (a word after an option may be its
    value); a word that is neither (``npm install exec``) ends the search."""
    for at, word in enumerate(words):
        if word in needed:
            return [word, *words[:at], *words[at + 1 :]] if at else words
        after_option = at > 0 and words[at - 1].startswith("-") and "=" not in words[at - 1]
        if not word.startswith("-") and not after_option:
            return words
    return words


def _moved_cache(words: list[str], before: str) -> list[str]:
    """The caches an npm line names: its ``--cache DIR``/``--cache=DIR``, an assignment of npm_config_cache
    before the runner on the same line."""
    out = [m.group("value") for m in _CACHE_ASSIGNED.finditer(before)]
    for i, word in enumerate(words):
        if word == "--":
            break
        if word == "--cache" and i + 1 < len(words):
            out.append(words[i + 1])
        elif word.startswith("--cache="):
            out.append(word.partition("=")[2])
    return [v for v in out if v]


def moved_caches(ctx: Context) -> list[str]:
    """npm's caches the lines move (:func:`runner_lines`), as machine paths (those relative to a working folder,
    or computed, are left out)."""
    from tui.core.channels.npm_folders import prefix_folder

    out: list[str] = []
    for value in runner_lines(ctx).caches:
        folder = prefix_folder(value, ctx.machine.home)
        if folder and "$" not in folder and "`" not in folder:
            out.append(folder)
    return list(dict.fromkeys(out))


def pinned(spec: str | None) -> str | None:
    """The version a line pins (``2.1.150``), or None for a range, a tag or nothing."""
    return spec if spec and _EXACT.match(spec) else None


def installs(ctx: Context, wanted: dict[str, list[Tool]]) -> list[Install]:
    """An install for each line that runs a package of ``wanted`` (the catalog's npm names)."""
    out: list[Install] = []
    for run in runner_lines(ctx).runs:
        for tool in wanted.get(run.package, ()):
            version = pinned(run.spec)
            asked = f"@{clean(run.spec, 60)}" if run.spec else ""
            unsure = ""
            if version is None:
                unsure = (
                    f"it asks {run.runner} for {clean(run.package, 100)}{asked}: whichever version that gives "
                    "when it runs"
                    if run.spec
                    else f"it asks {run.runner} for {clean(run.package, 100)} with no version: the newest when it "
                    "runs, or a copy the runner keeps"
                )
            where = f"{ctx.disk.display(run.path)}:{run.line}"
            out.append(
                Install(
                    tool.id,
                    "npm",
                    clean(where, 1000),
                    version,
                    clean(f"runs {run.package}{asked} through {run.runner} ({where})"),
                    RUNNER,
                    clean(run.package),
                    version_conflict=clean(unsure),
                )
            )
    return out


# -- remediation -----------------------------------------------------------------------------------
def _place(i: Install) -> tuple[str, str]:
    """(the file, the line's number) an install of :data:`RUNNER` names (``~/.bashrc:12``)."""
    file, _colon, number = i.path.rpartition(":")
    return (file, number) if number.isdigit() else (i.path, "")


def _runner_of(i: Install) -> str:
    m = re.search(r" through (.+?) \(", i.detail)
    return m.group(1) if m else "npx"


def remove(i: Install, windows: bool, tool_name: str) -> Remediation:
    file, number = _place(i)
    text = (
        f"Remove {file} line {number} (or what it defines): it runs {clean(i.key)} through {_runner_of(i)} "
        "every time it is used. aicheck never edits the file."
    )
    return Remediation(i, f"{clean(i.key)} run through {_runner_of(i)} ({i.path})", (Step(text),))


def update(i: Install, windows: bool, tool: Tool, target: Target) -> Remediation | None:
    file, number = _place(i)
    runner = _runner_of(i)
    spec = f"{i.key}@{target.version}"
    words = runner.split()
    example = cmd(windows, words[0], *words[1:], literal=(spec,))
    text = (
        f"Change {file} line {number} to run {clean(spec)} (any version {clean(target.text)} is fine; a line "
        f"without a version runs whatever the registry has). aicheck never edits the file."
    )
    return Remediation(i, f"{clean(i.key)} run through {runner} ({i.path})", (step(text, example, spec),))
