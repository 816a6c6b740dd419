"""The intake examples in docs/intake.md and the README are valid: for the JSON Schemas (config and the
pack's [intake]) and for aicheck itself (the backend builds from them)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import tui
from tui.errors import ConfigError
from tui.intake.factory import build_backend

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = Path(tui.__file__).parent / "schemas"
TOML_BLOCK = re.compile(r"```toml\n(.*?)```", re.S)


def schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def toml_examples(path: Path) -> list[dict[str, Any]]:
    return [tomllib.loads(block) for block in TOML_BLOCK.findall(path.read_text(encoding="utf-8"))]


INTAKE_EXAMPLES = [doc for doc in toml_examples(ROOT / "docs" / "intake.md") if "intake" in doc]
README_CONFIGS = [doc for doc in toml_examples(ROOT / "README.md") if "intake" in doc or "content" in doc]


def test_the_doc_has_an_example_per_backend():
    kinds = [doc["intake"]["kind"] for doc in INTAKE_EXAMPLES]
    assert sorted(set(kinds)) == ["github", "jira", "local", "servicenow", "webhook"]
    assert kinds.count("jira") == 2  # Cloud and Server/Data Center


@pytest.mark.parametrize(
    "doc", INTAKE_EXAMPLES + README_CONFIGS, ids=lambda d: d.get("intake", {}).get("kind", "content")
)
def test_examples_validate_against_the_config_schema(doc):
    jsonschema.validate(doc, schema("config.schema.json"))


@pytest.mark.parametrize(
    "doc", INTAKE_EXAMPLES + README_CONFIGS, ids=lambda d: d.get("intake", {}).get("kind", "content")
)
def test_examples_build_a_backend(doc):
    if "intake" in doc:
        backend = build_backend(doc["intake"], env={})
        assert backend is not None and backend.kind == doc["intake"]["kind"]


@pytest.mark.parametrize(
    "doc", [d for d in INTAKE_EXAMPLES if d["intake"]["kind"] != "local"], ids=lambda d: d["intake"]["kind"]
)
def test_pack_examples_validate_against_the_policy_schemas_intake(doc):
    intake = dict(doc["intake"])
    intake.setdefault("url", "https://api.github.com")  # a pack's [intake] always names its url
    jsonschema.validate(intake, schema("policy.schema.json")["properties"]["intake"])


@pytest.mark.parametrize(
    "intake",
    [
        {"kind": "jira", "url": "https://acme.atlassian.net", "project": "SEC", "token": "abc"},  # a secret in the file
        {"kind": "jira", "url": "https://acme.atlassian.net", "project": "SEC", "token_env": "T", "api": "3"},
        {"kind": "webhook", "url": "https://intake.example.com"},  # no secret_env
        {"kind": "servicenow", "url": "https://acme.service-now.com", "table": "sc_request", "user": "u"},
        {"kind": "github", "repo": "not a repo", "token_env": "T"},
        {"kind": "webhook", "url": "https://i.example.com", "secret_env": "S", "timeout": 0},
        {"kind": "carrier-pigeon", "url": "https://i.example.com"},
    ],
)
def test_schema_and_aicheck_both_refuse_a_broken_intake(intake):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"intake": intake}, schema("config.schema.json"))
    with pytest.raises(ConfigError):
        build_backend(intake, env={})


def test_the_receivers_verify_function_in_the_doc_accepts_what_aicheck_signs():
    import base64
    import time

    from tui.intake.webhook import sign

    code = re.search(r"```python\n(.*?)```", (ROOT / "docs" / "intake.md").read_text(encoding="utf-8"), re.S)
    assert code is not None
    namespace: dict[str, Any] = {}
    exec(code.group(1), namespace)  # the doc's own receiver code, as a company would copy it
    verify = namespace["verify"]
    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    body = b'{"type":"aicheck.exception_request"}'
    ts = int(time.time())
    headers = {
        "webhook-id": "aicheck-0123456789abcdef",
        "webhook-timestamp": str(ts),
        "webhook-signature": sign(secret, "aicheck-0123456789abcdef", ts, body),
    }
    assert verify(secret, headers, body)
    assert not verify(secret, headers, body + b" ")
    assert not verify(secret, {**headers, "webhook-timestamp": str(ts - 3600)}, body)
