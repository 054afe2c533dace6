"""Doctests of the package (``pytest --doctest-modules``) run on the small synthetic province.

The examples in the docstrings name these objects: ``sample`` (its folder), ``data`` (the
loaded Dataset), ``ev`` (its 2024Q3 evaluation), ``results``, ``series``, ``scores``,
``contacts``, ``results_unit`` and ``scores_unit`` (old Lào Cai's rows), ``units``,
``published`` (params/published_indices.csv), ``index766`` (the Decision 766 index for
2024Q3, with its monthly trend) and ``tmp`` (an empty folder per example).
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

import pytest

if "CCHC_CACHE" not in os.environ:  # never the repository's outputs/
    _CACHE = tempfile.mkdtemp(prefix="cchc-test-cache-")
    os.environ["CCHC_CACHE"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


@pytest.fixture(scope="session")
def _doctest_objects(tmp_path_factory: pytest.TempPathFactory) -> dict:
    import pandas as pd

    from cchc.engine.results import evaluate
    from cchc.sample import write_sample
    from cchc.sources.dataset import load_data
    from cchc.sources.published import load_published_indices

    sample = tmp_path_factory.mktemp("doctest") / "lao-cai"
    write_sample(sample, seed=2021, scale="small")
    data = load_data(sample)
    ev = evaluate(data, "2024Q3")
    from cchc.engine.index import compute_index
    from cchc.spec.indices import load_index

    index766 = compute_index(data, load_index("766"), "2024Q3", trend=True)
    root = data.units.roots_at("2024-09-30")[0]  # old Lào Cai, the province of that period
    return {
        "pd": pd,
        "sample": sample,
        "data": data,
        "ev": ev,
        "results": ev.results,
        "series": ev.series,
        "scores": ev.scores,
        "contacts": ev.contacts,
        "results_unit": ev.results[ev.results["unit_id"] == root],
        "scores_unit": ev.scores[ev.scores["unit_id"] == root],
        "units": data.units,
        "published": load_published_indices(),
        "index766": index766,
    }


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace: dict, _doctest_objects: dict, tmp_path) -> None:
    doctest_namespace.update(_doctest_objects)
    doctest_namespace["tmp"] = tmp_path
