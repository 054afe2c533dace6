from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from cchc.errors import CatalogueError, ParameterError
from cchc.paths import CATALOGUE_FILE
from cchc.spec.catalogue import load_catalogue, target_level
from conftest import run_cli


def test_real_catalogue_loads_with_the_programme_shape():
    cat = load_catalogue()
    assert [g.id for g in cat.groups] == ["I", "II", "III", "IV"]
    assert len(cat.indicators) == 19
    assert len(cat.measures) == 26
    per_group = {g.id: sum(i.group == g.id for i in cat.indicators) for g in cat.groups}
    assert per_group == {"I": 7, "II": 3, "III": 1, "IV": 8}
    assert cat.measure("I.4.c").name_vi.startswith("Hồ sơ nộp")


@pytest.mark.parametrize(
    ("measure", "level", "year", "expected"),
    [
        ("I.3.a", "province", 2021, 30), ("I.3.a", "district", 2021, 20),
        ("I.3.a", "commune", 2021, 15), ("I.3.a", "province", 2023, 70),
        ("I.3.a", "commune", 2025, 95), ("I.3.a", "department", 2022, 50),
        ("IV.5.a", "province", 2024, 100), ("IV.5.a", "district", 2024, 80),
        ("IV.6.a", "commune", 2022, 60), ("IV.6.a", "department", 2025, 90),
        ("I.2.b", "district", 2021, 30), ("II.2.a", "province", 2030, 90),
    ],
)
def test_target_in_force(measure, level, year, expected):
    assert load_catalogue().target_for(measure, level, year) == expected


def test_not_applicable_has_no_target():
    cat = load_catalogue()
    assert cat.target_for("IV.5.a", "commune", 2024) is None
    assert cat.target_for("II.1.a", "department", 2024) is None


def test_department_pursues_province_targets():
    assert target_level("department") == "province"
    with pytest.raises(ParameterError):
        target_level("village")


def _write(tmp_path: Path, mutate) -> Path:
    raw = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    mutate(raw)
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r["measures"][0].update(colour="red"), "unknown key"),
        (lambda r: r["measures"].append(dict(r["measures"][0])), "duplicate measure id 'I.1.a'"),
        (lambda r: r["targets"].append({"measure": "IV.5.a", "level": "commune", "year": 2025,
                                        "value": 50}), "does not apply at level 'commune'"),
        (lambda r: r["targets"][0].update(value=120), "within 0-100"),
        (lambda r: r["measures"][0].update(direction="sideways"), "direction"),
        (lambda r: r["measures"][0].update(indicator="I.9"), "unknown indicator"),
    ],
)
def test_bad_catalogue_is_a_clear_error(tmp_path, mutate, message):
    with pytest.raises(CatalogueError) as err:
        load_catalogue(_write(tmp_path, mutate))
    assert message in str(err.value)


def test_targets_command_prints_csv():
    result = run_cli("targets", "--year", "2023", "--level", "district")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "measure_id,level,year,target,direction"
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert rows["I.3.a"] == ["I.3.a", "district", "2023", "60", "up"]
    assert rows["IV.5.a"][3] == "80"
    assert "IV.1.a" not in rows  # the provincial portal: province only
    assert len(rows) == sum("district" in m.applies_to for m in load_catalogue().measures)


def test_targets_command_commune_schedule():
    result = run_cli("targets", "--year", "2024", "--level", "commune")
    rows = {line.split(",")[0]: line.split(",") for line in result.stdout.splitlines()[1:]}
    assert rows["I.3.a"][3] == "75"
    assert rows["IV.6.a"][3] == "60"
    assert "IV.5.a" not in rows


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--year", "2019", "--level", "district"], "--year"),
        (["--year", "2024", "--level", "village"], "--level"),
        (["--year", "twenty", "--level", "district"], "--year"),
    ],
)
def test_targets_command_bad_parameters(args, needle):
    result = run_cli("targets", *args)
    assert result.returncode == 2
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


# --------------------------------------------------------------------------- programmes

FIXTURE_PROGRAMME = Path(__file__).parent / "fixtures" / "programme-test.yaml"


def test_the_shipped_programme_and_its_district_level_end():
    cat = load_catalogue()
    assert cat.programme_id == "2021-2025"
    assert cat.level_ended("district", "2025-09-30") and not cat.level_ended("commune", "2030")
    assert "how the province reports" in cat.level_ends[0].note.lower()


def test_a_programme_is_chosen_by_id_or_by_file(monkeypatch, tmp_path):
    from cchc import paths
    from cchc.spec.catalogue import load_programme, programme_files

    assert load_programme(str(FIXTURE_PROGRAMME)).programme_id == "2026-2030-test"
    (tmp_path / "programmes").mkdir()
    (tmp_path / "programmes" / "next.yaml").write_bytes(FIXTURE_PROGRAMME.read_bytes())
    monkeypatch.setattr(paths, "PROGRAMMES_DIR", tmp_path / "programmes")
    assert list(programme_files()) == ["2021-2025", "2026-2030-test"]
    cat = load_programme("2026-2030-test")
    assert (cat.base_year, cat.target_year, cat.measure_ids) == (2026, 2030, ("I.4.c",))
    with pytest.raises(ParameterError, match="known: 2021-2025, 2026-2030-test"):
        load_programme("2031-2035")


def test_targets_of_another_programme():
    done = run_cli("targets", "--year", "2028", "--level", "commune",
                   "--programme", FIXTURE_PROGRAMME)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["measure_id,level,year,target,direction",
                                        "I.4.c,commune,2028,55,up"]


def test_computing_with_another_programme(sample_dir, tmp_path):
    import pandas as pd

    out = tmp_path / "results.csv"
    done = run_cli("compute", "--data", sample_dir, "--period", "2026Q3", "--out", out,
                   "--programme", FIXTURE_PROGRAMME)
    assert done.returncode == 0, done.stderr
    results = pd.read_csv(out)
    assert set(results["measure_id"]) == {"I.4.c"}
    province = results.set_index("unit_id").loc["lao-cai-2025"]
    # 2026 is before the first target row (2027): the schedule starts with it
    assert (province["target"], province["final_target"], province["base_year"]) == (60, 70, 2026)
    assert province["status"] == "not_available"  # one year of the programme so far
    before = run_cli("compute", "--data", sample_dir, "--period", "2025", "--out", out,
                     "--programme", FIXTURE_PROGRAMME)
    assert before.returncode == 2 and "parameter --period" in before.stderr
    unknown = run_cli("compute", "--data", sample_dir, "--period", "2025", "--out", out,
                      "--programme", "2031-2035")
    assert unknown.returncode == 2
    assert "parameter --programme" in unknown.stderr and "2021-2025" in unknown.stderr


def test_after_the_programme_the_last_target_in_force(sample_data):
    from cchc.engine.results import evaluate

    results = evaluate(sample_data, "2026Q3").results.set_index(["unit_id", "measure_id"])
    assert results.loc[("lao-cai-2025", "I.3.a"), "target"] == 100.0  # 2025's, not invented
    assert results.loc[("xa-tran-yen-2025", "I.3.a"), "target"] == 95.0
    assert results.loc[("lao-cai-2025", "I.3.a"), "milestone"] == 100.0
