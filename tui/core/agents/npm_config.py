"""npm's own settings, read as npm reads them, for what they change about what a server runs.

An ``npx`` (or ``npm exec``) line is npm's settings, then the package, then the package's own arguments;
which word is which is npm's business, and an approved name read in the wrong place is a bend: in
``npx --tag <approved> evil-pkg`` npm reads the approved name as the tag and runs ``evil-pkg``. So the line
is read as npm does (:func:`read_npm_line`): npx's own first pass (``npx-cli.js``: where npm's words end), then
npm's argument reader (nopt: shorthands such as ``-C`` and ``--reg``, unambiguous abbreviations such as
``--script-sh``, ``--no-`` switches, which settings take a value and which words they take).

Some settings change what runs beside the package, or where its code comes from, whatever package a rule
names (:data:`CODE_SETTINGS`): npm runs the package's program through its ``script-shell``, hands
``node-options`` to Node (``--require`` loads a module first), takes a package from a ``cache`` as it is
(``offline``, ``prefer-offline``), and runs a package it finds installed under a ``prefix``. npm reads them
on its command line, in the environment (``npm_config_<name>``, any case, ``_`` for ``-``) and in its config
files; each makes the server's npm packages something no rule can name. (``registry``, a scope's registry,
``userconfig``, ``globalconfig`` and ``prefix`` on the line were read before: see :mod:`.identity`.)

The settings and their kinds are npm's own definitions (``@npmcli/config``, npm 10). A setting a later npm
adds is unknown here: written without ``=`` and followed by a word, which one is the package cannot be
told, and the line says so (:data:`AMBIGUOUS`) rather than guess.
"""

from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterable
from typing import NamedTuple

# npm's settings by how its reader takes a value: a switch (Boolean) takes "true" or "false" after it only;
# a string (String) takes the next word unless it looks like an option; any other kind (a path, a URL, a
# number, a list, a String or null) takes the next word whatever it is (npm 10's definitions)
_SWITCHES = frozenset({
    "all", "allow-same-version", "audit", "bin-links", "commit-hooks", "description", "dev", "diff-ignore-all-space",
    "diff-name-only", "diff-no-prefix", "diff-text", "dry-run", "engine-strict", "expect-results", "force",
    "foreground-scripts", "format-package-lock", "fund", "git-tag-version", "global", "global-style", "if-present",
    "ignore-scripts", "include-staged", "include-workspace-root", "install-links", "json", "legacy-bundling",
    "legacy-peer-deps", "link", "long", "offline", "omit-lockfile-registry-resolved", "optional", "package-lock",
    "package-lock-only", "parseable", "prefer-dedupe", "prefer-offline", "prefer-online", "production", "progress",
    "provenance", "read-only", "rebuild-bundle", "save", "save-bundle", "save-dev", "save-exact", "save-optional",
    "save-peer", "save-prod", "shrinkwrap", "sign-git-commit", "sign-git-tag", "strict-peer-deps", "strict-ssl",
    "timing", "unicode", "update-notifier", "usage", "version", "versions", "workspaces", "workspaces-update", "yes",
})  # fmt: skip
_STRINGS = frozenset({
    "call", "diff-dst-prefix", "diff-src-prefix", "editor", "git", "heading", "init-author-email", "init-author-name",
    "init-license", "init.author.email", "init.author.name", "init.license", "message", "pack-destination", "preid",
    "save-prefix", "scope", "searchexclude", "searchopts", "shell", "tag", "tag-version-prefix", "user-agent",
    "viewer",
})  # fmt: skip
_VALUES = frozenset({
    "_auth", "access", "also", "audit-level", "auth-type", "before", "ca", "cache", "cache-max", "cache-min",
    "cafile", "cert", "cidr", "cpu", "depth", "diff", "diff-unified", "expect-result-count", "fetch-retries",
    "fetch-retry-factor", "fetch-retry-maxtimeout", "fetch-retry-mintimeout", "fetch-timeout", "globalconfig",
    "https-proxy", "include", "init-author-url", "init-module", "init-version", "init.author.url", "init.module",
    "init.version", "install-strategy", "key", "libc", "local-address", "location", "lockfile-version", "loglevel",
    "logs-dir", "logs-max", "maxsockets", "node-options", "noproxy", "omit", "only", "os", "otp", "package", "prefix",
    "provenance-file", "proxy", "registry", "replace-registry-host", "sbom-format", "sbom-type", "script-shell",
    "searchlimit", "searchstaleness", "umask", "userconfig", "which", "workspace",
})  # fmt: skip
# switches that also take a word of another kind: browser (a String too), color ("always")
_SWITCH_OR_STRING = frozenset({"browser"})
_SWITCH_OR_ALWAYS = frozenset({"color"})
KEYS = _SWITCHES | _STRINGS | _VALUES | _SWITCH_OR_STRING | _SWITCH_OR_ALWAYS
# npm's shorthands: each stands for the words after it (definitions/index.js)
SHORTHANDS: dict[str, tuple[str, ...]] = {
    "enjoy-by": ("--before",), "d": ("--loglevel", "info"), "dd": ("--loglevel", "verbose"),
    "ddd": ("--loglevel", "silly"), "quiet": ("--loglevel", "warn"), "q": ("--loglevel", "warn"),
    "s": ("--loglevel", "silent"), "silent": ("--loglevel", "silent"), "verbose": ("--loglevel", "verbose"),
    "desc": ("--description",), "help": ("--usage",), "local": ("--no-global",), "n": ("--no-yes",),
    "no": ("--no-yes",), "porcelain": ("--parseable",), "readonly": ("--read-only",), "reg": ("--registry",),
    "iwr": ("--include-workspace-root",), "a": ("--all",), "c": ("--call",), "f": ("--force",),
    "g": ("--global",), "L": ("--location",), "l": ("--long",), "m": ("--message",), "p": ("--parseable",),
    "C": ("--prefix",), "S": ("--save",), "B": ("--save-bundle",), "D": ("--save-dev",), "E": ("--save-exact",),
    "O": ("--save-optional",), "P": ("--save-prod",), "?": ("--usage",), "H": ("--usage",), "h": ("--usage",),
    "v": ("--version",), "w": ("--workspace",), "ws": ("--workspaces",), "y": ("--yes",),
}  # fmt: skip
_SINGLES = frozenset(k for k in SHORTHANDS if len(k) == 1)

