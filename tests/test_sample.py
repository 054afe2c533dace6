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

    monkeypatch.setattr(sample, "_write_csv", failing)
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
    assert (tmp_path / "dossiers.csv").read_bytes().count(b"\n") == 1 + 4 * 1_000


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
    assert level_counts(small) == {"province": 1, "department": 17, "district": 3, "commune": 9}
    assert small.units.root == "lao-cai"
    frame = small.units.frame
    assert frame.loc["lao-cai", "code"] == "10"
    assert frame.loc["bat-xat", "code"] == "082"
    assert frame.loc["xa-a-mu-sung", "parent_id"] == "bat-xat"
    assert frame["valid_from"].isna().all() and frame["successor_id"].isna().all()


def test_full_unit_tree_without_writing() -> None:
    units = build_units("full")
    assert units["level"].value_counts().to_dict() == {
        "province": 1,
        "department": 17,
        "district": 9,
        "commune": 151,
    }
    assert units["unit_id"].is_unique
    districts = units.loc[units["level"] == "district", "unit_id"]
    assert set(districts) == {
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
    communes = units[units["level"] == "commune"]
    assert communes.groupby("parent_id")["code"].apply(lambda c: c.is_monotonic_increasing).all()


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
    assert d["dossier_id"].str.fullmatch(r"HS-20(21|22|23|24)-\d{7}").all()
    assert (d["dossier_id"].str.slice(3, 7).astype(int) == d["received_on"].dt.year).all()
    assert d["received_on"].dt.year.between(2021, 2024).all()
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
    volume = d["unit_id"].value_counts()
    assert volume.index[0] == SERVICE_CENTER
    assert volume["tp-lao-cai"] > volume["si-ma-cai"] > volume["so-khcn"]


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
    assert set(su["unit_id"].map(small.units.frame["level"])) == {"department", "district"}
    merging = t["merging"]
    assert not (merging["completed_on"].notna() & ~merging["required"]).any()
    systems = t["systems"]
    assert not (
        systems["data_axis_connected"] & ~(systems["citizen_facing"] & systems["in_operation"])
    ).any()
    assert not (systems["reporting_connected"] & (systems["kind"] != "reporting")).any()
    portals = systems[systems["kind"].isin(["public_service_portal", "one_stop"])]
    assert set(portals["unit_id"]) == {"lao-cai"}
    meeting_levels = set(t["meetings"]["unit_id"].map(small.units.frame["level"]))
    assert meeting_levels == {"province", "district"}
    inspection_levels = set(t["inspections"]["unit_id"].map(small.units.frame["level"]))
    assert inspection_levels == {"province", "department", "district"}
    assert set(t["task_tracking"]["unit_id"]) == set(small.units.ids)
    assert t["task_tracking"]["period"].nunique() == 16
    surveys = t["surveys"]
    assert set(surveys["service"]) == {"procedure", "administration", "health", "education"}
    social = surveys[surveys["service"].isin(["health", "education"])]
    assert (social["field"] == social["service"]).all()


# --------------------------------------------------------------------------- meaning


@pytest.fixture(scope="module")
def results_2024(small):
    from cchc.engine.results import compute_results

    return compute_results(small, "2024")


def test_every_status_occurs(results_2024) -> None:
    assert ALL_STATUSES | {"not_applicable"} == set(results_2024["status"])


def test_high_volume_cells_show_their_profile(results_2024) -> None:
    profiles = build_profiles(seed=2021, scale="small")
    cells = profiles.merge(results_2024[["unit_id", "measure_id", "status"]])
    service_center = cells[cells["unit_id"] == SERVICE_CENTER]
    dossier_measures = ["I.1.a", "I.2.b", "I.3.a", "I.4.c", "I.7.a", "IV.2.a"]
    shown = service_center[service_center["measure_id"].isin(dossier_measures)]
    assert len(shown) == len(dossier_measures)
    assert (shown["status"] == shown["profile"].map(EXPECTED_STATUS)).all()
    records = cells[
        (cells["measure_id"] == "IV.6.a")
        & cells["unit_id"].map(lambda u: u.startswith(("so-", "xa-", "phuong-")))
    ]
    assert (records["status"] == records["profile"].map(EXPECTED_STATUS)).all()
    assert set(EXPECTED_STATUS.values()) <= set(pd.concat([shown, records])["status"])


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
    assert level_counts(full) == {"province": 1, "department": 17, "district": 9, "commune": 151}
    assert 1_500_000 <= len(full.tables["dossiers"]) <= 1_700_000
    assert set(compute_results(full, "2024")["status"]) >= ALL_STATUSES
