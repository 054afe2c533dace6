"""Shared fixtures: a small sample province written once per test session."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

if "CCHC_CACHE" not in os.environ:  # tests never write into the repository's outputs/
    _CACHE = tempfile.mkdtemp(prefix="cchc-test-cache-")
    os.environ["CCHC_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

PROJECT = Path(__file__).resolve().parent.parent
CCHC = [sys.executable, "-m", "cchc"]


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 600
            ) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user does, in a subprocess."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    return subprocess.run([*CCHC, *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, timeout=timeout, env=env, check=False)


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small synthetic province (seed 2021), written once."""
    from cchc.sample import write_sample

    out = tmp_path_factory.mktemp("sample") / "lao-cai"
    write_sample(out, seed=2021, scale="small")
    return out


@pytest.fixture(scope="session")
def sample_data(sample_dir: Path):
    from cchc.sources.dataset import load_data

    return load_data(sample_dir)


@pytest.fixture(scope="session")
def evaluation_2024q3(sample_data):
    from cchc.engine.results import evaluate

    return evaluate(sample_data, "2024Q3")
