"""Every table of the synthetic province, built in memory from a seed (no file written)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

from cchc.errors import ParameterError
from cchc.sample.dossiers import _dossiers
from cchc.sample.draws import _rng
from cchc.sample.inventories import _counts, _merging, _systems, _task_tracking
from cchc.sample.plan import NOT_OWNED, PROFILES, _plan
from cchc.sample.portal import build_portal_tables
from cchc.sample.procedures import _procedures
from cchc.sample.service_units import _service_units
from cchc.sample.settings import DOSSIERS_PER_YEAR, LAST_DAY, YEARS, Scale
from cchc.sample.surveys import _surveys
from cchc.sample.tasks import build_tasks
from cchc.sample.units import _units_table, build_units
from cchc.spec.catalogue import load_catalogue
from cchc.spec.dictionary import load_dictionary


def build_sample(
    *, seed: int = 2021, scale: Scale = "small", dossiers_per_year: int | None = None
) -> dict[str, pa.Table]:
    """Every table of the synthetic province, in data-dictionary order (no file written).

    >>> build_sample(scale="small")["units"].num_rows
    66
    """
    volume = _check_arguments(seed, scale, dossiers_per_year)
    return build_tables(build_units(scale), seed=seed, scale=scale, volume=volume)


def build_tables(units: pd.DataFrame, *, seed: int, scale: Scale, volume: int
                 ) -> dict[str, pa.Table]:
    """Every table for the units of a units frame (:func:`cchc.sample.units.build_units`'s
    columns), in data-dictionary order: ``volume`` dossiers a year for the units in force
    in the first year with any (a year they exist in part gets its part).

    >>> from cchc.sample.units import build_units
    >>> build_tables(build_units(), seed=1, scale="small", volume=100)["dossiers"].num_rows
    575
    """
    plan = _plan(units, seed, load_catalogue())
    procedures, catalogue_rows = _procedures(units, plan, _rng(seed, "procedures"))
    tables = {
        "units": _units_table(units),
        "dossiers": _dossiers(units, plan, catalogue_rows, volume, _rng(seed, "dossiers")),
        "procedures": procedures,
        "surveys": _surveys(units, plan, scale, _rng(seed, "surveys")),
        "service_units": _service_units(units, plan, _rng(seed, "service_units")),
        "merging": _merging(units, plan, _rng(seed, "merging")),
        "systems": _systems(units, plan, _rng(seed, "systems")),
        "meetings": _counts(
            units, plan, "IV.5.a", ("meetings", "via_system"), _rng(seed, "meetings")
        ),
        "work_records": _counts(
            units, plan, "IV.6.a", ("records", "online"), _rng(seed, "work_records")
        ),
        "inspections": _counts(
            units, plan, "IV.7.a", ("inspections", "digital"), _rng(seed, "inspections")
        ),
        "task_tracking": _task_tracking(units, plan, _rng(seed, "task_tracking")),
        "tasks": build_tasks(units, YEARS, _rng(seed, "tasks"), as_of=LAST_DAY),
    }
    tables.update(build_portal_tables(units, tables["dossiers"], tables["procedures"], seed))
    ordered = {}
    for table in load_dictionary().tables:
        data = tables[table.name]
        data = data.select([c for c in table.column_names if c in data.column_names])
        schema = pa.schema(
            [
                (f.name, pa.string() if pa.types.is_large_string(f.type) else f.type)
                for f in data.schema
            ]
        )
        ordered[table.name] = data.cast(schema).replace_schema_metadata()
    return ordered


def build_profiles(*, seed: int = 2021, scale: Scale = "small") -> pd.DataFrame:
    """The profile drawn for each unit and measure whose records the unit owns.

    Columns ``unit_id, measure_id, profile`` (one of :data:`PROFILES`).

    >>> build_profiles(scale="small").query("unit_id == 'ttphcc'").shape[1]
    3
    """
    _check_arguments(seed, scale, None)
    units = build_units(scale)
    plan = _plan(units, seed, load_catalogue())
    rows = [
        (unit, measure, PROFILES[plan.profile[i, j]])
        for i, unit in enumerate(plan.unit_ids)
        for j, measure in enumerate(plan.measures)
        if plan.profile[i, j] != NOT_OWNED
    ]
    return pd.DataFrame(rows, columns=["unit_id", "measure_id", "profile"])


def _check_arguments(seed: int, scale: str, dossiers_per_year: int | None) -> int:
    if scale not in DOSSIERS_PER_YEAR:
        raise ParameterError.one("scale", "one_of", scale, allowed="small, full")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ParameterError.one("seed", "seed", seed)
    if dossiers_per_year is None:
        return DOSSIERS_PER_YEAR[scale]
    if (
        isinstance(dossiers_per_year, bool)
        or not isinstance(dossiers_per_year, int | np.integer)
        or dossiers_per_year < 1
    ):
        raise ParameterError.one("dossiers_per_year", "at_least_param", dossiers_per_year,
                                 minimum=1)
    return int(dossiers_per_year)
