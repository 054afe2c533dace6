"""Compare two runs' outputs: what changed between two quarters, or before and after a
data correction. The reviewable artefacts are each run's ``summary.csv`` and, for the
task register, its ``tasks.csv`` (tasks as of the period's last day).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc.spec.statuses import RANKED_STATUSES

KEY = ["unit_id", "measure_id"]
DIFF_COLUMNS = ["kind", "unit_id", "unit_name", "measure_id", "status_a", "status_b",
                "value_a", "value_b", "delta", "target_a", "target_b", "task_id",
                "met_a", "met_b", "status_basis_a", "status_basis_b"]
#: How good a status is; a flip's importance is how far it moves on this scale.
STATUS_RANK = {s: i for i, s in enumerate(RANKED_STATUSES)}
#: Every kind of difference, most important first: this period's ``met`` flag flips, then
#: trend statuses that moved on the same basis (``status_basis``), statuses that changed
#: otherwise (another basis, to or from no data), tasks, units and measures, values that
#: disappeared or appeared, values that moved, targets.
KIND_ORDER = ("met_lost", "met_gained", "status_worse", "status_better", "status_changed",
              "task_overdue", "task_completed", "unit_removed", "unit_added",
              "measure_removed", "measure_added", "value_disappeared", "value_appeared",
              "value_changed", "target_changed")
DONE = ("done_late", "done_on_time")


def compute_diff(a: pd.DataFrame, b: pd.DataFrame, tolerance: float = 0.05,
                 tasks_a: pd.DataFrame | None = None, tasks_b: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """Every difference between two summaries, most important first.

    Kinds (:data:`KIND_ORDER`): this period's ``met`` flag lost or gained; a trend status
    that got worse / better on the same ``status_basis``, or changed otherwise (another
    basis, to or from no data); tasks that became overdue or were completed (when both
    runs' task lists are given: :func:`compute_task_changes`); units and measures that
    appear or disappear; a value that disappeared or appeared; values that moved more than
    ``tolerance`` points; targets that changed. Summaries without ``met`` or
    ``status_basis`` (older runs) read as empty there.

    >>> a = results.assign(value=results["value"].astype(object))
    >>> b = a.assign(status=a["status"].where(a["measure_id"] != "I.4.c", "deterioration"))
    >>> diff = compute_diff(a, b)
    >>> diff.columns.tolist()[:4]
    ['kind', 'unit_id', 'unit_name', 'measure_id']
    >>> sorted(set(diff["measure_id"])), len(diff) > 0
    (['I.4.c'], True)
    """
    a, b = _with_meaning(a), _with_meaning(b)
    merged = a.merge(b, on=KEY, how="outer", suffixes=("_a", "_b"), indicator=True)
    merged["unit_name"] = merged["unit_name_b"].fillna(merged["unit_name_a"])
    units_a, units_b = set(a["unit_id"]), set(b["unit_id"])
    rows = []
    only_a = merged["_merge"] == "left_only"
    only_b = merged["_merge"] == "right_only"
    for unit in sorted(units_a - units_b):
        rows.append({"kind": "unit_removed", "unit_id": unit, "unit_name": _name(a, unit)})
    for unit in sorted(units_b - units_a):
        rows.append({"kind": "unit_added", "unit_id": unit, "unit_name": _name(b, unit)})
    in_both_units = merged["unit_id"].isin(units_a & units_b)
    removed = merged[only_a & in_both_units].assign(kind="measure_removed")
    added = merged[only_b & in_both_units].assign(kind="measure_added")
    both = merged[merged["_merge"] == "both"].copy()

    status_a, status_b = both["status_a"].fillna(""), both["status_b"].fillna("")
    flipped = both[status_a != status_b].copy()
    rank_a = flipped["status_a"].map(STATUS_RANK).astype("float64")
    rank_b = flipped["status_b"].map(STATUS_RANK).astype("float64")
    same_basis = (flipped["status_basis_a"].fillna("") == flipped["status_basis_b"].fillna(""))
    flipped["kind"] = np.where(rank_a.notna() & rank_b.notna() & same_basis.to_numpy(),
                               np.where(rank_b > rank_a, "status_worse", "status_better"),
                               "status_changed")
    flipped["importance"] = (rank_b - rank_a).abs().fillna(0)

    met_a, met_b = both["met_a"], both["met_b"]
    known = met_a.notna() & met_b.notna()
    flips = both[(known & (met_a != met_b)).to_numpy()].copy()
    flips["kind"] = np.where(flips["met_b"].astype(bool), "met_gained", "met_lost")

    value_a = pd.to_numeric(both["value_a"], errors="coerce")
    value_b = pd.to_numeric(both["value_b"], errors="coerce")
    gone = (value_a.notna() & value_b.isna()).to_numpy()
    came = (value_a.isna() & value_b.notna()).to_numpy()
    moved = ((value_b - value_a).abs() > tolerance).to_numpy() & (status_a == status_b
                                                                   ).to_numpy()
    values = pd.concat([both[gone].assign(kind="value_disappeared"),
                        both[came].assign(kind="value_appeared"),
                        both[moved].assign(kind="value_changed")])
    target_a = pd.to_numeric(both["target_a"], errors="coerce")
    target_b = pd.to_numeric(both["target_b"], errors="coerce")
    retarget = ((target_a - target_b).abs() > 1e-9) | (target_a.isna() != target_b.isna())
    targets = both[retarget.to_numpy()].assign(kind="target_changed")

    names = {**dict(zip(a["unit_id"], a["unit_name"], strict=True)),
             **dict(zip(b["unit_id"], b["unit_name"], strict=True))}
    tasks = (compute_task_changes(tasks_a, tasks_b, names)
             if tasks_a is not None and tasks_b is not None else None)
    parts = [pd.DataFrame(rows), flips, flipped, removed, added, values, targets]
    if tasks is not None and len(tasks):
        parts.append(tasks)
    frame = pd.concat(parts, ignore_index=True)
    if frame.empty:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    for column in ("value_a", "value_b", "target_a", "target_b"):
        if column not in frame:
            frame[column] = np.nan
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    for column in ("status_a", "status_b", "measure_id", "task_id", "status_basis_a",
                   "status_basis_b"):
        if column not in frame:
            frame[column] = ""
    for column in ("met_a", "met_b"):
        frame[column] = (frame[column] if column in frame else pd.Series(
            pd.NA, index=frame.index)).astype("boolean")
    frame["delta"] = (frame["value_b"] - frame["value_a"]).round(4)
    if "importance" not in frame:
        frame["importance"] = 0.0
    frame["importance"] = frame["importance"].fillna(0)
    frame["kind_rank"] = frame["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    frame["abs_delta"] = frame["delta"].abs().fillna(0)
    frame["task_id"] = frame["task_id"].fillna("")
    frame = frame.sort_values(
        ["kind_rank", "importance", "abs_delta", "unit_id", "measure_id", "task_id"],
        ascending=[True, False, False, True, True, True], na_position="last")
    return frame[DIFF_COLUMNS].fillna({"measure_id": "", "status_a": "", "status_b": "",
                                       "status_basis_a": "", "status_basis_b": ""}
                                      ).reset_index(drop=True)


def _with_meaning(summary: pd.DataFrame) -> pd.DataFrame:
    """``met`` as a nullable boolean (``true``/``false``/empty in a CSV) and
    ``status_basis`` as text, empty where an older summary has neither."""
    out = summary.copy()
    met = out["met"] if "met" in out else pd.Series(pd.NA, index=out.index, dtype=object)
    text = met.astype(object).map(lambda v: str(v).strip().lower() if pd.notna(v) else "")
    out["met"] = text.map({"true": True, "false": False}).astype("boolean")
    basis = out.get("status_basis", "")
    out["status_basis"] = pd.Series(basis, index=out.index).fillna("").astype(str)
    return out


def compute_task_changes(a: pd.DataFrame, b: pd.DataFrame,
                         names: dict[str, str] | None = None) -> pd.DataFrame:
    """Tasks that became overdue (``task_overdue``) or were completed (``task_completed``)
    from run ``a`` to run ``b``, from their task lists (``tasks.csv``).

    A task absent from ``a`` (assigned since) counts as not overdue and not done there.
    ``status_a``/``status_b`` hold the task's states, ``task_id`` its id.

    >>> a = pd.DataFrame({"task_id": ["t1", "t2"], "unit_id": "u",
    ...                   "state": ["due_soon", "pending"]})
    >>> b = pd.DataFrame({"task_id": ["t1", "t2", "t3"], "unit_id": "u",
    ...                   "state": ["overdue", "done_late", "done_on_time"]})
    >>> changes = compute_task_changes(a, b)
    >>> changes[["kind", "task_id", "status_a", "status_b"]].values.tolist()
    [['task_overdue', 't1', 'due_soon', 'overdue'],
     ['task_completed', 't2', 'pending', 'done_late'],
     ['task_completed', 't3', '', 'done_on_time']]
    """
    merged = b[["task_id", "unit_id", "state"]].merge(
        a[["task_id", "state"]], on="task_id", how="left", suffixes=("_b", "_a"))
    state_a = merged["state_a"].fillna("").astype(str)
    state_b = merged["state_b"].fillna("").astype(str)
    overdue = (state_b == "overdue") & (state_a != "overdue")
    completed = state_b.isin(DONE) & ~state_a.isin(DONE)
    kind = np.select([overdue.to_numpy(), completed.to_numpy()],
                     ["task_overdue", "task_completed"], "")
    out = pd.DataFrame({"kind": kind, "unit_id": merged["unit_id"].astype(str),
                        "unit_name": merged["unit_id"].map(names or {}).astype(object).fillna(""),
                        "measure_id": "", "status_a": state_a, "status_b": state_b,
                        "task_id": merged["task_id"].astype(str)})
    out = out[out["kind"] != ""]
    rank = out["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    return out.assign(_rank=rank).sort_values(["_rank", "unit_id", "task_id"]).drop(
        columns="_rank").reset_index(drop=True)


def _name(frame: pd.DataFrame, unit: str) -> str:
    names = frame.loc[frame["unit_id"] == unit, "unit_name"]
    return str(names.iloc[0]) if len(names) else ""


#: Kinds whose rows are shown only for the largest moves (the rest are counted).
MINOR_KINDS = ("value_changed", "target_changed")
#: How many of each minor kind, and of all rows, the one-screen views show.
MINOR_SHOWN = 10
ROWS_SHOWN = 40


def count_kinds(diff: pd.DataFrame) -> list[tuple[str, int]]:
    """How many differences of each kind, in :data:`KIND_ORDER` (kinds with none left out).

    >>> count_kinds(pd.DataFrame({"kind": ["value_changed", "met_lost", "value_changed"]}))
    [('met_lost', 1), ('value_changed', 2)]
    """
    counts = diff["kind"].value_counts()
    return [(k, int(counts[k])) for k in KIND_ORDER if k in counts.index]


def rows_that_matter(diff: pd.DataFrame, limit: int | None = ROWS_SHOWN
                     ) -> tuple[pd.DataFrame, int]:
    """The rows a reader should see (every flip, task, unit and measure; the largest
    :data:`MINOR_SHOWN` value and target moves), at most ``limit``; and how many are not
    shown."""
    minor = diff["kind"].isin(MINOR_KINDS)
    keep = ~minor | (diff.groupby("kind").cumcount() < MINOR_SHOWN)
    shown = diff[keep.to_numpy()]
    if limit is not None:
        shown = shown.head(limit)
    return shown, len(diff) - len(shown)


def _word(key: str, code: object, lang: str) -> str:
    from cchc import messages

    if code is None or (isinstance(code, float) and np.isnan(code)) or code == "":
        return "—"
    return messages.text(f"{key}.{code}", lang) if messages.has(f"{key}.{code}") else str(code)


def _cells(row: pd.Series, side: str, lang: str) -> str:
    from cchc.messages import format_number
    from cchc.present.labels import met_label

    kind = row["kind"]
    value = format_number(row[f"value_{side}"], lang)
    if kind.startswith("met_"):
        return f"{met_label(row[f'met_{side}'], lang)} ({value})"
    if kind.startswith("status_"):
        return _word("status", row[f"status_{side}"], lang)
    if kind.startswith("task_"):
        return _word("task", row[f"status_{side}"], lang)
    if kind == "target_changed":
        return format_number(row[f"target_{side}"], lang)
    if kind.startswith("value_"):
        return value
    return "—"


def display_rows(rows: pd.DataFrame, lang: str = "vi") -> list[list[str]]:
    """Each difference as the words a reader sees: kind, unit, measure (id and short
    name) or task, before, after, change (one decimal, the language's way).

    >>> d = pd.DataFrame({"kind": ["met_lost"], "unit_id": ["u"], "unit_name": ["Xã A"],
    ...     "measure_id": ["I.4.c"], "status_a": ["target_achieved"],
    ...     "status_b": ["target_achieved"], "value_a": [55.04], "value_b": [48.0],
    ...     "delta": [-7.04], "target_a": [50.0], "target_b": [50.0], "task_id": [""],
    ...     "met_a": [True], "met_b": [False], "status_basis_a": [""], "status_basis_b": [""]})
    >>> display_rows(d, "vi")[0]
    ['Không còn đạt mục tiêu năm', 'Xã A', 'I.4.c — Hồ sơ trực tuyến', 'Đạt (55,0)', \
'Chưa đạt (48,0)', '−7,0']
    """
    from cchc.files import neutralise
    from cchc.messages import format_number
    from cchc.present.labels import measure_label

    out = []
    for _, row in rows.iterrows():
        measure = (measure_label(row["measure_id"], lang) if row["measure_id"]
                   else str(neutralise(str(row["task_id"] or ""))))
        change = row["delta"] if row["kind"] != "target_changed" else (
            row["target_b"] - row["target_a"])
        out.append([_word("cli.diff.kind", row["kind"], lang),
                    str(neutralise(str(row["unit_name"] or row["unit_id"]))), measure,
                    _cells(row, "a", lang), _cells(row, "b", lang),
                    "" if pd.isna(change) else _signed(format_number(change, lang))])
    return out


def _signed(text: str) -> str:
    return text if text.startswith(("−", "-")) or text in ("0", "0,0", "0.0") else "+" + text


def to_text(diff: pd.DataFrame, lang: str = "vi", width: int | None = None,
            a: str = "", b: str = "") -> str:
    """The differences in one screen: a heading, the counts per kind first, then the rows
    that matter with names and words, fitted to ``width`` columns (the terminal's)."""
    import io
    import shutil

    from rich.console import Console
    from rich.table import Table

    from cchc import messages

    width = width or shutil.get_terminal_size((100, 24)).columns
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False,
                      emoji=False, markup=False)
    t = lambda key, **kw: messages.text(key, lang, **kw)  # noqa: E731
    counts = count_kinds(diff)
    console.print(t("cli.diff.heading", a=a, b=b), overflow="ellipsis", no_wrap=True)
    summary = Table(t("cli.diff.col.kind"), t("cli.diff.col.count"),
                    title=t("cli.diff.counts"), title_justify="left")
    for kind, n in counts:
        summary.add_row(_word("cli.diff.kind", kind, lang), str(n))
    summary.add_row(t("cli.diff.total"), str(len(diff)))
    console.print(summary)
    shown, hidden = rows_that_matter(diff)
    table = Table(*(t(f"cli.diff.col.{c}") for c in ("kind", "unit", "measure", "before",
                                                      "after", "change")),
                  title=t("cli.diff.rows"), title_justify="left")
    for cells in display_rows(shown, lang):
        table.add_row(*cells)
    console.print(table)
    if hidden:
        console.print(t("cli.diff.more", n=hidden))
    return buffer.getvalue()


def to_markdown(diff: pd.DataFrame, lang: str = "vi", a: str = "", b: str = "") -> str:
    """A Markdown report: a heading, the counts per kind, then the rows that matter
    (GitHub tables, words in ``lang``, one decimal)."""
    from cchc import messages
    from cchc.files import neutralise

    t = lambda key, **kw: messages.text(key, lang, **kw)  # noqa: E731

    def line(cells) -> str:  # no cell a spreadsheet or a renderer would run (neutralise)
        return "| " + " | ".join(str(neutralise(str(c))).replace("|", "\\|")
                                 for c in cells) + " |"

    lines = [f"# {t('cli.diff.heading', a=a, b=b)}", "", f"## {t('cli.diff.counts')}", "",
             line([t("cli.diff.col.kind"), t("cli.diff.col.count")]), "|---|---:|"]
    lines += [line([_word("cli.diff.kind", k, lang), n]) for k, n in count_kinds(diff)]
    lines += [line([f"**{t('cli.diff.total')}**", f"**{len(diff)}**"]), ""]
    shown, hidden = rows_that_matter(diff, limit=None)
    if len(shown):
        columns = ("kind", "unit", "measure", "before", "after", "change")
        lines += [f"## {t('cli.diff.rows')}", "",
                  line([t(f"cli.diff.col.{c}") for c in columns]),
                  "|" + "|".join("---" for _ in columns) + "|"]
        lines += [line(cells) for cells in display_rows(shown, lang)]
        if hidden:
            lines += ["", t("cli.diff.more", n=hidden)]
    return "\n".join(lines) + "\n"
