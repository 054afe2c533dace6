"""Writing output files: atomically (temporary file, then rename), deterministically, and
with no text a spreadsheet would run as a formula.

Formula injection (OWASP, "CSV Injection"): a spreadsheet opening a CSV file reads a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return as a
formula, which can open links, read other cells or, through DDE, start programs. Every
text cell this project writes to CSV goes through :func:`neutralise`, which puts an
apostrophe in front of such a cell, as OWASP recommends (a spreadsheet shows the text,
and runs nothing); the Excel templates mark such cells as text the same way
(:func:`formula_like`, ``cchc.intake.templates``). Numbers are not text: a negative
number in a numeric column stays a number, and so does a text cell that is only a
number (``-3``, which a spreadsheet reads as the number).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq


class OutputError(OSError):
    """An output that could not be written (its ``filename``, and the system's reason)."""


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` only on success.

    An error or an interruption leaves ``path`` as it was and no temporary file behind.
    A failure of the system to write (no permission, no space, a folder in the way) is
    raised as :class:`OutputError` naming ``path``.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror, str(path)) from None
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(exc.errno, exc.strerror, str(path)) from None
    finally:
        tmp_path.unlink(missing_ok=True)


#: The first characters that make a spreadsheet read a text cell as a formula (OWASP's
#: list: = + - @ tab, carriage return; and NUL, which OWASP's ASVS 1.2.10 adds).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")
_TRIGGER = "[=+\\-@\t\r\0]"
#: A text that is only a number: a spreadsheet reads it as that number, not a formula.
_PLAIN_NUMBER = r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?"
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read the text cell ``text`` as a formula.

    >>> formula_like('=HYPERLINK("http://x","x")'), formula_like("@SUM(1)")
    (True, True)
    >>> formula_like("-2+3"), formula_like("-2.5"), formula_like("Bát Xát")
    (True, False, False)
    """
    return (bool(text) and text[0] in FORMULA_TRIGGERS
            and _PLAIN_NUMBER_RE.fullmatch(text) is None)


def neutralise(value: object) -> object:
    """A text cell made safe to open in a spreadsheet: an apostrophe in front of a text
    that would be read as a formula (OWASP); any other value is returned unchanged.

    >>> neutralise("+cmd|' /C calc'!A0"), neutralise("\\tx"), neutralise(-2), neutralise("-2")
    ("'+cmd|' /C calc'!A0", "'\\tx", -2, '-2')
    """
    if isinstance(value, str) and formula_like(value):
        return "'" + value
    return value


def neutralise_texts(texts: pd.Series) -> pd.Series:
    """:func:`neutralise` for a column of texts, at once (missing cells stay missing)."""
    text = texts.astype("string")
    risky = (text.str.match(_TRIGGER) & ~text.str.fullmatch(_PLAIN_NUMBER)).fillna(False)
    if not risky.any():
        return text
    return text.mask(risky.astype(bool), "'" + text)


def csv_value(x: object) -> str:
    """Numbers as reviewers want to diff them: ``80``, ``83.3333``, empty for missing;
    texts through :func:`neutralise`.

    >>> csv_value(83.33333), csv_value(-0.00001), csv_value("=1+1")
    ('83.3333', '0', "'=1+1")
    """
    if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
        return ""
    if isinstance(x, bool | np.bool_):
        return "true" if x else "false"
    if isinstance(x, int | np.integer):
        return str(int(x))
    if isinstance(x, float | np.floating):
        text = f"{float(x):.4f}".rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    return str(neutralise(str(x)))


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text with stable number formatting, ``\\n`` line ends, UTF-8 friendly, and no
    text cell a spreadsheet would run (:func:`neutralise`; numbers stay numbers).

    A cell is quoted when it holds a comma, a quote, or a line break of any kind (a lone
    carriage return too, which Python's writer leaves bare when rows end in ``\\n``).

    >>> print(to_csv_text(pd.DataFrame({"name": ["=1+1", "a,b"], "value": [-2.0, 0.5]})))
    name,value
    '=1+1,-2
    "a,b",0.5
    <BLANKLINE>
    """
    columns = [_csv_column(frame.iloc[:, i]) for i in range(frame.shape[1])]
    header = ",".join(_csv_quote(str(neutralise(str(c)))) for c in frame.columns)
    if not columns:
        return header + "\n"
    if len(columns) == 1:  # an empty field alone on its line would be a blank line
        columns[0] = columns[0].mask(columns[0] == "", '""')
    rows = columns[0]
    for column in columns[1:]:
        rows = rows + "," + column
    return header + "\n" + "".join(line + "\n" for line in rows.tolist())


def _csv_column(series: pd.Series) -> pd.Series:
    """One column as CSV fields: numbers by :func:`csv_value`, texts neutralised, quoted."""
    dtype = series.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        dates_only = bool((series.dropna() == series.dropna().dt.normalize()).all())
        text = series.dt.strftime("%Y-%m-%d" if dates_only else "%Y-%m-%d %H:%M:%S")
    elif pd.api.types.is_string_dtype(dtype) and not pd.api.types.is_object_dtype(dtype):
        text = neutralise_texts(series)
    else:
        text = pd.Series([csv_value(v) for v in series.tolist()], dtype="string")
    text = pd.Series(text.to_numpy(dtype=object, na_value=""), dtype="string")
    return _csv_quote_column(text)


_NEEDS_QUOTES = r'[,"\r\n]'


def _csv_quote(text: str) -> str:
    if re.search(_NEEDS_QUOTES, text):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv_quote_column(text: pd.Series) -> pd.Series:
    needs = text.str.contains(_NEEDS_QUOTES, regex=True)
    if not needs.any():
        return text
    return text.mask(needs, '"' + text.str.replace('"', '""', regex=False) + '"')


def to_markdown_text(frame: pd.DataFrame) -> str:
    """A Markdown table (GitHub style), cells written as :func:`csv_value` writes them.

    >>> print(to_markdown_text(pd.DataFrame({"a": [1.5], "b": ["x|y"]})), end="")
    | a | b |
    |---|---|
    | 1.5 | x\\|y |
    """
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |",
             "|" + "|".join("---" for _ in frame.columns) + "|"]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(csv_value(v).replace("|", "\\|") for v in row) + " |")
    return "\n".join(lines) + "\n"


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write ``frame`` as CSV atomically (UTF-8, no BOM)."""
    with atomic_path(path) as tmp:
        tmp.write_text(to_csv_text(frame), encoding="utf-8")
    return Path(path)


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


_STRUCTURAL = r'[,"\r\n]'


def write_table_csv(table: pa.Table, path: str | Path) -> None:
    """UTF-8 without BOM, ``\\n`` line ends, ``true``/``false``, dates as YYYY-MM-DD,
    quotes only where a value needs them."""
    needs_quotes = any(
        pc.any(pc.match_substring_regex(table[name], _STRUCTURAL)).as_py()
        for name in table.column_names
        if pa.types.is_string(table.schema.field(name).type) and table.num_rows
    )
    if not needs_quotes:
        pa_csv.write_csv(
            table,
            str(path),
            pa_csv.WriteOptions(include_header=True, quoting_style="none", quoting_header="none"),
        )
        return
    text = table.cast(pa.schema([(f.name, pa.string()) for f in table.schema]))
    frame = text.to_pandas()
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")


#: How every Parquet file is written: zstd, dictionaries, statistics (the same bytes for
#: the same table).
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 3, "use_dictionary": True,
                   "write_statistics": True}
PARQUET_ROW_GROUP = 1 << 20


def write_parquet(table: pa.Table, path: str | Path) -> None:
    """Parquet written the same way everywhere: zstd, no pandas or schema metadata, so the
    same table gives the same bytes."""
    pq.write_table(table.replace_schema_metadata(), path, row_group_size=PARQUET_ROW_GROUP,
                   **PARQUET_OPTIONS)


def parquet_writer(path: str | Path, schema: pa.Schema) -> pq.ParquetWriter:
    """A Parquet file written in parts (``write_table`` per part, then ``close``), with
    :func:`write_parquet`'s settings; for files too large to build in memory. The caller
    writes it into a staging folder that is moved into place when complete.

    >>> writer = parquet_writer(tmp / "t.parquet", pa.schema([("x", pa.int64())]))
    >>> writer.write_table(pa.table({"x": [1, 2]})); writer.close()
    >>> pq.read_metadata(tmp / "t.parquet").num_rows
    2
    """
    return pq.ParquetWriter(path, schema.remove_metadata(), **PARQUET_OPTIONS)


#: The date of every zip entry and workbook property of the .xlsx files this project
#: writes: same input, same bytes.
XLSX_TIME = (2021, 8, 1, 0, 0, 0)


def xlsx_bytes(book) -> bytes:
    """An openpyxl workbook as .xlsx bytes, reproducibly: every zip entry dated
    :data:`XLSX_TIME`, and the "modified" stamp openpyxl writes on save replaced by it.

    >>> from openpyxl import Workbook
    >>> xlsx_bytes(Workbook()) == xlsx_bytes(Workbook())
    True
    """
    import datetime as dt
    import io
    import zipfile

    fixed = dt.datetime(*XLSX_TIME)
    book.properties.created = book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    stamp = fixed.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, XLSX_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            target.writestr(info, data)
    return out.getvalue()


def write_xlsx(book, path: str | Path) -> Path:
    """Write an openpyxl workbook atomically and reproducibly (:func:`xlsx_bytes`)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(xlsx_bytes(book))
    return Path(path)
