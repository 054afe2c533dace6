"""The synthetic sample province: loads cleanly, is deterministic, and means something."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from cchc.errors import ParameterError
from cchc.sample import build_profiles, write_sample
from cchc.sample.plan import EXPECTED_STATUS
from cchc.sample.units import SERVICE_CENTER, build_units, slugify
from cchc.sources.dataset import load_data

TABLE_FILES = {
    "units.csv",
    "dossiers.csv",
    "procedures.csv",
    "surveys.csv",
    "complaints.csv",
    "ratings.csv",
    "service_units.csv",
    "merging.csv",
    "systems.csv",
    "meetings.csv",
    "work_records.csv",
    "inspections.csv",
    "task_tracking.csv",
    "tasks.csv",
}
ALL_STATUSES = {
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
    "no_data",
}


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def level_counts(dataset) -> dict[str, int]:
    return dataset.units.frame["level"].value_counts().to_dict()


@pytest.fixture(scope="module")
def small_dir(sample_dir: Path) -> Path:
    """The session's small sample (seed 2021; tests/conftest.py), written once for all."""
    return sample_dir


@pytest.fixture(scope="module")
def small(small_dir: Path):
    return load_data(small_dir)


# --------------------------------------------------------------------------- files


def test_writes_one_file_per_table_and_the_marker(tmp_path: Path) -> None:
    written = write_sample(tmp_path / "out", seed=3, scale="small")
    assert written == sorted(written)
    assert {p.name for p in written} == TABLE_FILES | {"SYNTHETIC.md"}
    assert all(p.parent == tmp_path / "out" for p in written)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_loads_without_any_problem(small) -> None:
    assert small.synthetic
    assert small.absent == ()
    assert set(small.tables) == {n.removesuffix(".csv") for n in TABLE_FILES} - {"units"}


def test_marker_says_synthetic_in_both_languages(small_dir: Path) -> None:
    text = (small_dir / "SYNTHETIC.md").read_text(encoding="utf-8")
    assert "giả lập" in text and "synthetic" in text.lower()
    assert "cchc sample" in text and "2021" in text and "small" in text


