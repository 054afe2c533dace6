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
from pydantic import ValidationError, model_validator

from cchc import paths
from cchc.errors import CatalogueError, problem
from cchc.spec.records import Record, load_yaml

ColumnType = Literal["string", "integer", "number", "boolean", "date", "period", "year", "enum"]


class Column(Record):
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
    #: a date that may not come before this other column's date of the same row
    not_before: str | None = None
    #: a date that may lie after today (a deadline); other dates may not
    may_be_future: bool = False
    references: Literal["units", "measures"] | None = None
    measures: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _enum_has_values(self) -> Column:
        if (self.type == "enum") != (self.allowed is not None):
            raise ValueError(f"column {self.name!r}: 'allowed' goes with type enum, and only")
        if (self.not_before or self.may_be_future) and self.type != "date":
            raise ValueError(f"column {self.name!r}: not_before and may_be_future are for dates")
        return self


class Table(Record):
    name: str
    label_vi: str
    description_vi: str
    description_en: str
    key: tuple[str, ...]
    period_column: str | None = None
    #: the date that places a row in its unit's life (default: the period column): a row
    #: dated before its unit began or after it ended is refused. Other dates (a deadline,
    #: a resolution) may fall after the unit ended: its successor carries the record.
    dated_by: str | None = None
    columns: tuple[Column, ...]

    @property
    def life_column(self) -> str | None:
        return self.dated_by or self.period_column

    @model_validator(mode="after")
    def _keys_are_columns(self) -> Table:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r}: duplicate column names")
        for key in (*self.key, *([self.period_column] if self.period_column else []),
                    *([self.dated_by] if self.dated_by else [])):
            if key not in names:
                raise ValueError(f"table {self.name!r}: {key!r} is not one of its columns")
        for c in self.columns:
            if c.at_most and c.at_most not in names:
                raise ValueError(f"table {self.name!r}: at_most {c.at_most!r} is not a column")
            if c.not_before and c.not_before not in names:
                raise ValueError(f"table {self.name!r}: not_before {c.not_before!r} "
                                 "is not a column")
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


class Dictionary(Record):
    tables: tuple[Table, ...]

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
        raw = load_yaml(path)
        return Dictionary.model_validate(raw)
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None
    except (yaml.YAMLError, ValidationError) as exc:
        raise CatalogueError(problem(path, "catalogue_invalid", detail=str(exc))) from None
