"""The programme as a validated catalogue: groups, indicators, measures, targets.

The catalogue lives in ``params/catalogue.yaml`` as lists of records with explicit ids
(a mapping keyed by id would silently drop a duplicate). It is validated by frozen
pydantic models that forbid unknown keys.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

import pandas as pd
import yaml
from pydantic import Field, ValidationError, model_validator

from cchc import paths
from cchc.errors import CatalogueError, ParameterError, problem
from cchc.spec.records import Record, load_yaml

UnitLevel = Literal["province", "department", "district", "commune"]
TargetLevel = Literal["province", "district", "commune"]
UNIT_LEVELS: tuple[str, ...] = ("province", "department", "district", "commune")
TARGET_LEVELS: tuple[str, ...] = ("province", "district", "commune")

#: The readings of the notice a measure can be computed under, the chosen one first
#: (``reading:`` in the catalogue; ``docs/meaning.md`` gives the reasons):
#: I.2.b's denominator is the payments for the procedures that offer online payment
#: ("trong số đó"), or every payment of a procedure with a financial obligation; I.3.a
#: counts the results issued in the period, or the stock of valid results issued since the
#: base year; IV.5.a is a share of meetings, or of People's Committee-quarters with a
#: meeting held through the system.
READINGS: dict[str, tuple[str, ...]] = {
    "I.2.b": ("offering_online_payment", "financial_obligation"),
    "I.3.a": ("issued_in_period", "valid_stock"),
    "IV.5.a": ("meetings", "committee_quarters"),
}


def target_level(level: str) -> str:
    """The level whose targets a unit of ``level`` pursues (a department: the province's).

    >>> target_level("department")
    'province'
    """
    if level not in UNIT_LEVELS:
        raise ParameterError.one("level", "one_of", level, allowed=", ".join(UNIT_LEVELS))
    return "province" if level == "department" else level


class Group(Record):
    id: str
    name_vi: str
    name_en: str


class Indicator(Record):
    id: str
    group: str
    name_vi: str
    name_en: str


class Measure(Record):
    id: str
    indicator: str
    name_vi: str
    name_en: str
    numerator_vi: str
    numerator_en: str
    denominator_vi: str
    denominator_en: str
    unit: Literal["percent"]
    direction: Literal["up", "down"]
    applies_to: tuple[UnitLevel, ...]
    scope: Literal["tree", "level"] = "tree"
    source: str
    #: Which reading of the notice the measure is computed under (:data:`READINGS`);
    #: empty for the first (chosen) one.
    reading: str | None = None
    note: str | None = None

    @property
    def chosen_reading(self) -> str | None:
        """The reading in force: ``reading`` or the default of :data:`READINGS`.

        >>> [load_catalogue().measure(m).chosen_reading for m in ("I.2.b", "I.1.a")]
        ['offering_online_payment', None]
        """
        if self.reading is not None:
            return self.reading
        return READINGS[self.id][0] if self.id in READINGS else None

    @property
    def group(self) -> str:
        return self.id.split(".")[0]

    @property
    def target_levels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(target_level(level) for level in self.applies_to))


class Target(Record):
    measure: str
    level: TargetLevel
    year: int
    value: float
    note: str | None = None


class LevelEnd(Record):
    """A level of government abolished: its last day, and how its work is reported since."""

    level: TargetLevel
    last_day: dt.date
    note: str | None = None


class SmallSample(Record):
    """A value resting on fewer records than this is marked on the pages (a heatmap cell,
    a bar): 1/1 = 100 % must not look as solid as 700/700."""

    records: int = Field(ge=1)
    note: str | None = None


class Catalogue(Record):
    version: int
    #: The programme's id, as ``--programme`` names it (default ``<base>-<target>``).
    programme: str | None = None
    name_vi: str | None = None
    name_en: str | None = None
    base_year: int
    target_year: int
    #: Levels abolished during the programme (the districts, 1 July 2025).
    level_ends: tuple[LevelEnd, ...] = ()
    #: Values whose denominator is below ``records`` are marked as resting on few records.
    small_sample: SmallSample = SmallSample(records=10)
    groups: tuple[Group, ...]
    indicators: tuple[Indicator, ...]
    measures: tuple[Measure, ...]
    targets: tuple[Target, ...]

    @property
    def programme_id(self) -> str:
        """The programme's id: ``programme`` if given, else ``"<base year>-<target year>"``.

        >>> load_catalogue().programme_id
        '2021-2025'
        """
        return self.programme or f"{self.base_year}-{self.target_year}"

    def level_ended(self, level: str, day: object) -> bool:
        """Whether the target level of ``level`` was abolished before ``day``.

        >>> cat = load_catalogue()
        >>> cat.level_ended("district", "2025-06-30"), cat.level_ended("district", "2025-09-30")
        (False, True)
        """
        wanted = target_level(level)
        when = pd.Timestamp(day).date()
        return any(e.level == wanted and when > e.last_day for e in self.level_ends)

    def after_programme(self, year: int) -> bool:
        """Whether ``year`` comes after the programme's target year: targets are then the
        last in force, and pages say so."""
        return year > self.target_year

    @model_validator(mode="after")
    def _check(self) -> Catalogue:
        problems = list(_consistency_problems(self))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.measures)

    @cached_property
    def readings(self) -> dict[str, str]:
        """The reading in force of every measure that has a choice (:data:`READINGS`).

        >>> load_catalogue().readings["I.3.a"]
        'issued_in_period'
        """
        return {m.id: m.chosen_reading for m in self.measures if m.id in READINGS}

    @cached_property
    def _measures_by_id(self) -> dict[str, Measure]:
        return {m.id: m for m in self.measures}

    @cached_property
    def _targets_by_key(self) -> dict[tuple[str, str], list[Target]]:
        index: dict[tuple[str, str], list[Target]] = {}
        for t in self.targets:
            index.setdefault((t.measure, t.level), []).append(t)
        return {key: sorted(rows, key=lambda t: t.year) for key, rows in index.items()}

    def measure(self, measure_id: str) -> Measure:
        try:
            return self._measures_by_id[measure_id]
        except KeyError:
            raise ParameterError.one("measure", "unknown_measure", measure_id) from None

    def target_rows(self, measure_id: str, level: str) -> list[Target]:
        """The target rows of a measure at a unit's level, by year (a schedule has several)."""
        return self._targets_by_key.get((measure_id, target_level(level)), [])

    def targets_frame(self) -> pd.DataFrame:
        """Targets as rows: ``measure_id, level, year, target``."""
        return pd.DataFrame(
            [(t.measure, t.level, t.year, t.value) for t in self.targets],
            columns=["measure_id", "level", "year", "target"],
        )

    def target_for(self, measure_id: str, level: str, year: int) -> float | None:
        """The target in force in ``year`` for a unit of ``level`` (None: not applicable).

        The latest target row at or before ``year``; before the first row, the first row
        (a schedule starts in the base year); after the last, the final target.
        """
        measure = self.measure(measure_id)
        if level not in measure.applies_to:
            return None
        rows = self.target_rows(measure_id, level)
        in_force = [t for t in rows if t.year <= year]
        return (in_force[-1] if in_force else rows[0]).value

    def final_target(self, measure_id: str, level: str) -> float | None:
        return self.target_for(measure_id, level, self.target_year)

    def targets_table(self, year: int, level: str) -> pd.DataFrame:
        """One row per measure applying at ``level``: the target in force in ``year``.

        >>> load_catalogue().targets_table(2023, "district").iloc[0].to_dict()["target"]
        80.0
        """
        target_level(level)  # validates the level
        rows = [
            (m.id, level, year, self.target_for(m.id, level, year), m.direction)
            for m in self.measures
            if level in m.applies_to
        ]
        return pd.DataFrame(rows, columns=["measure_id", "level", "year", "target", "direction"])


def _duplicates(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})


