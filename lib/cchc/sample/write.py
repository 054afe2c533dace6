"""Writing the synthetic province into a folder, byte-identical for the same seed."""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from cchc.sample.build import build_sample
from cchc.sample.settings import PARQUET_AT_FULL, Scale
from cchc.sources.read import SUFFIXES, SYNTHETIC_MARKER

log = logging.getLogger(__name__)

def write_sample(
    out: str | Path,
    *,
    seed: int = 2021,
    scale: Scale = "small",
    dossiers_per_year: int | None = None,
) -> list[Path]:
    """Write the synthetic province into folder ``out``; return the paths written, sorted.

    One file per table of the data dictionary (``units.csv``, ``dossiers.csv`` …; at
    ``scale="full"`` dossiers and surveys are Parquet) and ``SYNTHETIC.md``. Files are
    built in a temporary sibling folder, then moved into ``out``; a table file of the
    other format left by an earlier run is removed.

    Parameters
    ----------
    out : str or Path
        Folder to write (created if needed).
    seed : int, default 2021
        The same seed and scale give byte-identical files.
    scale : "small" or "full"
        ``small``: 3 districts with 3 communes each, about 5 000 dossiers a year;
        ``full``: the 9 districts and 151 communes, about 400 000 dossiers a year.
    dossiers_per_year : int, optional
        Overrides the dossier volume (all units, per year).

    Examples
    --------
    >>> [p.name for p in write_sample(tmp / "lc")][:2]
    ['SYNTHETIC.md', 'complaints.csv']
    """
    tables = build_sample(seed=seed, scale=scale, dossiers_per_year=dossiers_per_year)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        names: list[str] = []
        for name, table in tables.items():
            suffix = ".parquet" if scale == "full" and name in PARQUET_AT_FULL else ".csv"
            file = staging / f"{name}{suffix}"
            if suffix == ".parquet":
                _write_parquet(table, file)
            else:
                _write_csv(table, file)
            names.append(file.name)
        (staging / SYNTHETIC_MARKER).write_bytes(
            _marker_text(seed, scale, tables, names).encode("utf-8")
        )
        names.append(SYNTHETIC_MARKER)
        for name in names:
            (staging / name).chmod(0o644)
            (staging / name).replace(out / name)
        for table in tables:
            for suffix in SUFFIXES:
                stale = out / f"{table}{suffix}"
                if stale.name not in names and stale.exists():
                    stale.unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("wrote the %s synthetic sample (seed %s) to %s", scale, seed, out)
    return sorted(out / name for name in names)



# --------------------------------------------------------------------------- writing


_STRUCTURAL = r'[,"\r\n]'


def _write_csv(table: pa.Table, path: Path) -> None:
    """UTF-8 without BOM, ``\\n`` line ends, ``true``/``false``, dates as YYYY-MM-DD,
    quotes only where a value needs them."""
    needs_quotes = any(
        pc.any(pc.match_substring_regex(table[name], _STRUCTURAL)).as_py()
        for name in table.column_names
        if pa.types.is_string(table.schema.field(name).type) and table.num_rows
    )
    if not needs_quotes:
        pa_csv.write_csv(
            table,
            str(path),
            pa_csv.WriteOptions(include_header=True, quoting_style="none", quoting_header="none"),
        )
        return
    text = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    frame = text.to_pandas()
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")


def _write_parquet(table: pa.Table, path: Path) -> None:
    pq.write_table(
        table.replace_schema_metadata(),
        path,
        compression="zstd",
        compression_level=3,
        row_group_size=1 << 20,
        use_dictionary=True,
        write_statistics=True,
    )


def _marker_text(seed: int, scale: str, tables: dict[str, pa.Table], files: list[str]) -> str:
    file_of = {f.rsplit(".", 1)[0]: f for f in files}
    lines = [
        "# Dữ liệu mẫu tổng hợp / Synthetic sample data",
        "",
        "**Tiếng Việt.** Toàn bộ số liệu trong thư mục này là **dữ liệu giả lập (tổng hợp)**,",
        "được sinh tự động bằng lệnh `cchc sample` (hàm `cchc.sample.write_sample`) với hạt",
        f"giống (seed) **{seed}**, quy mô **{scale}**. Tên và mã đơn vị hành chính (tỉnh,",
        "huyện, xã; mã của Tổng cục Thống kê, trước ngày 01/7/2025) là thật; mọi hồ sơ, thủ",
        "tục, phiếu khảo sát, đơn vị sự nghiệp, hệ thống, cuộc họp và con số khác đều là giả,",
        "không phản ánh kết quả thực tế của tỉnh Lào Cai. Không dùng để báo cáo hay đánh giá.",
        "",
        "**English.** Every figure in this folder is **synthetic data**, generated by",
        f"`cchc sample` (`cchc.sample.write_sample`) with seed **{seed}** at scale",
        f"**{scale}**. Unit names and GSO codes (province, districts, communes, before",
        "1 July 2025) are real; every dossier, procedure, survey response, public service",
        "unit, system, meeting and count is invented and says nothing about Lào Cai's",
        "actual performance. Do not use it for reporting or assessment.",
        "",
        "Cùng seed và quy mô cho ra đúng từng byte / The same seed and scale give the same",
        "bytes.",
        "",
        "| bảng / table | tệp / file | số dòng / rows |",
        "|---|---|---:|",
    ]
    lines += [f"| {name} | {file_of[name]} | {table.num_rows} |" for name, table in tables.items()]
    return "\n".join(lines) + "\n"
