"""The synthetic country: the 34 provinces and 3,321 communes and wards of 2025, with
records from 1 July 2025 (the units' first day) to the sample's last day.

The units are real (official names and GSO codes from ``vietnamadminunits``); each
province is a root unit (no country-level unit: every figure rolls up to its province)
with its communes and wards and the 12 departments the merged Lào Cai has
(:data:`cchc.sample.units.DEPARTMENTS_2025`, a plausible, synthetic set for every
province; departments have no GSO code). Ids: a province's is its name as ASCII
(``tinh-lao-cai``), a department's its key and its province's code (``so-noi-vu-15``),
a commune's its name and its code (``xa-a-mu-sung-02893``), so ids never repeat.

Records are made by the province sample's own generators (:func:`build_tables`), one
*chunk* of units at a time: a province's units in order, cut so that a chunk expects at
most :data:`CHUNK_DOSSIERS` dossiers a year. Each chunk has its own seed (from the seed,
the province's code and the chunk's number), its record ids carry the province's code and
the chunk's number (``15.0-HS-2025-0000001``), and it is written before the next one is
made: the country is never held in memory. Dossiers are shared among units by their
weights (a ward receives more than a commune; a province's Public Administration Service
Center most), the country's :data:`NATIONAL_DOSSIERS_PER_YEAR` in all.

The large tables (:data:`PARTITIONED`) are written as Parquet partitioned by province
and year, ``DIR/dossiers/province=<code>/year=<yyyy>/part-0.parquet``, one row group per
chunk (rows by date within a chunk); the others are one file each (``units.csv``, …).
Same seed, scale and provinces → the same bytes.

>>> units = national_units(["15"])
>>> len(units), units["level"].value_counts().to_dict()
(112, {'commune': 99, 'department': 12, 'province': 1})
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cchc.errors import ParameterError
from cchc.files import PARQUET_ROW_GROUP, parquet_writer, write_parquet, write_table_csv
from cchc.sample.build import build_tables
from cchc.sample.settings import MERGER_DAY, Scale
from cchc.sample.units import (
    DEPARTMENT_DOSSIER_WEIGHT,
    DEPARTMENT_FIELDS,
    DEPARTMENTS_2025,
    EXTRA_COLUMNS,
    SERVICE_CENTER,
    UNIT_COLUMNS,
    slugify,
)
from cchc.sources.admin_units import load_provinces_2025, load_units_2025
from cchc.sources.read import SUFFIXES, SYNTHETIC_MARKER
from cchc.spec.dictionary import load_dictionary

log = logging.getLogger(__name__)

#: Dossiers a year in the whole country (all 34 provinces): about 10⁸ from July 2025 to
#: the last day at ``full`` (15 months), about 10⁶ at ``small``.
NATIONAL_DOSSIERS_PER_YEAR: dict[str, int] = {"small": 800_000, "full": 80_000_000}
#: A chunk of units expects at most this many dossiers a year (bounds the memory).
CHUNK_DOSSIERS = 1_000_000
#: Tables written partitioned by province and year (the large ones).
PARTITIONED: tuple[str, ...] = ("dossiers", "surveys", "ratings")
#: Small tables written as CSV (the others as one Parquet file).
AS_CSV: tuple[str, ...] = ("units",)
#: Dossier weight of a commune or ward by its type (a special zone like a ward).
COMMUNE_WEIGHT: dict[str, float] = {"Phường": 0.8, "Đặc khu": 0.8, "Xã": 0.45}
#: Columns holding record ids, prefixed with the chunk's tag so ids never repeat.
ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "dossiers": ("dossier_id",),
    "surveys": ("response_id",),
    "complaints": ("complaint_id", "dossier_id"),
    "ratings": ("dossier_id",),
    "service_units": ("service_unit_id",),
    "merging": ("item_id",),
    "systems": ("system_id",),
    "tasks": ("task_id",),
}


# --------------------------------------------------------------------------- units


def province_units(code: str) -> pd.DataFrame:
    """The units frame of one 2025 province: itself, its departments, its communes.

    >>> frame = province_units("12")
    >>> frame.loc[0, ["unit_id", "level", "code"]].tolist()
    ['tinh-lai-chau', 'province', '12']
    >>> frame.loc[1, ["unit_id", "level", "parent_id"]].tolist()
    ['so-noi-vu-12', 'department', 'tinh-lai-chau']
    """
    provinces = load_provinces_2025().set_index("code")
    if code not in provinces.index:
        raise ParameterError.one("--provinces", "one_of", code,
                                 allowed=", ".join(provinces.index))
    name = provinces.loc[code, "name"]
    root = slugify(name)
    first = pd.Timestamp(MERGER_DAY).strftime("%Y-%m-%d")
    rows = [{"unit_id": root, "name": name, "level": "province", "parent_id": None,
             "code": code, "department": None, "commune_type": None, "dossier_weight": 0.0,
             "fields": ()}]
    for key, dep_name, olds in DEPARTMENTS_2025:
        fields = tuple(dict.fromkeys(f for o in olds for f in DEPARTMENT_FIELDS.get(o, ())))
        rows.append({"unit_id": f"{key}-{code}", "name": dep_name, "level": "department",
                     "parent_id": root, "code": None, "department": key,
                     "commune_type": None, "fields": fields,
                     "dossier_weight": sum(DEPARTMENT_DOSSIER_WEIGHT[o] for o in olds)})
    communes = load_units_2025(code)
    rows += [{"unit_id": f"{slugify(r.ward)}-{r.wardCode}", "name": r.ward, "level": "commune",
              "parent_id": root, "code": r.wardCode, "department": None,
              "commune_type": r.wardType, "fields": (),
              "dossier_weight": COMMUNE_WEIGHT.get(r.wardType, 0.45)}
             for r in communes.itertuples(index=False)]
    frame = pd.DataFrame(rows)
    frame["valid_from"] = first
    frame["valid_to"] = None
    frame["successor_id"] = None
    frame["head"] = frame["unit_id"]
    frame["service_center"] = frame["department"] == SERVICE_CENTER
    frame["size"] = 1
    return frame[[*UNIT_COLUMNS, *EXTRA_COLUMNS]]


def national_units(codes: list[str] | None = None) -> pd.DataFrame:
    """The units frame of the given provinces (all 34 by default), in code order."""
    codes = codes if codes is not None else load_provinces_2025()["code"].tolist()
    return pd.concat([province_units(c) for c in codes], ignore_index=True)


def _total_weight() -> float:
    """The dossier weight of the whole country (volumes are shares of it)."""
    return float(national_units()["dossier_weight"].sum())


def chunks(units: pd.DataFrame, per_unit_weight: float) -> list[pd.DataFrame]:
    """A province's units cut in order so that each chunk expects at most
    :data:`CHUNK_DOSSIERS` dossiers a year (``per_unit_weight`` dossiers a year per unit
    of weight); the first chunk holds the province and its departments.

    >>> [len(c) for c in chunks(province_units("12"), 20_000)]
    [13, 38]
    """
    expected = units["dossier_weight"].to_numpy(dtype=float) * per_unit_weight
    out, start, total = [], 0, 0.0
    for i, e in enumerate(expected):
        if total + e > CHUNK_DOSSIERS and i > start and units["level"].iat[i] == "commune":
            out.append(units.iloc[start:i].reset_index(drop=True))
            start, total = i, 0.0
        total += e
    out.append(units.iloc[start:].reset_index(drop=True))
    return out


def _chunk_seed(seed: int, code: str, chunk: int) -> int:
    """The seed of one chunk of a province (independent streams for every chunk)."""
    return int(np.random.SeedSequence([int(seed), int(code), chunk]).generate_state(1)[0])


def _tagged(table: pa.Table, name: str, tag: str) -> pa.Table:
    """The chunk's record ids prefixed with its tag (``15.0-``)."""
    for column in ID_COLUMNS.get(name, ()):
        if column in table.column_names:
            i = table.column_names.index(column)
            table = table.set_column(i, column, pc.binary_join_element_wise(
                tag, table.column(column).cast(pa.string()), ""))
    return table


