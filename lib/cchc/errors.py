"""Errors a user can cause, each able to say where the problem is, in both languages.

A :class:`Problem` carries a code (a key of :mod:`cchc.messages`, ``problem.*``), its
parameters and where it is (a file, row and column, or a parameter). The command line,
the reports and the dashboards render it in Vietnamese and English from the message
table; nothing else in the project should be shown to a user as a traceback.

>>> p = problem("dossiers.csv", "date_in_future", row=3, column="received_on",
...             value="2099-01-01")
>>> p.render("en")
"dossiers.csv, row 3, column 'received_on': date in the future (value: '2099-01-01')"
>>> p.render("vi")
"dossiers.csv, dòng 3, cột 'received_on': ngày ở tương lai (giá trị: '2099-01-01')"
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cchc import messages


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input.

    ``file`` names the input (a file or folder), or is None for a ``parameter``
    (``"--period"``, ``"unit_id"``). ``row`` is the row as a spreadsheet shows it
    (header = row 1), or None when the problem is about the whole file or column.
    ``code`` is the message key without its ``problem.`` prefix; ``params`` fill its
    placeholders (sorted pairs, so that a problem is hashable and comparable).
    """

    file: str | None
    code: str
    params: tuple[tuple[str, object], ...] = ()
    row: int | None = None
    column: str | None = None
    value: str | None = None
    parameter: str | None = None
    #: this problem stands for so many more rows like the ones listed before it
    more: int | None = None
    #: the column's header as the file has it, and its letter as Excel shows it
    header: str | None = None
    letter: str | None = None

    @property
    def key(self) -> str:
        return f"problem.{self.code}"

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang``, without saying where."""
        return messages.text(self.key, lang, **dict(self.params))

    def describe(self, lang: str = "en") -> str:
        """What is wrong, and for how many more rows, in ``lang``."""
        text = self.message(lang)
        if self.more is not None:
            text += ": " + messages.text("where.more_rows", lang, n=self.more)
        return text

    def where(self, lang: str = "en") -> str:
        """``file, row 3, column 'x'`` or ``parameter --period`` in ``lang``."""
        if self.parameter is not None:
            return messages.text("where.parameter", lang, name=self.parameter)
        parts = [self.file or ""]
        if self.row is not None:
            parts.append(messages.text("where.row", lang, row=self.row))
        if self.column is not None and self.letter is not None:
            same = self.header is None or self.header.strip().casefold() == self.column
            parts.append(messages.text("where.column_letter", lang, column=self.column,
                                       letter=self.letter) if same else
                         messages.text("where.column_header", lang, column=self.column,
                                       letter=self.letter, header=self.header))
        elif self.column is not None:
            parts.append(messages.text("where.column", lang, column=self.column))
        return ", ".join(p for p in parts if p)

    def render(self, lang: str = "en") -> str:
        """The whole problem in one line of ``lang``: where, what, the value."""
        line = f"{self.where(lang)}: {self.describe(lang)}"
        if self.value is not None:
            line += " " + messages.text("where.value", lang, value=repr(self.value))
        return line

    def bilingual(self) -> str:
        """English, then Vietnamese: the line the command line prints."""
        return f"{self.render('en')} | {self.render('vi')}"

    def __str__(self) -> str:
        return self.render("en")


def problem(
    file: str | Path | None,
    code: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: object | None = None,
    parameter: str | None = None,
    more: int | None = None,
    **params: object,
) -> Problem:
    """Build a :class:`Problem`; ``params`` fill the message's placeholders.

    >>> problem("units.csv", "at_least", row=4, column="staff", minimum=0).message("en")
    'must be at least 0'
    """
    if not messages.has(f"problem.{code}"):
        raise KeyError(f"no message for problem code {code!r}")
    return Problem(
        None if file is None else str(file),
        code,
        tuple(sorted(params.items())),
        row,
        column,
        None if value is None else str(value),
        parameter,
        more,
    )


def located(problems: Iterable[Problem], file: str | Path,
            headers: dict[str, tuple[str, str]] | None) -> list[Problem]:
    """``problems`` with the header and column letter of their column filled in, for
    those about ``file`` (``headers``: column name → (header as the file has it, letter)).

    >>> p = problem("d.csv", "empty_cell", row=3, column="received_on")
    >>> located([p], "d.csv", {"received_on": ("Ngày tiếp nhận", "D")})[0].render("vi")
    "d.csv, dòng 3, cột 'Ngày tiếp nhận' (D, received_on): ô trống; bắt buộc phải có giá trị"
    """
    from dataclasses import replace

    if not headers:
        return list(problems)
    name = str(file)
    out = []
    for p in problems:
        spot = headers.get(p.column or "") if p.file == name else None
        out.append(p if spot is None else replace(p, header=spot[0], letter=spot[1]))
    return out


class CchcError(Exception):
    """Base of every error meant for a user: it carries one or more problems."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = (
            [problems] if isinstance(problems, Problem) else list(problems)
        )
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        """Every problem as one bilingual line."""
        return [p.bilingual() for p in self.problems]


class SourceError(CchcError):
    """A data file (units, dossiers, …) is missing columns, has bad values, etc."""

    @classmethod
    def one(
        cls,
        file: str | Path,
        code: str,
        row: int | None = None,
        column: str | None = None,
        value: object | None = None,
        **params: object,
    ) -> SourceError:
        return cls(problem(file, code, row=row, column=column, value=value, **params))


class CatalogueError(CchcError):
    """The catalogue or the data dictionary in params/ is invalid."""


class ParameterError(CchcError):
    """A parameter given by a user (period, level, unit id, …) is invalid."""

    @classmethod
    def one(
        cls, parameter: str, code: str, value: object | None = None, **params: object
    ) -> ParameterError:
        return cls(problem(None, code, parameter=parameter, value=value, **params))
