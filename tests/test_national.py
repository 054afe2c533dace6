"""The synthetic country (``cchc sample --scope national``): its units, its partitioned
tables, its determinism, and that it is made a chunk at a time."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from cchc.sample import national
from cchc.sample.national import (
    build_national,
    chunks,
    national_units,
    province_units,
    write_national,
)
from cchc.sources.admin_units import load_provinces_2025
from cchc.spec.units import Units
from conftest import run_cli

PER_YEAR = 40_000  # dossiers a year in the whole country: a tiny country for tests


@pytest.fixture(scope="module")
def country(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("national") / "vn"
    write_national(out, seed=7, provinces=2, dossiers_per_year=PER_YEAR)
    return out


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_whole_country_has_34_provinces_and_3321_communes() -> None:
    units = national_units()
    counts = units["level"].value_counts().to_dict()
    assert counts == {"commune": 3321, "department": 34 * 12, "province": 34}
    assert units["unit_id"].is_unique
    provinces = units[units["level"] == "province"]
    assert provinces["code"].tolist() == load_provinces_2025()["code"].tolist()
    assert provinces["parent_id"].isna().all()
    # every commune sits under its own province, with its GSO code
    communes = units[units["level"] == "commune"]
    assert communes["code"].str.fullmatch(r"\d{5}").all() and communes["code"].is_unique
    assert set(communes["parent_id"]) == set(provinces["unit_id"])
    assert (units["valid_from"] == "2025-07-01").all() and units["valid_to"].isna().all()


def test_the_units_file_of_a_country_is_a_valid_tree() -> None:
    frame = national_units(["12", "15"])
    units = Units.from_frame(frame[["unit_id", "name", "level", "parent_id", "code",
                                    "valid_from", "valid_to", "successor_id"]])
    assert units.roots == ["tinh-lai-chau", "tinh-lao-cai"]
    # two open roots with the same code are still refused
    frame.loc[frame["unit_id"] == "tinh-lao-cai", "code"] = "12"
    with pytest.raises(Exception, match="exactly one unit"):
        Units.from_frame(frame[["unit_id", "name", "level", "parent_id", "code",
                                "valid_from", "valid_to", "successor_id"]])


def test_chunks_bound_the_expected_dossiers(monkeypatch) -> None:
    units = province_units("79")  # Hồ Chí Minh City: 168 communes and wards
    monkeypatch.setattr(national, "CHUNK_DOSSIERS", 1_000)
    parts = chunks(units, per_unit_weight=50.0)
    assert pd.concat(parts)["unit_id"].tolist() == units["unit_id"].tolist()
    assert parts[0]["level"].iloc[:13].tolist() == ["province"] + ["department"] * 12
    for part in parts[1:]:
        assert (part["level"] == "commune").all()
        assert part["dossier_weight"].sum() * 50.0 <= 1_000 + 1e-9


def test_the_layout_partitioned_by_province_and_year(country: Path) -> None:
    files = sorted(str(p.relative_to(country)) for p in country.rglob("*") if p.is_file())
    assert "units.csv" in files and "procedures.parquet" in files and "SYNTHETIC.md" in files
    for table in ("dossiers", "surveys", "ratings"):
        assert [f for f in files if f.startswith(f"{table}/")] == [
            f"{table}/province={code}/year={year}/part-0.parquet"
            for code in ("01", "04") for year in (2025, 2026)]
    dossiers = ds.dataset(country / "dossiers", format="parquet",
                          partitioning="hive").to_table().to_pandas()
    # the partition keys say where a row is, the ids are unique across provinces and chunks
    assert dossiers["dossier_id"].is_unique
    received = pd.to_datetime(dossiers["received_on"])
    assert (received.dt.year == dossiers["year"]).all()
    assert received.min() >= pd.Timestamp("2025-07-01")
    assert received.max() <= pd.Timestamp("2026-09-30")
    units = pd.read_csv(country / "units.csv", dtype=str)
    province_of = dict(zip(units["unit_id"], units["parent_id"].fillna(units["unit_id"]),
                           strict=True))
    code_of = dict(zip(units["unit_id"], units["code"], strict=True))
    assert (dossiers["unit_id"].map(province_of).map(code_of).astype(int)
            == dossiers["province"]).all()
    # about the country's volume × the two provinces' weight × 15 months
    assert 2_000 < len(dossiers) < 8_000


def test_every_table_loads_and_its_records_lie_in_the_units_time(country: Path) -> None:
    result = run_cli("validate", country)
    assert result.returncode == 0, result.stderr


def test_same_seed_same_bytes(country: Path, tmp_path: Path) -> None:
    again = tmp_path / "vn"
    write_national(again, seed=7, provinces=2, dossiers_per_year=PER_YEAR)
    assert _digest(again) == _digest(country)
    other = tmp_path / "other"
    write_national(other, seed=8, provinces=2, dossiers_per_year=PER_YEAR)
    assert _digest(other)["dossiers/province=01/year=2025/part-0.parquet"] != _digest(
        country)["dossiers/province=01/year=2025/part-0.parquet"]


def test_one_row_group_per_chunk(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(national, "CHUNK_DOSSIERS", 200)
    write_national(tmp_path / "vn", provinces=1, dossiers_per_year=PER_YEAR)
    n_chunks = sum(1 for _ in build_national(provinces=["01"], dossiers_per_year=PER_YEAR))
    assert n_chunks > 3
    meta = pq.read_metadata(tmp_path / "vn" / "dossiers" / "province=01" / "year=2026"
                            / "part-0.parquet")
    assert meta.num_row_groups == n_chunks


def test_a_rerun_replaces_the_tables_of_another_layout(tmp_path: Path) -> None:
    out = tmp_path / "vn"
    out.mkdir()
    (out / "dossiers.csv").write_text("dossier_id\n", encoding="utf-8")
    (out / "service_units.csv").write_text("year\n", encoding="utf-8")
    write_national(out, provinces=1, dossiers_per_year=10_000)
    assert not (out / "dossiers.csv").exists() and (out / "dossiers").is_dir()
    assert not (out / "service_units.csv").exists()  # a table the country has no rows of


def test_the_command(tmp_path: Path) -> None:
    out = tmp_path / "vn"
    result = run_cli("sample", "--scope", "national", "--provinces", "1", "--out", out)
    assert result.returncode == 0, result.stderr
    assert (out / "dossiers" / "province=01" / "year=2026" / "part-0.parquet").is_file()
    bad = run_cli("sample", "--provinces", "2", "--out", tmp_path / "x")
    assert bad.returncode == 2 and "--scope national" in bad.stderr
    assert "Traceback" not in bad.stderr and not (tmp_path / "x").exists()
    bad = run_cli("sample", "--scope", "national", "--provinces", "35", "--out", out)
    assert bad.returncode == 2 and "--provinces" in bad.stderr


def test_every_province_is_computed_from_the_partitioned_folder(country: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "results.csv"
    result = run_cli("compute", "--data", country, "--period", "2026Q3", "--out", out)
    assert result.returncode == 0, result.stderr
    results = pd.read_csv(out, dtype={"unit_id": str})
    units = pd.read_csv(country / "units.csv", dtype=str)
    assert set(results["unit_id"]) == set(units["unit_id"])
    # a province's dossiers are its departments' and communes' (roll-up by sums)
    dossiers = ds.dataset(country / "dossiers", format="parquet",
                          partitioning="hive").to_table().to_pandas()
    received = pd.to_datetime(dossiers["received_on"])
    dossiers = dossiers[(received >= "2026-07-01") & (received <= "2026-09-30")]  # 2026Q3
    online = results[(results["measure_id"] == "I.4.c")].set_index("unit_id")
    for root, code in (("thanh-pho-ha-noi", 1), ("tinh-cao-bang", 4)):
        mine = dossiers[dossiers["province"] == code]
        assert online.at[root, "denominator"] == len(mine)
        assert online.at[root, "numerator"] == (mine["channel"] == "online").sum()