def _consistency_problems(cat: Catalogue):
    for kind, records in (("group", cat.groups), ("indicator", cat.indicators),
                          ("measure", cat.measures)):
        for dup in _duplicates([r.id for r in records]):
            yield f"duplicate {kind} id {dup!r}"
    groups = {g.id for g in cat.groups}
    indicators = {i.id for i in cat.indicators}
    for i in cat.indicators:
        if i.group not in groups:
            yield f"indicator {i.id!r}: unknown group {i.group!r}"
    by_id = {m.id: m for m in cat.measures}
    for m in cat.measures:
        if m.indicator not in indicators:
            yield f"measure {m.id!r}: unknown indicator {m.indicator!r}"
        elif not m.id.startswith(m.indicator + "."):
            yield f"measure {m.id!r}: its id must start with its indicator {m.indicator!r}"
        if m.reading is not None and m.reading not in READINGS.get(m.id, ()):
            allowed = ", ".join(READINGS.get(m.id, ())) or "none"
            yield f"measure {m.id!r}: unknown reading {m.reading!r} (allowed: {allowed})"
    keys = [(t.measure, t.level, t.year) for t in cat.targets]
    for dup in _duplicates([f"{k[0]}/{k[1]}/{k[2]}" for k in keys]):
        yield f"duplicate target {dup}"
    for t in cat.targets:
        m = by_id.get(t.measure)
        where = f"target ({t.measure}, {t.level}, {t.year})"
        if m is None:
            yield f"{where}: unknown measure"
            continue
        if t.level not in m.target_levels:
            yield f"{where}: the measure does not apply at level {t.level!r}"
        if m.unit == "percent" and not 0 <= t.value <= 100:
            yield f"{where}: a share must be within 0-100, got {t.value}"
        if not cat.base_year <= t.year <= cat.target_year:
            yield f"{where}: year outside {cat.base_year}-{cat.target_year}"
    for m in cat.measures:
        for level in m.target_levels:
            if not any(t.measure == m.id and t.level == level and t.year == cat.target_year
                       for t in cat.targets):
                yield f"measure {m.id!r}: no {cat.target_year} target for level {level!r}"