# npx's first pass (npx-cli.js): the options that take no value, and those that always take the next word
_NPX_REMOVED = frozenset({"always-spawn", "ignore-existing", "shell-auto-fallback", "npm", "node-arg", "n"})
_NPX_SWITCHES = (
    _SWITCHES
    | _SWITCH_OR_STRING
    | _SWITCH_OR_ALWAYS
    | {"always-spawn", "ignore-existing", "shell-auto-fallback", "no-install", "quiet", "q", "version", "v"}
    | {"help", "h"}
)
_NPX_OPTS = frozenset({"npm", "node-arg", "n", "package", "p", "cache", "userconfig", "call", "c", "shell"})

_ONLY_DASHES = re.compile(r"^-{2,}$")
_LOOKS_LIKE_OPTION = re.compile(r"^-{1,2}[^-]+")  # what a String setting does not take as its value


def _abbreviations(names: Iterable[str]) -> dict[str, str]:
    """npm's ``abbrev``: every name, and every beginning of one that no other name shares, to that name."""
    starts: dict[str, set[str]] = {}
    for name in names:
        for end in range(1, len(name) + 1):
            starts.setdefault(name[:end], set()).add(name)
    out = {start: next(iter(found)) for start, found in starts.items() if len(found) == 1}
    return out | {name: name for name in names}


_KEY_OF = _abbreviations(KEYS)  # (a dict lookup a word: a line may hold thousands of options)
_SHORTHAND_OF = _abbreviations(SHORTHANDS)


