"""Build the intake backend from the effective ``[intake]`` settings (pack policy + user config)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from tui.config import Config, check_no_secrets
from tui.errors import ConfigError
from tui.intake.base import IntakeBackend, Settings

KINDS = {
    "webhook": ("tui.intake.webhook", "WebhookBackend"),
    "jira": ("tui.intake.jira", "JiraBackend"),
    "github": ("tui.intake.github", "GitHubBackend"),
    "servicenow": ("tui.intake.servicenow", "ServiceNowBackend"),
    "local": ("tui.intake.local", "LocalBackend"),  # writes to a folder on this computer (the demo's intake)
}


def build_backend(
    raw: dict[str, Any] | None, *, where: str = "[intake]", env: Mapping[str, str] | None = None
) -> IntakeBackend | None:
    """The backend for ``raw`` (``None`` when no intake is configured). Raises ConfigError with the
    source of the settings when they are unusable. Reads no secret: those are read when sending."""
    if not raw:
        return None
    check_no_secrets(raw, where)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    import importlib

    module, cls = KINDS[kind]
    backend_cls: type[IntakeBackend] = getattr(importlib.import_module(module), cls)
    return backend_cls(Settings(dict(raw), where=where, env=os.environ if env is None else env))


def effective_intake(
    policy_intake: dict[str, Any] | None, config: Config | None = None
) -> tuple[dict[str, Any] | None, str]:
    """The settings in force and where they come from (for messages): the user config overrides the pack."""
    from tui.config import load_config, merge_intake

    config = config if config is not None else load_config()
    merged = merge_intake(policy_intake, config.intake)
    if config.intake:
        where = f"{config.path}: [intake]" + (" (over the content pack's)" if policy_intake else "")
    else:
        where = "content pack policy.toml: [intake]"
    return merged, where
