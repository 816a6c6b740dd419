"""The onboarding checklist's headless state: steps, persistence, reset on a policy change."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest

from tui.services import onboarding
from tui.services.onboarding import ACKNOWLEDGE, ALTERNATIVES, EXCEPTIONS, READ, SCAN_CLEAN

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)


def states(o, **kw):
    return {s.id: s.done for s in o.steps(**kw)}


def test_fresh_checklist_has_five_open_steps(tmp_path):
    o = onboarding.load("2026.11", "abc", tmp_path)
    assert [s.id for s in o.steps()] == [READ, ACKNOWLEDGE, SCAN_CLEAN, ALTERNATIVES, EXCEPTIONS]
    assert not any(states(o).values())
    assert o.reset_from is None


def test_acknowledgement_records_who_when_which_policy_and_survives_a_restart(tmp_path):
    o = onboarding.load("2026.11", "abc", tmp_path)
    o.acknowledge("Ada Lovelace <ada@example.com>", NOW)
    o.save(tmp_path)
    doc = tomllib.loads((tmp_path / "onboarding.toml").read_text())
    assert doc["acknowledged"] == {
        "user": "Ada Lovelace <ada@example.com>",
        "at": NOW,
        "policy_version": "2026.11",
        "policy_sha256": "abc",
    }
    again = onboarding.load("2026.11", "abc", tmp_path)
    assert again.acknowledged.user == "Ada Lovelace <ada@example.com>"
    assert again.read_at == NOW  # acknowledging implies reading
    assert states(again)[ACKNOWLEDGE] and states(again)[READ]


@pytest.mark.parametrize("version,sha", [("2026.12", "abc"), ("2026.11", "def")])
def test_progress_is_reset_when_the_policy_changes(tmp_path, version, sha):
    o = onboarding.load("2026.11", "abc", tmp_path)
    o.acknowledge("ada", NOW)
    o.tick("alternative-github-copilot", "step one")
    o.save(tmp_path)
    new = onboarding.load(version, sha, tmp_path)
    assert new.acknowledged is None and new.read_at is None and not new.checklists
    assert new.reset_from == "2026.11"


def test_scan_clean_alternatives_and_exceptions(tmp_path):
    o = onboarding.load("v", "s", tmp_path)
    o.record_scan(2, NOW)
    s = states(o, needs_alternative=["cursor"], needs_exception=["opencode"])
    assert not s[SCAN_CLEAN] and not s[ALTERNATIVES] and not s[EXCEPTIONS]
    s = states(o, needs_alternative=[], needs_exception=["opencode"], requested={"opencode"})
    assert s[ALTERNATIVES] and s[EXCEPTIONS]
    o.record_scan(0, NOW)
    assert states(o)[SCAN_CLEAN]


def test_manual_ticks_only_for_the_last_two_steps(tmp_path):
    o = onboarding.load("v", "s", tmp_path)
    o.set_manual(EXCEPTIONS, True)
    assert states(o, needs_exception=["x"])[EXCEPTIONS]
    with pytest.raises(ValueError):
        o.set_manual(ACKNOWLEDGE, True)
    o.save(tmp_path)
    assert onboarding.load("v", "s", tmp_path).manual == [EXCEPTIONS]


def test_checklist_ticks_persist(tmp_path):
    o = onboarding.load("v", "s", tmp_path)
    o.tick("alternative-continue", "Install it")
    o.tick("alternative-continue", "Configure it")
    o.tick("alternative-continue", "Install it", False)
    o.save(tmp_path)
    assert onboarding.load("v", "s", tmp_path).ticked("alternative-continue") == {"Configure it"}


def test_unreadable_file_gives_a_fresh_checklist(tmp_path):
    (tmp_path / "onboarding.toml").write_text("not = [toml")
    assert onboarding.load("v", "s", tmp_path).acknowledged is None


def test_data_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AICHECK_DATA_DIR", str(tmp_path / "d"))
    o = onboarding.load("v", "s")
    assert o.save() == tmp_path / "d" / "onboarding.toml"


def test_current_user_prefers_the_git_identity(tmp_path, monkeypatch):
    cfg = tmp_path / "gitconfig"
    cfg.write_text("[user]\n\tname = Ada Lovelace\n\temail = ada@example.com\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    assert onboarding.current_user() == "Ada Lovelace <ada@example.com>"
    cfg.write_text("")
    assert onboarding.current_user()  # falls back to the OS user name


def test_a_comment_in_policy_toml_keeps_the_progress_a_new_rule_resets_it(tmp_path):
    """The fingerprint is of what the policy says: the real loader, on a copy of the bundled pack."""
    import shutil

    from tui.core.content import load_pack
    from tui.paths import bundled_content_dir

    copy = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), copy)
    policy = load_pack(copy).policy
    o = onboarding.load(policy.version, policy.sha256, tmp_path, fingerprint=policy.fingerprint)
    o.acknowledge("ada", NOW)
    o.save(tmp_path)

    toml = copy / "policy.toml"
    toml.write_text("# reworded the header comment\n" + toml.read_text() + "\n# and a trailing note\n")
    commented = load_pack(copy).policy
    assert commented.sha256 != policy.sha256 and commented.fingerprint == policy.fingerprint
    kept = onboarding.load(commented.version, commented.sha256, tmp_path, fingerprint=commented.fingerprint)
    assert kept.acknowledged is not None and kept.reset_from is None

    text = toml.read_text()
    assert 'default_status = "unreviewed"' in text
    toml.write_text(text.replace('default_status = "unreviewed"', 'default_status = "prohibited"', 1))
    changed = load_pack(copy).policy
    assert changed.fingerprint != policy.fingerprint
    reset = onboarding.load(changed.version, changed.sha256, tmp_path, fingerprint=changed.fingerprint)
    assert reset.acknowledged is None and reset.reset_from == policy.version
    # what the app says: the same version label with other content is not "2026.11 → 2026.11"
    assert reset.change_since(changed.version) == f"new content, still version {changed.version}"
    assert reset.change_since("2027.01") == f"was {policy.version}"