def build_national(*, seed: int = 2021, scale: Scale = "small",
                   provinces: list[str] | None = None,
                   dossiers_per_year: int | None = None
                   ) -> Iterator[tuple[str, int, dict[str, pa.Table]]]:
    """Every table of each chunk of the country: ``(province code, chunk, tables)``.

    >>> code, chunk, tables = next(build_national(provinces=["12"], dossiers_per_year=10_000))
    >>> code, chunk, tables["units"].num_rows, tables["dossiers"].column("dossier_id")[0]
    ('12', 0, 51, <pyarrow.StringScalar: '12.0-HS-2025-0000001'>)
    """
    per_year = dossiers_per_year or NATIONAL_DOSSIERS_PER_YEAR[scale]
    per_weight = per_year / _total_weight()
    codes = provinces if provinces is not None else load_provinces_2025()["code"].tolist()
    for code in codes:
        for chunk, units in enumerate(chunks(province_units(code), per_weight)):
            volume = max(1, round(per_weight * float(units["dossier_weight"].sum())))
            tables = build_tables(units, seed=_chunk_seed(seed, code, chunk), scale=scale,
                                  volume=volume)
            yield code, chunk, {n: _tagged(t, n, f"{code}.{chunk}-") for n, t in tables.items()}


# --------------------------------------------------------------------------- writing


