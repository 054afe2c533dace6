"""cchc — the Lào Cai administrative-reform workbook (CCHC 2021–2025).

The public API, in the project's verb vocabulary: ``load_*`` reads, ``compute_*``
computes, ``chart_*`` draws, ``assess`` judges progress.

The names below are imported when first used (PEP 562): ``import cchc.apps.cli`` or a
batch worker does not pay for pandas and the engine before it needs them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: Each public name → the module that defines it.
_EXPORTS = {
    "Assessment": "cchc.engine.progress",
    "assess": "cchc.engine.progress",
    "Evaluation": "cchc.engine.results",
    "compute_results": "cchc.engine.results",
    "compute_scores": "cchc.engine.results",
    "evaluate": "cchc.engine.results",
    "CatalogueError": "cchc.errors",
    "CchcError": "cchc.errors",
    "ParameterError": "cchc.errors",
    "Problem": "cchc.errors",
    "SourceError": "cchc.errors",
    "Dataset": "cchc.sources.dataset",
    "load_data": "cchc.sources.dataset",
    "Catalogue": "cchc.spec.catalogue",
    "load_catalogue": "cchc.spec.catalogue",
    "Period": "cchc.spec.periods",
}

__all__ = [
    "Assessment",
    "Catalogue",
    "CatalogueError",
    "CchcError",
    "Dataset",
    "Evaluation",
    "ParameterError",
    "Period",
    "Problem",
    "SourceError",
    "__version__",
    "assess",
    "compute_results",
    "compute_scores",
    "evaluate",
    "load_catalogue",
    "load_data",
]

if TYPE_CHECKING:
    from cchc.engine.progress import Assessment, assess
    from cchc.engine.results import Evaluation, compute_results, compute_scores, evaluate
    from cchc.errors import CatalogueError, CchcError, ParameterError, Problem, SourceError
    from cchc.sources.dataset import Dataset, load_data
    from cchc.spec.catalogue import Catalogue, load_catalogue
    from cchc.spec.periods import Period


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'cchc' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})
