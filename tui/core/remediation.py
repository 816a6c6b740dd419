"""What to do about one piece of evidence: each install channel knows how to remove (and, where a
manager can, update) its own installs (``remove``/``update`` in ``tui/core/channels/<name>.py``); this
module picks the channel.

Headless and pure: it builds text, it never runs anything. The app shows these steps and copies a
command to the clipboard; the user runs it themselves. A command is only offered when every argument in
it is plain printable text (see :mod:`tui.core.channels.remedy`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.core.catalog import Tool
from tui.core.channels.base import Target
from tui.core.channels.registry import registry
from tui.core.channels.remedy import Remediation, Step
from tui.core.locations import expand_spec
from tui.core.machine import Machine
from tui.core.models import Install
from tui.core.text import clean

if TYPE_CHECKING:
    from tui.core.conditions import ConditionState
    from tui.core.judge import Finding
    from tui.core.policy import Condition

__all__ = ["Remediation", "Step", "Target", "fix_plan", "remediation", "update", "update_target"]


def _windows(install: Install, platform: str) -> bool:
    return platform == "windows" or install.path.startswith("C:")


def remediation(install: Install, *, platform: str = "linux", tool_name: str = "") -> Remediation:
    """How to remove one piece of evidence. ``platform`` is the scanned machine's (for shell quoting)."""
    ch = registry().get(install.channel)
    if ch is not None:
        return ch.remove(install, _windows(install, platform), tool_name)
    return Remediation(
        install,
        clean(install.detail or install.path),
        (Step(f"Remove {clean(install.path, 300)} with the tool that installed it."),),
    )


def update(install: Install, tool: Tool, target: Target, *, platform: str = "linux") -> Remediation | None:
    """How to bring one install to ``target`` or later, or None when its channel cannot update it."""
    ch = registry().get(install.channel)
    return ch.update(install, _windows(install, platform), tool, target) if ch is not None else None


# -- the plan: exactly what the verdict needs ---------------------------------------------------------
def fix_plan(finding: Finding, machine: Machine) -> list[Remediation]:
    """What to do so that this tool stops needing action, and nothing more: ``aicheck check`` and the app's
    tool detail both show this list.

    - A tool the policy prohibits: remove each of its installs (a trace of use last, unless it holds a
      setting a policy condition reads: its own rule's, or another allowed tool's found here).
    - A version outside the allowed range or inside an advisory: update THAT install (its channel's own
      update command, to the lowest version that is allowed and not affected), or remove it where nothing
      can update it. Installs of an unaffected, allowed version get nothing.
    - An unmet condition: the setting to change, never the deletion of the folder that holds it.
    """
    f = finding
    platform = machine.platform
    if f.grant is not None and not f.action_required:
        return []
    needed = _condition_paths(f, machine) + list(f.shared_settings)
    plan: list[Remediation] = []
    if f.policy_status == "prohibited" and f.grant is None:
        for inst in _owners(f.installs):
            if inst.evidence_only and _holds(inst, needed):
                continue
            plan.append(_removal(f, inst, platform))
        return plan
    bad_ids = {id(i) for i, _adv in f.affected} | {id(i) for i in f.version_violations + f.unknown_versions}
    for inst in _owners([i for i in f.installs if id(i) in bad_ids]):
        removal = _removal(f, inst, platform)
        target = update_target(f, inst)
        upd = update(inst, f.tool, target, platform=platform) if target is not None else None
        upd_text = target.text if target is not None else ""
        version = clean(inst.version or "?")
        # "native installer version 2.1.150" says it already: never "…2.1.150, version 2.1.150"
        found = removal.summary if removal.summary.endswith(f" {version}") else f"{removal.summary}, version {version}"
        if upd is None:
            plan.append(
                replace(removal, summary=f"{found}: remove it (nothing here can update it to an allowed version)")
            )
        else:
            plan.append(replace(upd, summary=f"{found}: update to {clean(upd_text)}", action="update", instead=removal))
    for state in f.unmet_conditions():
        plan.append(_setting_fix(f, state, machine))
    return plan


def update_target(f: Finding, inst: Install) -> Target | None:
    """The lowest version the policy allows and no advisory of this finding affects, above the installed one
    (None when the policy and advisories name no such version)."""
    from tui.core.advisories import matching
    from tui.core.versions import Version, try_parse

    current = try_parse(inst.version or "")
    candidates: dict[str, Version] = {}
    if f.rule and f.rule.versions:
        for op, v in f.rule.versions.clauses:
            if op in (">=", "==", "="):
                candidates[v.text] = v
    for adv in f.advisories:
        for aff in adv.affected:
            for rng in aff.ranges:
                for kind, fixed in rng.events:
                    if kind == "fixed" and fixed is not None:
                        candidates[fixed.text] = fixed
    packages = set(f.tool.osv_packages)
    for version in sorted(candidates.values()):
        if current is not None and not version > current:
            continue
        if f.rule and f.rule.versions and not f.rule.versions.allows(version):
            continue
        if matching(f.advisories, packages, f.tool.id, version.text):
            continue
        parts = [f.rule.versions.text] if f.rule and f.rule.versions else [f">={version.text}"]
        parts += [f"not affected by {adv.id}" for adv in f.advisories]
        return Target(version.text, ", ".join(parts))
    return None


