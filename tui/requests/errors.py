"""Validation results shared by the forms and the command line (one message per field)."""

from __future__ import annotations

from dataclasses import dataclass

from tui.errors import UsageError


@dataclass(frozen=True)
class FieldError:
    """One validation problem, addressed to a form field (``workflows[2].minutes_with``, ``days`` ...)."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(UsageError):
    """Invalid input; carries every problem found so a form can mark each field (CLI: exit 2)."""

    def __init__(self, errors: list[FieldError], what: str = "invalid input"):
        self.errors = list(errors)
        super().__init__(f"{what}:\n" + "\n".join(f"  {e}" for e in self.errors))