@functools.lru_cache(maxsize=512)
def _short(word: str) -> tuple[str, ...] | None:
    """What nopt's ``resolveShort`` makes of an option word: the words a shorthand stands for, or None."""
    name = word.lstrip("-")
    if name in KEYS:
        return None
    if name in SHORTHANDS:
        return SHORTHANDS[name]
    if name and all(c in _SINGLES for c in name):  # -yC: each letter its own shorthand
        return tuple(w for c in name for w in SHORTHANDS[c])
    if name in _KEY_OF:
        return None
    full = _SHORTHAND_OF.get(name)
    return SHORTHANDS[full] if full is not None else None


class NpmSetting(NamedTuple):
    key: str  # the setting as npm names it (``script-shell``), a scope's (``@acme:registry``) kept as written
    value: str | None  # the word it takes (None: a switch, or a setting given no word)
    words: frozenset[int]  # the line's words it was read from (its value's included)
    negated: bool = False  # written --no-<name>

    @property
    def on(self) -> bool:
        """For a switch: whether npm takes it as on."""
        on = switched_on(self.value) if self.value is not None else True
        return not on if self.negated else on


class NpmLine(NamedTuple):
    settings: tuple[NpmSetting, ...]  # npm's own settings that aicheck judges (see _KEPT), in order
    runs: tuple[int, ...]  # the words npm runs, in order: the first the package (or with --package, the command)
    ambiguous: bool  # an option npm does not know, followed by a word npm may or may not read as its value


def read_npm_line(args: list[str], exec_form: bool = False, switches: frozenset[str] = frozenset()) -> NpmLine:
    """How npm reads a launcher line's words (after ``npx``, or after ``npm exec``: ``exec_form``, where npm's
    settings may come anywhere before ``--``). ``switches``: another launcher's own options that take no value
    (``bunx --bun``), read the same way. Nothing is run: the words are read as npm reads them."""
    words = [(str(a), i) for i, a in enumerate(args)]
    after: list[tuple[str, int]] = []  # the words after npm's own: they are the command's, whatever they say
    if not exec_form:
        words, after = _npx_pass(words, switches)
    elif "--" in [w for w, _ in words]:
        cut = [w for w, _ in words].index("--")
        words, after = words[:cut], words[cut + 1 :]
    settings, runs, ambiguous = _nopt_pass(words, switches)
    return NpmLine(tuple(settings), tuple(runs + [i for _, i in after]), ambiguous)


def _npx_pass(
    words: list[tuple[str, int]], switches: frozenset[str]
) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """npx-cli.js: the words npm reads as its own (shorthands expanded, removed options dropped) and the words
    from the first positional one on (before which npx puts ``--``). One pass, however long the line."""
    out: list[tuple[str, int]] = []
    queue = deque(words)
    while queue:
        arg, origin = queue.popleft()
        if arg == "--":
            return out, list(queue)
        if not arg.startswith("-"):
            return out, [(arg, origin), *queue]
        key, *value = arg.lstrip("-").split("=")
        if key == "p":
            arg = "=".join(["--package", *value])
        elif key == "shell":
            arg = "=".join(["--script-shell", *value])
        elif key == "no-install":
            arg = "--yes=false"
        elif key in SHORTHANDS and key not in _NPX_REMOVED:
            expanded = (*SHORTHANDS[key], *(["=".join(value)] if value else []))
            queue.extendleft((w, origin) for w in reversed(expanded))
            continue
        takes_next = (
            not value
            and key not in _NPX_SWITCHES
            and key not in switches
            and (key in _NPX_OPTS or not (queue[0][0] if queue else "").startswith("-"))
        )
        if key not in _NPX_REMOVED:  # (npx drops a removed option, and the value it takes)
            out.append((arg, origin))
        if takes_next and queue:
            nxt = queue.popleft()
            if key not in _NPX_REMOVED:
                out.append(nxt)
    return out, []


