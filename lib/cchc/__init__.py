"""cchc — the Lào Cai administrative-reform workbook (CCHC 2021–2025).

The public API, in the project's verb vocabulary: ``load_*`` reads, ``compute_*``
computes, ``chart_*`` draws, ``assess`` judges progress.
"""

from __future__ import annotations

__version__ = "0.1.0"

from cchc.engine.progress import Assessment, assess
from cchc.engine.results import Evaluation, compute_results, compute_scores, evaluate
from cchc.errors import CatalogueError, CchcError, ParameterError, Problem, SourceError
from cchc.sources.dataset import Dataset, load_data
from cchc.spec.catalogue import Catalogue, load_catalogue
from cchc.spec.periods import Period

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
