"""The folders the user's sessions run commands from, as the startup files name them with variables.

``export N_PREFIX="$HOME/n"`` then ``PATH+=":$N_PREFIX/bin"`` (n's installer), ``export
PATH="${HOME}/opt/npm/bin${PATH:+:${PATH}}"``, ``path=($GOPATH/bin $path)``, fish's ``fish_add_path
$N_PREFIX/bin`` and ``alias claude="$HOME/opt/npm/bin/claude"``: each names a folder a session runs programs
from, and none writes it out. A PATH entry (or an alias's program) is read as the shell passes it on, every
variable put in with the values the startup files give it (:class:`~tui.core.line_expansion.Expander`, the
same reading the conditions' flags get): each version gives its folders.

A loop that puts its variable on the list (``for d in ~/go/bin ~/.cargo/bin; do PATH="$d:$PATH"; done``,
fish's ``for d in …; fish_add_path $d; end``, zsh's short ``for d (~/a ~/b) path=($d $path)``, tcsh's
``foreach d (…)`` … ``end``, PowerShell's ``foreach ($d in @('C:\a')) { $env:PATH = "$d;" + $env:PATH }``,
one inside a function that puts what it is given on PATH: :mod:`tui.core.path_forms`) gives one entry for
each word of its list, as the shell expands it, the first :attr:`PathEntries.limit` words (past them, the scan
is incomplete: :meth:`PathEntries.in_loops`).

What still cannot be known (a command's output such as ``$(go env GOPATH)``, a variable no startup file sets)
is not dropped silently: where what is unknown is one folder's name inside a known folder
(``~/.nvm/versions/node/$(nvm current)/bin``), the folders there are looked in (one listing, a few at most);
where the entry starts with it (``$(brew --prefix)/bin``, Homebrew's prefixes aside, which are known), nothing
can be listed, and the audit names the file and line (never the value) as a folder not looked in. That is no
scan error: such entries are on most developers' machines, and a tool kept in one is still found by its own
install (npm's prefixes, Homebrew, pipx, a version manager's folders), which each channel reads on its own.
"""

from __future__ import annotations

import re

from tui.core.line_expansion import UNKNOWN, Expander
from tui.core.machine import Disk, Machine
from tui.core.shell_variables import CMD, FISH, POWERSHELL, HeldValue, StartupScript, dialect_of
from tui.core.sourced_files import BREW_MARK, brew_prefixes, expand_braces, with_marks, xdg_config_folder
from tui.core.startup_reading import folder_named, startup_script, startup_text, without_quotes

# the search path's own value where an entry adds to it: sh's $PATH, ${PATH}, ${PATH:+:${PATH}}, ${PATH:-…};
# PowerShell's $env:PATH; cmd's %PATH%; fish's $PATH and $fish_user_paths; zsh's $path and elvish's $@paths
_SELF = re.compile(
    r"\$\{PATH(?::?[-+=?](?:[^{}]|\{[^{}]*\})*)?\}|\$(?:env:)?PATH(?![A-Za-z0-9_])|%PATH%"
    r"|\$\{?(?:fish_user_paths|path|@paths)\}?(?:\[[^\]]*\])?(?![A-Za-z0-9_])",
    re.IGNORECASE,  # PowerShell's $env:Path, cmd's %Path%
)
# XDG_DATA_DIRS's own value where an entry adds to it (``$XDG_DATA_DIRS``, ``${XDG_DATA_DIRS:-/usr/share}``)
DATA_DIRS_SELF = re.compile(r"\$\{XDG_DATA_DIRS(?::?[-+=?](?:[^{}]|\{[^{}]*\})*)?\}|\$XDG_DATA_DIRS(?![A-Za-z0-9_])")
MAX_GLOBBED = 8  # folders one unknown name inside a known folder stands for, looked in
MAX_GLOBS = 16  # such entries looked through (one listing each); past them, the entry is only noted
MAX_UNRESOLVED_NOTED = 32  # entries named in the audit as not looked in (the rest are counted)
# a word of a ``for`` loop's list, its quotes kept; the quoted parts of a word; an array's every item
_LOOP_WORD = re.compile(r"""(?:"(?:\\.|[^"\\])*"|'[^']*'|\$\([^()]*\)|\$\{[^}]*\}|\\.|[^\s"';&|()])+""")
_QUOTED_PART = re.compile(r""""(?:\\.|[^"\\])*"|'[^']*'|\$\{[^}]*\}|\$\([^()]*\)""")
_ALL_ITEMS = re.compile(r"\[[@*]\]")
_MAY_LOOP = re.compile(r"for|%\s*\{", re.IGNORECASE)  # a file that may hold a loop (PowerShell's ForEach, % too)
NOT_LOOKED_IN = "a folder it puts on the search path (or runs a program from) cannot be worked out, not looked in"


