"""A corpus of hostile content packs: each gives a clear, positioned problem, never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tui.cli import main
from tui.paths import bundled_content_dir


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), target)
    return target


def validate(capsys, folder) -> tuple[int, str]:
    code = main(["content", "validate", str(folder)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_non_utf8_file_name(pack_dir, capsys):
    with open(os.path.join(os.fsencode(pack_dir / "guidance"), b"bad-\xff.md"), "wb") as f:
        f.write(b"# x\n")
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "page name" in out and "\\udcff" in out


def test_symlinked_guidance_page_is_refused(pack_dir, capsys, tmp_path):
    (tmp_path / "outside.md").write_text("# secret\n")
    os.symlink(tmp_path / "outside.md", pack_dir / "guidance" / "linked.md")
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "guidance pages must be regular files" in out


def test_deeply_nested_toml_and_json(pack_dir, capsys):
    (pack_dir / "catalog.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    (pack_dir / "advisories" / "deep.json").write_text("[" * 100000 + "]" * 100000)
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "catalog.toml" in out and "deep.json" in out


def test_escape_sequences_and_markup_in_pack_text_are_printed_inert(pack_dir, capsys):
    policy = pack_dir / "policy.toml"
    policy.write_text(policy.read_text() + '\n[tools.zed]\nstatus = "\\u001b]0;owned\\u0007[bold]x"\nrationale = "r"\n')
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "\x1b" not in out and "\x07" not in out and "\\x1b" in out


def test_wrong_top_level_types(pack_dir, capsys):
    (pack_dir / "policy.toml").write_text('organization = "Example"\npolicy = 3\ntools = []\n')
    code, out = validate(capsys, pack_dir)
    assert code == 2
    assert "'organization' must be a table" in out and "'policy' must be a table" in out


def test_advisory_of_the_wrong_shape(pack_dir, capsys):
    (pack_dir / "advisories" / "list.json").write_text("[1, 2, 3]")
    (pack_dir / "advisories" / "noid.json").write_text('{"affected": []}')
    code, out = validate(capsys, pack_dir)
    assert code == 2 and "must be a JSON object" in out and "needs a string 'id'" in out


def test_scan_with_a_hostile_pack_exits_2_and_writes_nothing(pack_dir, capsys, machine_factory):
    (pack_dir / "catalog.toml").write_text("[[tool]]\nid = '../../etc'\nname='x'\nvendor='y'\ncategory='editor'\n")
    m = machine_factory("linux")
    before = sorted(p for p in m.root.rglob("*"))
    code = main(["check", "--content", str(pack_dir), *m.cli_args()])
    out, err = capsys.readouterr()
    assert code == 2 and "must be lower-case letters" in err and out == ""
    assert sorted(p for p in m.root.rglob("*")) == before


# -- the hostile corpus: each case in its own process, under a time bound and an address-space limit --------

HUGE = "1" * 5000  # more digits than Python converts to an integer


def _line_of(name: str, text: str) -> int:
    """The 1-based line of ``text`` in the bundled pack's file (so a test survives edits to the example pack)."""
    lines = (bundled_content_dir() / name).read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


def _fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def _to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def _advisory(pack: Path, **fields) -> None:
    import json

    adv = pack / "advisories" / "AICHECK-2026-0001.json"
    data = json.loads(adv.read_text())
    data.update(fields)
    adv.write_text(json.dumps(data))


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