def write_national(out: str | Path, *, seed: int = 2021, scale: Scale = "small",
                   provinces: int | None = None, dossiers_per_year: int | None = None
                   ) -> list[Path]:
    """Write the synthetic country into folder ``out``; return the files written, sorted.

    Parameters
    ----------
    out : str or Path
        Folder to write (created if needed); built in a temporary sibling folder, then
        moved in (a table of the other format or layout left by an earlier run is
        removed).
    seed : int, default 2021
    scale : "small" or "full"
        About 10⁶ (``small``) or 10⁸ (``full``) dossiers in all (34 provinces).
    provinces : int, optional
        Only the first ``provinces`` provinces by code (a smaller country for tests).
    dossiers_per_year : int, optional
        Overrides the country's dossiers a year.

    Examples
    --------
    >>> files = write_national(tmp / "vn", provinces=1, dossiers_per_year=20_000)
    >>> [str(p.relative_to(tmp / "vn")) for p in files][:3]
    ['SYNTHETIC.md', 'complaints.parquet', 'dossiers/province=01/year=2025/part-0.parquet']
    """
    codes = load_provinces_2025()["code"].tolist()
    if provinces is not None:
        if not 1 <= provinces <= len(codes):
            raise ParameterError.one("--provinces", "at_least_param", provinces, minimum=1)
        codes = codes[:provinces]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        small: dict[str, list[pa.Table]] = {}
        rows: dict[str, int] = {}
        writers: dict[tuple[str, str, int], object] = {}
        try:
            for code, _chunk, tables in build_national(seed=seed, scale=scale,
                                                       provinces=codes,
                                                       dossiers_per_year=dossiers_per_year):
                for name, table in tables.items():
                    rows[name] = rows.get(name, 0) + table.num_rows
                    if name in PARTITIONED:
                        _write_partitions(staging, name, code, table, writers)
                    else:
                        small.setdefault(name, []).append(table)
                for key in [k for k in writers if k[1] != code]:  # a province is done
                    writers.pop(key).close()
        finally:
            for writer in writers.values():
                writer.close()
        names = []
        for name, parts in small.items():
            table = pa.concat_tables(parts, promote_options="permissive")
            if table.num_rows == 0:  # a table without rows is no table (its measures: no data)
                continue
            if name in AS_CSV:
                write_table_csv(table, staging / f"{name}.csv")
                names.append(f"{name}.csv")
            else:
                write_parquet(table, staging / f"{name}.parquet")
                names.append(f"{name}.parquet")
        del small
        names += [n for n in PARTITIONED if (staging / n).is_dir()]
        (staging / SYNTHETIC_MARKER).write_bytes(
            _marker_text(seed, scale, codes, rows).encode("utf-8"))
        names.append(SYNTHETIC_MARKER)
        _move_in(staging, out, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote the %s synthetic country (seed %s) to %s", scale, seed, out)
    return sorted(p for name in names for p in _files(out / name))


def _write_partitions(staging: Path, name: str, code: str, table: pa.Table,
                      writers: dict) -> None:
    """Append a chunk's rows to its province's file of each year."""
    period = load_dictionary().table(name).period_column
    years = pc.year(table.column(period)).to_numpy(zero_copy_only=False)
    for year in np.unique(years):
        part = table.filter(pa.array(years == year))
        key = (name, code, int(year))
        if key not in writers:
            path = staging / name / f"province={code}" / f"year={int(year)}" / "part-0.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writers[key] = parquet_writer(path, part.schema)
        writer = writers[key]
        writer.write_table(part.cast(writer.schema), row_group_size=PARQUET_ROW_GROUP)


def _files(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def _move_in(staging: Path, out: Path, names: list[str]) -> None:
    """Move what was built into ``out``; remove every table's files of an earlier run."""
    for table in (t.name for t in load_dictionary().tables):
        for old in [out / table, *(out / f"{table}{s}" for s in SUFFIXES)]:
            if old.is_dir():
                shutil.rmtree(old)
            elif old.exists():
                old.unlink()
    for name in names:
        for path in _files(staging / name):
            path.chmod(0o644)
        (staging / name).replace(out / name)


def _marker_text(seed: int, scale: str, codes: list[str], rows: dict[str, int]) -> str:
    lines = [
        "# Dữ liệu mẫu tổng hợp / Synthetic sample data",
        "",
        "**Tiếng Việt.** Toàn bộ số liệu trong thư mục này là **dữ liệu giả lập (tổng hợp)**,",
        "được sinh bằng lệnh `cchc sample --scope national` (hàm",
        f"`cchc.sample.national.write_national`) với hạt giống (seed) **{seed}**, quy mô",
        f"**{scale}**, {len(codes)} tỉnh, thành phố. Tên và mã đơn vị hành chính là thật (các",
        "tỉnh, xã, phường từ 01/7/2025, mã của Tổng cục Thống kê); các sở là một bộ giả định.",
        "Mọi hồ sơ, phiếu khảo sát và con số khác đều là giả. Không dùng để báo cáo hay đánh",
        "giá.",
        "",
        "**English.** Every figure in this folder is **synthetic data**, generated by",
        "`cchc sample --scope national` (`cchc.sample.national.write_national`) with seed",
        f"**{seed}** at scale **{scale}**, {len(codes)} provinces. Unit names and GSO codes are",
        "real (the provinces, communes and wards from 1 July 2025); the departments are an",
        "assumed set. Every dossier, survey response and other figure is invented. Do not use",
        "it for reporting or assessment.",
        "",
        "| bảng / table | số dòng / rows |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {n} |" for name, n in rows.items()]
    return "\n".join(lines) + "\n"
