"""The unit tree: province, departments, districts, communes; succession; roll-up pairs.

A unit's value covers the unit and everything below it, and the units it took over
(its predecessors, which name it as ``successor_id``). Roll-up is a join of the records'
owner units with the (member, unit) pairs built here, then a sum: numerators and
denominators are summed, never percentages averaged.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from cchc.errors import ParameterError, SourceError, problem
from cchc.messages import Key
from cchc.spec.catalogue import target_level

#: The levels a unit of each level may sit under (communes sit under the province
#: itself once the district level is abolished, as in Lào Cai from 1 July 2025).
ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    "province": (),
    "department": ("province",),
    "district": ("province",),
    "commune": ("district", "province"),
}


@dataclass(frozen=True)
class Units:
    """A validated unit table (columns of the ``units`` table in the data dictionary)."""

    frame: pd.DataFrame
    file: str = "units"

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, file: str = "units") -> Units:
        """Validate the tree: one province at the root, parents at the right level, no cycles.

        Column types, duplicate ids and unknown parents are checked by the reader
        (:func:`cchc.sources.load_table`); this checks what needs the whole tree.
        """
        frame = frame.reset_index(drop=True)
        problems = list(_tree_problems(frame, file))
        if problems:
            raise SourceError(problems)
        return cls(frame.set_index("unit_id", drop=False), file)

    @property
    def ids(self) -> list[str]:
        return self.frame["unit_id"].tolist()

    @cached_property
    def root(self) -> str:
        return self.frame.loc[self.frame["parent_id"].isna(), "unit_id"].iloc[0]

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self.frame.index

    def check(self, unit_id: str, parameter: str = "unit_id") -> str:
        """Return ``unit_id`` if it is known, else a ParameterError naming close matches."""
        if unit_id in self:
            return unit_id
        import difflib

        close = difflib.get_close_matches(str(unit_id), self.ids, n=3)
        if close:
            raise ParameterError.one(parameter, "unknown_unit_hint", unit_id,
                                     close=", ".join(close))
        raise ParameterError.one(parameter, "unknown_unit", unit_id)

    def level(self, unit_id: str) -> str:
        return self.frame.at[unit_id, "level"]

    def name(self, unit_id: str) -> str:
        return self.frame.at[unit_id, "name"]

    def parent(self, unit_id: str) -> str | None:
        parent = self.frame.at[unit_id, "parent_id"]
        return None if pd.isna(parent) else parent

    def children(self, unit_id: str) -> list[str]:
        return self.frame.loc[self.frame["parent_id"] == unit_id, "unit_id"].tolist()

    def siblings(self, unit_id: str) -> list[str]:
        """Units with the same parent and level, the unit included."""
        parent = self.parent(unit_id)
        if parent is None:
            return [unit_id]
        kids = self.frame[(self.frame["parent_id"] == parent)]
        return kids.loc[kids["level"] == self.level(unit_id), "unit_id"].tolist()

    def path(self, unit_id: str) -> list[str]:
        """From the root down to the unit."""
        out = [unit_id]
        while (parent := self.parent(out[-1])) is not None:
            out.append(parent)
        return out[::-1]

    def ordered(self) -> list[str]:
        """Every unit, depth first in file order: province, departments, districts, communes."""
        return list(self._order)

    @cached_property
    def _order(self) -> tuple[str, ...]:
        """The tree walked once (children listed per parent first, not filtered per unit)."""
        rank = {level: i for i, level in enumerate(ALLOWED_PARENTS)}
        kids: dict[str, list[tuple[int, str]]] = {}
        for unit_id, parent, level in zip(self.frame["unit_id"], self.frame["parent_id"],
                                          self.frame["level"], strict=True):
            if not pd.isna(parent):
                kids.setdefault(parent, []).append((rank[level], unit_id))
        order: list[str] = []
        stack = [self.root]
        while stack:
            unit_id = stack.pop()
            order.append(unit_id)
            children = [u for _, u in sorted(kids.get(unit_id, []), key=lambda k: k[0])]
            stack.extend(reversed(children))
        return tuple(order)

    @cached_property
    def membership(self) -> pd.DataFrame:
        """Pairs ``member_id, unit_id``: the records of member count for unit.

        A unit counts its own records, those of everything below it, and those of the
        units it succeeded (transitively); each pair appears once.
        """
        up: dict[str, list[str]] = {u: [] for u in self.ids}
        for row in self.frame.itertuples(index=False):
            if not pd.isna(row.parent_id):
                up[row.unit_id].append(row.parent_id)
            successor = getattr(row, "successor_id", None)
            if successor is not None and not pd.isna(successor):
                up[row.unit_id].append(successor)
        pairs = set()
        for unit in self.ids:
            stack, seen = [unit], set()
            while stack:
                current = stack.pop()
                if current in seen:
                    continue
                seen.add(current)
                pairs.add((unit, current))
                stack.extend(up[current])
        frame = pd.DataFrame(sorted(pairs), columns=["member_id", "unit_id"])
        levels = self.frame["level"].map(target_level)
        frame["same_level"] = frame["member_id"].map(levels).to_numpy() == frame[
            "unit_id"
        ].map(levels).to_numpy()
        return frame

    def active(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.Series:
        """Which units exist at some point between ``start`` and ``end``."""
        frame = self.frame
        ok = pd.Series(True, index=frame.index)
        if "valid_from" in frame:
            ok &= frame["valid_from"].isna() | (frame["valid_from"] <= end)
        if "valid_to" in frame:
            ok &= frame["valid_to"].isna() | (frame["valid_to"] >= start)
        return ok


def _tree_problems(frame: pd.DataFrame, file: str):
    def where(i: int) -> int:
        return int(i) + 2  # header is row 1

    roots = frame.index[frame["parent_id"].isna()]
    if len(roots) != 1 or frame.loc[roots, "level"].ne("province").any():
        yield problem(file, "one_root", column="parent_id", found=len(roots))
    levels = dict(zip(frame["unit_id"], frame["level"], strict=True))
    for i, row in frame.iterrows():
        parent = row["parent_id"]
        if pd.isna(parent):
            if row["level"] != "province":
                yield problem(file, "needs_parent", row=where(i), column="parent_id",
                              level=Key(f"levelword.{row['level']}"))
            continue
        if parent == row["unit_id"]:
            yield problem(file, "own_parent", row=where(i), column="parent_id", value=parent)
            continue
        parent_level = levels.get(parent)
        if parent_level is not None and parent_level not in ALLOWED_PARENTS[row["level"]]:
            allowed = ALLOWED_PARENTS[row["level"]]
            yield problem(
                file,
                "wrong_parent_level" if allowed else "root_has_parent",
                row=where(i),
                column="parent_id",
                value=parent,
                level=Key(f"levelword.{row['level']}"),
                allowed=Key(*(f"levelword.{a}" for a in allowed)),
                parent_level=Key(f"levelword.{parent_level}"),
            )
    parents = dict(zip(frame["unit_id"], frame["parent_id"], strict=True))
    for i, unit in zip(frame.index, frame["unit_id"], strict=True):
        seen = {unit}
        current = parents.get(unit)
        while isinstance(current, str) and current in parents:
            if current in seen:
                yield problem(file, "parent_loop", row=where(i), column="parent_id",
                              value=parents[unit])
                break
            seen.add(current)
            current = parents.get(current)
    if "successor_id" in frame:
        for i, row in frame[frame["successor_id"].notna()].iterrows():
            if row["successor_id"] == row["unit_id"]:
                yield problem(file, "own_successor", row=where(i), column="successor_id")
            elif "valid_to" in frame and pd.isna(row["valid_to"]):
                yield problem(file, "successor_needs_end", row=where(i), column="valid_to")
