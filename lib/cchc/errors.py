"""Errors a user can cause, each able to say where the problem is.

The command line and the dashboards turn these into one clear line per problem;
nothing else in the project should be shown to a user as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input.

    ``row`` is the row as a spreadsheet shows it (header = row 1), or None when the
    problem is about the whole file or column.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" (value: {self.value!r})"
        return text


class CchcError(Exception):
    """Base of every error meant for a user: it carries one or more problems."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))


class SourceError(CchcError):
    """A data file (units, dossiers, …) is missing columns, has bad values, etc."""

    @classmethod
    def one(
        cls,
        file: str | Path,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: object | None = None,
    ) -> SourceError:
        return cls(
            Problem(str(file), message, row, column, None if value is None else str(value))
        )


class CatalogueError(CchcError):
    """The catalogue or the data dictionary in params/ is invalid."""


class ParameterError(CchcError):
    """A parameter given by a user (period, level, unit id, …) is invalid."""

    @classmethod
    def one(cls, parameter: str, message: str, value: object | None = None) -> ParameterError:
        return cls(
            Problem(f"parameter {parameter}", message, value=None if value is None else str(value))
        )