def _nopt_pass(words: list[tuple[str, int]], switches: frozenset[str]) -> tuple[list[NpmSetting], list[int], bool]:
    """nopt, over npm's own words: the settings read (and the words each took) and the other words, in order.
    One pass, however long the line."""
    settings: list[NpmSetting] = []
    runs: list[int] = []
    ambiguous = False
    queue = deque(words)
    while queue:
        arg, origin = queue.popleft()
        if _ONLY_DASHES.match(arg):  # the end of npm's own words
            runs += [i for _, i in queue]
            break
        if not (arg.startswith("-") and len(arg) > 1):
            runs.append(origin)
            continue
        had_eq = "=" in arg
        if had_eq:
            arg, value = arg.split("=", 1)
            queue.appendleft((value, origin))
        short = _short(arg)
        if short is not None:
            queue.extendleft((w, origin) for w in reversed(short))
            if arg != short[0]:
                continue  # read again, as the words it stands for
            queue.popleft()
        key = arg.lstrip("-")
        negated = False
        while key.lower().startswith("no-"):
            negated, key = not negated, key[3:]
        key = _KEY_OF.get(key, key)
        nxt = queue[0][0] if queue else None
        taken: str | None = None
        if (
            negated
            or key in _SWITCHES
            or key in switches
            or key in _SWITCH_OR_STRING
            or key in _SWITCH_OR_ALWAYS
            or (key not in KEYS and not had_eq)
        ):
            if key not in KEYS and key not in switches and not negated and nxt is not None and not nxt.startswith("-"):
                ambiguous = True  # a newer npm's setting may take it as its value
            if nxt in ("true", "false") or (
                nxt is not None
                and (
                    (key in _SWITCH_OR_STRING and not re.match(r"^-[^-]", nxt))
                    or (key in _SWITCH_OR_ALWAYS and nxt == "always")
                )
            ):
                taken = nxt
        elif (
            nxt is not None
            and not _ONLY_DASHES.match(nxt)
            and (key not in _STRINGS or not _LOOKS_LIKE_OPTION.match(nxt))
        ):
            taken = nxt
        taken_at = queue.popleft()[1] if taken is not None else origin
        if key in _KEPT or key.endswith(":registry"):  # (the others change nothing aicheck judges)
            settings.append(NpmSetting(key, taken, frozenset((origin, taken_at)), negated))
    return settings, runs, ambiguous


def npm_env_key(key: str) -> str:
    """The setting npm makes of an environment variable's name (after ``npm_config_``): each ``_`` but a
    first one is ``-``, in lower case (``@my_scope`` is ``@my-scope``), as npm's own loader does."""
    return (key[:1] + key[1:].replace("_", "-")).lower()


def env_setting(name: str) -> str | None:
    """The npm setting an environment variable sets (``npm_config_script_shell``: ``script-shell``), or None."""
    return npm_env_key(name[11:]) if name[:11].upper() == "NPM_CONFIG_" and len(name) > 11 else None


# what each setting makes a server run or install, said with {where}: the option, variable or file setting it
OFFLINE = "packages from npm's cache, unchecked with the registry ({where})"
CODE_SETTINGS = {
    "script-shell": "what {where} names as npm's script shell",  # npm exec runs the package's program through it
    "node-options": "what {where} loads into it",  # NODE_OPTIONS for what npm runs: --require, --import
    "node-gyp": "what {where} names as npm's node-gyp",  # run to build a dependency's native code
    "onload-script": "what {where} loads into npm",  # npm 6: a module npm loads as it starts
    "cache": "packages from the cache {where} names",  # a cache seeded by hand serves what it holds
    "offline": OFFLINE,
    "prefer-offline": OFFLINE,
    "prefix": "packages from the folder {where} names",  # npx runs a package it finds installed there
}
SWITCH_SETTINGS = frozenset({"offline", "prefer-offline"})  # set only when on ("false" is npm's default)
# the settings a line's reading keeps: those above, the package, the call, the registry, the settings files
_KEPT = frozenset({*CODE_SETTINGS, "package", "call", "registry", "userconfig", "globalconfig"})
AMBIGUOUS = "a package its line names after an npm option aicheck does not know (which word npm runs is not known)"


def switched_on(value: str) -> bool:
    """Whether npm takes a switch's written value as on (nopt: "false", "null", "" and 0 are off)."""
    text = value.strip().strip("\"'").lower()
    if text in ("", "false", "null"):
        return False
    try:
        return float(text) != 0
    except ValueError:
        return True