def _removal(f: Finding, inst: Install, platform: str) -> Remediation:
    """:func:`remediation` of ``inst``, and for a native installer's version the launchers on the search path
    found running it (removed with it: nothing else takes them away)."""
    rem = remediation(inst, platform=platform, tool_name=f.tool.name)
    if inst.channel != "native":
        return rem
    from tui.core.channels.native import with_launchers

    launchers = [i for i in f.installs if i.channel == "path" and i.runs and all(_inside(r, inst.path) for r in i.runs)]
    return with_launchers(rem, launchers, _windows(inst, platform))


def _inside(path: str, folder: str) -> bool:
    sep = "\\" if folder.startswith("C:") else "/"
    return path == folder or path.startswith(folder.rstrip(sep) + sep)


def _owners(installs: list[Install]) -> list[Install]:
    """The installs to act on: a command on the search path goes away with the install behind it, so it is
    left out when another install of the tool is in the list; traces of use come last."""
    owned = [i for i in installs if i.channel != "path" and not i.evidence_only]
    keep = [i for i in installs if not i.evidence_only and (i.channel != "path" or not owned)]
    return keep + [i for i in installs if i.evidence_only]


def _condition_paths(f: Finding, machine: Machine) -> list[str]:
    """Every settings file a condition of this tool's rule reads, as the scanned machine names it."""
    out = []
    for cond in f.rule.conditions if f.rule else ():
        for spec in cond.files + cond.overridden_by:
            path = expand_spec(spec, machine)
            if path is not None:
                out.append(machine.display(path))
    return out


def _holds(inst: Install, paths: list[str]) -> bool:
    sep = "\\" if inst.path.startswith("C:") else "/"
    return any(p == inst.path or p.startswith(inst.path.rstrip(sep) + sep) for p in paths)


