"""Weighted indices defined in params: groups of criteria, each with maximum points and a
rule from a rate to points.

An index lives in ``params/indices/<id>.yaml`` (the Decision 766 service index as the
national portal scores it, ``766``; an example provincial index of agencies built from
the 26 measures, ``par_agencies``). It is validated by frozen pydantic models that
forbid unknown keys, like the catalogue: the groups' maxima add up to the total, each
group's criteria add up to the group, every criterion names what it counts (two counts
of :data:`cchc.spec.counts.INDEX_COUNTS`, or a measure of the catalogue), its rule, its
``source`` and a ``note`` on how it was read.

Rules, on a rate r = numerator ÷ denominator and the criterion's maximum M:

* ``linear``: M × r;
* ``threshold``: M at or above the threshold t, else M × r ÷ t;
* ``none_is_full``: M × r, and M when there is nothing to count (no complaints).

A zero denominator gives 0 points under the first two (the portal shows 0 or N/A).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from cchc import paths
from cchc.errors import CatalogueError, ParameterError, problem
from cchc.spec.catalogue import UNIT_LEVELS, UnitLevel, load_catalogue
from cchc.spec.counts import INDEX_COUNTS, INDEX_TABLES

Rule = Literal["linear", "threshold", "none_is_full"]
#: The index the workbooks and the dashboard show.
DEFAULT_INDEX = "766"
#: Points are rounded as the portal shows them.
POINT_DECIMALS = 2


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndexGroup(_Record):
    id: str
    name_vi: str
    name_en: str
    max_points: float = Field(gt=0)
    note: str | None = None


class Criterion(_Record):
    """One criterion: what it counts, its maximum points and its rule."""

    id: str
    group: str
    name_vi: str
    name_en: str
    #: the national portal's metric code, where it has one (``PUBLISH_ON_TIME``)
    code: str | None = None
    max_points: float = Field(gt=0)
    numerator: str | None = None
    denominator: str | None = None
    #: a measure of params/catalogue.yaml instead of two counts
    measure: str | None = None
    rule: Rule
    #: percent (0–100]; with ``rule: threshold`` only
    threshold: float | None = Field(default=None, gt=0, le=100)
    source: str = Field(min_length=1)
    note: str = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Criterion:
        counts = self.numerator is not None or self.denominator is not None
        if counts == (self.measure is not None):
            raise ValueError(f"criterion {self.id!r}: give numerator and denominator, "
                             "or a measure")
        if counts and (self.numerator is None or self.denominator is None):
            raise ValueError(f"criterion {self.id!r}: give both numerator and denominator")
        for name in (self.numerator, self.denominator):
            if name is not None and name not in INDEX_COUNTS:
                raise ValueError(f"criterion {self.id!r}: unknown count {name!r} "
                                 f"(known: {', '.join(INDEX_COUNTS)})")
        if (self.rule == "threshold") != (self.threshold is not None):
            raise ValueError(f"criterion {self.id!r}: 'threshold' goes with rule "
                             "threshold, and only")
        return self

    @property
    def counts(self) -> tuple[str, ...]:
        """The two counts it divides (none for a measure criterion)."""
        if self.measure is not None:
            return ()
        return (self.numerator or "", self.denominator or "")


class IndexDefinition(_Record):
    """A whole index: its groups and criteria, validated for consistency."""

    id: str
    name_vi: str
    name_en: str
    #: which version of the rules this is (e.g. "as the national portal scores it today")
    edition_vi: str
    edition_en: str
    source: str = Field(min_length=1)
    note: str | None = None
    #: the levels of the units it scores (default: every level)
    applies_to: tuple[UnitLevel, ...] = UNIT_LEVELS  # type: ignore[assignment]
    total_points: float = Field(gt=0)
    groups: tuple[IndexGroup, ...]
    criteria: tuple[Criterion, ...]

    @model_validator(mode="after")
    def _consistent(self) -> IndexDefinition:
        problems = []
        for kind, ids in (("group", [g.id for g in self.groups]),
                          ("criterion", [c.id for c in self.criteria])):
            seen: set[str] = set()
            problems += [f"duplicate {kind} id {i!r}" for i in ids if i in seen or seen.add(i)]
        groups = {g.id: g for g in self.groups}
        for c in self.criteria:
            if c.group not in groups:
                problems.append(f"criterion {c.id!r}: unknown group {c.group!r}")
        for g in self.groups:
            total = sum(c.max_points for c in self.criteria if c.group == g.id)
            if abs(total - g.max_points) > 1e-9:
                problems.append(f"group {g.id!r}: its criteria add up to {total:g} points, "
                                f"not {g.max_points:g}")
        total = sum(g.max_points for g in self.groups)
        if abs(total - self.total_points) > 1e-9:
            problems.append(f"the groups add up to {total:g} points, not {self.total_points:g}")
        measures = [c.measure for c in self.criteria if c.measure is not None]
        if measures:
            known = set(load_catalogue().measure_ids)
            problems += [f"unknown measure {m!r}" for m in measures if m not in known]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.groups)

    @property
    def tables(self) -> tuple[str, ...] | None:
        """The source tables computing it reads (None: every table, for the measures).

        >>> load_index("766").tables
        ('dossiers', 'procedures', 'complaints', 'ratings')
        """
        return None if any(c.measure for c in self.criteria) else INDEX_TABLES

    def group(self, group_id: str) -> IndexGroup:
        return next(g for g in self.groups if g.id == group_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return next(c for c in self.criteria if c.id == criterion_id)


def index_ids(folder: str | Path | None = None) -> tuple[str, ...]:
    """The indices defined in ``params/indices/`` (file names without ``.yaml``).

    >>> index_ids()
    ('766', 'par_agencies')
    """
    folder = Path(folder) if folder else paths.INDICES_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.yaml")))


def load_index(index_id: str, folder: str | Path | None = None) -> IndexDefinition:
    """Load and validate ``params/indices/<index_id>.yaml``.

    An unknown id is a ParameterError naming ``--index`` and the indices there are; an
    invalid file a CatalogueError naming the file.

    >>> index = load_index("766")
    >>> index.group_ids, index.total_points
    (('cong_khai', 'tien_do', 'truc_tuyen', 'thanh_toan', 'so_hoa', 'hai_long'), 100.0)
    """
    folder = Path(folder) if folder else paths.INDICES_DIR
    path = folder / f"{index_id}.yaml"
    if str(index_id) not in index_ids(folder):
        raise ParameterError.one("--index", "one_of", index_id,
                                 allowed=", ".join(index_ids(folder)))
    try:
        return _load_cached(path.resolve(), path.stat().st_mtime_ns)
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None


@lru_cache(maxsize=16)
def _load_cached(path: Path, mtime_ns: int) -> IndexDefinition:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(problem(path, "cannot_read", reason=exc.strerror)) from None
    except yaml.YAMLError as exc:
        raise CatalogueError(problem(path, "not_yaml", detail=str(exc))) from None
    try:
        return IndexDefinition.model_validate(raw)
    except ValidationError as exc:
        raise CatalogueError([problem(path, "catalogue_invalid", detail=_describe(err))
                              for err in exc.errors()]) from None


def _describe(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    if err["type"] == "extra_forbidden":
        return f"unknown key {loc!r}"
    return f"{loc}: {err['msg']}" if loc else err["msg"].removeprefix("Value error, ")