def test_csv_format(small_dir: Path) -> None:
    raw = (small_dir / "dossiers.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    first = raw.split(b"\n")[1].decode()
    assert ",true," in first or ",false," in first
    assert first.split(",")[3][:4] == "2021"  # received_on, YYYY-MM-DD, oldest first


def test_replaces_a_table_given_in_another_format(tmp_path: Path) -> None:
    (tmp_path / "dossiers.parquet").write_bytes(b"old")
    (tmp_path / "notes.txt").write_text("mine")
    write_sample(tmp_path, seed=1, scale="small")
    assert not (tmp_path / "dossiers.parquet").exists()
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_an_interrupted_run_leaves_nothing_half_written(tmp_path: Path, monkeypatch) -> None:
    import cchc.sample.write as sample

    calls = []

    def failing(table, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        path.write_text("partial")

    monkeypatch.setattr(sample, "write_table_csv", failing)
    with pytest.raises(KeyboardInterrupt):
        write_sample(tmp_path / "out", seed=1, scale="small")
    assert list((tmp_path / "out").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.parametrize("kwargs", [{"scale": "medium"}, {"dossiers_per_year": 0}, {"seed": -1}])
def test_bad_arguments(tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(ParameterError):
        write_sample(tmp_path / "out", **kwargs)


def test_dossier_volume_can_be_set(tmp_path: Path) -> None:
    write_sample(tmp_path, seed=1, scale="small", dossiers_per_year=1_000)
    dossiers = load_data(tmp_path).tables["dossiers"]
    per_year = dossiers.groupby(dossiers["received_on"].dt.year).size().to_dict()
    # whole years of both eras have the volume; 2026 has records up to September only
    assert per_year == {2021: 1_000, 2022: 1_000, 2023: 1_000, 2024: 1_000, 2025: 1_000,
                        2026: 748}


# --------------------------------------------------------------------------- determinism


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path, small_dir: Path) -> None:
    write_sample(tmp_path / "again", seed=2021, scale="small")
    write_sample(tmp_path / "other", seed=2022, scale="small")
    assert digests(tmp_path / "again") == digests(small_dir)
    other = digests(tmp_path / "other")
    assert other["dossiers.csv"] != digests(small_dir)["dossiers.csv"]
    assert other["units.csv"] == digests(small_dir)["units.csv"]  # the real tree


# --------------------------------------------------------------------------- units


def test_small_unit_tree(small) -> None:
    assert level_counts(small) == {"province": 3, "department": 35, "district": 5, "commune": 23}
    units = small.units
    assert units.root == "lao-cai-2025"
    assert units.roots == ["lao-cai", "yen-bai", "lao-cai-2025"]
    frame = units.frame
    assert frame.loc["lao-cai", "code"] == "10"
    assert frame.loc["yen-bai", "code"] == "15"
    assert frame.loc["lao-cai-2025", "code"] == "15"  # Yên Bái's old code: ids never reuse
    assert frame.loc["bat-xat", "code"] == "082"
    assert frame.loc["xa-a-mu-sung", "parent_id"] == "bat-xat"
    old = frame[frame["valid_to"].notna()]
    new = frame[frame["valid_from"].notna()]
    assert (old["valid_to"] == pd.Timestamp("2025-06-30")).all()
    assert (new["valid_from"] == pd.Timestamp("2025-07-01")).all()
    assert len(old) + len(new) == len(frame)
    # a 3-into-1 merger in the sample: the new Phường Lào Cai took over three wards
    assert units.predecessors("phuong-lao-cai-2025") == [
        "phuong-duyen-hai", "phuong-lao-cai", "phuong-coc-leu"]
    assert frame.loc["phuong-lao-cai-2025", "code"] == "02647"  # old Phường Kim Tân's
    assert units.predecessors("lao-cai-2025") == ["lao-cai", "yen-bai"]
    assert units.predecessors("so-noi-vu-2025") == [
        "so-noi-vu", "so-ldtbxh", "yb-so-noi-vu", "yb-so-ldtbxh"]
    # districts end without a successor; every other old unit has one among the new
    districts = old[old["level"] == "district"]
    assert districts["successor_id"].isna().all()
    others = old[old["level"] != "district"]
    assert others["successor_id"].isin(new["unit_id"]).all()


def test_full_unit_tree_without_writing() -> None:
    units = build_units("full")
    assert units["level"].value_counts().to_dict() == {
        "commune": 151 + 168 + 99,
        "department": 17 + 17 + 12,
        "district": 9 + 9,
        "province": 3,
    }
    assert units["unit_id"].is_unique
    old = units[units["valid_to"].notna()]
    new = units[units["valid_from"].notna()]
    districts = old.loc[old["level"] == "district"]
    assert set(districts.loc[districts["parent_id"] == "lao-cai", "unit_id"]) == {
        "tp-lao-cai",
        "tx-sa-pa",
        "bat-xat",
        "bao-thang",
        "bao-yen",
        "bac-ha",
        "muong-khuong",
        "si-ma-cai",
        "van-ban",
    }
    assert {"xa-a-mu-sung", "phuong-sa-pa-03001", "phuong-sa-pa-03002"} <= set(units["unit_id"])
    communes = old[old["level"] == "commune"]
    assert communes.groupby("parent_id")["code"].apply(lambda c: c.is_monotonic_increasing).all()
    # every old commune of both provinces has exactly one successor among the 99 new ones
    new_communes = new[new["level"] == "commune"]
    assert len(new_communes) == 99
    assert communes["successor_id"].isin(new_communes["unit_id"]).all()
    assert set(communes["successor_id"]) == set(new_communes["unit_id"])
    assert communes.groupby("successor_id").size().max() == 7
    assert (new_communes["commune_type"].value_counts().to_dict()
            == {"Xã": 89, "Phường": 10})


def test_names_keep_their_diacritics(small) -> None:
    names = small.units.frame.set_index("unit_id")["name"]
    assert names["bat-xat"] == "Huyện Bát Xát"
    assert names["tp-lao-cai"] == "Thành phố Lào Cai"
    assert names["lao-cai"] == "Tỉnh Lào Cai"
    assert names["so-vhtt"] == "Sở Văn hóa, Thể thao và Du lịch"
    assert names["phuong-duyen-hai"] == "Phường Duyên Hải"
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert all(u.isascii() for u in names.index)


def test_slugify() -> None:
    assert slugify("Xã A Mú Sung") == "xa-a-mu-sung"
    assert slugify("Xã Đồng Tuyển") == "xa-dong-tuyen"
    assert slugify("Thị trấn Nông trường Phong Hải") == "thi-tran-nong-truong-phong-hai"


# --------------------------------------------------------------------------- records


def test_dossiers_are_consistent_row_by_row(small) -> None:
    d = small.tables["dossiers"]
    assert not (d["transfer_electronic"] & ~d["transfer_required"]).any()
    assert not (d["paid_online"] & ~d["payment_required"]).any()
    assert not (d["result_digitised"] & ~d["result_valid"]).any()
    assert not (d["eid"] & (d["channel"] != "online")).any()
    assert d["dossier_id"].is_unique
    assert d["dossier_id"].str.fullmatch(r"HS-20(21|22|23|24|25|26)-\d{7}").all()
    assert (d["dossier_id"].str.slice(3, 7).astype(int) == d["received_on"].dt.year).all()
    assert d["received_on"].between(pd.Timestamp("2021-01-01"), pd.Timestamp("2026-09-30")).all()
    assert d["procedure_id"].str.fullmatch(r"TTHC-\d{3}").all()
    assert set(d["channel"]) == {"online", "direct", "postal"}
    assert d["contacts"].isin([0, 1]).mean() > 0.7
    by_year = d.groupby(d["received_on"].dt.year)["contacts"].apply(lambda c: (c == 0).mean())
    assert by_year.is_monotonic_increasing  # fewer return visits every year


def test_dossiers_go_to_serving_units_by_size(small) -> None:
    d = small.tables["dossiers"]
    levels = d["unit_id"].map(small.units.frame["level"])
    assert "province" not in set(levels)
    assert set(levels) == {"department", "district", "commune"}
    before = d[d["received_on"] < pd.Timestamp("2025-07-01")]["unit_id"].value_counts()
    after = d[d["received_on"] >= pd.Timestamp("2025-07-01")]["unit_id"].value_counts()
    assert set(before.index[:2]) == {SERVICE_CENTER, "yb-" + SERVICE_CENTER}
    assert after.index[0] == SERVICE_CENTER + "-2025"
    assert before["tp-lao-cai"] > before["si-ma-cai"] > before["so-khcn"]
    # a merged commune receives what its communes and its share of their district did
    assert after["phuong-lao-cai-2025"] > after["xa-si-ma-cai-2025"]


def test_records_lie_within_their_units_time(small) -> None:
    frame = small.units.frame
    d = small.tables["dossiers"]
    ends = d["unit_id"].map(frame["valid_to"])
    starts = d["unit_id"].map(frame["valid_from"])
    assert (d["received_on"] <= ends).sum() == ends.notna().sum()
    assert (d["received_on"] >= starts).sum() == starts.notna().sum()
    tracking = small.tables["task_tracking"]
    old = tracking[tracking["unit_id"] == "tp-lao-cai"]["period"]
    assert old.iloc[-1] == "2025Q2"
    assert tracking[tracking["unit_id"] == "lao-cai-2025"]["period"].tolist() == [
        "2025Q3", "2025Q4", "2026Q1", "2026Q2", "2026Q3"]


def test_dossier_procedures_are_in_the_units_catalogue(small) -> None:
    d, p = small.tables["dossiers"], small.tables["procedures"]
    used = pd.DataFrame(
        {
            "year": d["received_on"].dt.year.astype("Int64"),
            "unit_id": d["unit_id"],
            "procedure_id": d["procedure_id"],
        }
    )
    known = p[~p["internal"]][["year", "unit_id", "procedure_id"]].drop_duplicates()
    assert len(used.merge(known)) == len(used)


def test_procedures_are_consistent(small) -> None:
    p = small.tables["procedures"]
    online = p["online_mode"].isin(["full", "partial"])
    assert not (p["online_payment"] & ~p["financial_obligation"]).any()
    assert not (online & ~p["online_eligible"]).any()
    assert not (p["national_portal"] & ~online).any()
    assert not (p["published_on_time"] & ~p["internal"]).any()
    internal_levels = set(p.loc[p["internal"], "unit_id"].map(small.units.frame["level"]))
    assert internal_levels <= {"province", "department", "district"}
    assert p.groupby(["year", "unit_id"]).size().between(5, 80).all()


def test_other_tables_are_consistent(small) -> None:
    t = small.tables
    su = t["service_units"]
    assert not (su["converted"] & ~su["conversion_eligible"]).any()
    assert su.loc[su["conversion_eligible"], "sector"].isin(["economic", "other"]).all()
    managers = su[["year", "unit_id"]].assign(level=su["unit_id"].map(small.units.frame["level"]))
    # districts manage schools and centres until they end; the communes after them
    assert set(managers.loc[managers["year"] <= 2024, "level"]) == {"department", "district"}
    assert set(managers.loc[managers["year"] == 2026, "level"]) == {"department", "commune"}
    merging = t["merging"]
    assert not (merging["completed_on"].notna() & ~merging["required"]).any()
    systems = t["systems"]
    assert not (
        systems["data_axis_connected"] & ~(systems["citizen_facing"] & systems["in_operation"])
    ).any()
    assert not (systems["reporting_connected"] & (systems["kind"] != "reporting")).any()
    portals = systems[systems["kind"].isin(["public_service_portal", "one_stop"])]
    assert set(portals["unit_id"]) == {"lao-cai", "yen-bai", "lao-cai-2025"}
    meeting_levels = set(t["meetings"]["unit_id"].map(small.units.frame["level"]))
    assert meeting_levels == {"province", "district"}
    inspection_levels = set(t["inspections"]["unit_id"].map(small.units.frame["level"]))
    assert inspection_levels == {"province", "department", "district"}
    assert set(t["task_tracking"]["unit_id"]) == set(small.units.ids)
    assert t["task_tracking"]["period"].nunique() == 23  # 2021Q1 … 2026Q3
    # the new province's merging plan is the 2025 merger of communes, done on its first day
    merger = merging[merging["unit_id"] == "lao-cai-2025"]
    assert set(merger.loc[merger["required"], "completed_on"]) == {pd.Timestamp("2025-07-01")}
    # a public service unit of a department passed to the new department in 2025
    owners = su[su["name"] == su.loc[su["unit_id"] == "so-gddt", "name"].iloc[0]]
    assert owners.groupby("year")["unit_id"].apply(sorted).to_dict()[2025] == [
        "so-gddt", "so-gddt-2025"]
    surveys = t["surveys"]
    assert set(surveys["service"]) == {"procedure", "administration", "health", "education"}
    social = surveys[surveys["service"].isin(["health", "education"])]
    assert (social["field"] == social["service"]).all()


# --------------------------------------------------------------------------- meaning


@pytest.fixture(scope="module")
def results_2025(small):
    from cchc.engine.results import compute_results

    return compute_results(small, "2025")


def test_every_status_occurs(small, results_2025) -> None:
    from cchc.engine.results import compute_results

    # the programme's final report, on the units of today
    assert ALL_STATUSES | {"not_applicable"} == set(results_2025["status"])
    assert results_2025["unit_id"].str.endswith("-2025").all()
    # the last report of the old units
    before = compute_results(small, "2025Q2")
    assert ALL_STATUSES | {"not_applicable"} == set(before["status"])
    assert not before["unit_id"].str.endswith("-2025").any()


def test_high_volume_cells_show_their_profile(results_2025) -> None:
    profiles = build_profiles(seed=2021, scale="small")
    cells = profiles.merge(results_2025[["unit_id", "measure_id", "status"]])
    service_center = cells[cells["unit_id"] == SERVICE_CENTER + "-2025"]
    dossier_measures = ["I.1.a", "I.2.b", "I.3.a", "I.4.c", "I.7.a", "IV.2.a"]
    shown = service_center[service_center["measure_id"].isin(dossier_measures)]
    assert len(shown) == len(dossier_measures)
    assert (shown["status"] == shown["profile"].map(EXPECTED_STATUS)).all()
    records = cells[
        (cells["measure_id"] == "IV.6.a")
        & cells["unit_id"].map(lambda u: u.startswith(("so-", "xa-", "phuong-")))
    ]
    assert len(records) == 10 + 8  # the "so-" departments and every commune
    assert (records["status"] == records["profile"].map(EXPECTED_STATUS)).all()
    assert set(EXPECTED_STATUS.values()) <= set(pd.concat([shown, records])["status"])


def test_a_unit_that_ended_follows_its_successors_profile() -> None:
    profiles = build_profiles(seed=2021, scale="small").set_index(["unit_id", "measure_id"])
    for old in ("phuong-duyen-hai", "phuong-lao-cai", "phuong-coc-leu"):
        assert (profiles.loc[old, "profile"] == profiles.loc["phuong-lao-cai-2025", "profile"]
                ).all()


# --------------------------------------------------------------------------- full scale


@pytest.mark.slow
def test_full_scale_loads_and_is_identical_across_processes(tmp_path: Path) -> None:
    from cchc.engine.results import compute_results

    script = (
        "import sys; from cchc.sample import write_sample; "
        "write_sample(sys.argv[1], seed=2021, scale='full')"
    )
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "child")], check=True)
    write_sample(tmp_path / "here", seed=2021, scale="full")
    assert digests(tmp_path / "child") == digests(tmp_path / "here")
    assert (tmp_path / "here" / "dossiers.parquet").exists()
    assert (tmp_path / "here" / "surveys.parquet").exists()
    full = load_data(tmp_path / "here")
    assert level_counts(full) == {"province": 3, "department": 46, "district": 18,
                                  "commune": 418}
    assert 2_200_000 <= len(full.tables["dossiers"]) <= 2_400_000
    assert set(compute_results(full, "2025")["status"]) >= ALL_STATUSES