def _setting_fix(f: Finding, state: ConditionState, machine: Machine) -> Remediation:
    """The setting to change for one unmet condition: only the files, lines and values the check found."""
    cond, offending, found = state.condition, state.offending_files, state.found_values
    to_set_in, env_broken = state.to_set_in, state.env_broken
    if cond.present:
        value = ""
    elif cond.equals is not None:
        value = f" to {cond.equals!r}"
    elif cond.forbids or cond.one_of is not None:
        value = _allowed_value(cond)
    else:
        value = f" to a value starting with {cond.prefix!r}"
    steps: list[Step] = []
    files = [machine.display(p) for spec in cond.files if (p := expand_spec(spec, machine)) is not None]
    if state.unreadable:  # nothing was found breaking it: what could not be read is what to fix
        where = _and_in(state.unreadable, " and ")
        text = (
            f"Repair {where} (aicheck scan --explain says what is wrong with each, with the line): while it "
            "cannot be read, the condition cannot be confirmed."
        )
        steps.append(Step(clean(text, 1000)))
    elif cond.startup_flags:
        from tui.core.startup import shown_flag

        flags = " and ".join(repr(flag) for flag in found or map(shown_flag, cond.startup_flags))  # what lines hold
        unknown = dict(state.unknown_arguments)
        banned = " or ".join(repr(shown_flag(flag)) for flag in cond.startup_flags)
        for place, reference in list(unknown.items())[:MAX_NAMED]:  # a value no startup file gives: the words
            from tui.core.leading_names import BODIES_UNREAD, GIVEN_COMMAND, MAX_BODY_LINES_PER_FILE
            from tui.core.line_expansion import COMMAND_OUTPUT
            from tui.core.script_runs import MAX_RUN_DEPTH, MAX_RUN_SCRIPTS, RUNS_UNFOLLOWED
            from tui.core.sourced_files import (
                FOLDER_CUT,
                MAX_SOURCE_DEPTH,
                MAX_SOURCED_FILES,
                NAMED_AT_RUN_TIME,
                UNFOLLOWED,
            )
            from tui.core.startup import BRACES
            from tui.core.user_scripts import MAX_USER_FILES, MAX_USER_SCRIPTS, PAST_THE_BOUNDS

            what = (
                f"keep fewer scripts in the home's command folders (aicheck reads {MAX_USER_SCRIPTS} scripts and "
                f"looks at {MAX_USER_FILES} files there)"
                if reference == PAST_THE_BOUNDS
                else "keep fewer files in the folder (aicheck reads the first by name, the audit counts the rest), "
                "or start the tool from a file it reads"
                if reference == FOLDER_CUT
                else "write out the name of the file the line runs (a path under ~ or an absolute one)"
                if reference == NAMED_AT_RUN_TIME
                else f"source fewer files from here (aicheck follows {MAX_SOURCED_FILES} files, {MAX_SOURCE_DEPTH} "
                "deep), or start the tool from a file it follows"
                if reference == UNFOLLOWED
                else f"run fewer scripts by their path from here (aicheck follows {MAX_RUN_SCRIPTS} scripts, "
                f"{MAX_RUN_DEPTH} deep), or start the tool from a file it follows"
                if reference == RUNS_UNFOLLOWED
                else f"take {banned} out of the function that adds it to whatever command it is given"
                if reference == GIVEN_COMMAND
                else f"keep the file's functions fewer and less deeply nested (aicheck reads {MAX_BODY_LINES_PER_FILE} "
                "lines of function bodies in one file)"
                if reference == BODIES_UNREAD
                else f"write out on the line what the command's output ({reference}) adds"
                if reference == COMMAND_OUTPUT
                else f"write out on the line the words its braces ({reference}) make"
                if reference == BRACES
                else f"set {reference} in your shell startup files, or write out on the line what it adds"
            )
            text = f"In {place}: {what}, so that aicheck can confirm {f.tool.name} is not started with {banned}."
            steps.append(Step(clean(text, 1000)))
        rest = [place for place in offending if place not in unknown]
        if rest or not unknown:
            where = ", ".join(rest) or "your shell startup files"
            text = f"In {where}: take {flags} out of the alias, function, script or launcher that starts {f.tool.name}."
            steps.append(Step(clean(text, 1000)))
    elif cond.forbids and found and offending:  # lists that hold a forbidden value: take that value out
        where = _and_in(offending)
        held = " and ".join(repr(v) for v in found)
        if cond.none_matching is not None:  # (found holds the patterns matched: never the values read)
            from tui.core.conditions import shown_pattern

            held = "every entry matching " + " or ".join(map(shown_pattern, found))
        steps.append(Step(clean(f"In {where}: take {held} out of {cond.key}.", 1000)))
    elif cond.forbids:  # the files found breaking it (a project's among them), else every file it may be in
        # the environment's own step when aicheck's environment holds it, or when no startup line was found
        in_env = not env_broken or f"${cond.env}" in env_broken
        steps += _forbidden_setting_steps(cond, list(offending) or ([] if env_broken else files), value, in_env)
    elif state.skipping:  # a startup line that keeps the tool from reading the files where it is set
        where = _and_in(state.skipping, " and ")
        said = [v.partition(" without ") for v in found]  # ("--setting-sources", " without ", "user")
        flags = " and ".join(repr(name) for name, _w, _l in said) or "what keeps it from reading them"
        lists = " and ".join(repr(lacking) for _n, without, lacking in said if without)
        text = (
            f"In {where}: take {flags} out of the alias, function, script or launcher that starts {f.tool.name}"
            + (f" (or add {lists} to its list)" if lists else " (or write out on the line what it passes)")
            + f", so that its sessions read {' or '.join(files) or 'its settings files'}, where {cond.key} is set."
        )
        steps.append(Step(clean(text, 1000)))
    elif offending:  # another value where it outranks (a project's settings), or a file that cannot be read
        where = _and_in(offending)
        steps.append(Step(clean(f"In {where}: set {cond.key}{value}, or remove the key.", 1000)))
    elif cond.key and to_set_in:  # each settings folder in use that lacks it (a moved one among them)
        where = _and_in(to_set_in)
        steps.append(Step(clean(f"Set {cond.key}{value} in {where}.", 1000)))
    elif cond.key and files and not env_broken:
        steps.append(
            Step(
                clean(
                    f"Set {cond.key}{value} in {files[0]}"
                    + (f" (or in {', '.join(files[1:])})" if files[1:] else "")
                    + ".",
                    1000,
                )
            )
        )
    listed = [place for place in env_broken if place in state.env_in_lists]
    lines = [place for place in env_broken if not place.startswith("$") and place not in state.env_in_lists]
    exports = [place for place in lines if place not in state.env_inline]
    inline = [place for place in lines if place in state.env_inline]
    fish = [place for place in exports if _fish_universal(place)]  # fish keeps that file: it is told instead
    exports = [place for place in exports if place not in fish]
    if cond.env and exports:  # a startup file's export of another value
        where = _and_in(exports, " and ")
        text = "remove the line" if cond.absent else f"export {cond.env}{value}, or remove the line"
        steps.append(Step(clean(f"In {where}: {text}.", 1000)))
    if cond.env and fish:
        text = f"Erase fish's universal {cond.env} (it is set in {_and_in(fish, ' and ')})"
        steps.append(
            Step(clean(text + (f", or set it{value}" if not cond.absent else "") + ".", 1000), f"set -Ue {cond.env}")
        )
    if cond.env and inline:  # an alias, a function, a block or an unset: what sets it there goes, the rest stays
        where = _and_in(inline, " and ")
        steps.append(
            Step(clean(f"In {where}: take {cond.env} out of {'those lines' if inline[1:] else 'the line'}.", 1000))
        )
    if cond.env and cond.env_lists and listed:  # an editor's list of {name, value}: that entry goes
        also = "" if cond.forbids else f", or set its value{value}"
        by_key: dict[str, list[str]] = {}
        for shown, key in state.env_list_keys:
            if shown in listed:
                by_key.setdefault(key, []).append(shown)
        for key, files in by_key.items():
            where = _and_in(files)
            steps.append(Step(clean(f"In {where}: take the {cond.env} entry out of {key}{also}.", 1000)))
    if cond.env and f"${cond.env}" in env_broken:
        steps.append(
            Step(
                clean(
                    f"Set the environment variable {cond.env}{value}, or unset it "
                    "(your shell profile, or the system's environment settings).",
                    1000,
                )
            )
        )
    elif cond.env and not cond.forbids and not offending and not lines and not listed:
        steps.append(
            Step(
                clean(
                    f"{'Or export' if steps else 'Export'} the environment variable {cond.env}{value} in your "
                    "shell startup file (.zshrc, .bashrc, config.fish or the PowerShell profile), where aicheck "
                    "can read it.",
                    1000,
                )
            )
        )
    if not steps:
        steps.append(Step(clean(f"Make this true: {cond.text}", 1000)))
    if state.by_admin:  # the settings an administrator deploys: theirs to change
        steps = [Step(clean(f"Ask whoever manages this machine's {f.tool.name} settings: {steps[0].text}", 1000))]
    holder = next((i for i in f.installs if not i.evidence_only), f.installs[0])
    return Remediation(holder, clean(f"Condition: {cond.text}", 500), tuple(steps), action="setting")


