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


class Alias(Record):
    """Another header under which a column arrives, with that system's coding of its values.

    A one-stop system exports ``KenhThucHien`` with ``1`` (direct, or blank), ``2``
    (online), ``3`` (postal) where the dictionary's ``channel`` says ``direct``,
    ``online``, ``postal``: the alias says so, and the reader recodes the values before
    they are typed and checked like any other cell.

    ``codes`` maps a value of that system to ours; ``blank`` is our value for an empty
    cell; ``other`` our value for any non-empty value not in ``codes`` (``DuongDanTepTinKetQua``:
    a link present means an electronic result). Values not covered are left as they are,
    and checked (and reported) as the column's own values are.
    """

    header: str
    codes: dict[str, str] | None = None
    blank: str | None = None
    other: str | None = None
    source: str | None = None

    @property
    def recodes(self) -> bool:
        return bool(self.codes) or self.blank is not None or self.other is not None


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
    max: float | None = None
    at_most: str | None = None
    #: a date that may not come before this other column's date of the same row
    not_before: str | None = None
    #: a date that may lie after today (a deadline); other dates may not
    may_be_future: bool = False
    references: Literal["units", "measures"] | None = None
    measures: tuple[str, ...] = ()
    #: the uses of the column beyond the 26 measures (e.g. an index: ``index 766``)
    uses: tuple[str, ...] = ()
    #: other headers the column is accepted under (e.g. a one-stop system's field name)
    aliases: tuple[Alias, ...] = ()
    #: an enum's values in the words clerks use (``online: trực tuyến``): the templates'
    #: drop-downs offer them and the readers accept them (and without diacritics) as the
    #: code; the one mechanism for Vietnamese values
    words_vi: dict[str, str] | None = None

    def word(self, code: str) -> str:
        """The clerks' word for an enum code (the code itself without one).

        >>> load_dictionary().table("dossiers").column("channel").word("postal")
        'bưu chính'
        """
        return (self.words_vi or {}).get(code, code)

    def accepted(self) -> dict[str, str]:
        """Every spelling an enum cell may take, folded (:func:`fold_header`) → its code:
        the code, the clerks' word, and the word without diacritics.

        >>> accepted = load_dictionary().table("dossiers").column("channel").accepted()
        >>> accepted["trực tuyến"], accepted["truc tuyen"], accepted["online"]
        ('online', 'online', 'online')
        """
        out: dict[str, str] = {}
        for code in self.allowed or ():
            out[fold_header(code)] = code
        for code, word in (self.words_vi or {}).items():
            out.setdefault(fold_header(word), code)
            out.setdefault(fold_header(strip_accents(word)), code)
        return out

    def choices(self) -> list[str]:
        """What a drop-down offers: the clerks' words where there are, else the codes."""
        return [self.word(code) for code in self.allowed or ()]

    @model_validator(mode="after")
    def _enum_has_values(self) -> Column:
        if (self.type == "enum") != (self.allowed is not None):
            raise ValueError(f"column {self.name!r}: 'allowed' goes with type enum, and only")
        if (self.min is not None or self.max is not None) and self.type not in (
                "integer", "number"):
            raise ValueError(f"column {self.name!r}: 'min' and 'max' go with numbers")
        if (self.not_before or self.may_be_future) and self.type != "date":
            raise ValueError(f"column {self.name!r}: not_before and may_be_future are for dates")
        if self.words_vi is not None:
            unknown = set(self.words_vi) - set(self.allowed or ())
            if unknown:
                raise ValueError(f"column {self.name!r}: words_vi for codes not allowed: "
                                 f"{', '.join(sorted(unknown))}")
            seen = {fold_header(c): c for c in self.allowed or ()}
            for code, word in self.words_vi.items():
                for spelling in {fold_header(word), fold_header(strip_accents(word))}:
                    if seen.setdefault(spelling, code) != code:
                        raise ValueError(f"column {self.name!r}: {word!r} would stand for "
                                         f"two codes")
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
            if c.not_before and (c.not_before not in names
                                 or self.column(c.not_before).type != "date"):
                raise ValueError(f"table {self.name!r}: not_before {c.not_before!r} is not a "
                                 "date column")
        headers = [fold_header(h) for c in self.columns
                   for h in (c.name, c.label_vi, *(a.header for a in c.aliases))]
        if len(set(headers)) != len(headers):
            raise ValueError(f"table {self.name!r}: a header is accepted for two columns")
        return self

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def measures(self) -> tuple[str, ...]:
        """The measures computed from the table (none for a table only an index reads)."""
        return tuple(dict.fromkeys(m for c in self.columns for m in c.measures))

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def header_aliases(self) -> dict[str, str]:
        """Accepted header (folded) → canonical column name: English names, label_vi and
        the aliases (other systems' field names).

        >>> load_dictionary().table("dossiers").header_aliases()["ngaytiepnhan"]
        'received_on'
        """
        aliases: dict[str, str] = {}
        for c in self.columns:
            aliases[fold_header(c.name)] = c.name
            aliases[fold_header(c.label_vi)] = c.name
            for alias in c.aliases:
                aliases[fold_header(alias.header)] = c.name
        return aliases

    def alias_of(self, header: str) -> Alias | None:
        """The alias record a header matches, if it is one (None for our own names).

        >>> load_dictionary().table("dossiers").alias_of("KenhThucHien").codes["2"]
        'online'
        """
        folded = fold_header(header)
        for c in self.columns:
            for alias in c.aliases:
                if fold_header(alias.header) == folded:
                    return alias
        return None


class DateRange(Record):
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


class Dictionary(Record):
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


def strip_accents(text: str) -> str:
    """Vietnamese without its diacritics, as typed without a Vietnamese keyboard.

    >>> strip_accents("Bưu chính, Đất đai")
    'Buu chinh, Dat dai'
    """
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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
