"""cchc — the Lào Cai administrative-reform workbook (CCHC 2021–2025).

The public API, in the project's verb vocabulary: ``load_*`` reads, ``compute_*``
computes, ``chart_*`` draws, ``assess`` judges progress.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .catalogue import Catalogue, load_catalogue
from .errors import CatalogueError, CchcError, ParameterError, Problem, SourceError
from .periods import Period
from .progress import Assessment, assess
from .results import Evaluation, compute_results, compute_scores, evaluate
from .sources import Dataset, load_data

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