PACK_CASES = {
    # name: (how to spoil the pack, what the one-line problem says)
    "fifo catalog": (lambda p: _fifo(p / "catalog.toml"), "catalog.toml: cannot read: not a regular file (a FIFO)"),
    "fifo pack.toml": (lambda p: _fifo(p / "pack.toml"), "pack.toml: cannot read: not a regular file (a FIFO)"),
    "fifo advisory": (lambda p: _fifo(p / "advisories" / "AICHECK-2026-0001.json"), "advisories must be regular files"),
    "policy is /dev/zero": (lambda p: _to_dev_zero(p / "policy.toml"), "policy.toml: cannot read: not a regular file"),
    "huge version in a policy range": (
        lambda p: (p / "policy.toml").write_text(
            (p / "policy.toml").read_text().replace('versions = ">=2.1.198"', f'versions = ">={HUGE}"')
        ),
        "policy.toml:" + str(_line_of("policy.toml", 'versions = ">=2.1.198"')) + ":1: bad version constraint",
    ),
    "huge integer in policy": (
        lambda p: (p / "policy.toml").write_text(
            (p / "policy.toml").read_text().replace("exception_default_days = 30", f"exception_default_days = {HUGE}")
        ),
        "policy.toml:" + str(_line_of("policy.toml", "exception_default_days = 30")) + ":26: TOML number too long: "
        f"an integer of {len(HUGE):,} digits (at most 4,300)",
    ),
    "huge version in an OSV event": (
        lambda p: _advisory(
            p,
            affected=[
                {
                    "package": {"ecosystem": "npm", "name": "@anthropic-ai/claude-code"},
                    "ranges": [{"type": "SEMVER", "events": [{"introduced": HUGE}]}],
                }
            ],
        ),
        "bad range",
    ),
    "huge version in pack.toml": (
        lambda p: (p / "pack.toml").write_text(f'id = "x"\nversion = "{HUGE}"\n'),
        "pack.toml:2:1: version '1111",
    ),
    "OSV references of the wrong type": (lambda p: _advisory(p, references=3), "'references' must be an array"),
    "OSV aliases and ranges of the wrong type": (
        lambda p: _advisory(p, aliases="CVE-1", affected=[{"package": {"ecosystem": "npm", "name": "x"}, "ranges": 3}]),
        "'ranges' must be an array",
    ),
    "1,000-deep TOML": (
        lambda p: _append(p / "catalog.toml", "\nx = " + "[" * 1000 + "]" * 1000 + "\n"),
        "catalog.toml",
    ),
    "1,000-deep JSON": (
        lambda p: (p / "advisories" / "deep.json").write_text("[" * 100000 + "]" * 100000),
        "JSON nesting too deep",
    ),
    "bracket run in a guidance page": (
        lambda p: (p / "guidance" / "brackets.md").write_text(
            "# Brackets\n" + "[" * 200000 + "\n" + "\n" * 200000 + "- [ ]" + " " * 100000 + "!\n"
        ),
        None,
    ),
    "spaces in a TOML line that starts with a bracket": (
        lambda p: _append(p / "catalog.toml", '\nx = [\n["a",' + " " * 100000 + "{ b = 1 }],\n]\n"),
        "catalog.toml",
    ),
}


@pytest.mark.parametrize("case", sorted(PACK_CASES))
def test_hostile_pack_corpus(pack_dir, case):
    from support.bounded_run import run_bounded

    spoil, expected = PACK_CASES[case]
    spoil(pack_dir)
    result = run_bounded("content", "validate", str(pack_dir))
    if expected is not None:
        assert result.code == 2 and expected in result.err + result.out, result.err[-1000:]


@pytest.mark.parametrize("case", ["fifo catalog", "policy is /dev/zero", "huge version in pack.toml"])
def test_check_with_a_hostile_pack_ends_with_exit_2(pack_dir, case, machine_factory):
    from support.bounded_run import run_bounded

    PACK_CASES[case][0](pack_dir)
    m = machine_factory("linux")
    result = run_bounded("check", "--content", str(pack_dir), *m.cli_args())
    assert result.code == 2


def test_packing_a_pack_with_a_huge_version_is_one_line(pack_dir, tmp_path):
    from support.bounded_run import run_bounded

    PACK_CASES["huge version in pack.toml"][0](pack_dir)
    result = run_bounded("content", "pack", "-o", str(tmp_path / "out.tar.gz"), str(pack_dir))
    assert result.code == 2 and "pack.toml:2:1: version '1111" in result.err and "is too long" in result.err
    assert len(result.err.splitlines()) == 1


