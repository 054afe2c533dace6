"""Compare two runs' outputs: what changed between two quarters, or before and after a
data correction. The reviewable artefact is each run's ``summary.csv``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cchc.spec.statuses import RANKED_STATUSES

KEY = ["unit_id", "measure_id"]
DIFF_COLUMNS = ["kind", "unit_id", "unit_name", "measure_id", "status_a", "status_b",
                "value_a", "value_b", "delta", "target_a", "target_b"]
#: How good a status is; a flip's importance is how far it moves on this scale.
STATUS_RANK = {s: i for i, s in enumerate(RANKED_STATUSES)}
KIND_ORDER = ("status_worse", "status_better", "status_changed", "unit_removed", "unit_added",
              "measure_removed", "measure_added", "value_changed", "target_changed")


def compute_diff(a: pd.DataFrame, b: pd.DataFrame, tolerance: float = 0.05) -> pd.DataFrame:
    """Every difference between two summaries, most important first.

    Kinds: a status that got worse / better / changed otherwise (to or from no data),
    units and measures that appear or disappear, values that moved more than
    ``tolerance`` points, targets that changed.

    >>> a = results.assign(value=results["value"].astype(object))
    >>> b = a.assign(status=a["status"].where(a["measure_id"] != "I.4.c", "deterioration"))
    >>> diff = compute_diff(a, b)
    >>> diff.columns.tolist()[:4]
    ['kind', 'unit_id', 'unit_name', 'measure_id']
    >>> sorted(set(diff["measure_id"])), len(diff) > 0
    (['I.4.c'], True)
    """
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
    flipped["kind"] = np.where(rank_a.notna() & rank_b.notna(),
                               np.where(rank_b > rank_a, "status_worse", "status_better"),
                               "status_changed")
    flipped["importance"] = (rank_b - rank_a).abs().fillna(0)

    value_a = pd.to_numeric(both["value_a"], errors="coerce")
    value_b = pd.to_numeric(both["value_b"], errors="coerce")
    moved = ((value_b - value_a).abs() > tolerance) | (value_a.isna() != value_b.isna())
    moved &= status_a == status_b
    values = both[moved.to_numpy()].assign(kind="value_changed")
    target_a = pd.to_numeric(both["target_a"], errors="coerce")
    target_b = pd.to_numeric(both["target_b"], errors="coerce")
    retarget = ((target_a - target_b).abs() > 1e-9) | (target_a.isna() != target_b.isna())
    targets = both[retarget.to_numpy()].assign(kind="target_changed")

    frame = pd.concat([pd.DataFrame(rows), flipped, removed, added, values, targets],
                      ignore_index=True)
    if frame.empty:
        return pd.DataFrame(columns=DIFF_COLUMNS)
    for column in ("value_a", "value_b", "target_a", "target_b"):
        if column not in frame:
            frame[column] = np.nan
        frame[column] = pd.to_numeric(frame[column], errors="coerce")
    for column in ("status_a", "status_b", "measure_id"):
        if column not in frame:
            frame[column] = ""
    frame["delta"] = (frame["value_b"] - frame["value_a"]).round(4)
    if "importance" not in frame:
        frame["importance"] = 0.0
    frame["importance"] = frame["importance"].fillna(0)
    frame["kind_rank"] = frame["kind"].map({k: i for i, k in enumerate(KIND_ORDER)})
    frame["abs_delta"] = frame["delta"].abs().fillna(0)
    frame = frame.sort_values(["kind_rank", "importance", "abs_delta", "unit_id", "measure_id"],
                              ascending=[True, False, False, True, True], na_position="last")
    return frame[DIFF_COLUMNS].fillna({"measure_id": "", "status_a": "", "status_b": ""}
                                      ).reset_index(drop=True)


def _name(frame: pd.DataFrame, unit: str) -> str:
    names = frame.loc[frame["unit_id"] == unit, "unit_name"]
    return str(names.iloc[0]) if len(names) else ""


def to_markdown(diff: pd.DataFrame) -> str:
    """A Markdown table (GitHub style) of the differences."""
    from cchc.files import csv_value

    header = "| " + " | ".join(DIFF_COLUMNS) + " |"
    rule = "|" + "|".join("---" for _ in DIFF_COLUMNS) + "|"
    lines = [header, rule]
    for row in diff.itertuples(index=False):
        cells = [csv_value(v).replace("|", "\\|") for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
