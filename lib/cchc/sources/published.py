"""The published indices of the province (PAR INDEX, SIPAS, PAPI, Decision 766), each
row with its source: ``params/published_indices.csv``."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pandas as pd

from cchc import paths


def load_published_indices(path: str | Path | None = None) -> pd.DataFrame:
    """The published figures, as published (see the file's sources).

    >>> load_published_indices().columns[:4].tolist()
    ['index', 'scope', 'period', 'value']
    """
    file = Path(path) if path else paths.PUBLISHED_INDICES_FILE
    return _read(file.resolve(), file.stat().st_mtime_ns).copy()


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The rows as a page in ``lang`` shows them: in Vietnamese, the index, scope and
    components words of the ``*_vi`` columns where the file gives them (the English
    columns stay the keys the code matches and parses).

    >>> in_language(load_published_indices(), "vi")["components"].iloc[1]
    'tăng 3 bậc'
    """
    out = frame.drop(columns=[c for c in frame.columns if c.endswith("_vi")])
    if lang != "vi":
        return out
    for name in ("index", "scope", "components"):
        if f"{name}_vi" in frame.columns:
            words = frame[f"{name}_vi"]
            out[name] = words.where(words.notna() & (words.astype(str) != ""), frame[name])
    return out


@cache
def _read(file: Path, mtime_ns: int) -> pd.DataFrame:
    return pd.read_csv(file, dtype={"period": str})


#: The words the press uses for the Decision 766 groups, as the published rows write them.
GROUP_WORDS_766: dict[str, str] = {
    "transparency": "cong_khai",
    "progress": "tien_do",
    "online services": "truc_tuyen",
    "online payment": "thanh_toan",
    "digitisation": "so_hoa",
    "satisfaction": "hai_long",
}
_PART = re.compile(r"^\s*(?P<name>[a-z][a-z ]*?)\s+(?P<value>\d+(?:\.\d+)?)"
                   r"(?:\s*/\s*(?P<max>\d+(?:\.\d+)?))?\s*$")


def published_components(text: object) -> list[tuple[str, float, float | None]]:
    """The group points a published Decision 766 figure is made of: ``(words, points,
    maximum)`` for each part the text names with the press's group words
    (:data:`GROUP_WORDS_766`); [] when it names none ("September 88.1").

    >>> published_components("transparency 15.34; progress 19.14; online services 15.41")
    [('transparency', 15.34, None), ('progress', 19.14, None), ('online services', 15.41, None)]
    """
    if not isinstance(text, str):
        return []
    parts = []
    for piece in re.split(r"[;+]", text):
        match = _PART.match(piece.lower())
        if match and match["name"] in GROUP_WORDS_766:
            maximum = float(match["max"]) if match["max"] else None
            parts.append((match["name"], float(match["value"]), maximum))
    return parts
