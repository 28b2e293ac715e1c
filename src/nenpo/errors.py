"""The one user-error type, and the location it points at.

Everything a secretariat or an editor can get wrong (records, templates, styles, fonts, options)
ends up as a `Problem` with a `Location` in *their* file; `NenpoError` carries every problem
found in one run, so the CLI can print them all and exit once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from nenpo.messages import Lang, Text


@dataclass(frozen=True)
class Location:
    """Where in the user's files a problem is: file, 1-based line and column, field path; for a
    spreadsheet, the cell (`研修!C7`) in place of line and column."""

    file: Path | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    cell: str | None = None

    def prefix(self) -> str:
        """`file:line:column` as far as known, in the form editors and terminals link to."""
        parts: list[str] = []
        if self.file is not None:
            parts.append(str(self.file))
            if self.cell is not None:
                parts.append(self.cell)
            elif self.line is not None:
                parts.append(str(self.line))
                if self.column is not None:
                    parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the user's input, with a hint on what to write instead."""

    message: Text
    location: Location = field(default_factory=Location)
    hint: Text | None = None
    severity: Literal["error", "warning"] = "error"

    def format(self, lang: Lang = "ja") -> str:
        """`file:line:column: field: message`, and the hint on an indented line below."""
        head = self.location.prefix()
        text = self.message.render(lang)
        if self.location.field:
            text = f"{self.location.field}: {text}"
        if self.severity == "warning":
            text = f"{Text('problem.warning').render(lang)}: {text}"
        if self.hint:
            text = f"{text}\n    → {self.hint.render(lang)}"
        return f"{head}: {text}" if head else text


class InvalidValue(ValueError):
    """A value that cannot be accepted, raised where the value is read (dates, model validators).

    pydantic carries the exception through to validation, which takes its message and hint
    from here, so the reason survives in either language. `at` names the part of the value at
    fault (`("end",)`, `("rows", 1)`) when a validator of the whole value finds it, so the
    message can point at that part's own line.
    """

    def __init__(self, message: Text, hint: Text | None = None, at: tuple[str | int, ...] = ()) -> None:
        self.text, self.hint, self.at = message, hint, at
        super().__init__(message.render())


class NenpoError(Exception):
    """A user error: every problem found, to be printed without a traceback."""

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))

    @classmethod
    def single(
        cls, message: Text, location: Location | None = None, hint: Text | None = None
    ) -> NenpoError:
        """Shorthand for an error of one problem."""
        return cls(Problem(message, location or Location(), hint))
