"""Standing rules of the project, checked so that a bad edit fails CI."""

from __future__ import annotations

import ast
import importlib.util
import json
import re

import pytest
from conftest import PROJECT

NOTEBOOKS = sorted((PROJECT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert {p.name for p in NOTEBOOKS} >= {"workbook.ipynb", "overview.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin_and_committed_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "one tagged parameters cell"
    for line in "".join(tagged[0]["source"]).splitlines():
        assert re.match(r"^\w+: \w+ = .+  # .+$", line), f"typed, commented parameter: {line}"
    for cell in code:
        tree = ast.parse("".join(cell["source"]))
        assert not [n for n in ast.walk(tree) if isinstance(
            n, ast.FunctionDef | ast.ClassDef | ast.AsyncFunctionDef)], "no def/class in a notebook"


def test_import_time_fix_is_in_place():
    """STACK.md: rfc3987-syntax (pulled in by jsonschema[format-nongpl]) costs seconds at
    every import of altair/papermill/voila; scripts/setup.sh removes it."""
    assert importlib.util.find_spec("rfc3987_syntax") is None


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["bash run.sh", "bash test.sh"]
    assert "bash test.sh" in (PROJECT / ".ci" / "run").read_text(encoding="utf-8")


def test_dependencies_are_pinned_by_range_with_a_constraints_file():
    import tomllib

    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    assert deps and all(">=" in spec and "<" in spec for spec in deps), deps
    constraints = (PROJECT / "constraints.txt").read_text(encoding="utf-8").splitlines()
    pinned = {line.split("==")[0].lower() for line in constraints if "==" in line}
    assert {"pandas", "altair", "papermill", "voila"} <= pinned


def test_ruff_finds_nothing():
    import subprocess
    import sys
    from pathlib import Path

    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "lib", "tests", "bench", "notebooks"],
                            cwd=PROJECT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout
