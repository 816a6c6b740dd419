"""Checking a policy condition on the scanned machine: an environment variable, or one key in a JSON,
TOML or YAML settings file (by the file's extension: ``.toml``, ``.yaml``/``.yml``, else JSON). Only the named key is looked at, and its value is never shown or stored (a detail may
quote the policy's own listed values, never what was read).

Two kinds of operator: ``equals``, ``prefix``, ``present`` and ``one_of`` say what must be set (met when
it is set where every session of the tool reads it and no place says otherwise: :func:`_evaluate_required`);
``not_equals``, ``none_of`` and ``absent`` say what must NOT be set (met when no place has it: a missing
file sets nothing; a file that cannot be read cannot confirm it, so it is unmet). The settings an
administrator deploys (``enforced_by``) outrank both (:func:`_enforced`); an environment variable counts
as the shell startup files export it (:func:`_environment`).

A file template that starts with a project token (``{claude_project}/.claude/settings.json``) stands for
that file in every project folder the tool's own config lists (:mod:`tui.core.agents.projects`): a
project-level setting that breaks a forbidding condition makes it unmet, and the state names the file."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from tui.core.agents.projects import expand_project_template, unreadable_project_list
from tui.core.catalog import PathSpec
from tui.core.channels.base import Context
from tui.core.machine import MAX_FOLDERS_ABOVE, ReadSkipped
from tui.core.policy import Condition, FieldPattern
from tui.core.settings_files import existing_settings, lookup, lookup_all
from tui.core.shell_variables import EXPORTED, UNSET
from tui.core.text import clean


class Status(StrEnum):
    """What checking one condition found (the value is what JSON output carries)."""

    MET = "met"
    UNMET = "unmet"
    # it cannot be seen from here (a forbidden environment variable, on a disk image or in a fleet's scan, that
    # no file read sets): never a clean bill, the tool needs action as for an unmet condition
    UNKNOWN = "unknown"
    CONFIRMED = "confirmed"  # an attestation the user gave
    UNCONFIRMED = "unconfirmed"  # an attestation still to give


MET, UNMET, UNKNOWN, CONFIRMED, UNCONFIRMED = (
    Status.MET,
    Status.UNMET,
    Status.UNKNOWN,
    Status.CONFIRMED,
    Status.UNCONFIRMED,
)


@dataclass(frozen=True)
class ConditionState:
    condition: Condition
    state: Status
    detail: str
    # the settings files (as the machine names them) that break a forbidding condition or cannot be
    # read: the fix names exactly these (a project-level file among them)
    offending_files: tuple[str, ...] = ()
    # the policy's own values that were found: the flags of startup lines, or what lists hold (permissions.allow
    # holding "Bash"); the fix names these, not the rest of the policy's list
    found_values: tuple[str, ...] = ()
    # a condition that asks for a value: the settings files to set it in (one per settings folder lacking it:
    # the default folder's, and the one a folder variable moves the settings to, when that is set)
    to_set_in: tuple[str, ...] = ()
    # where the condition's environment variable holds another value than the one asked for: "$NAME" (the
    # environment aicheck runs in) or a shell startup file's line ("~/.zshrc line 3")
    env_broken: tuple[str, ...] = ()
    # those of env_broken's lines that are no plain export: they set the variable for one command (an alias,
    # a function) or inside a block, or unset it; the fix takes the setting out of the line
    env_inline: tuple[str, ...] = ()
    # those of env_broken's places that are settings files whose list of {name, value} tables sets it
    # (env_lists: claudeCode.environmentVariables); the fix takes the entry out of that list
    env_in_lists: tuple[str, ...] = ()
    # (settings file, the key as found there) of each of env_in_lists: the fix names the key in each file
    env_list_keys: tuple[tuple[str, str], ...] = ()
    # decided by the settings an administrator deploys (enforced_by): the fix is theirs to make
    by_admin: bool = False
    # what could not be read and so left it unconfirmed (a settings file, a project list, a startup file): the
    # fix is to repair them; nothing else was found breaking it
    unreadable: tuple[str, ...] = ()
    # (startup line, reference) of each line that starts the tool with what cannot be known ("~/.zshrc line 3",
    # "$F"): it could hold a forbidden flag, so the fix asks for the words on the line, never a value read
    unknown_arguments: tuple[tuple[str, str], ...] = ()
    # the startup lines and launchers that start the tool with a flag that keeps it from reading the settings
    # files where the value asked for is set (files_skipped_by: --setting-sources without user): the fix takes
    # the flag out of those lines
    skipping: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {
            "id": self.condition.id,
            "text": self.condition.text,
            "state": self.state,
            "detail": self.detail,
            "attest": self.condition.attest,
        }


def _satisfies(cond: Condition, value: object) -> bool:
    if cond.present:
        return value is not None and value != ""
    if not isinstance(value, (str, int, float, bool)):
        return False
    text = _text(value)
    if cond.equals is not None:
        return text == cond.equals
    if cond.one_of is not None:
        return text in cond.one_of
    return cond.prefix is not None and text.startswith(cond.prefix)


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _expected(cond: Condition) -> str:
    if cond.present:
        return "is set"
    if cond.one_of is not None:
        return f"is one of {_listed(cond.one_of)}"
    return f"= {cond.equals!r}" if cond.equals is not None else f"starts with {cond.prefix!r}"


def evaluate(
    cond: Condition,
    ctx: Context,
    attested: bool,
    env_known: bool,
    programs: tuple[str, ...] = (),
    commands: tuple[str, ...] = (),
) -> ConditionState:
    """``programs``: the tool's command names, for a ``startup_flags`` condition. ``commands``: where the
    tool's commands were found on the search path (machine paths): those that are shell scripts are read
    like startup files (see :func:`tui.core.startup.wrapper_scripts`)."""
    if cond.attest:
        return ConditionState(
            cond, CONFIRMED if attested else UNCONFIRMED, "confirmed by you" if attested else "needs your confirmation"
        )
    if cond.enforced_by and (decided := _enforced(cond, ctx, commands)) is not None:
        return decided
    if cond.startup_flags:
        return _evaluate_startup(cond, ctx, programs, commands)
    if cond.forbids:
        return _evaluate_forbidden(cond, ctx, env_known, commands)
    return _evaluate_required(cond, ctx, env_known, commands, programs)


def _enforced(cond: Condition, ctx: Context, commands: tuple[str, ...] = ()) -> ConditionState | None:
    """The condition as the settings an administrator deploys decide it (``enforced_by``: Claude Code's
    managed-settings.json), or None when they do not set the key. They outrank every other place, the
    environment and a project's settings included: a value there is the one every session has. A list is
    merged with the other places' lists (permission rules), so one that holds nothing forbidden decides
    nothing; one that does breaks the condition. A file there that cannot be read cannot confirm it.
    ``settled_by`` and ``allowed_key`` read them for a setting that turns off what the condition forbids
    (Claude Code's ``disableBypassPermissionsMode``, Codex's allowed modes): then it is met whatever the
    rest says."""
    unread: list[str] = []
    paths = _paths(ctx, _not_moved(ctx, cond.enforced_by, commands), unread)
    key = cond.key or ""
    outranks: list[str] = []
    existing = list(existing_settings(ctx, paths))
    settling = _last_setting(cond, existing) if cond.settled_by else None
    for _path, shown, ok, data in existing:
        if not ok and cond.startup_flags:
            continue  # it could only have settled the condition: the startup files decide
        if not ok:
            return ConditionState(
                cond, UNMET, f"cannot confirm the setting of {key}: {shown} cannot be read", (shown,), by_admin=True
            )
        if shown == settling:
            name, setting = cond.settled_by or ("", "")
            detail = f"what it forbids is turned off for every session: {name} = {setting!r} in {shown}"
            return ConditionState(cond, MET, detail)
        if cond.startup_flags:
            continue  # only settled_by is read for a startup condition
        if cond.allowed_key:  # the values the tool may take at all (Codex's requirements.toml)
            allowed = lookup(data, cond.allowed_key)
            if isinstance(allowed, dict):  # a table of names set to true or false (allowed_permission_profiles)
                allowed = [name for name, on in allowed.items() if on is True]
            if isinstance(allowed, list) and allowed and not any(_violation(cond, v) for v in allowed):
                detail = (
                    f"{key} {_forbidden(cond)}: {cond.allowed_key} in {shown} does not allow it, whatever else is set"
                )
                return ConditionState(cond, MET, detail)
            continue  # allowed, or not said: the other places decide
        found = lookup_all(data, key) if cond.forbids else [(key, v) for v in [lookup(data, key)] if v is not None]
        for where, value in found:
            if cond.forbids:
                held = _held(cond, value) if isinstance(value, list) else None
                why: str | None
                if held in _UNCHECKABLE:
                    why, held = f"holds {held}", None
                else:
                    why = f"holds {held!r} (forbidden by the policy)" if held is not None else _violation(cond, value)
                if why:
                    values = (held,) if held is not None else ()
                    return ConditionState(cond, UNMET, f"{where} {why} in {shown}", (shown,), values, by_admin=True)
                if not isinstance(value, list):
                    outranks.append(shown)
            elif _satisfies(cond, value):
                outranks.append(shown)
            else:
                detail = f"expected {_expected(cond)}: {key} is set to another value in {shown}"
                return ConditionState(cond, UNMET, detail, (shown,), by_admin=True)
    if unread and not cond.startup_flags:
        return ConditionState(cond, UNMET, f"cannot confirm the setting of {key}: {_some(unread)} cannot be read")
    if outranks:
        said = _forbidden(cond) if cond.forbids else _expected(cond)
        return ConditionState(cond, MET, f"{key} {said} in {outranks[0]}, which outranks every other settings file")
    return None


def _not_moved(ctx: Context, specs: tuple[PathSpec, ...], commands: tuple[str, ...] = ()) -> tuple[PathSpec, ...]:
    """The enforced files that every session of the tool reads: one the tool ignores while a file its ``unless``
    names is there (another source of the same settings wins), or one whose ``moved_by`` variable may be set
    (aicheck's environment has it, or a shell startup file, alias or wrapper sets it on some line) is left out
    and noted in the audit, since a session that has the variable reads the file it names in its place (a
    file the user writes, which the condition's ``files`` name to break it). A startup file that cannot be
    read could set it: the enforced file is left out then too."""
    kept = []
    for spec in specs:
        where = _moving(ctx, spec.moved_by, commands) if spec.moved_by else None
        why = f"{spec.moved_by} {where}, and a session that has it reads the file it names instead" if where else ""
        instead = _present(ctx, spec.unless) if spec.unless else None
        if instead is not None and not why:
            why = f"the tool takes these settings from {ctx.disk.display(instead)} instead, and ignores this file"
        if not why:
            kept.append(spec)
            continue
        for path in [p for p in ctx.expand_all(spec) if ctx.disk.exists(p)]:
            ctx.disk.skip_once(path, f"not counted as the administrator's settings: {why}")
    return tuple(kept)


def _present(ctx: Context, templates: tuple[str, ...]) -> str | None:
    """The first of ``templates`` there on the machine (looked for once a scan: many conditions name the same)."""
    found: dict[tuple[str, ...], str | None] = ctx.disk.remembered("unless files", dict)
    if templates not in found:
        found[templates] = next((p for t in templates for p in ctx.expand_all(t) if ctx.disk.exists(p)), None)
    return found[templates]


def _moving(ctx: Context, name: str, commands: tuple[str, ...] = ()) -> str | None:
    """Where ``name`` may be set for the tool's sessions (how the audit says it), or None when nowhere."""
    from tui.core.startup import exported_values

    found: dict[tuple[str, tuple[str, ...]], str | None] = ctx.disk.remembered("moving variables", dict)
    key = (name, commands)
    if key not in found:
        where = None
        if ctx.machine.env.get(name, "").strip():
            where = "is set in aicheck's own environment"
        else:
            exports, unread = exported_values(ctx, name, commands)  # the tool's wrapper scripts too
            lines = [line.place for line in exports if line.how != UNSET]
            if lines:
                where = f"is set in {_some(lines)}"
            elif unread:
                where = f"may be set in {_some(unread)}, which cannot be read"
        found[key] = where
    return found[key]


def _settles(settled_by: tuple[str, str], data: object) -> bool:
    value = lookup(data, settled_by[0])
    return value is not None and not isinstance(value, (dict, list)) and _text(value) == settled_by[1]


def _last_setting(cond: Condition, existing: list[tuple[str, str, bool, object]]) -> str | None:
    """The enforced file whose ``settled_by`` setting counts, when that setting settles the condition: the
    last readable one that sets the key, as files merged in order give it (Claude Code's drop-ins override
    managed-settings.json and each other by name, later wins); None when it does not settle it."""
    assert cond.settled_by is not None
    for _path, shown, ok, data in reversed(existing):
        if ok and lookup(data, cond.settled_by[0]) is not None:
            return shown if _settles(cond.settled_by, data) else None
    return None


def _groups(ctx: Context, specs: tuple[PathSpec, ...], unread: list[str]) -> dict[str, list[str]]:
    """The files of a condition's ``files`` by the settings folder they are in: the tool's default folders
    (``""``), and one group per folder variable a template starts with (``{env:CLAUDE_CONFIG_DIR}/…``: where
    the tool reads its settings, instead of the default, in a session that has the variable). A group
    whose variable is set nowhere has no files."""
    groups: dict[str, list[str]] = {}
    for spec in specs:
        head = spec.template.partition("}")[0] if spec.template.startswith("{env:") else ""
        for path in _paths(ctx, (spec,), unread):
            group = groups.setdefault(head.removeprefix("{env:"), [])
            if path not in group:
                group.append(path)
    return groups


@dataclass
class _Environment:
    """What a condition's environment variable says: where it is set to an accepted value for every session
    (a shell startup file's export), where it may be something else (``broken``: the place, "$NAME" for
    aicheck's own environment or a startup file's line, and what it does there), the startup files that
    cannot be read, and whether only aicheck's own environment has it."""

    met_in: list[str]
    broken: list[tuple[str, str]]
    unread: list[str]
    process_only: bool = False
    not_in_effect: list[str] = field(default_factory=list)  # exported, but not in aicheck's (live) environment
    partly: list[str] = field(default_factory=list)  # lines that set the value asked for, but not for every session
    inline: list[str] = field(default_factory=list)  # broken's lines that are no plain export
    in_lists: list[str] = field(default_factory=list)  # broken's settings files whose env_lists list sets it
    list_keys: list[tuple[str, str]] = field(default_factory=list)  # (file, key as found) of each of in_lists


def _in(place: str) -> str:
    return "" if place.startswith("$") else f" in {place}"


def _environment(cond: Condition, ctx: Context, env_known: bool, commands: tuple[str, ...] = ()) -> _Environment:
    """The variable as the tool's sessions get it. aicheck's own environment is one shell's, and a variable
    set for aicheck's run alone (``NAME=… aicheck check``) is set in no session of the tool: it counts only
    where a shell startup file exports the accepted value too, on a line of its own outside any block (then
    every session of that shell has it). On the live machine the export must be in effect as well. A fleet's
    scan, which has no environment, takes the startup file's word. Anything else may be the value a session
    has: another value (exported, in an alias, for one command, inside a block), a value the shell computes,
    an ``unset``, or another value in aicheck's environment breaks the condition."""
    from tui.core.startup import exported_values

    if not cond.env:
        return _Environment([], [], [])
    unread: list[str] = []
    exports, cannot = exported_values(ctx, cond.env, commands, tuple(_paths(ctx, cond.env_files, unread)))
    env = _Environment([], [], unread + cannot)
    for line in exports:
        if line.how == UNSET:
            what = "is unset"
        elif line.value is None:
            what = "is set to a value the shell computes (it cannot be confirmed)"
        elif not _satisfies(cond, line.value):
            what = "is set to another value"
        else:
            (env.met_in if line.how == EXPORTED else env.partly).append(line.place)
            continue
        env.broken.append((line.place, what))
        if line.how != EXPORTED:
            env.inline.append(line.place)
    for shown, where, value in _listed_values(cond, ctx, env.unread):  # an editor's sessions alone
        if not _satisfies(cond, value):
            env.broken.append((shown, f"is set to another value by {where}"))
            env.in_lists.append(shown)
            env.list_keys.append((shown, where))
    if cond.env in ctx.machine.env:
        if not _satisfies(cond, ctx.machine.env[cond.env]):
            env.broken.insert(0, (f"${cond.env}", "is set to another value"))
        elif not env.met_in:
            env.process_only = True
    elif env_known and env.met_in:  # exported, yet not in the shell aicheck runs in: not in effect there
        env.not_in_effect, env.met_in = env.met_in, []
    return env


def _evaluate_required(
    cond: Condition, ctx: Context, env_known: bool, commands: tuple[str, ...] = (), programs: tuple[str, ...] = ()
) -> ConditionState:
    """Met when every place that sets the key sets an accepted value and the value is set where each of the
    tool's sessions reads it. The tool's settings merge (a project's outrank the user's; ``overridden_by``
    lists them), so another value anywhere may be the one in force: it breaks the condition. A value a shell
    startup file exports covers every session (see :func:`_environment`); otherwise each settings folder in
    use (the default one, and the one a folder variable moves it to, when that is set) needs it in one of
    its files. A project's file covers one project: it can break the condition, never meet it. A file that
    cannot be read cannot confirm it. Where nothing read sets it, it is unmet wherever the scan runs (the live
    machine, a disk image, a fleet's scan of another user): the environment never meets it on its own."""
    key = cond.key or ""
    broken: list[str] = []
    offending: list[str] = []
    unread: list[str] = []
    env = _environment(cond, ctx, env_known, commands)
    broken += [f"${cond.env} {what}{_in(place)}" for place, what in env.broken]
    unread += env.unread
    met_in: dict[str, str] = {}
    groups = _groups(ctx, cond.files, unread)
    places: list[tuple[str, str | None]] = [(path, group) for group, paths in groups.items() for path in paths]
    places += [(path, None) for path in _paths(ctx, cond.overridden_by, unread)]
    # a file may stand in two groups (CLAUDE_CONFIG_DIR naming ~/.claude): loaded once, looked at for each
    loaded = {
        path: (shown, ok, data)
        for path, shown, ok, data in existing_settings(ctx, list(dict.fromkeys(path for path, _ in places)))
    }
    not_strict: list[str] = []  # files the tool skips whole (strict_json): why, with the line
    for path, group in places:
        if path not in loaded:
            continue
        shown, ok, data = loaded[path]
        if not ok:
            unread.append(shown)
            offending.append(shown)
            continue
        for name in cond.overriding_keys:  # a profile's value is the one the sessions using it have
            for where, other in lookup_all(data, name):
                if not _satisfies(cond, other) and shown not in offending:
                    broken.append(f"{where} is set to another value in {shown}")
                    offending.append(shown)
        value = lookup(data, key)
        if value is None:
            continue
        if _satisfies(cond, value):
            if group is not None and cond.strict_json and (why := _not_strict(ctx, path)) is not None:
                if why not in not_strict:  # read leniently, it is there; the tool reads nothing of the file
                    not_strict.append(why)
            elif group is not None:
                met_in.setdefault(group, shown)
        elif shown not in offending:
            broken.append(f"{key} is set to another value in {shown}")
            offending.append(shown)
    if broken:
        detail = f"expected {_expected(cond)}: " + _some(broken, "; ")
        shown_places = tuple(dict.fromkeys(place for place, _ in env.broken))
        return ConditionState(
            cond,
            UNMET,
            detail,
            tuple(offending),
            env_broken=shown_places,
            env_inline=tuple(dict.fromkeys(env.inline)),
            env_in_lists=tuple(dict.fromkeys(env.in_lists)),
            env_list_keys=tuple(dict.fromkeys(env.list_keys)),
        )
    if unread:
        return ConditionState(
            cond,
            UNMET,
            f"cannot confirm that {key} {_expected(cond)}: {_some(unread)} cannot be read",
            tuple(offending),
            unreadable=tuple(unread),
        )
    if env.met_in:
        return ConditionState(cond, MET, f"${cond.env} {_expected(cond)} in {_some(env.met_in)}")
    # nothing read sets it: unmet, on the live machine and on a disk image or a fleet's scan alike. A value in
    # an environment alone never meets it (aicheck's own is one shell's, see _environment), so the places that
    # were read decide it wherever the scan runs
    missing = [group for group in groups if group not in met_in]
    if groups and not missing:
        if (skipped := _skipped(cond, ctx, programs, commands, list(met_in.values()))) is not None:
            return skipped
        return ConditionState(cond, MET, " and ".join(f"{key} {_expected(cond)} in {met_in[g]}" for g in groups))
    if not_strict:  # set where the tool does not read it: repairing the file is the fix
        shown_files = tuple(dict.fromkeys(why.partition(" is not strict JSON")[0] for why in not_strict))
        detail = f"cannot confirm that {key} {_expected(cond)}: {_some(not_strict, '; ')}"
        return ConditionState(cond, UNMET, detail, shown_files, unreadable=shown_files)
    # where to set it: the first file of each settings folder that lacks it (the default folder's first)
    to_set = tuple(ctx.disk.display(groups[g][0]) for g in missing)
    places_text = [f"${cond.env}"] if cond.env else []
    places_text += [f"{key} in {ctx.disk.display(p)}" for g in missing for p in groups[g] if ctx.disk.exists(p)]
    where = _some(places_text, " or ") if places_text else "no settings file found"
    if env.not_in_effect:
        where += (
            f" (${cond.env} is exported in {_some(env.not_in_effect)}, but not set in the environment aicheck "
            "runs in: run aicheck from that shell, or set it in the settings file)"
        )
    if env.partly:
        where += (
            f" ({_some(env.partly)} sets it for some sessions only (one command, an alias, a function, a block, "
            "a wrapper script or one folder): export it in a shell startup file, on a line of its own outside any "
            "alias, function, if or loop)"
        )
    if env.process_only:
        where += (
            f" (${cond.env} is set in the environment aicheck runs in, but in no shell startup file: "
            "the tool's sessions started elsewhere may not have it)"
        )
    if met_in:  # set in one settings folder, not in another the tool's sessions may read instead
        others = ", ".join(f"${g}" for g in groups if g)
        readers = " and ".join(f"sessions with ${g}" if g else f"sessions without {others}" for g in missing)
        where += f" (set in {', '.join(met_in.values())}, which {readers} do not read)"
    return ConditionState(cond, UNMET, f"expected {_expected(cond)}: {where}", to_set_in=to_set)


def _not_strict(ctx: Context, path: str) -> str | None:
    """Why the settings file at ``path`` is not strict JSON, for a tool that skips such a file whole (Claude
    Code: "Invalid or malformed JSON"), naming the file and the line; None when it is strict JSON. Said in the
    audit too. The file was read already: this looks at the same bytes again, once a scan."""
    from tui.core.machine import MAX_MANIFEST_BYTES
    from tui.core.safe_json import strict_json_problem

    memo: dict[str, str | None] = ctx.disk.remembered("conditions: not strict JSON", dict)
    if path not in memo:
        try:
            data = ctx.disk.read_bytes(path, MAX_MANIFEST_BYTES)
        except ReadSkipped:
            memo[path] = None  # (its reading for the condition said why, and it was not loaded)
        else:
            bom = data.startswith(b"\xef\xbb\xbf")
            problem = strict_json_problem(data[3 if bom else 0 :].decode("utf-8", "replace"), bom)
            why = None
            if problem is not None:
                what, line = problem
                why = f"{ctx.disk.display(path)} is not strict JSON ({what}, line {line}), and the tool skips such a file whole"
                ctx.disk.skip_once(
                    path,
                    f"not counted for a setting: not strict JSON ({what}, line {line}), which the tool skips whole",
                )
            memo[path] = why
    return memo[path]


def _expanded(ctx: Context, specs: tuple[PathSpec, ...]) -> tuple[list[str], list[str]]:
    missed: list[str] = []
    return _expand_paths(ctx, specs, missed), missed


def _paths(ctx: Context, specs: tuple[PathSpec, ...], unread: list[str]) -> list[str]:
    """Every file the templates stand for on this machine (a project template: one per listed project). What
    cannot be confirmed is added to ``unread``: a project list that exists but cannot be used (no project can
    be confirmed), a file-name pattern that matches more files than are read. Worked out once a scan for the
    same templates (several conditions name the same files)."""
    found: tuple[list[str], list[str]] = ctx.disk.remembered(("condition paths", specs), lambda: _expanded(ctx, specs))
    unread += [u for u in found[1] if u not in unread]
    return list(found[0])


def _expand_paths(ctx: Context, specs: tuple[PathSpec, ...], unread: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for spec in specs:
        if ctx.machine.platform not in spec.platforms:
            continue
        projects = expand_project_template(spec.template, ctx.disk)
        found: list[str] = []
        if projects is not None:
            # a "*" after the project folder (.claude/agents/*.md) lists that folder in each project
            found = [q for p in projects for q in ([p] if "*" not in p else _globbed(ctx, p, unread))]
            if (listing := unreadable_project_list(spec.template, ctx.disk)) and listing not in unread:
                unread.append(listing)
        else:
            for path in ctx.expand_all(spec):
                # a "*" in a folder (VS Code's User/profiles/*/settings.json) lists that one parent folder
                found += [path] if "*" not in path else _globbed(ctx, path, unread)
        if spec.upward:
            found = [q for path in found for q in (path, *_above(path))]
        for path in found:
            if path not in seen:
                seen.add(path)
                out.append(path)
    return out


def _above(path: str) -> list[str]:
    """The same file name in each folder above the file's own, up to the root (at most
    :data:`MAX_FOLDERS_ABOVE`): ``/home/u/src/api/.envrc`` gives ``/home/u/src/.envrc``, ``/home/u/.envrc``…"""
    folder, _, name = path.rpartition("/")
    out: list[str] = []
    while folder and len(out) < MAX_FOLDERS_ABOVE:
        folder = folder.rpartition("/")[0]
        out.append(f"{folder}/{name}")
    return out


def _globbed(ctx: Context, path: str, unread: list[str]) -> list[str]:
    """The files a template with ``*`` stands for: a ``*`` in a folder lists that one parent folder; a ``*``
    in the file name (Codex's profiles, ``~/.codex/*.config.toml``) lists the file's folder, and only the
    files whose names match are read. Never a walk; a bounded number of files (the first by name)."""
    folder, _, name = path.rpartition("/")
    folders = ctx.disk.glob_dirs(folder) if "*" in folder else [folder]
    if "*" not in name:
        return [f"{d}/{name}" for d in folders]
    head, _, tail = name.partition("*")
    if "*" in tail:  # one "*" in a file name
        return []
    out: list[str] = []
    for d in folders:
        children = ctx.disk.children(d)
        # a "*" passes over hidden names, as the shell's does: Claude Code's managed-settings.d, systemd's
        # environment.d and launchd ignore a file whose name starts with a dot, so it can settle nothing. Not
        # for Markdown (subagent files): the subagent reader (tui.core.agents.subagents) takes every .md of
        # the folder, a hidden one too, and a condition reads what it reads
        hidden = head.startswith(".") or tail.endswith(".md")
        matched = [
            n
            for n in sorted(children)
            if n.startswith(head) and n.endswith(tail) and len(n) > len(head) + len(tail) and (hidden or n[0] != ".")
        ]
        out += [f"{d}/{n}" for n in matched[:MAX_GLOBBED_FILES]]
        if len(matched) > MAX_GLOBBED_FILES:  # padding the folder hides nothing: the rest cannot be confirmed
            unread.append(f"{ctx.disk.display(d)}/{name} (more than {MAX_GLOBBED_FILES} files)")
    return out


MAX_GLOBBED_FILES = 200  # files one template with a "*" in its file name stands for, per folder


MAX_SHOWN = 8  # places a detail names; the rest are counted (a startup file of 30,000 aliases stays readable)


def _some(places: list[str], sep: str = ", ") -> str:
    """``places`` joined, the first :data:`MAX_SHOWN` named and the rest counted: every place was looked at
    and decides the state; only the text is bounded."""
    if len(places) <= MAX_SHOWN:
        return sep.join(places)
    return sep.join(places[:MAX_SHOWN]) + f"{sep}and {len(places) - MAX_SHOWN} more"


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(repr(v) for v in values)


def _violation(cond: Condition, value: object) -> str | None:
    """How ``value`` breaks a forbidding condition, in the policy's own words (never the value read), or None."""
    if value is None:
        return None
    if cond.absent:
        return "is set (the policy forbids setting it)"
    if isinstance(value, list):  # a list (permissions.allow) breaks it by holding a forbidden value
        held = _held(cond, value)
        if held in _UNCHECKABLE:
            return f"holds {held}"
        return f"holds {held!r} (forbidden by the policy)" if held is not None else None
    if isinstance(value, dict):  # a table where the policy's field patterns expect a list of them ([rule])
        held = _held(cond, [value]) if cond.none_matching is not None else None
        if held in _UNCHECKABLE:
            return f"holds {held}"
        return f"holds an entry matching {held} (forbidden by the policy)" if held is not None else None
    if not isinstance(value, (str, int, float, bool)):
        return None
    text = _text(value)
    if cond.not_equals is not None and text == cond.not_equals:
        return f"is set to {cond.not_equals!r} (forbidden by the policy)"
    if cond.none_of is not None and text in cond.none_of:
        return f"is set to {text!r} (forbidden by the policy)"  # one of the policy's own listed values
    if cond.none_matching is not None:
        if len(text) > MAX_MATCHED_CHARS:
            return f"is {TOO_LONG}"
        pattern = _matched(cond.none_matching, text)
        if pattern is not None:  # the policy's own pattern is named, never the value read
            return f"matches {shown_pattern(pattern)} (forbidden by the policy)"
    return None


# A value is tried against the policy's patterns only up to MAX_MATCHED_CHARS (a settings value is a line, not
# a document), and a list only up to MAX_LISTED_ITEMS entries: one longer, or longer than that, cannot be told
# from one that holds what the policy forbids past the bound (`Bash(` and 5,000 spaces and `*)`), so it breaks
# a forbidding condition, saying why, never passing unread
MAX_MATCHED_CHARS = 4096
MAX_LISTED_ITEMS = 10_000
TOO_LONG = f"longer than {MAX_MATCHED_CHARS:,} characters (too long to check against the policy's patterns)"
TOO_MANY = f"more than {MAX_LISTED_ITEMS:,} entries (too many to check against the policy)"
LONG_ENTRY = f"an entry {TOO_LONG}"
_UNCHECKABLE = (TOO_MANY, LONG_ENTRY)


def _matched(patterns: tuple[str, ...], text: str) -> str | None:
    """The first of ``patterns`` that ``text`` (at most :data:`MAX_MATCHED_CHARS` long) matches whole, or
    None (a :class:`FieldPattern` matches a table, never a text)."""
    return next((p for p in patterns if not isinstance(p, FieldPattern) and _compiled(p).fullmatch(text)), None)


def _matched_entry(patterns: tuple[str, ...], entry: dict) -> str | None:
    """The first :class:`FieldPattern` of ``patterns`` that the table ``entry`` matches (every field it names
    matched whole: a field the entry lacks as ``""``, a list by any of its items), :data:`LONG_ENTRY` for a
    field too long to try, :data:`TOO_MANY` for a list too long, or None."""
    for pattern in patterns:
        if not isinstance(pattern, FieldPattern):
            continue
        matched = True
        for name, field_pattern in pattern.fields:
            texts = _field_texts(entry.get(name))
            if len(texts) > MAX_LISTED_ITEMS:
                return TOO_MANY
            if any(len(t) > MAX_MATCHED_CHARS for t in texts):
                return LONG_ENTRY
            if not any(_compiled(field_pattern).fullmatch(t) for t in texts):
                matched = False
                break
        if matched:
            return pattern
    return None


def _field_texts(value: object) -> list[str]:
    """A field's texts as a field pattern tries them: nothing as ``""``, a list as its items (an empty one as
    ``""``), a table as ``"{…}"`` (set, and no text of its own)."""
    if value is None:
        return [""]
    if isinstance(value, list):
        return [t for item in value[: MAX_LISTED_ITEMS + 1] for t in _field_texts(item)] or [""]
    return ["{…}"] if isinstance(value, dict) else [_text(value)]


def shown_pattern(pattern: str) -> str:
    """A pattern as a detail or a fix names it: between slashes, its backslashes as written (a field pattern
    as its fields: ``{decision /allow/; no commandPrefix}``)."""
    return clean(pattern, 300) if isinstance(pattern, FieldPattern) else f"/{clean(pattern, 300)}/"


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)  # (the pack's validation refused one that does not compile)


def _held(cond: Condition, value: list) -> str | None:
    """The first of the policy's own values that the list ``value`` holds (what :func:`_violation` found), or
    for ``none_matching`` the pattern an item matches; None for ``absent``, which the whole key breaks."""
    if cond.absent:
        return None
    if len(value) > MAX_LISTED_ITEMS:
        return TOO_MANY
    for item in value:
        if isinstance(item, dict) and cond.none_matching is not None:
            if (pattern := _matched_entry(cond.none_matching, item)) is not None:
                return pattern
        elif isinstance(item, (str, int, float, bool)) and _violation(cond, item):
            text = _text(item)
            if cond.none_matching is None:
                return text
            return LONG_ENTRY if len(text) > MAX_MATCHED_CHARS else _matched(cond.none_matching, text)
    return None


def _forbidden(cond: Condition) -> str:
    if cond.absent:
        return "is not set"
    if cond.not_equals is not None:
        return f"is not {cond.not_equals!r}"
    if cond.none_matching is not None:
        return f"matches none of {', '.join(map(shown_pattern, cond.none_matching))}"
    return f"is none of {_listed(cond.none_of or ())}"


def _evaluate_forbidden(
    cond: Condition, ctx: Context, env_known: bool, commands: tuple[str, ...] = ()
) -> ConditionState:
    """Met when no place sets what the condition forbids; every place is looked at (any one breaks it)."""
    broken: list[str] = []
    unread: list[str] = []
    checked: list[str] = []
    not_set: list[str] = []  # files read that do not set the key (never named as setting it)
    offending: list[str] = []  # files that break it or cannot be read
    held: list[str | None] = []  # per break in a file: the policy's value a list holds (None: not a list)
    env_seen = bool(cond.env) and (env_known or cond.env in ctx.machine.env)
    if cond.env and env_seen:
        why = _violation(cond, ctx.machine.env.get(cond.env))
        if why:
            broken.append(f"${cond.env} {why}")
        checked.append(f"${cond.env}")
    env_lines, env_inline = _forbidden_exports(cond, ctx, broken, unread, commands)
    env_list_keys = _forbidden_in_lists(cond, ctx, broken, unread)
    env_in_lists = tuple(dict.fromkeys(shown for shown, _key in env_list_keys))
    for _path, shown, ok, data in existing_settings(ctx, _paths(ctx, cond.files, unread)):
        if not ok:
            unread.append(shown)
            offending.append(shown)
            continue
        key = cond.key or ""
        found = lookup_all(data, key)
        for where, value in found:
            in_list = (
                _held(cond, value if isinstance(value, list) else [value]) if isinstance(value, (list, dict)) else None
            )
            if in_list in _UNCHECKABLE:
                why = f"holds {in_list}"
            elif in_list is not None:
                held_text = f"an entry matching {shown_pattern(in_list)}" if cond.none_matching else repr(in_list)
                why = f"holds {held_text} (forbidden by the policy)"
            else:
                why = _violation(cond, value)
            if why:
                broken.append(f"{where} {why} in {shown}")
                if shown not in offending:
                    offending.append(shown)
                held.append(in_list)
        if any(value is not None for _where, value in found):
            checked.append(f"{cond.key} in {shown}")
        else:
            not_set.append(shown)
    if broken:
        # a list that holds a forbidden value is fixed by taking that value out (when every break is one)
        values = tuple(dict.fromkeys(h for h in held if h)) if all(held) and not (env_lines or env_in_lists) else ()
        return ConditionState(
            cond,
            UNMET,
            _some(broken, "; "),
            tuple(offending),
            values,
            env_broken=env_lines + env_in_lists,
            env_inline=env_inline,
            env_in_lists=env_in_lists,
            env_list_keys=env_list_keys,
        )
    if unread:
        return ConditionState(
            cond,
            UNMET,
            f"cannot confirm that {cond.key} {_forbidden(cond)}: {_some(unread)} cannot be read",
            tuple(offending),
            unreadable=tuple(unread),
        )
    if cond.env and not env_seen:
        # a value in a session's environment alone (typed in a shell, the system's or Windows' own variables)
        # breaks it on the live machine, and no file shows it: never met from here (judge: it needs action)
        return ConditionState(
            cond,
            UNKNOWN,
            f"cannot confirm that ${cond.env} {_forbidden(cond)}: no file read sets it, but the environment of "
            "the tool's sessions cannot be seen from a scan of the disk (`aicheck check` run as the user decides it)",
        )
    said = ([_some(checked, " and ")] if checked else []) + ([f"not set in {_some(not_set)}"] if not_set else [])
    where = "; ".join(said) if said else "no settings file sets it"
    return ConditionState(cond, MET, f"{cond.key or '$' + (cond.env or '')} {_forbidden(cond)}: {where}")


def _forbidden_exports(
    cond: Condition, ctx: Context, broken: list[str], unread: list[str], commands: tuple[str, ...] = ()
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The shell startup files' lines that set what a forbidding condition forbids: an export (every session
    of that shell has it, whatever aicheck's own environment holds), an alias or a command that sets it for
    the tool (``alias claude='CLAUDE_CODE_USE_BEDROCK=1 claude'``), or a block that may. Added to ``broken``;
    the files that cannot be read to ``unread``. A value the shell computes breaks it too: it is set, to what
    cannot be known, which may be what the policy forbids; an ``unset`` breaks nothing. Returns (the lines,
    those that are no plain export)."""
    from tui.core.startup import exported_values

    if not cond.env:
        return (), ()
    exports, cannot = exported_values(ctx, cond.env, commands, tuple(_paths(ctx, cond.env_files, unread)))
    unread += [f for f in cannot if f not in unread]
    lines: list[str] = []
    inline: list[str] = []
    for line in exports:
        if line.how == UNSET:
            continue
        why = _violation(cond, line.value) if line.value is not None else None
        if line.value is None and not cond.absent:
            why = "is set to a value the shell computes (it may be what the policy forbids)"
        if cond.absent or why:
            broken.append(f"${cond.env} {why or _violation(cond, '')} in {line.place}")
            lines.append(line.place)
            if line.how != EXPORTED:
                inline.append(line.place)
    return tuple(dict.fromkeys(lines)), tuple(dict.fromkeys(inline))


def _forbidden_in_lists(
    cond: Condition, ctx: Context, broken: list[str], unread: list[str]
) -> tuple[tuple[str, str], ...]:
    """(settings file, key as found) of each ``env_lists`` entry that sets what a forbidding condition forbids
    (the Claude Code extension's claudeCode.environmentVariables, or VS Code's terminal.integrated.env.linux,
    holding CLAUDE_CODE_USE_BEDROCK): added to ``broken``."""
    found: list[tuple[str, str]] = []
    for shown, where, value in _listed_values(cond, ctx, unread):
        why = _violation(cond, value) if isinstance(value, (str, int, float, bool)) else None
        if cond.absent or why:
            broken.append(f"${cond.env} {why or _violation(cond, '')} by {where} in {shown}")
            found.append((shown, where))
    return tuple(dict.fromkeys(found))


MAX_LIST_ITEMS = 10_000  # entries of one list looked at (a real one has a handful)


def _listed_values(cond: Condition, ctx: Context, unread: list[str]) -> list[tuple[str, str, object]]:
    """(the file as the machine names it, the key as found there, the value) of each entry of the condition's
    ``env_lists`` keys that names its variable: ``{"name": "ANTHROPIC_BASE_URL", "value": "…"}`` in a list
    under the key, or ``"ANTHROPIC_BASE_URL": "…"`` in a table under it. A file that cannot be read is added to
    ``unread``. Values are compared by the caller, never kept."""
    if cond.env_lists is None or not cond.env:
        return []
    fold = ctx.machine.platform == "windows"  # Windows' variable names ignore case

    def named(name: object) -> bool:
        return isinstance(name, str) and (name.strip().upper() if fold else name.strip()) == wanted

    wanted = cond.env.upper() if fold else cond.env
    found: list[tuple[str, str, object]] = []
    for _path, shown, ok, data in existing_settings(ctx, _paths(ctx, cond.env_lists.files, unread)):
        if not ok:
            unread.append(shown)
            continue
        for key in cond.env_lists.keys:
            for where, items in lookup_all(data, key):
                if isinstance(items, dict):
                    found += [
                        (shown, where, value) for name, value in list(items.items())[:MAX_LIST_ITEMS] if named(name)
                    ]
                for item in items[:MAX_LIST_ITEMS] if isinstance(items, list) else ():
                    if isinstance(item, dict) and named(item.get("name")):
                        found.append((shown, where, item.get("value")))
    return found


def _evaluate_startup(
    cond: Condition, ctx: Context, programs: tuple[str, ...], commands: tuple[str, ...] = ()
) -> ConditionState:
    """Met when no shell startup file starts one of the tool's commands with a flag the condition names."""
    from tui.core.startup import shown_flag

    flags = _listed(tuple(shown_flag(f) for f in cond.startup_flags))
    found, checked, unread, unknown = _startup_flags(ctx, programs, cond.startup_flags, commands)
    if found:
        broken = [
            f"{f.file} line {f.line} starts {f.program} with {f.flag!r}"
            + (f" from {' and '.join(f.variables)}" if f.variables else "")
            + " (forbidden by the policy)"
            for f in found
        ]
        # the fix names each line to change: "~/.zshrc line 12"
        return ConditionState(
            cond,
            UNMET,
            _some(broken, "; "),
            tuple(dict.fromkeys(f"{f.file} line {f.line}" for f in found)),
            tuple(dict.fromkeys(f.flag for f in found)),
        )
    if unread or unknown:
        # a line that starts the tool with a value no startup file gives (the environment's, a command's
        # output) could hold a flag: like a file that cannot be read, it cannot confirm the condition
        return ConditionState(
            cond,
            UNMET,
            f"cannot confirm that no shell startup file adds {flags}: {_some(_unconfirmed(unread, unknown), '; ')}",
            tuple(dict.fromkeys([*unread, *(_line_place(u.file, u.line) for u in unknown)])),
            unknown_arguments=tuple(dict.fromkeys((_line_place(u.file, u.line), u.reference) for u in unknown)),
        )
    where = _some(checked) if checked else "no shell startup file found"
    return ConditionState(cond, MET, f"no shell startup file starts it with {flags}: {where}")


def _unconfirmed(unread: list[str], unknown: list) -> list[str]:
    """Why the startup files cannot confirm what lines start the tool with: the files that cannot be read, and
    each line that starts it with what cannot be known (:class:`tui.core.startup.UnknownArgument`)."""
    from tui.core.launcher_settings import LUA_COMPUTED, UNIT_VARIABLE
    from tui.core.leading_names import BODIES_UNREAD, GIVEN_COMMAND, MAX_BODY_LINES_PER_FILE
    from tui.core.line_expansion import COMMAND_OUTPUT
    from tui.core.script_runs import MAX_RUN_DEPTH, MAX_RUN_SCRIPTS, RUNS_UNFOLLOWED
    from tui.core.sourced_files import FOLDER_CUT, MAX_SOURCE_DEPTH, MAX_SOURCED_FILES, NAMED_AT_RUN_TIME, UNFOLLOWED
    from tui.core.startup import BRACES
    from tui.core.user_scripts import MAX_USER_FILES, MAX_USER_SCRIPTS, PAST_THE_BOUNDS

    why = [f"{_some(unread)} cannot be read"] if unread else []
    why += [
        f"{u.file} holds more scripts than aicheck reads ({MAX_USER_SCRIPTS} scripts, {MAX_USER_FILES} files "
        "looked at in the home's command folders): what the rest run is unread"
        if u.reference == PAST_THE_BOUNDS
        else f"{u.file} holds more files than aicheck reads (the audit counts them): what the rest start is unread"
        if u.reference == FOLDER_CUT
        else f"{u.file} line {u.line} runs a file named at run time, which aicheck cannot read"
        if u.reference == NAMED_AT_RUN_TIME
        else f"{u.file} line {u.line} sources more files than aicheck follows ({MAX_SOURCED_FILES} files, "
        f"{MAX_SOURCE_DEPTH} deep)"
        if u.reference == UNFOLLOWED
        else f"{u.file} line {u.line} runs more scripts by their path than aicheck follows ({MAX_RUN_SCRIPTS} "
        f"scripts, {MAX_RUN_DEPTH} deep)"
        if u.reference == RUNS_UNFOLLOWED
        else f"{u.file} line {u.line} adds the flag to whatever command it is given, {u.program} among them"
        if u.reference == GIVEN_COMMAND
        else f"{u.file} line {u.line} starts more function bodies than aicheck reads ({MAX_BODY_LINES_PER_FILE} "
        "lines in one file): what its later names run is unread"
        if u.reference == BODIES_UNREAD
        else f"{u.file} line {u.line} starts {u.program} with {u.reference}, which cannot be known without running it"
        if u.reference == LUA_COMPUTED
        else f"{u.file} line {u.line} starts {u.program} with {u.reference} (from an EnvironmentFile, or none)"
        if u.reference == UNIT_VARIABLE
        else f"{u.file} line {u.line} starts {u.program} with "
        + (
            f"a command's output ({u.reference}), which cannot be known before the shell runs it"
            if u.reference == COMMAND_OUTPUT
            else f"braces ({u.reference}) that make more words than aicheck expands"
            if u.reference == BRACES
            else f"{u.reference}, whose value the startup files do not give (set elsewhere, or computed)"
        )
        for u in unknown
    ]
    return why


def _flag_said(shown: str) -> str:
    """A flag as :func:`tui.core.startup.shown_flag` gives it, quoted for a sentence: ``'--setting-sources'
    without 'user'`` for one whose list lacks a value."""
    name, without, lacking = shown.partition(" without ")
    return f"{name!r} without {lacking!r}" if without else repr(shown)


def _skipped(
    cond: Condition, ctx: Context, programs: tuple[str, ...], commands: tuple[str, ...], met_in: list[str]
) -> ConditionState | None:
    """Unmet when a startup line starts the tool with a flag that keeps it from reading the settings files the
    value was found in (``files_skipped_by``: Claude Code's ``--setting-sources project``, a list without
    ``user``): those sessions do not have it. A line whose words cannot be known, or a startup file that cannot
    be read, cannot confirm it. None when no line does (the files meet it)."""
    if not cond.files_skipped_by or not programs:
        return None
    found, _checked, unread, unknown = _startup_flags(ctx, programs, cond.files_skipped_by, commands)
    asked = f"{cond.key} {_expected(cond)}"
    files = _some(list(dict.fromkeys(met_in)), " and ")
    if found:
        lines = [
            f"{f.file} line {f.line} starts {f.program} with {_flag_said(f.flag)}"
            + (f" from {' and '.join(f.variables)}" if f.variables else "")
            for f in found
        ]
        places = tuple(dict.fromkeys(f"{f.file} line {f.line}" for f in found))
        detail = f"expected {asked}: {_some(lines, '; ')}, and such a session does not read {files}, where it is set"
        return ConditionState(cond, UNMET, detail, places, tuple(dict.fromkeys(f.flag for f in found)), skipping=places)
    if unread or unknown:
        why = _some(_unconfirmed(unread, unknown), "; ")
        places = tuple(dict.fromkeys(_line_place(u.file, u.line) for u in unknown))
        return ConditionState(
            cond,
            UNMET,
            f"cannot confirm that {asked} in the sessions that read {files}: {why}",
            tuple(dict.fromkeys([*unread, *places])),
            unreadable=tuple(unread),
            unknown_arguments=tuple(dict.fromkeys((_line_place(u.file, u.line), u.reference) for u in unknown)),
            skipping=places,
        )
    return None


def _startup_flags(ctx: Context, programs: tuple[str, ...], flags: tuple[str, ...], commands: tuple[str, ...]) -> tuple:
    """:func:`tui.core.startup.find_startup_flags`, and the launchers the desktop starts the tool from: a Linux
    menu or autostart entry whose ``Exec=`` line starts one of ``programs`` with one of ``flags`` (directly, in a
    terminal's ``-e``, in a shell's line) is a finding as a startup line is; an entry that cannot be read cannot
    confirm it, as a startup file that cannot be read."""
    from tui.core.startup import find_startup_flags

    found, checked, unread, unknown = find_startup_flags(ctx, programs, flags, commands)
    if not programs:
        return found, checked, unread, unknown
    more, unread_entries, computed = _launcher_flags(ctx, programs, flags)
    unread = [*unread, *(u for u in unread_entries if u not in unread)]
    return [*found, *more], checked, unread, [*unknown, *computed]


def _launcher_flags(ctx: Context, programs: tuple[str, ...], flags: tuple[str, ...]) -> tuple[list, list[str], list]:
    """(a :class:`tui.core.startup.StartupFinding` for each launcher line that starts one of ``programs`` with one
    of ``flags``, the launchers that cannot be read, a :class:`tui.core.startup.UnknownArgument` for each line
    that starts one of them with what cannot be known). The launchers: the desktop's menu and autostart entries
    (:func:`tui.core.desktop_entries.launcher_exec_lines`) and the launchers' own settings (terminals, tmux, an
    editor's terminal profiles, systemd user units, launch agents: :mod:`tui.core.launcher_settings`). A line's
    words past the program's are read as one line, as an alias's are; a word that is a line of its own (``sh -c
    "claude --flag"``, ``x-terminal-emulator -e "claude --flag"``) is split into its words first."""
    from tui.core.desktop_entries import launcher_exec_lines
    from tui.core.launcher_settings import launcher_setting_lines
    from tui.core.sourced_files import NAMED_AT_RUN_TIME
    from tui.core.startup import StartupFinding, UnknownArgument, flag_needle, shown_flag, whole_word

    lines, unread = launcher_exec_lines(ctx.disk, ctx.machine)
    settings = launcher_setting_lines(ctx.disk, ctx.machine)
    names = frozenset(programs)
    flag_words = [(f, flag_needle(f), whole_word(f)) for f in flags]
    found: list = []
    for path, number, words in [*lines, *settings.lines]:
        started = _started(words, names)
        if started is None:
            continue
        program, passed = started
        for flag, needle, rx in flag_words:
            if needle in passed and rx.search(" " + passed):
                found.append(StartupFinding(ctx.disk.display(path), number, program, shown_flag(flag)))
                break
    unknown = []
    for path, number, words, what in settings.computed:
        started = _started(words, names)
        if started is not None:
            unknown.append(UnknownArgument(ctx.disk.display(path), number, started[0], what))
    # a launcher's include of a file named at run time: what that file starts is not known
    unknown += [
        UnknownArgument(ctx.disk.display(path), number, programs[0], NAMED_AT_RUN_TIME)
        for path, number in settings.unfollowed
    ]
    return found, [*unread, *(u for u in settings.unread if u not in unread)], unknown


def _started(words: list[str], names: frozenset[str]) -> tuple[str, str] | None:
    """(the program of ``names`` a launcher line starts, the words after it as one line), or None."""
    from tui.core.agents.identity import program_name

    split = [part for word in words for part in (_split_line(word) if " " in word.strip() else [word])]
    at = next((i for i, word in enumerate(split) if program_name(word) in names), None)
    if at is None:
        return None
    return program_name(split[at]), " ".join(split[at + 1 :])


def _split_line(text: str) -> list[str]:
    """The words of a shell line a launcher hands a shell or a terminal (quotes taken off; as they stand, when
    they do not close)."""
    import shlex

    try:
        return shlex.split(text, posix=True)
    except ValueError:
        return text.split()


def _line_place(file: str, line: int) -> str:
    """``~/.zshrc line 12``; a whole folder (line 0: its scripts past the bounds) by its name alone."""
    return f"{file} line {line}" if line else file
