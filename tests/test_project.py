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
    """docs/stack.md: rfc3987-syntax (pulled in by jsonschema[format-nongpl]) costs seconds at
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


# --------------------------------------------------------------------------- the layers


def test_layers_import_only_downwards():
    """import-linter's layers contract (pyproject.toml, [tool.importlinter])."""
    import subprocess
    import sys
    from pathlib import Path

    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=PROJECT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


#: Reading a file outside cchc/sources is allowed only for these, each for its reason.
NOT_INPUT_DATA = {
    "spec/catalogue.py": "params/catalogue.yaml: the programme's definition, not data",
    "spec/dictionary.py": "params/dictionary.yaml: the data dictionary, not data",
    "engine/cache.py": "its own cache (Parquet + JSON it wrote, checked on load) and the "
                       "package's source files, hashed for the cache key",
    "files.py": "files hashed for manifests and logs, not read as tables",
    "intake/store.py": "the store's own import log, appended to; files synced to disk",
    "apps/dashboard/page.py": "a copy of the kernel's stderr, for the server log",
}
#: Calls that read files: pandas/pyarrow readers, open(), Path.read_*, YAML/JSON loads.
READERS = {("pd", "read_"), ("pq", "read_"), ("pq", "ParquetFile"), ("pa", "csv"),
           ("duckdb", ""), ("yaml", "safe_load"), ("json", "load")}


def _reads_files(tree) -> list[int]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(node.lineno)
        elif isinstance(func, ast.Attribute):
            if func.attr in ("read_text", "read_bytes", "read_parquet", "read_csv",
                             "read_excel", "read_table"):
                found.append(node.lineno)
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if any(owner == o and func.attr.startswith(a) for o, a in READERS if a):
                found.append(node.lineno)
    return sorted(set(found))


def test_input_data_is_read_only_in_the_sources_layer():
    from cchc import paths

    offenders = []
    for file in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        name = file.relative_to(paths.PACKAGE_DIR).as_posix()
        if name.startswith("sources/") or name in NOT_INPUT_DATA:
            continue
        lines = _reads_files(ast.parse(file.read_text(encoding="utf-8")))
        offenders += [f"{name}:{line}" for line in lines]
    assert not offenders, "read input data through cchc.sources: " + ", ".join(offenders)
    for name in NOT_INPUT_DATA:
        assert (paths.PACKAGE_DIR / name).exists(), f"stale exception: {name}"


def test_the_scan_for_readers_sees_a_reader():
    tree = ast.parse("import pandas as pd\nframe = pd.read_csv('x.csv')\nopen('y')\n")
    assert _reads_files(tree) == [2, 3]


def test_no_module_is_named_like_a_drawer():
    from cchc import paths

    for file in paths.PACKAGE_DIR.rglob("*.py"):
        assert file.stem not in ("utils", "helpers", "misc", "common"), file
        assert not file.stem.endswith("_v2"), file


def test_tests_never_write_into_the_repository_outputs():
    from cchc import paths

    assert not paths.CACHE_DIR.resolve().is_relative_to(PROJECT.resolve() / "outputs")


def test_the_project_stands_alone():
    """No file of the project points outside it (the steering folder is not in a clone)."""
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=PROJECT, capture_output=True,
                             text=True, check=True).stdout.split()
    outside = ("../" + "shared", "STACK" + ".md", "PRODUCT" + ".md")
    for name in tracked:
        path = PROJECT / name
        if path.suffix not in (".py", ".md", ".toml", ".yaml", ".sh", ".ipynb", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        assert not any(o in text for o in outside), name


def test_readme_tree_names_what_exists():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    tree = readme.split("## The tree", 1)[1].split("```", 2)[1]
    for line in tree.splitlines():
        entry = line.split("<-")[0].strip()
        if not entry or " " in entry or entry.startswith(("(", "…")):
            continue
        if "git-ignored" in line:  # built by a command: absent from a fresh clone
            continue
        if entry.endswith("/") and "/" not in entry[:-1]:
            assert (PROJECT / entry).exists() or (PROJECT / "lib" / entry).exists() or any(
                PROJECT.glob(f"**/{entry}")), entry
