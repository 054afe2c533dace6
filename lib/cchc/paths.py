"""Every path the project uses, built in one place.

Paths are resolved from this file, never from the current working directory:
Voila runs a notebook in the notebook's folder, papermill in the caller's.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

#: Hand-curated YAML (catalogue, data dictionary); override with CCHC_PARAMS.
PARAMS_DIR = Path(os.environ.get("CCHC_PARAMS", PROJECT_DIR / "params"))
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
DATA_DIR = PROJECT_DIR / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
SAMPLE_DIR = DATA_DIR / "sample"
OUTPUTS_DIR = PROJECT_DIR / "outputs"

CATALOGUE_FILE = PARAMS_DIR / "catalogue.yaml"
DICTIONARY_FILE = PARAMS_DIR / "dictionary.yaml"
PUBLISHED_INDICES_FILE = PARAMS_DIR / "published_indices.csv"
#: Evaluations cached between processes (dashboards, batch workers); safe to delete.
CACHE_DIR = Path(os.environ.get("CCHC_CACHE", OUTPUTS_DIR / "cache"))
