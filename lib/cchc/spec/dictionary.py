"""The data dictionary: every source table and column, as the code uses them.

Loaded from ``params/dictionary.yaml``; the readers validate files against it and the
Excel templates take their headers and explanations from it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from cchc import paths
from cchc.errors import CatalogueError, problem

ColumnType = Literal["string", "integer", "number", "boolean", "date", "period", "year", "enum"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Record):
    name: str
    label_vi: str
    type: ColumnType
    description_vi: str
    description_en: str
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    at_most: str | None = None
    not_before: str | None = None
    references: Literal["units"] | None = None
    measures: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _enum_has_values(self) -> Column:
        if (self.type == "enum") != (self.allowed is not None):
            raise ValueError(f"column {self.name!r}: 'allowed' goes with type enum, and only")
        return self


class Table(_Record):
    name: str
    label_vi: str
    description_vi: str
    description_en: str
    key: tuple[str, ...]
    period_column: str | None = None
    columns: tuple[Column, ...]

    @model_validator(mode="after")
    def _keys_are_columns(self) -> Table:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r}: duplicate column names")
        for key in (*self.key, *([self.period_column] if self.period_column else [])):
            if key not in names:
                raise ValueError(f"table {self.name!r}: {key!r} is not one of its columns")
        for c in self.columns:
            if c.at_most and c.at_most not in names:
                raise ValueError(f"table {self.name!r}: at_most {c.at_most!r} is not a column")
            if c.not_before and c.not_before not in names:
                raise ValueError(
                    f"table {self.name!r}: not_before {c.not_before!r} is not a column")
        return self

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def header_aliases(self) -> dict[str, str]:
        """Accepted header (folded) → canonical column name: English names and label_vi."""
        aliases: dict[str, str] = {}
        for c in self.columns:
            aliases[fold_header(c.name)] = c.name
            aliases[fold_header(c.label_vi)] = c.name
        return aliases


class DateRange(_Record):
    """The years a date, quarter or year of the agencies' files may fall in (inclusive).

    Anything outside is refused as a typo (1900 for 2020, 2204 for 2024). Set in
    ``params/dictionary.yaml`` (``dates: {first_year: …, last_year: …}``); dates in the
    future are refused whatever ``last_year`` says.
    """

    first_year: int = 2000
    last_year: int = 2100

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        # pandas keeps dates as nanoseconds: 1678 to 2261 is what it can hold
        if not 1678 < self.first_year <= self.last_year < 2262:
            raise ValueError("dates: need 1678 < first_year <= last_year < 2262")
        return self


class Dictionary(_Record):
    tables: tuple[Table, ...]
    dates: DateRange = DateRange()

    @model_validator(mode="after")
    def _unique_tables(self) -> Dictionary:
        names = [t.name for t in self.tables]
        if len(set(names)) != len(names):
            raise ValueError("duplicate table names")
        return self

    @property
    def table_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.tables)

    def table(self, name: str) -> Table:
        for t in self.tables:
            if t.name == name:
                return t
        raise KeyError(name)


def fold_header(text: str) -> str:
    """Normalise a header for matching: NFC, case-folded, spaces collapsed, BOM stripped."""
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "")
    return " ".join(text.replace("_", " ").split()).casefold()


@cache
def load_dictionary(path: str | Path | None = None) -> Dictionary:
    """Load and validate the data dictionary (``params/dictionary.yaml`` by default).

    >>> load_dictionary().table("dossiers").column_names[:3]
    ('dossier_id', 'unit_id', 'procedure_id')
    """
    path = Path(path) if path else paths.DICTIONARY_FILE
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        return Dictionary.model_validate(raw)
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(problem(path, "catalogue_invalid", detail=str(exc))) from None
