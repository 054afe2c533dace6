"""Every path the project uses, built in one place; every environment variable, read here.

Paths are resolved from this file, never from the current working directory:
Voila runs a notebook in the notebook's folder, papermill in the caller's.

Environment variables (all optional):

* ``CCHC_PARAMS`` — another folder of hand-curated YAML (catalogue, dictionary);
* ``CCHC_CACHE`` — where evaluations are cached between processes;
* ``CCHC_DATA`` — the data folder the dashboard shows (``cchc serve --data`` sets it);
* ``CCHC_CHART_JS`` — where ``cchc serve`` serves the charts' JavaScript (it sets it);
* ``CCHC_CHROMIUM`` — the chromium ``cchc run --pdf`` prints with (Debian's by default);
* Voila's own ``VOILA_PREHEAT`` and ``QUERY_STRING``, read for the dashboard's URL.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

PARAMS_ENV = "CCHC_PARAMS"
CACHE_ENV = "CCHC_CACHE"
DATA_ENV = "CCHC_DATA"
CHART_JS_ENV = "CCHC_CHART_JS"
CHROMIUM_ENV = "CCHC_CHROMIUM"

#: Hand-curated YAML (catalogue, data dictionary); override with CCHC_PARAMS.
PARAMS_DIR = Path(os.environ.get(PARAMS_ENV, PROJECT_DIR / "params"))
NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
DATA_DIR = PROJECT_DIR / "data"
PROCESSED_DIR = DATA_DIR / "processed"
SAMPLE_DIR = DATA_DIR / "sample"
OUTPUTS_DIR = PROJECT_DIR / "outputs"
DOCS_DIR = PROJECT_DIR / "docs"

CATALOGUE_FILE = PARAMS_DIR / "catalogue.yaml"
#: Further programmes (one catalogue file each), chosen with ``--programme``.
PROGRAMMES_DIR = PARAMS_DIR / "programmes"
DICTIONARY_FILE = PARAMS_DIR / "dictionary.yaml"
PUBLISHED_INDICES_FILE = PARAMS_DIR / "published_indices.csv"
#: One YAML per weighted index (``766.yaml``: the Decision 766 service index).
INDICES_DIR = PARAMS_DIR / "indices"
#: Evaluations cached between processes (dashboards, batch workers); safe to delete.
CACHE_DIR = Path(os.environ.get(CACHE_ENV, OUTPUTS_DIR / "cache"))

#: Where DuckDB writes what does not fit in its memory limit (the fast path's uniqueness
#: check of 10⁸ ids), a folder per call, removed when the call ends.
SPILL_DIR = Path(tempfile.gettempdir()) / "cchc-spill"

#: The notebooks papermill executes and Voila serves.
UNIT_NOTEBOOK = NOTEBOOKS_DIR / "workbook.ipynb"
OVERVIEW_NOTEBOOK = NOTEBOOKS_DIR / "overview.ipynb"
DASHBOARD_NOTEBOOK = NOTEBOOKS_DIR / "dashboard.ipynb"
#: A Jupyter data folder holding the ``cchc`` Voila template (``voila/templates/cchc``).
TEMPLATES_ROOT = PROJECT_DIR / "share" / "jupyter"
#: A Jupyter data folder for files ``cchc serve`` builds (the charts' JavaScript).
BUILT_ROOT = CACHE_DIR / "jupyter"


def chromium() -> Path:
    """The headless browser the quarterly pack is printed with: ``$CCHC_CHROMIUM``, else
    Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get(CHROMIUM_ENV) or "/usr/bin/chromium")


def served_data_dir() -> Path:
    """The data folder the dashboard shows: ``$CCHC_DATA``, else the bundled sample."""
    return Path(os.environ.get(DATA_ENV) or SAMPLE_DIR)


def served_chart_js() -> str | None:
    """Where ``cchc serve`` serves the charts' JavaScript (a path under ``voila/``), or None
    outside ``cchc serve``."""
    return os.environ.get(CHART_JS_ENV) or None


def voila_preheated() -> bool:
    """Whether this kernel was started by Voila ahead of its page request."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def voila_query_string() -> str:
    """The page's query string as Voila passes it to a kernel started for the request."""
    return os.environ.get("QUERY_STRING", "")
