"""Attestations are kept per policy version and per the wording of the condition, not per file bytes."""

from __future__ import annotations

import shutil
import tomllib

from tui import paths
from tui.core.content import load_pack
from tui.paths import bundled_content_dir
from tui.services import attestations

TEXT = "I will not paste customer data into Claude Code"


def pack_copy(tmp_path, name: str, edit=lambda text: text):
    folder = tmp_path / name
    shutil.copytree(bundled_content_dir(), folder)
    policy = folder / "policy.toml"
    policy.write_text(edit(policy.read_text("utf-8")), "utf-8")
    return load_pack(folder)


def test_a_comment_in_policy_toml_keeps_the_confirmation(tmp_path):
    before = pack_copy(tmp_path, "a")
    attestations.record(before.policy, "claude-code", "no-customer-data")
    after = pack_copy(tmp_path, "b", lambda t: "# reviewed by legal, no change in substance\n" + t)
    assert after.sha256 != before.sha256
    assert ("claude-code", "no-customer-data") in attestations.load(after.policy)


def test_a_reworded_condition_or_a_new_version_asks_again(tmp_path):
    pack = pack_copy(tmp_path, "a")
    attestations.record(pack.policy, "claude-code", "no-customer-data")
    reworded = pack_copy(tmp_path, "b", lambda t: t.replace(TEXT, TEXT + " or any personal data"))
    assert ("claude-code", "no-customer-data") not in attestations.load(reworded.policy)
    newer = pack_copy(tmp_path, "c", lambda t: t.replace('version = "2026.11"', 'version = "2026.12"', 1))
    assert attestations.load(newer.policy) == set()
    assert ("claude-code", "no-customer-data") in attestations.load(pack.policy)  # the old one is kept


def test_the_record_names_version_tool_condition_and_text_hash(tmp_path):
    pack = pack_copy(tmp_path, "a")
    attestations.record(pack.policy, "claude-code", "no-customer-data")
    [entry] = tomllib.loads((paths.data_dir() / "attestations.toml").read_text("utf-8"))["confirmed"]
    assert entry["policy_version"] == "2026.11" and entry["tool"] == "claude-code"
    assert entry["condition"] == "no-customer-data" and entry["text_sha256"] == attestations.text_sha256(TEXT)
    assert entry["at"]
    attestations.record(pack.policy, "claude-code", "no-customer-data", confirmed=False)
    assert attestations.load(pack.policy) == set()


def test_old_and_broken_records_are_ignored_not_fatal(tmp_path, pack):
    path = paths.data_dir() / "attestations.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f'policy_sha256 = "{pack.sha256}"\n[[confirmed]]\ntool = "claude-code"\ncondition = "no-customer-data"\n',
        "utf-8",
    )
    assert attestations.load(pack.policy) == set()  # the old format (per file bytes) asks again
    attestations.record(pack.policy, "claude-code", "no-customer-data")  # and is replaced by the new one
    assert attestations.load(pack.policy) == {("claude-code", "no-customer-data")}
    for garbage in ("confirmed = 3\n", "[[confirmed]]\ntool = 5\n", "not toml [", "\xff"):
        path.write_text(garbage, "utf-8")
        assert attestations.load(pack.policy) == set()
    path.write_bytes(b"\xff\xfe")
    assert attestations.load(pack.policy) == set()