def programme_files() -> dict[str, Path]:
    """The programmes the params folder holds, by id: ``catalogue.yaml`` (the shipped one)
    and every ``programmes/*.yaml``, in that order."""
    files = [paths.CATALOGUE_FILE, *sorted(paths.PROGRAMMES_DIR.glob("*.yaml"))]
    return {load_catalogue(f).programme_id: f for f in files if f.is_file()}


def load_programme(programme: str | Path | None = None,
                   parameter: str = "--programme") -> Catalogue:
    """The catalogue of a programme: ``None`` or ``""`` the shipped one; an id from
    :func:`programme_files`; or the path of a catalogue file.

    >>> load_programme("2021-2025").target_year
    2025
    """
    if programme is None or str(programme).strip() == "":
        return load_catalogue()
    text = str(programme).strip()
    if text.endswith((".yaml", ".yml")) and Path(text).is_file():
        return load_catalogue(Path(text))
    known = programme_files()
    if text in known:
        return load_catalogue(known[text])
    raise ParameterError.one(parameter, "unknown_programme", text, known=", ".join(known))


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and validate the catalogue (``params/catalogue.yaml`` by default).

    >>> len(load_catalogue().measures)
    26
    """
    path = Path(path) if path else paths.CATALOGUE_FILE
    try:
        return _load_cached(path.resolve(), path.stat().st_mtime_ns)
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None


@lru_cache(maxsize=8)
def _load_cached(path: Path, mtime_ns: int) -> Catalogue:
    """Parse once per file version (the catalogue is frozen, so sharing it is safe)."""
    try:
        raw = load_yaml(path)
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None
    except yaml.YAMLError as exc:
        raise CatalogueError(problem(path, "not_yaml", detail=str(exc))) from None
    try:
        return Catalogue.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError(
            [problem(path, "catalogue_invalid", detail=_describe(err)) for err in exc.errors()]
        ) from None


def _describe(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown key {loc!r}"
    return f"{loc}: {err['msg']}" if loc else err["msg"].removeprefix("Value error, ")
