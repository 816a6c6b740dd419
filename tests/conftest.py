"""Shared fixtures. Every test runs with aicheck's own folders pointed into tmp_path, so a developer's
real data, config, cache and content-pack choice never leak into (or get touched by) the suite."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from hypothesis import settings

from tui.core.content import load_pack
from tui.demo.synthetic import SyntheticMachine
from tui.paths import bundled_content_dir

# Property tests: the same examples every run (deterministic), and no example database in the checkout
# (it would be a file outside tmp_path, shared by concurrent runs), and no time limit per example: a busy
# core makes an example slow, never wrong (hypothesis's default 200 ms deadline fails it as "flaky").
settings.register_profile("aicheck", derandomize=True, database=None, deadline=None)
settings.load_profile("aicheck")


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """hypothesis keeps caches in a folder of its own (``.hypothesis`` in the working folder by default):
    put it in this run's (this xdist worker's) tmp folder instead, before any test is collected.

    And the cyclic garbage collector of a test process runs less often. A test process holds far more live
    objects than aicheck ever does (every test module, pytest's reports, the apps of earlier tests waiting to
    be collected), and with Python's default thresholds a full collection walked all of them every few
    hundred thousand allocations: measured with ``gc.callbacks``, 56 full collections cost 12 s in 34 app
    tests, about a fifth of their CPU. Freezing what is alive after start-up (imports) and collecting the
    young generation every 20,000 allocations instead of 700 keeps each test's cycles collected, in far fewer
    passes (a worker peaks near 250 MiB). What a test runs is unchanged: only when cycles are freed.

    On a Python aicheck refuses to run on (tui/interpreter.py) the suite stops at once and says why: every
    command would exit 2, hundreds of failures that all mean the same thing."""
    from hypothesis.configuration import set_hypothesis_home_dir

    from tui.interpreter import unsound_python

    if (unsound := unsound_python()) is not None:
        raise pytest.UsageError(unsound)

    set_hypothesis_home_dir(config._tmp_path_factory.mktemp("hypothesis"))
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def pytest_collection_modifyitems(config, items):
    """Every test under tests/app/ drives the real app: mark it ``app`` and ``slow``; strace tests are ``slow`` too."""
    app_dir = Path(__file__).parent / "app"
    for item in items:
        if app_dir in item.path.parents:
            item.add_marker(pytest.mark.app)
            item.add_marker(pytest.mark.slow)
        elif item.get_closest_marker("strace"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    base = tmp_path_factory.mktemp("aicheck-user")
    monkeypatch.setenv("AICHECK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("AICHECK_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("AICHECK_CONFIG", str(base / "config.toml"))
    (base / "config.toml").write_text("")  # named by AICHECK_CONFIG, so it must be there (an empty config)
    # git's global config (the requester's name, the email a grant must name) is never the account's running the
    # suite: an empty one here, so no identity at all; a test that needs one writes its own (support.requester)
    (base / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(base / "gitconfig"))
    monkeypatch.setenv("AICHECK_STATE_DIR", str(base / "state"))
    # the company's managed config is a fixed system path (no variable moves it): in tests, one under tmp
    monkeypatch.setattr("tui.paths.managed_config_file", lambda: base / "managed" / "config.toml")
    # the bundled example pack, named on purpose (as `--content example`): the gate refuses it when nothing names
    # a pack (tests of that, and of how a pack is chosen, remove this)
    monkeypatch.setenv("AICHECK_CONTENT", "example")
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The app asks the terminal how many colours it has (a 16-colour one gets another focus frame): every
    # test sees the same answer, a true-colour terminal, whatever TERM the run happens to have.
    monkeypatch.setenv("COLORTERM", "truecolor")
    yield


@pytest.fixture(scope="session", autouse=True)
def _demo_disk_parent(tmp_path_factory):
    """The demo disk the app tests share lives in this session's (this xdist worker's) own tmp folder."""
    import support.app as app_support

    app_support.DEMO_PARENT = tmp_path_factory.mktemp("demo")
    yield


@pytest.fixture(scope="session")
def pack():
    """The bundled example pack (loaded once: it is read-only)."""
    return load_pack(bundled_content_dir())


@pytest.fixture(params=["linux", "macos", "windows"])
def platform_name(request) -> str:
    return request.param


@pytest.fixture
def machine_factory(tmp_path):
    def make(platform: str = "linux", name: str = "disk") -> SyntheticMachine:
        return SyntheticMachine(Path(tmp_path) / f"{name}-{platform}", platform)

    return make


@pytest.fixture
def fake():
    """A fake intake on loopback (:class:`support.intake_server.FakeIntake`), stopped after the test. A module
    that wants its hang fault shorter defines its own ``fake``."""
    from support.intake_server import FakeIntake

    f = FakeIntake()
    f.start()
    yield f
    f.stop()
