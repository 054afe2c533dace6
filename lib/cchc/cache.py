"""Evaluations computed once and reused: in memory, and on disk between processes.

Workbooks of one batch and every click of a dashboard need the same evaluation of a
data folder for a period; computing it reads every record, so it is kept, keyed by a
fingerprint of the inputs (file names, sizes, modification times, the catalogue and
the package version). A changed file changes the key; nothing is ever stale.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
from pathlib import Path

from . import __version__, paths
from .catalogue import load_catalogue
from .files import atomic_path
from .periods import Period
from .results import Evaluation, evaluate
from .sources import SUFFIXES, load_data

log = logging.getLogger(__name__)
_MEMORY: dict[str, Evaluation] = {}


def fingerprint(data_dir: str | Path, period: str) -> str:
    """A key that changes whenever an input of the evaluation changes."""
    data_dir = Path(data_dir).resolve()
    files = sorted(p for p in data_dir.iterdir()
                   if p.suffix.lower() in SUFFIXES or p.name == "SYNTHETIC.md")
    state = {
        "version": __version__,
        "dir": str(data_dir),
        "period": str(Period.parse(period)),
        "files": [(p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in files],
        "params": [(p.name, hashlib.sha256(p.read_bytes()).hexdigest())
                   for p in sorted(paths.PARAMS_DIR.glob("*.yaml"))],
    }
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()[:24]


def load_evaluation(data_dir: str | Path, period: str, cache_dir: str | Path | None = None
                    ) -> Evaluation:
    """The evaluation of ``data_dir`` for ``period``: from memory, the disk cache, or computed.

    Raises the SourceError / ParameterError of the inputs, like :func:`evaluate`.
    """
    key = fingerprint(data_dir, period)
    if key in _MEMORY:
        return _MEMORY[key]
    cache_dir = Path(cache_dir) if cache_dir else paths.CACHE_DIR
    file = cache_dir / f"evaluation-{key}.pickle"
    if file.exists():
        try:
            evaluation = pickle.loads(file.read_bytes())
            _MEMORY[key] = evaluation
            return evaluation
        except Exception as exc:  # a damaged cache file is only a cache miss
            log.warning("ignoring damaged cache file %s: %s", file, exc)
    evaluation = evaluate(load_data(data_dir), period, load_catalogue())
    _MEMORY[key] = evaluation
    try:
        with atomic_path(file) as tmp:
            tmp.write_bytes(pickle.dumps(evaluation, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        log.warning("could not write the cache %s: %s", file, exc)
    return evaluation