MAX_NAMED = 8  # places a step names; the rest are counted (a startup file of 30,000 lines stays readable)


def _fish_universal(place: str) -> bool:
    """Whether a place ("<file> line N") is in fish's universal variables, which fish itself rewrites."""
    return place.rpartition(" line ")[0].replace("\\", "/").endswith("/fish/fish_variables")


def _and_in(places: Sequence[str], joiner: str = " and in ") -> str:
    """``a and in b, c``: the files a step names, the first as the sentence's own place; past
    :data:`MAX_NAMED`, the rest counted ("…, and 12 more"), as a condition's detail counts them."""
    rest = list(places[1:MAX_NAMED])
    more = len(places) - MAX_NAMED
    return places[0] + (f"{joiner}{', '.join(rest)}" if rest else "") + (f", and {more} more" if more > 0 else "")


def _allowed_value(cond: Condition) -> str:
    listed = ", ".join(repr(v) for v in (cond.one_of or cond.none_of or ()))
    if cond.one_of is not None:
        return f" to one of {listed}"
    if cond.not_equals is not None:
        return f" to a value other than {cond.not_equals!r}"
    if cond.none_matching is not None:
        from tui.core.conditions import shown_pattern

        return f" to a value matching none of {', '.join(map(shown_pattern, cond.none_matching))}"
    return f" to a value other than {listed}" if cond.none_of is not None else ""


def _forbidden_setting_steps(cond: Condition, files: list[str], value: str, in_env: bool = True) -> list[Step]:
    """A setting the policy forbids: change or remove it in EVERY file that may hold it (any one breaks the
    condition), and in the environment (``in_env``: unless the lines of startup files that set it are named
    on their own)."""
    steps = []
    if cond.key and files:
        where = _and_in(files)
        text = (
            f"Remove the key {cond.key} from {where}."
            if cond.absent
            else f"In {where}: set {cond.key}{value}, or remove the key."
        )
        steps.append(Step(clean(text, 1000)))
    if cond.env and in_env:
        text = (
            f"Unset the environment variable {cond.env}"
            if cond.absent
            else f"Set the environment variable {cond.env}{value}, or unset it"
        )
        steps.append(Step(clean(f"{text} (your shell profile, or the system's environment settings).", 1000)))
    return steps