# -- hypothesis: random bytes and wrong types in every pack file never raise --------------------------------
# deadline=None and few examples: the properties must hold on a busy two-core machine, not race a clock

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PACK_FILES = [
    "pack.toml",
    "catalog.toml",
    "policy.toml",
    "advisories/AICHECK-2026-0001.json",
    "guidance/alternative-continue.md",
]
# AICHECK_FUZZ_EXAMPLES=1000 runs a longer fuzzing session by hand
_FUZZ = settings(
    max_examples=int(os.environ.get("AICHECK_FUZZ_EXAMPLES", "40")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _read_and_use(pack_dir: Path) -> None:
    from tui.core.content import read_pack
    from tui.core.machine import Machine
    from tui.core.scanner import scan

    pack, problems = read_pack(pack_dir)
    for p in problems:
        assert p.message and str(p)
    if not problems:  # a pack that validates must also be usable
        scan(
            Machine.current(root=str(pack_dir / "no-such-disk"), home="/home/x", platform="linux", search_path=""), pack
        )


@_FUZZ
@given(
    name=st.sampled_from(_PACK_FILES), start=st.integers(0, 4000), cut=st.integers(0, 40), noise=st.binary(max_size=64)
)
def test_random_bytes_spliced_into_a_pack_file(pack_dir, name, start, cut, noise):
    path = pack_dir / name
    original = path.read_bytes()
    start = min(start, len(original))
    try:
        path.write_bytes(original[:start] + noise + original[start + cut :])
        _read_and_use(pack_dir)
    finally:
        path.write_bytes(original)


_WRONG = st.one_of(
    st.integers(-(10**30), 10**30),
    st.text(max_size=12),
    st.booleans(),
    st.floats(allow_nan=False),
    st.dates(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["id", "name", "status", "x"]), st.integers(), max_size=2),
)


def _paths(value, prefix=()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value[:6]):
            out += _paths(v, (*prefix, i))
    return out


def _replace(doc, path: tuple, new) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = new


@_FUZZ
@given(data=st.data())
def test_values_of_the_wrong_type_in_a_pack_file(pack_dir, data):
    import json
    import tomllib

    import tomli_w

    name = data.draw(st.sampled_from(_PACK_FILES[:4]))
    path = pack_dir / name
    original = path.read_bytes()
    doc = json.loads(original) if name.endswith(".json") else tomllib.loads(original.decode())
    where = data.draw(st.sampled_from(_paths(doc)))
    new = data.draw(_WRONG | st.none()) if name.endswith(".json") else data.draw(_WRONG)
    _replace(doc, where, new)
    try:
        path.write_text(json.dumps(doc, default=str) if name.endswith(".json") else tomli_w.dumps(doc))
        _read_and_use(pack_dir)
    finally:
        path.write_bytes(original)


def test_a_fifo_given_as_the_pack_archive_is_refused_without_blocking(tmp_path, machine_factory):
    from support.bounded_run import run_bounded

    archive = tmp_path / "pack.tar.gz"
    os.mkfifo(archive)
    result = run_bounded("check", "--content", str(archive), *machine_factory("linux").cli_args())
    assert result.code == 2 and "pack.tar.gz" in result.err and len(result.err.splitlines()) == 1


@pytest.mark.parametrize("fifo", ["archive", "signature", "key"])
def test_a_fifo_as_archive_signature_or_key_is_refused_without_blocking(tmp_path, fifo):
    """content verify/sign read the archive, its .sig and the key through the bounded reader."""
    from support.bounded_run import run_bounded

    key, archive = tmp_path / "signing.key", tmp_path / "pack.tar.gz"
    assert run_bounded("content", "keygen", "-o", str(key)).code == 0
    assert run_bounded("content", "pack", str(bundled_content_dir()), "-o", str(archive)).code == 0
    assert run_bounded("content", "sign", str(archive), "--key", str(key)).code == 0
    target = {"archive": archive, "signature": archive.with_name("pack.tar.gz.sig"), "key": key}[fifo]
    target.unlink()
    os.mkfifo(target)
    if fifo == "key":
        result = run_bounded("content", "sign", str(archive), "--key", str(key))
    else:
        result = run_bounded("content", "verify", str(archive), "--public-key", "A" * 43 + "=")
    assert result.code == 2 and "not a regular file (a FIFO)" in result.err, result.err
