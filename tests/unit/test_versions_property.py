"""Version ordering, policy constraints and OSV ranges, with examples and properties (hypothesis);
and the pack loaders never raise anything but a reported problem, whatever bytes they are given."""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.core.advisories import load_advisory
from tui.core.catalog import load_catalog
from tui.core.channels.registry import catalog_keys
from tui.core.policy import load_policy
from tui.core.versions import Constraint, OsvRange, Version

versions = st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=4).map(
    lambda parts: ".".join(map(str, parts))
)


def V(text: str) -> Version:
    return Version.parse(text)


def test_semver_ordering_examples():
    assert V("2.1.91") < V("2.1.197") < V("2.1.198") < V("2.2.0") < V("10.0.0")
    assert V("1.0.0-beta.2") < V("1.0.0-beta.11") < V("1.0.0-rc.1") < V("1.0.0")
    assert V("1.0") == V("1.0.0")
    assert V("v2.1.0") == V("2.1.0")
    assert V("0.86.2") < V("0.86.10")


def test_osv_range_introduced_last_affected_fixed():
    tracking = OsvRange.from_events([{"introduced": "2.1.91"}, {"last_affected": "2.1.197"}])
    assert not tracking.affects(V("2.1.90"))
    assert tracking.affects(V("2.1.91")) and tracking.affects(V("2.1.197"))
    assert not tracking.affects(V("2.1.198"))
    fixed = OsvRange.from_events([{"introduced": "0"}, {"fixed": "1.2.0"}, {"introduced": "2.0.0"}, {"fixed": "2.0.5"}])
    assert fixed.affects(V("0.1")) and not fixed.affects(V("1.5")) and fixed.affects(V("2.0.4"))
    assert not fixed.affects(V("2.0.5"))


@given(versions, versions)
def test_ordering_is_total_and_consistent(a, b):
    va, vb = V(a), V(b)
    assert (va < vb) + (va == vb) + (va > vb) == 1
    assert (va < vb) == (vb > va)


@given(versions, versions, versions)
def test_range_matches_its_definition(lo, hi, probe):
    assume(V(lo) < V(hi))  # OSV sorts events: a range is only meaningful from low to high
    rng = OsvRange.from_events([{"introduced": lo}, {"fixed": hi}])
    assert rng.affects(V(probe)) == (V(lo) <= V(probe) < V(hi))
    last = OsvRange.from_events([{"introduced": lo}, {"last_affected": hi}])
    assert last.affects(V(probe)) == (V(lo) <= V(probe) <= V(hi))


@given(versions, versions)
def test_constraint_matches_its_definition(bound, probe):
    assert Constraint.parse(f">={bound}").allows(V(probe)) == (V(probe) >= V(bound))
    assert Constraint.parse(f">={bound}, <{bound}").allows(V(probe)) is False


toml_like = st.text(alphabet=string.printable + "ü[]{}=\"'", max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=toml_like)
def test_toml_loaders_report_problems_never_raise(tmp_path, text):
    path = tmp_path / "file.toml"
    path.write_text(text, encoding="utf-8")
    problems = []
    catalog = load_catalog(path, "file.toml", problems, catalog_keys())
    load_policy(path, "file.toml", problems, catalog)
    for p in problems:
        assert p.file == "file.toml" and p.message


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "affected",
                    "package",
                    "ranges",
                    "events",
                    "introduced",
                    "fixed",
                    "name",
                    "ecosystem",
                    "type",
                    "versions",
                    "summary",
                    "references",
                    "aliases",
                    "details",
                    "url",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=json_values)
def test_osv_loader_reports_problems_never_raises(tmp_path, data):
    path = tmp_path / "adv.json"
    path.write_text(json.dumps(data))
    problems = []
    adv = load_advisory(path, "adv.json", problems)
    assert adv is not None or problems


@given(versions, versions)
def test_an_exclusive_upper_bound_excludes_its_own_pre_releases(bound, probe):
    """`<V` means "before V" as npm's ranges and PEP 440 read it: a pre-release of the release V is not before
    it (a red team's grant for `>=0.9,<1` covered 1.0.0-rc.2); every other version is compared as ever."""
    b, p = V(bound), V(probe)
    pre_of_bound = p.pre is not None and b.pre is None and p._key()[0] == b._key()[0]
    assert Constraint.parse(f"<{bound}").allows(p) == (p < b and not pre_of_bound)


def test_an_exclusive_upper_bound_in_practice():
    rng = Constraint.parse(">=0.9,<1")
    assert [v for v in ("0.9.3", "1.0.0", "1.0.0-preview.1", "1.0.0-rc.2", "0.99.1-rc.1") if rng.allows(V(v))] == [
        "0.9.3",
        "0.99.1-rc.1",
    ]
    assert not Constraint.parse("<2").allows(V("2.0.0.dev1"))
    assert Constraint.parse("<2.0.0-rc.3").allows(V("2.0.0-rc.1"))  # a pre-release bound: compared as written