class PathEntries:
    """The folders the startup files ``files`` (machine paths, in the order read) put on the search path or run
    programs from, resolved through their variables (at most ``limit``; past it, the audit says so). ``own``:
    the list's own value where an entry adds to it, and ``name`` what the notes call the list (another list of
    folders read the same way: ``XDG_DATA_DIRS``)."""

    def __init__(
        self,
        disk: Disk,
        machine: Machine,
        files: list[str],
        limit: int,
        own: re.Pattern[str] = _SELF,
        name: str = "the search path",
    ) -> None:
        self.disk, self.machine, self.files, self.limit = disk, machine, files, limit
        self.own, self.name = own, name
        self.folders: list[str] = []
        self._expander: Expander | None = None
        self._brew: list[str] | None = None
        self._unresolved = 0
        self._globs = 0
        self._past_limit = False

    def add_value(self, value: str | None, path: str, line: int, separator: str = ":") -> None:
        """A PATH value (``"$N_PREFIX/bin:$PATH"``) of line ``line`` of the startup file ``path``."""
        if value is None or not value.strip():
            return
        text = self.own.sub(separator, value)
        for version in self._versions(text, path):
            for entry in version.split(separator):
                self._add(entry.strip(), path, line)

    def add_word(self, word: str, path: str, line: int) -> None:
        """One word of a PATH list (zsh's ``path=(…)``, fish's ``fish_add_path``, tcsh's ``set path``)."""
        if self.own.fullmatch(word.strip("\"'")):
            return
        for version in self._versions(word, path):
            self._add(version.strip(), path, line)

    def in_loops(
        self, text: str, path: str, line: int, script: StartupScript | None = None, at: int | None = None
    ) -> list[str]:
        """``text`` (a PATH value or word of line ``line`` of ``path``) once for each value the loops around the
        line give the loop variables it names (``for d in ~/a ~/b; do PATH="$d:$PATH"; done``, zsh's ``for d
        (~/a ~/b) …``, tcsh's ``foreach``, PowerShell's ``foreach ($d in …)``: each word of the list in turn, as
        the shell expands it); ``[text]`` when it names none. ``script``: the text the line is of, where it is
        not the file's own (a function's body read for one call; ``at``, the line there). A word that cannot be
        known (``$(cat f)``, a variable no file sets) stands as unknown, for :meth:`_add` to note."""
        if "$" not in text:
            return [text]
        at = line if at is None else at
        if script is None:
            file = startup_text(self.disk, path)
            if not isinstance(file, str) or not _MAY_LOOP.search(file):
                return [text]
            script = startup_script(self.disk, path, file)
        texts = [text]
        for var, words in script.loops_at(at):
            ref = re.compile(rf"\$(?:{var}(?![A-Za-z0-9_])|\{{{var}\}})")
            if not any(ref.search(t) for t in texts):
                continue
            values = self._loop_values(words, path, line)
            texts = [ref.sub(v.replace("\\", "\\\\"), t) for t in texts for v in values][: self.limit + 1]
        return texts

    def _loop_values(self, words: str, path: str, line: int) -> list[str]:
        """The folders a ``for`` loop's list gives its variable, in order: each word as the shell expands it
        (``~``, ``$HOME``, the variables the startup files set, ``{a,b}``; an array's words one by one), a
        ``*`` left for :meth:`_globbed` (one listing, bounded) and any other glob or unknown as unknown."""
        out: list[str] = []
        written = _LOOP_WORD.findall(words)
        if len(written) > self.limit:  # a folder a later word names would go unseen: never a clean bill
            self.past_words(path, line, "a loop over")
            written = written[: self.limit]
        for each in written:
            for word in expand_braces(each):
                bare = _QUOTED_PART.sub("", word)  # what the shell globs: the word outside its quotes
                whole = word.startswith('"') and word.endswith('"') and not _ALL_ITEMS.search(word)
                for version in self._versions(word, path):
                    if "*" in bare or ("*" in version and not whole):  # a glob, written or in a value
                        version = version.replace("*", UNKNOWN)
                    if any(c in bare for c in "?[") or any(c in version for c in "\"'$`"):
                        version = UNKNOWN  # a glob the scan does not expand, or a name it cannot place
                    parts = version.split() if not whole and len(version.split()) > 1 else []
                    if parts and not _ALL_ITEMS.search(word):
                        out.append(version)  # zsh keeps an unquoted scalar one word; bash splits it
                    out += parts or [version]
        return list(dict.fromkeys(out))

    def past_words(self, path: str, line: int, what: str) -> None:
        """Line ``line`` of ``path`` gives more words than are read (``what``: "a loop over", "a call of"): a
        folder a later one names would go unseen, so the scan is incomplete (never a clean bill)."""
        why = f"{self.disk.display(path)} line {line}: {what} more than {self.limit} words"
        self.disk.unlisted.setdefault(f"{self.name} the startup files give", why)

    def add_folder(self, word: str, path: str, line: int) -> None:
        """The folder a program an alias or function runs is in (``$HOME/opt/npm/bin/claude``: its folder)."""
        for version in self._versions(word, path):
            folder = version.strip().rpartition("/")[0]
            if folder and UNKNOWN not in version.rpartition("/")[2]:
                self._add(folder, path, line)

    # -- reading a word -------------------------------------------------------------------------------------
    def _versions(self, text: str, path: str) -> list[str]:
        """``text`` as the shell may pass it on: each version, quotes taken out, a Homebrew prefix asked of
        brew put in (one version for each standard prefix with brew installed)."""
        text = with_marks(text)
        dialect = dialect_of(path)
        if any(c in text for c in "$`%") or (dialect == FISH and "(" in text):
            texts = [v.text for v in self._expander_of().versions(text, dialect)] or [text]
        else:
            texts = [text]
        out: list[str] = []
        for t in texts:
            # (PowerShell's and cmd's backslash is a folder's separator, not an escape: only quotes go)
            t = t.replace('"', "").replace("'", "") if dialect in (POWERSHELL, CMD) else without_quotes(t)
            if BREW_MARK in t:
                out += [t.replace(BREW_MARK, prefix) for prefix in self._brew_of()]
            else:
                out.append(t)
        return list(dict.fromkeys(out))

    def _add(self, entry: str, path: str, line: int) -> None:
        entry = entry.strip().strip("\"'")
        if not entry:
            return
        if UNKNOWN in entry:
            found = self._globbed(entry)
            if found is None:
                self._note(path, line)
                return
            for each in found:
                self._keep(each, path, line)
            return
        folder = folder_named(entry, self.machine)
        if folder is not None:
            self._keep(folder, path, line)
        elif entry.startswith(("/", "~", "$")):  # what folder_named leaves out (a `$` kept, `%…%`): unknown
            self._note(path, line)

    def _globbed(self, entry: str) -> list[str] | None:
        """The folders an entry with one unknown folder name inside a known folder may be (``*`` for it, one
        listing), or None when the unknown is at its start, in several names, or right under the home or a
        top folder (too many to be anything but a guess)."""
        folder = folder_named(entry.replace(UNKNOWN, "\ue0ff"), self.machine)  # the home put in, the rest as written
        if folder is None:
            return None
        parts = folder.split("/")
        unknown = [i for i, p in enumerate(parts) if "\ue0ff" in p]
        if len(unknown) != 1 or unknown[0] < 3 or parts[unknown[0]].count("\ue0ff") > 1:
            return None
        known = "/".join(parts[: unknown[0]])
        if known.rstrip("/") == self.machine.home.rstrip("/") or self._globs >= MAX_GLOBS:
            return None
        self._globs += 1
        pattern = folder.replace("\ue0ff", "*")
        return self.disk.glob_dirs(pattern)[:MAX_GLOBBED]

    def _keep(self, folder: str, path: str, line: int) -> None:
        if folder in self.folders:
            return
        if len(self.folders) >= self.limit:
            if not self._past_limit:
                self._past_limit = True
                self.disk.skip(path, f"line {line}: past the {self.limit} folders {self.name} is followed to")
                # a tool kept in a folder past the bound would go unseen: the scan is incomplete, never clean
                why = f"{self.disk.display(path)} line {line} puts more than {self.limit} folders on it"
                self.disk.unlisted.setdefault(f"{self.name} the startup files give", why)
            return
        self.folders.append(folder)

    def note(self, path: str, line: int) -> None:
        """Line ``line`` of ``path`` puts a folder on the list that cannot be worked out: named in the audit."""
        self._note(path, line)

    def _note(self, path: str, line: int) -> None:
        self._unresolved += 1
        if self._unresolved <= MAX_UNRESOLVED_NOTED:
            reason = NOT_LOOKED_IN if self.own is _SELF else f"a folder it puts on {self.name} cannot be worked out"
            self.disk.skip_once(path, f"line {line}: {reason}")

    def _brew_of(self) -> list[str]:
        if self._brew is None:
            self._brew = brew_prefixes(self.disk, self.machine)
        return self._brew

    def _expander_of(self) -> Expander:
        if self._expander is None:
            fold = self.machine.platform == "windows"
            files = self.files

            def settings(name: str) -> list[tuple[str, HeldValue]]:
                out: list[tuple[str, HeldValue]] = []
                for path in files:
                    text = startup_text(self.disk, path)
                    if isinstance(text, str) and (name.lower() in text.lower() if fold else name in text):
                        script = startup_script(self.disk, path, text)
                        loops = script.loop_starts(name)
                        for h in script.held_values(name, fold=fold):
                            if h.line in loops and h.text is not None:  # a loop's variable, after it: a word
                                words = _LOOP_WORD.findall(h.text)[: self.limit]
                                out += [(path, HeldValue(h.line, w, h.top)) for w in words]
                            else:
                                out.append((path, h))
                return out

            self._expander = Expander(settings, known_values(self.machine))
        return self._expander


def known_values(machine: Machine) -> dict[str, str]:
    """The values the system gives a session that no startup file need set, by upper-case name: the home,
    XDG's config folder, and Homebrew's prefix as ``brew shellenv`` sets it (each standard one)."""
    home = machine.home
    known = {"HOME": home, "USERPROFILE": home, "HOMEBREW_PREFIX": BREW_MARK}
    if xdg := xdg_config_folder(machine):
        known["XDG_CONFIG_HOME"] = xdg
    return known
